package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/zalando/go-keyring"

	"akimwatch/app/paths"
	"akimwatch/data/dbopen"
)

// DatabaseChoice tests and chooses the database the app opens (Settings →
// Database): an SQLite file or a team database URL. The password of a
// team database goes to the OS keyring only.
type DatabaseChoice struct {
	// Test opens target (a file path, or a postgres:// URL without a
	// password, with password) and closes it again.
	Test func(ctx context.Context, target, password string) error
	// Save makes target the database opened at the next start and keeps
	// password ("" keeps the stored one) in the OS keyring under service
	// akimwatch, user target.
	Save func(target, password string) error
}

// defaultDatabaseChoice opens through dbopen, keeps passwords in the OS
// keyring and remembers the choice in the data folder (paths.ChoiceFile).
func defaultDatabaseChoice() *DatabaseChoice {
	return &DatabaseChoice{
		Test: func(ctx context.Context, target, password string) error {
			return testDatabase(ctx, target, password, keyring.Get)
		},
		Save: func(target, password string) error {
			return saveDatabase(target, password, keyringSetWithin(keyringWriteTimeout), paths.SaveChoice)
		},
	}
}

// keyringWriteTimeout bounds a keyring write: a locked or absent keyring
// daemon must not leave the analyst waiting for an answer that never comes.
const keyringWriteTimeout = 10 * time.Second

// keyringSetWithin is keyring.Set that gives up after d.
func keyringSetWithin(d time.Duration) func(service, user, password string) error {
	return func(service, user, password string) error {
		done := make(chan error, 1)
		go func() { done <- keyring.Set(service, user, password) }()
		select {
		case err := <-done:
			return err
		case <-time.After(d):
			return fmt.Errorf("the OS keyring did not answer within %s; unlock it, or use PGPASSWORD or ~/.pgpass", d)
		}
	}
}

// testDatabase opens target read-only with password (or, when it is "",
// the keyring's, PGPASSWORD or ~/.pgpass) and closes it.
func testDatabase(ctx context.Context, target, password string, get func(service, user string) (string, error)) error {
	if err := checkTarget(target); err != nil {
		return err
	}
	kr := get
	if password != "" {
		kr = func(string, string) (string, error) { return password, nil }
	}
	s, err := dbopen.Open(ctx, target, dbopen.Options{ReadOnly: true, Role: "akimwatch settings", Keyring: kr})
	if err != nil {
		return errors.New(scrubSecret(err.Error(), password))
	}
	return s.Close()
}

// saveDatabase keeps password in the keyring (set) and remembers target
// (remember).
func saveDatabase(target, password string, set func(service, user, password string) error, remember func(string) error) error {
	if err := checkTarget(target); err != nil {
		return err
	}
	if password != "" {
		if !dbopen.IsServer(target) {
			return fmt.Errorf("a database file has no password; leave the password empty")
		}
		if err := set(dbopen.KeyringService, dbopen.Display(target), password); err != nil {
			return fmt.Errorf("keep the password in the OS keyring (service %q, user %q): %s", dbopen.KeyringService, dbopen.Display(target), scrubSecret(err.Error(), password))
		}
	}
	if err := remember(target); err != nil {
		return err
	}
	return nil
}

// checkTarget refuses an empty target and a URL that holds its password
// (it would land in the settings file and the log).
func checkTarget(target string) error {
	if strings.TrimSpace(target) == "" {
		return errors.New("no database given")
	}
	if !dbopen.IsServer(target) {
		return nil
	}
	u, err := url.Parse(target)
	if err != nil {
		return fmt.Errorf("the URL cannot be read; write it as postgres://user@host:5432/akimwatch?sslmode=verify-full")
	}
	if _, has := u.User.Password(); has {
		return fmt.Errorf("%s: %w; remove it from the URL and type it in the Password field", dbopen.Display(target), dbopen.ErrPasswordInURL)
	}
	return nil
}

// scrubSecret removes secret from an error's text.
func scrubSecret(msg, secret string) string {
	if secret == "" {
		return msg
	}
	return strings.ReplaceAll(msg, secret, "xxxxx")
}

// dataFolder is the folder of the open database file, or the per-user data
// folder when the database is on a server (the demo and exports go there).
func (m *MainWindow) dataFolder() string {
	if p := m.svc.Store.Path(); !dbopen.IsServer(p) {
		return filepath.Dir(p)
	}
	return paths.DataDir()
}
