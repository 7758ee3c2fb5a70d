//go:build windows

package data

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"

	"github.com/gofrs/flock"
)

// identityLock is, on Windows, a lock file named after the database file's
// identity (its volume serial number and file index, which every hard link
// shares) in the user's cache folder. A lock on the database file itself
// would be a mandatory byte-range lock that blocks SQLite's own reads and
// writes, so a separate file stands for it. Another Windows user has
// another cache folder: links made by two users to one database are caught
// only by the lock file beside its real path.
type identityLock struct{ fl *flock.Flock }

func (l *identityLock) held() bool { return l.fl != nil }

// tryLock locks the identity of the file at path without waiting; ok is
// false when another akimwatch holds it. A missing file is os.ErrNotExist.
func (l *identityLock) tryLock(path string) (ok bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	var info syscall.ByHandleFileInformation
	err = syscall.GetFileInformationByHandle(syscall.Handle(f.Fd()), &info)
	f.Close()
	if err != nil {
		return false, fmt.Errorf("read the identity of %s: %w", path, err)
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return false, fmt.Errorf("find the folder for lock files: %w", err)
	}
	dir = filepath.Join(dir, "akimwatch", "locks")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return false, fmt.Errorf("create the folder for lock files: %w", err)
	}
	name := fmt.Sprintf("%08x-%08x%08x.lock", info.VolumeSerialNumber, info.FileIndexHigh, info.FileIndexLow)
	fl := flock.New(filepath.Join(dir, name))
	if ok, err = fl.TryLock(); ok {
		l.fl = fl
	}
	return ok, err
}

// unlock releases the lock.
func (l *identityLock) unlock() error {
	if l.fl == nil {
		return nil
	}
	err := l.fl.Unlock()
	l.fl = nil
	return err
}
