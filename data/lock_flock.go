//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package data

import (
	"errors"
	"os"
	"syscall"
)

// identityLock is a flock(2) lock on the database file itself. It belongs to
// the file (its device and inode), so every name of the file, hard links
// included, meets it. flock locks are separate from the fcntl(2) locks
// SQLite takes on the same file, so they do not interfere.
//
// The descriptor is opened before SQLite opens the file and closed after
// SQLite closed it: closing any descriptor of a file drops every fcntl lock
// the process holds on it, so it must never be closed while this process
// reads or writes the database. A refused lock closes its descriptor at
// once; that process never has the database open under another name.
type identityLock struct{ f *os.File }

func (l *identityLock) held() bool { return l.f != nil }

// tryLock locks the file at path without waiting; ok is false when another
// open description (another akimwatch) holds it. A missing file is
// os.ErrNotExist: the file is not created here.
func (l *identityLock) tryLock(path string) (ok bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return false, nil
		}
		return false, err
	}
	l.f = f
	return true, nil
}

// unlock releases the lock and closes the descriptor.
func (l *identityLock) unlock() error {
	if l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the only descriptor releases the flock
	l.f = nil
	return err
}
