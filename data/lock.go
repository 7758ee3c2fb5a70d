package data

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// ErrLocked means another akimwatch holds the database for writing.
var ErrLocked = errors.New("database is in use by another akimwatch")

// dbLock is the single-writer lock: an OS file lock on "<db>.lock", held for
// as long as the store is open, plus "<db>.lock.owner" saying who holds it.
type dbLock struct {
	fl    *flock.Flock
	owner string
}

// lockPath and ownerPath name the lock files beside the database.
func lockPath(db string) string  { return db + ".lock" }
func ownerPath(db string) string { return db + ".lock.owner" }

// acquireLock takes the writer lock on db or explains who has it. The OS
// releases the lock if the process dies, so a crash never leaves it stuck.
func acquireLock(db, role string) (*dbLock, error) {
	fl := flock.New(lockPath(db))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock database %s (lock file %s): %w", db, lockPath(db), err)
	}
	if !ok {
		holder := "another process"
		if b, err := os.ReadFile(ownerPath(db)); err == nil && len(b) > 0 {
			holder = strings.TrimSpace(string(b))
		}
		return nil, fmt.Errorf("database %s is in use by %s; close it first (commands that only read, such as \"officials list\" and \"export\", still work): %w",
			db, holder, ErrLocked)
	}
	if role == "" {
		role = "akimwatch"
	}
	owner := fmt.Sprintf("%s (pid %d, since %s)", role, os.Getpid(), time.Now().Format("2006-01-02 15:04:05"))
	// The owner note only improves the message above; failing to write it is harmless.
	_ = os.WriteFile(ownerPath(db), []byte(owner+"\n"), 0o600)
	return &dbLock{fl: fl, owner: owner}, nil
}

func (l *dbLock) release() error {
	if l == nil {
		return nil
	}
	_ = os.Remove(ownerPath(strings.TrimSuffix(l.fl.Path(), ".lock")))
	return l.fl.Unlock()
}
