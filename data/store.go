package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"

	"github.com/mattn/go-sqlite3"
)

// Connection settings, with the reason for each.
const (
	// busyTimeoutMS lets a reader or a second process wait for the writer
	// instead of failing at once with "database is locked".
	busyTimeoutMS = 5000
	// readerConns bounds the read-only pool: enough for the UI and a
	// background refresh to read at once on a 2-core laptop.
	readerConns = 4
	// readerCacheKiB is each reader's page cache. SQLite's default (2 MB)
	// holds too few pages for the leaderboard's and the spike scan's walk
	// over 9,000 accounts (about 45 MB of index pages), so every walk would
	// re-read them from the OS; 64 MB keeps the hot part of a national
	// watchlist in memory. Pages are only allocated when read, so a small
	// database costs no more; four readers at most 256 MB.
	readerCacheKiB = 64 * 1024
)

// ReaderCacheKiB is the page cache of each read connection, in KiB, for
// benchmarks that give a baseline the same cache.
const ReaderCacheKiB = readerCacheKiB

// MmapBytes is the memory-mapped I/O size of every connection (off; see
// mmapBytes), for benchmarks that give a baseline the same setting.
const MmapBytes = mmapBytes

// mmapBytes is how much of the database file SQLite maps into memory
// instead of copying pages in with read calls. Every write by another
// connection empties a connection's page cache, so after each refresh pass
// the spike scan and the leaderboard would re-read about 9,000 index pages
// with a system call each; mapped pages are plain memory reads. Mapped pages
// are the OS's file cache: they count toward resident memory only once
// touched, and the OS may drop them at any time.
//
// It is off: with mapped pages, an I/O error or a database file truncated by
// another process (the CLI on a schedule next to the app) raises SIGBUS and
// kills the process instead of returning an error SQLite can report. A
// crash costs the analyst more than the re-read pages cost the scan.
const mmapBytes = 0

// driverName is mattn/go-sqlite3 with akimwatch's per-connection settings.
const driverName = "sqlite3_akimwatch"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		if _, err := c.Exec(fmt.Sprintf("PRAGMA mmap_size = %d", mmapBytes), nil); err != nil {
			return fmt.Errorf("set mmap_size: %w", err)
		}
		return nil
	}})
}

// sqliteHeader is the first 16 bytes of every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// Store is the watchlist and its history in one SQLite file. It holds one
// writer connection (all writes are serialised through it) and a pool of
// read-only connections. A Store is safe for concurrent use.
type SQLiteStore struct {
	path string
	w    *sql.DB
	r    *sql.DB
	// created is true when Open made a new database (and seeded it).
	created bool
	lock    *dbLock
	// writes counts committed write transactions (see ChangeMark).
	writes atomic.Uint64
	// tmpDir holds the upgraded copy a read-only store of an older schema
	// reads (see readUpgradedCopy), and staleSchema the file's own
	// version; tmpDir is removed on Close.
	tmpDir      string
	staleSchema int
}

// Options tune Open.
type Options struct {
	// Seed, when set, fills a newly created database (for example with the
	// watchlist in assets/). It is not called for an existing database.
	Seed func(ctx context.Context, s Store) error
	// Role names this process in the lock note another instance sees
	// ("desktop app", "akimwatch refresh").
	Role string
	// ReadOnly opens the database for reading only, without taking the
	// writer lock, so the CLI can read while the app runs. The database must
	// exist and not be newer than this build; the file is never changed: one
	// at an older schema is read from an upgraded temporary copy
	// (Store.StaleSchema).
	ReadOnly bool
}

// Open opens (or creates) the database at path, applies pending migrations
// and, for a new database, runs opts.Seed. Errors name the path and the cause.
func Open(ctx context.Context, path string, opts Options) (*SQLiteStore, error) {
	s, err := open(ctx, path, opts)
	if errors.Is(err, ErrNotDatabase) {
		return nil, withRestoreHint(ctx, path, err)
	}
	return s, err
}

// withRestoreHint adds the newest good backup to the error about a damaged
// database. The damaged file is left untouched.
func withRestoreHint(ctx context.Context, path string, err error) error {
	abs, aerr := filepath.Abs(path)
	if aerr != nil {
		return err
	}
	if b := NewestGoodBackup(ctx, abs); b != "" {
		return fmt.Errorf("%w; the newest good backup is %s; restore it with: akimwatch --db %s restore %s", err, b, abs, b)
	}
	return fmt.Errorf("%w; no good backup was found in %s", err, BackupDir(abs))
}

func open(ctx context.Context, path string, opts Options) (*SQLiteStore, error) {
	if path == "" {
		return nil, fmt.Errorf("open database: no path given: %w", ErrInvalid)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := checkPath(abs, opts.ReadOnly); err != nil {
		return nil, err
	}
	if opts.ReadOnly {
		return openReadOnly(ctx, abs)
	}
	lock, err := acquireLock(abs, opts.Role)
	if err != nil {
		return nil, err
	}
	w, err := sql.Open(driverName, dsn(abs, false))
	if err != nil {
		lock.release()
		return nil, fmt.Errorf("open database %s: %w", abs, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		lock.release()
		return nil, describeOpenError(abs, err)
	}
	if needsCheck(lock.real, lock.unclean) {
		if err := checkOnOpen(ctx, w, abs, lock.unclean); err != nil {
			w.Close()
			lock.release()
			return nil, err
		}
	}
	removeStalePartials(abs)
	from, err := migrate(ctx, w, abs)
	if err != nil {
		w.Close()
		lock.release()
		return nil, describeOpenError(abs, err)
	}
	if err := lock.lockIdentity(); err != nil { // a new database exists only now
		w.Close()
		lock.release()
		return nil, err
	}
	r, err := sql.Open(driverName, dsn(abs, true))
	if err != nil {
		w.Close()
		lock.release()
		return nil, fmt.Errorf("open database %s for reading: %w", abs, err)
	}
	r.SetMaxOpenConns(readerConns)
	r.SetMaxIdleConns(readerConns)
	s := &SQLiteStore{path: abs, w: w, r: r, created: from == 0, lock: lock}
	if err := r.PingContext(ctx); err != nil {
		s.Close()
		return nil, describeOpenError(abs, err)
	}
	if s.created && opts.Seed != nil {
		if err := opts.Seed(ctx, s); err != nil {
			s.Close()
			return nil, fmt.Errorf("seed new database %s: %w", abs, err)
		}
	}
	return s, nil
}

// Path returns the absolute path of the database file.
func (s *SQLiteStore) Path() string { return s.path }

// Created reports whether Open created this database.
func (s *SQLiteStore) Created() bool { return s.created }

// Close closes both connection pools.
func (s *SQLiteStore) Close() error {
	var errs []error
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		errs = append(errs, s.w.Close())
		if err := errors.Join(errs...); err == nil && s.lock != nil {
			markChecked(s.lock.real) // closed cleanly: the next open may skip the check
		}
	}
	errs = append(errs, s.lock.release())
	if s.tmpDir != "" {
		errs = append(errs, os.RemoveAll(s.tmpDir))
	}
	return errors.Join(errs...)
}

// dsn builds the mattn/go-sqlite3 connection string for path.
func dsn(path string, readOnly bool) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	if !strings.HasPrefix(esc, "/") {
		esc = "/" + esc // Windows drive paths: file:/C:/...
	}
	q := fmt.Sprintf("_busy_timeout=%d&_foreign_keys=on&_journal_mode=WAL&_synchronous=FULL", busyTimeoutMS)
	if readOnly {
		q += fmt.Sprintf("&mode=ro&_query_only=true&_cache_size=-%d", readerCacheKiB)
	} else {
		q += "&_txlock=immediate"
	}
	return "file:" + esc + "?" + q
}

// checkPath refuses a directory, a non-SQLite file or a folder that cannot be
// created, with a message that names the path.
func checkPath(path string, readOnly bool) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && readOnly:
		return fmt.Errorf("open database %s: it does not exist yet; run any akimwatch command without read-only access to create it: %w", path, ErrNotFound)
	case errors.Is(err, os.ErrNotExist):
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("open database %s: cannot create folder %s: %w", path, dir, err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("open database %s: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("open database %s: it is a folder, not a file; give a file path such as %s: %w",
			path, filepath.Join(path, "akimwatch.db"), ErrInvalid)
	case fi.Size() == 0:
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, sqliteHeader) {
		return fmt.Errorf("open database %s: the file is not an SQLite database (wrong header); choose another --db path or move the file away: %w", path, ErrNotDatabase)
	}
	return nil
}

// describeOpenError turns SQLite's terse codes into a message naming the path.
func describeOpenError(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB:
			return fmt.Errorf("open database %s: the file is not an SQLite database or is damaged: %w", path, ErrNotDatabase)
		case sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrReadonly:
			return fmt.Errorf("open database %s: cannot open it for writing (check the folder exists and you may write to it): %w", path, err)
		case sqlite3.ErrCorrupt:
			return fmt.Errorf("open database %s: the database is damaged (%v); restore it from a backup: %w", path, err, ErrNotDatabase)
		}
	}
	if errors.Is(err, ErrSchemaTooNew) {
		return err
	}
	return fmt.Errorf("open database %s: %w", path, err)
}

// ErrReadOnly means a write was tried on a store opened with ReadOnly.
var ErrReadOnly = errors.New("the database is open read-only")

// ReadOnly reports whether the store was opened for reading only.
func (s *SQLiteStore) ReadOnly() bool { return s.w == nil }

// openReadOnly opens only the reader pool, after checking the schema version.
func openReadOnly(ctx context.Context, abs string) (*SQLiteStore, error) {
	r, err := sql.Open(driverName, dsn(abs, true))
	if err != nil {
		return nil, fmt.Errorf("open database %s for reading: %w", abs, err)
	}
	r.SetMaxOpenConns(readerConns)
	var v int
	err = r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	if err != nil && cannotMakeLog(abs, err) {
		// In a folder nobody may write to, SQLite cannot make the shared
		// memory file a write-ahead-log database is read through. With no
		// log there is nothing it would add, and no writer can make one
		// there, so the file is read as it is.
		r.Close()
		if r, err = sql.Open(driverName, dsn(abs, true)+"&immutable=1"); err != nil {
			return nil, fmt.Errorf("open database %s for reading: %w", abs, err)
		}
		r.SetMaxOpenConns(readerConns)
		err = r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	}
	if err != nil {
		r.Close()
		return nil, describeOpenError(abs, err)
	}
	if want := SchemaVersion(); v != want {
		defer r.Close()
		if v > want {
			return nil, fmt.Errorf("database %s has schema version %d but this akimwatch knows only up to %d; install a newer akimwatch: %w", abs, v, want, ErrSchemaTooNew)
		}
		if v == 0 {
			return nil, fmt.Errorf("database %s has no akimwatch schema yet; open it once for writing to create it: %w", abs, ErrReadOnly)
		}
		return readUpgradedCopy(ctx, abs, r, v)
	}
	return &SQLiteStore{path: abs, r: r}, nil
}

// cannotMakeLog reports whether err is SQLite failing to open the database
// at abs only because it cannot create the files beside it, while the
// database has no write-ahead log with content in it.
func cannotMakeLog(abs string, err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) || se.Code != sqlite3.ErrCantOpen {
		return false
	}
	fi, serr := os.Stat(abs + "-wal")
	return errors.Is(serr, os.ErrNotExist) || (serr == nil && fi.Size() == 0)
}

// inTx runs fn in one write transaction, committing if fn returns nil.
func (s *SQLiteStore) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.w == nil {
		return fmt.Errorf("write to %s: %w", s.path, ErrReadOnly)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin write transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback() //nolint:errcheck // the error from fn is what matters
		return err
	}
	if err := tx.Commit(); err != nil {
		s.writes.Add(1) // it may have committed: a mark must not match
		return fmt.Errorf("commit: %w", err)
	}
	s.writes.Add(1)
	return nil
}

// notFound maps sql.ErrNoRows to ErrNotFound, naming what was looked for.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, err)
}
