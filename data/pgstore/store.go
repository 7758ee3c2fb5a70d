package pgstore

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/user"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"akimwatch/data"
)

// maxConns bounds the pool: the UI, a background refresh and a spike scan
// read at once; a team server serves many such clients.
const maxConns = 6

// Store is a watchlist and its history in a PostgreSQL database. It is safe
// for concurrent use, and other processes may use the same database.
type Store struct {
	pool     *pgxpool.Pool
	where    string // the URL without its password
	created  bool
	readOnly bool
	// who names this process's user in acknowledgements and lock notes.
	who string
	// role names this process in the lock note another refresher sees.
	role string
	// why says why a store is read-only when the database role decided it.
	why string
	// origin tells this process's writes apart in the change feed.
	origin string
	// schema is where the tables are (current_schema()), part of the
	// refresh locks' keys.
	schema string
	// listening, when set (by tests), is called once the change feed
	// listens.
	listening func()
	// held are the connections holding refresh locks, closed by Close
	// (the pool waits for every acquired connection).
	mu   sync.Mutex
	held map[*pgxpool.Conn]bool
}

var _ data.Store = (*Store)(nil)

// IsURL reports whether target names a PostgreSQL database (a postgres://
// or postgresql:// URL) rather than an SQLite file.
func IsURL(target string) bool {
	t := strings.ToLower(strings.TrimSpace(target))
	return strings.HasPrefix(t, "postgres://") || strings.HasPrefix(t, "postgresql://")
}

// Redact returns the URL without its password, for messages and logs.
func Redact(target string) string {
	u, err := url.Parse(target)
	if err != nil {
		return "postgres://(unreadable URL)"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// Options tune Open.
type Options struct {
	// Password, when not empty, is used instead of one in the URL,
	// PGPASSWORD or ~/.pgpass (for example one read from the OS keyring).
	Password string
	// Seed fills a newly created (empty) database.
	Seed func(ctx context.Context, s data.Store) error
	// Role names this process to another refresher ("akimwatch refresh").
	Role string
	// ReadOnly refuses every write.
	ReadOnly bool
}

// Open connects to the database at target (a postgres:// URL), applies
// pending migrations (unless read-only) and, for a new database, runs
// opts.Seed. Errors name the URL without its password.
func Open(ctx context.Context, target string, opts Options) (*Store, error) {
	where := Redact(target)
	cfg, err := pgxpool.ParseConfig(target)
	if err != nil {
		return nil, fmt.Errorf("open team database %s: the URL cannot be read (%s): %w", where, scrub(err, target), data.ErrInvalid)
	}
	if opts.Password != "" {
		cfg.ConnConfig.Password = opts.Password
	}
	cfg.MaxConns = maxConns
	who := osUser()
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	role := opts.Role
	if role == "" {
		role = "akimwatch"
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = appName(role, who)
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	// The views' queries are many short index seeks that the planner costs
	// high: compiling them (JIT) took longer than running them.
	cfg.ConnConfig.RuntimeParams["jit"] = "off"
	origin := fmt.Sprintf("%d-%d", os.Getpid(), time.Now().UnixNano())
	cfg.ConnConfig.RuntimeParams["akimwatch.origin"] = origin
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open team database %s: %s", where, scrub(err, target))
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open team database %s: %s: %w", where, scrub(err, target), ErrUnreachable)
	}
	s := &Store{pool: pool, where: where, readOnly: opts.ReadOnly, who: who, role: role, origin: origin}
	if opts.ReadOnly {
		v, err := s.schemaVersion(ctx)
		if err != nil {
			pool.Close()
			return nil, err
		}
		if want := SchemaVersion(); v != want {
			pool.Close()
			return nil, fmt.Errorf("team database %s has schema version %d, this akimwatch writes %d; open it once for writing with a matching akimwatch: %w", where, v, want, data.ErrReadOnly)
		}
		if err := s.checkRole(ctx); err != nil {
			pool.Close()
			return nil, err
		}
		return s, nil
	}
	from, err := s.migrate(ctx)
	if err != nil {
		pool.Close()
		return nil, err
	}
	if err := s.checkRole(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	if from == 0 {
		var n int64
		if err := pool.QueryRow(ctx, "SELECT count(*) FROM officials").Scan(&n); err != nil {
			pool.Close()
			return nil, fmt.Errorf("open team database %s: %w", where, err)
		}
		s.created = n == 0
	}
	if s.created && opts.Seed != nil {
		if err := opts.Seed(ctx, s); err != nil {
			s.Close()
			return nil, fmt.Errorf("seed new team database %s: %w", where, err)
		}
	}
	return s, nil
}

// checkRole finds out whether the database role may write the watchlist;
// one that may not makes a read-only store (ReadOnly true, and ReadOnlyWhy
// says why), so the app can hide its edit buttons.
func (s *Store) checkRole(ctx context.Context) error {
	var role string
	var canWrite bool
	err := s.pool.QueryRow(ctx, `SELECT current_user, coalesce(current_schema(), ''), has_table_privilege('snapshots', 'INSERT') AND has_table_privilege('alerts', 'UPDATE')
 AND has_table_privilege('accounts', 'UPDATE') AND has_table_privilege('officials', 'INSERT')`).Scan(&role, &s.schema, &canWrite)
	if err != nil {
		return fmt.Errorf("open team database %s: check the role's rights: %w", s.where, err)
	}
	if !canWrite {
		s.readOnly = true
		s.why = fmt.Sprintf("the database role %q may only read the team database (ask its administrator for the editor role)", role)
	}
	return nil
}

// ReadOnlyWhy says why the store is read-only ("" when it is not, or when
// it was opened read-only on purpose).
func (s *Store) ReadOnlyWhy() string { return s.why }

// ErrUnreachable means the team database's server could not be reached.
var ErrUnreachable = errors.New("team database unreachable")

// scrub returns err's text with the password of target removed, for an
// error that may quote the connection string.
func scrub(err error, target string) string {
	msg := err.Error()
	if u, perr := url.Parse(target); perr == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
		}
	}
	return msg
}

// osUser is the name of the person running this process, for
// acknowledgements ("acknowledged by aigerim").
func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown user"
}

// appName is the application_name this process shows to the server, which
// another refresher reads to say who holds a platform.
func appName(role, who string) string {
	n := fmt.Sprintf("%s (%s)", role, who)
	if len(n) > 63 { // the server truncates at NAMEDATALEN-1
		n = n[:63]
	}
	return n
}

// Path returns the URL of the database without its password.
func (s *Store) Path() string { return s.where }

// Created reports whether Open created the schema of an empty database.
func (s *Store) Created() bool { return s.created }

// ReadOnly reports whether the store refuses writes.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Close gives back every refresh lock still held and closes the pool.
func (s *Store) Close() error {
	s.mu.Lock()
	held := s.held
	s.held = nil
	s.mu.Unlock()
	for c := range held {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		c.Conn().Close(ctx) //nolint:errcheck // ending the session frees its locks
		cancel()
		c.Release()
	}
	s.pool.Close()
	return nil
}

// inTx runs fn in one transaction, committing if fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	if s.readOnly {
		if s.why != "" {
			return fmt.Errorf("write to %s: %s: %w", s.where, s.why, data.ErrReadOnly)
		}
		return fmt.Errorf("write to %s: %w", s.where, data.ErrReadOnly)
	}
	err := pgx.BeginFunc(ctx, s.pool, fn)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "25006" { // read_only_sql_transaction
		return fmt.Errorf("write to %s: the database role may only read: %w", s.where, data.ErrReadOnly)
	}
	if errors.As(err, &pe) && pe.Code == "42501" { // insufficient_privilege
		return fmt.Errorf("write to %s: the database role may not write (%s): %w", s.where, pe.Message, data.ErrReadOnly)
	}
	return err
}

// notFound maps pgx.ErrNoRows to data.ErrNotFound, naming what was looked for.
func notFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, data.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// mustAffect turns "no row changed" into data.ErrNotFound.
func mustAffect(tag pgconn.CommandTag, what string) error {
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s: %w", what, data.ErrNotFound)
	}
	return nil
}

// unixOrNil is t in unix seconds, or NULL for a zero time.
func unixOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Unix()
}

// timeOf reads a nullable unix-seconds column.
func timeOf(v *int64) time.Time {
	if v == nil {
		return time.Time{}
	}
	return time.Unix(*v, 0).UTC()
}
