package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/mattn/go-sqlite3"

	"akimwatch/data"
)

// explainDisk puts what the user can do in front of an error caused by the
// disk under the database: a full disk, or a read-only folder. Every write
// is one transaction, so the database keeps all it had saved, and the
// message says so.
func explainDisk(db string, err error) error {
	if abs, aerr := filepath.Abs(db); aerr == nil {
		db = abs
	}
	switch {
	case diskFull(err):
		return fmt.Errorf("the disk holding %s is full; everything already saved is kept (each step is saved whole or not at all); free some space and run the command again: %w", db, err)
	case readOnlyFolder(filepath.Dir(db)):
		return fmt.Errorf("the folder of %s is read-only; the database was not changed; use a writable folder (--db or %s) or make this one writable: %w", db, "AKIMWATCH_DB", err)
	case readOnlyDB(err):
		return fmt.Errorf("the database file %s is read-only, so nothing was changed (no line of the input is at fault); make the file writable (Linux, macOS: chmod u+w; Windows: Properties, clear Read-only) or work on a writable copy with --db: %w", db, err)
	}
	return err
}

// cannotWrite reports whether opening db for writing failed only because
// its folder or file may not be written (a read-only filesystem, or no
// permission): the lock file or SQLite's log cannot be made there, but the
// database can still be read.
func cannotWrite(db string, err error) bool {
	if err == nil {
		return false
	}
	if abs, aerr := filepath.Abs(db); aerr == nil {
		db = abs
	}
	var se sqlite3.Error
	return errors.Is(err, data.ErrNoLockFile) || readOnlyFolder(filepath.Dir(db)) ||
		(errors.As(err, &se) && (se.Code == sqlite3.ErrCantOpen || se.Code == sqlite3.ErrPerm || se.Code == sqlite3.ErrReadonly))
}

// readOnlyDB reports whether SQLite refused a write because the database
// file (or its write-ahead log) may not be written.
func readOnlyDB(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrReadonly {
		return true
	}
	return strings.Contains(err.Error(), "attempt to write a readonly database")
}

// diskFull reports whether err says the disk ran out of space, from the OS
// or from SQLite (whose errors carry the reason only as text).
func diskFull(err error) bool {
	var se sqlite3.Error
	if errors.Is(err, syscall.ENOSPC) || (errors.As(err, &se) && se.Code == sqlite3.ErrFull) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "no space left on device") || strings.Contains(msg, "database or disk is full")
}
