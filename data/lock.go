package data

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gofrs/flock"
)

// ErrLocked means another akimwatch holds the database for writing.
var ErrLocked = errors.New("database is in use by another akimwatch")

// ErrNoLockFile means the writer lock file cannot be created beside the
// database (a read-only folder or one the user may not write to), so the
// database cannot be opened for writing; it can still be read.
var ErrNoLockFile = errors.New("cannot create the lock file")

// dbLock is the single-writer lock. It has two parts:
//   - an OS file lock on "<real path>.lock", where the real path has every
//     symbolic link resolved, plus "<real path>.lock.owner" saying who holds
//     it (so a symbolic link to the database, or to its folder, finds the
//     same lock file);
//   - where the OS allows it, a lock on the database file itself (see
//     identityLock), which follows the file and not its name, so a hard link
//     cannot get past the first part.
type dbLock struct {
	fl    *flock.Flock
	real  string // the database's path with symbolic links resolved
	id    identityLock
	owner string
	// unclean is true when the owner note of an earlier holder was still
	// there: that akimwatch ended without closing the database (a crash,
	// a kill, a power cut), so Open runs the full integrity check.
	unclean bool
}

// lockPath and ownerPath name the lock files beside the database.
func lockPath(db string) string  { return db + ".lock" }
func ownerPath(db string) string { return db + ".lock.owner" }

// realPath returns db with every symbolic link resolved; for a file not
// created yet, its folder's links are resolved; db cleaned when neither resolves.
func realPath(db string) string {
	if r, err := filepath.EvalSymlinks(db); err == nil {
		return r
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(db)); err == nil {
		return filepath.Join(d, filepath.Base(db))
	}
	return filepath.Clean(db)
}

// acquireLock takes the writer lock on db or explains who has it. The OS
// releases the lock if the process dies, so a crash never leaves it stuck.
func acquireLock(db, role string) (*dbLock, error) {
	real := realPath(db)
	fl := flock.New(lockPath(real))
	ok, err := fl.TryLock()
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return nil, fmt.Errorf("lock database %s: %w %s: %w", db, ErrNoLockFile, lockPath(real), err)
	}
	if err != nil {
		return nil, fmt.Errorf("lock database %s (lock file %s): %w", db, lockPath(real), err)
	}
	if !ok {
		holder := "another process"
		if b, err := os.ReadFile(ownerPath(real)); err == nil && len(b) > 0 {
			holder = strings.TrimSpace(string(b))
		}
		via := ""
		if real != db {
			via = " (through the link to " + real + ")"
		}
		return nil, fmt.Errorf("database %s%s is in use by %s; close it first (commands that only read, such as \"officials list\" and \"export\", still work): %w",
			db, via, holder, ErrLocked)
	}
	l := &dbLock{fl: fl, real: real}
	if err := l.lockIdentity(); err != nil {
		_ = fl.Unlock()
		return nil, err
	}
	if _, err := os.Lstat(ownerPath(real)); err == nil {
		l.unclean = true
	}
	if role == "" {
		role = "akimwatch"
	}
	l.owner = fmt.Sprintf("%s (pid %d, since %s)", role, os.Getpid(), time.Now().Format("2006-01-02 15:04:05"))
	// The owner note only improves the message above; failing to write it is harmless.
	_ = os.WriteFile(ownerPath(real), []byte(l.owner+"\n"), 0o600)
	return l, nil
}

// lockIdentity takes the lock on the database file itself, if the file
// exists and the lock is not held yet. Open calls it again once SQLite has
// created a new database.
func (l *dbLock) lockIdentity() error {
	if l.id.held() {
		return nil
	}
	ok, err := l.id.tryLock(l.real)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil // a new database: locked by name until it exists
	case err != nil:
		return fmt.Errorf("lock database %s: %w", l.real, err)
	case !ok:
		return fmt.Errorf("database %s is the same file as a database another akimwatch has open under another name (a hard link); close that akimwatch first (commands that only read, such as \"officials list\" and \"export\", still work): %w",
			l.real, ErrLocked)
	}
	return nil
}

func (l *dbLock) release() error {
	if l == nil {
		return nil
	}
	_ = os.Remove(ownerPath(l.real))
	return errors.Join(l.id.unlock(), l.fl.Unlock())
}
