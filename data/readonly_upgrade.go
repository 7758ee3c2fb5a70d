package data

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
)

// A read-only open never changes the file, yet this build's queries need
// its schema. When the database is at an older schema, the CLI has already
// tried to open it for writing (which upgrades it in place) and could not:
// another akimwatch, typically the older one that wrote it, holds it, or
// its folder or file is read-only. So the reader gets an upgraded copy: the
// database is copied with VACUUM INTO (a consistent snapshot, read through
// its write-ahead log) into a temporary folder, migrated there, and read
// from there. The folder goes when the store is closed.

// readUpgradedCopy opens, read-only, an upgraded copy of the database at
// abs, whose schema version is from (older than SchemaVersion); src is a
// read-only handle on it.
func readUpgradedCopy(ctx context.Context, abs string, src *sql.DB, from int) (*SQLiteStore, error) {
	fail := func(err error) error {
		return fmt.Errorf("database %s has schema version %d, older than %d, and cannot be upgraded here (another akimwatch has it open, or it is read-only); "+
			"reading an upgraded copy of it failed: %w; quit the other akimwatch (or make the file writable) and run any command to upgrade it", abs, from, SchemaVersion(), err)
	}
	dir, err := os.MkdirTemp("", "akimwatch-upgraded-*")
	if err != nil {
		return nil, fail(err)
	}
	s, err := upgradedCopy(ctx, src, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fail(err)
	}
	s.path, s.staleSchema = abs, from
	return s, nil
}

// upgradedCopy copies src into dir, migrates the copy and opens it for
// reading, with tmpDir set to dir.
func upgradedCopy(ctx context.Context, src *sql.DB, dir string) (*SQLiteStore, error) {
	cp := filepath.Join(dir, "akimwatch.db")
	if err := vacuumInto(ctx, src, cp); err != nil {
		return nil, fmt.Errorf("copy into %s: %w", dir, err)
	}
	w, err := sql.Open(driverName, dsn(cp, false))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	_, err = migrate(ctx, w, cp)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	r, err := sql.Open(driverName, dsn(cp, true))
	if err != nil {
		return nil, err
	}
	r.SetMaxOpenConns(readerConns)
	if err := r.PingContext(ctx); err != nil {
		r.Close()
		return nil, err
	}
	return &SQLiteStore{r: r, tmpDir: dir}, nil
}

// vacuumInto copies the database src reads into the new file cp. The
// reader is query-only, which refuses VACUUM INTO too, so one connection
// lifts that for the copy; it stays mode=ro, so the source cannot change.
func vacuumInto(ctx context.Context, src *sql.DB, cp string) error {
	c, err := src.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "PRAGMA query_only = false"); err != nil {
		return err
	}
	defer c.ExecContext(context.WithoutCancel(ctx), "PRAGMA query_only = true") //nolint:errcheck // the pool is closed next
	_, err = c.ExecContext(ctx, "VACUUM INTO ?", cp)
	return err
}

// StaleSchema returns the schema version of the database file when this
// read-only store reads an upgraded copy of it (the file is older than
// this build and could not be upgraded in place); 0 otherwise.
func (s *SQLiteStore) StaleSchema() int { return s.staleSchema }
