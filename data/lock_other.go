//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd || windows)

package data

// identityLock does nothing where flock(2) is missing (and the platform is
// not Windows, see lock_windows.go): the writer lock there is the lock file
// beside the database's real path (symbolic links resolved), and a hard
// link to the database is not caught.
type identityLock struct{}

func (l *identityLock) held() bool { return false }

// tryLock always succeeds: there is no lock on the file itself here.
func (l *identityLock) tryLock(string) (bool, error) { return true, nil }

// unlock does nothing.
func (l *identityLock) unlock() error { return nil }
