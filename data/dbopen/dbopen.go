// Package dbopen opens the database a --db value names, whichever engine
// keeps it: a postgres:// URL is a team's PostgreSQL database
// (data/pgstore), anything else the path of an SQLite file (data). It is
// the one place above the store that knows both engines exist.
package dbopen

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/zalando/go-keyring"

	"akimwatch/data"
	"akimwatch/data/pgstore"
)

// KeyringService is the OS keyring service the team database's password
// is kept under; the keyring user is the database URL without a password.
const KeyringService = "akimwatch"

// keyringTimeout bounds a keyring read: a locked or absent keyring daemon
// must not hang the app (PGPASSWORD and ~/.pgpass are still read).
const keyringTimeout = 3 * time.Second

// Options tune Open.
type Options struct {
	// Role names this process to another instance ("akimwatch refresh").
	Role string
	// ReadOnly opens the database for reading only.
	ReadOnly bool
	// Seed fills a newly created database.
	Seed func(ctx context.Context, s data.Store) error
	// Keyring reads a secret from the OS keyring; nil means the real one.
	Keyring func(service, user string) (string, error)
}

// IsServer reports whether target names a team database on a server.
func IsServer(target string) bool { return pgstore.IsURL(target) }

// Display is target as it may be shown and logged: a server URL without
// any password, a path as it is.
func Display(target string) string {
	if IsServer(target) {
		return pgstore.Redact(target)
	}
	return target
}

// ErrPasswordInURL means a team database URL carried its password, which
// would then show in shell history, settings and process lists.
var ErrPasswordInURL = errors.New("the database URL holds a password")

// Open opens the database target names. A server URL must not hold a
// password: it comes from the OS keyring (service "akimwatch", user the URL
// itself), or from PGPASSWORD or ~/.pgpass as psql reads them.
func Open(ctx context.Context, target string, opts Options) (data.Store, error) {
	if !IsServer(target) {
		s, err := data.Open(ctx, target, data.Options{Role: opts.Role, ReadOnly: opts.ReadOnly, Seed: opts.Seed})
		if err != nil {
			return nil, err // never a typed nil inside the interface
		}
		return s, nil
	}
	u, err := url.Parse(target)
	if err != nil {
		return nil, fmt.Errorf("open team database: the URL cannot be read; write it as postgres://user@host:5432/akimwatch?sslmode=verify-full: %w", data.ErrInvalid)
	}
	if _, has := u.User.Password(); has {
		return nil, fmt.Errorf("open team database %s: %w; remove it from the URL and keep it in the OS keyring (service %q, user %q), PGPASSWORD or ~/.pgpass",
			pgstore.Redact(target), ErrPasswordInURL, KeyringService, pgstore.Redact(target))
	}
	pw := keyringPassword(ctx, opts.Keyring, pgstore.Redact(target))
	s, err := pgstore.Open(ctx, target, pgstore.Options{Password: pw, Role: opts.Role, ReadOnly: opts.ReadOnly, Seed: opts.Seed})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// keyringPassword reads the database password from the keyring, or "" when
// it has none or does not answer in time (PGPASSWORD and ~/.pgpass are
// then what the driver reads).
func keyringPassword(ctx context.Context, get func(service, user string) (string, error), user string) string {
	if get == nil {
		get = keyring.Get
	}
	ch := make(chan string, 1) // buffered: a late answer must not block the goroutine
	go func() {
		pw, err := get(KeyringService, user)
		if err != nil {
			pw = ""
		}
		ch <- strings.TrimRight(pw, "\r\n")
	}()
	timer := time.NewTimer(keyringTimeout)
	defer timer.Stop()
	select {
	case pw := <-ch:
		return pw
	case <-timer.C:
		return ""
	case <-ctx.Done():
		return ""
	}
}
