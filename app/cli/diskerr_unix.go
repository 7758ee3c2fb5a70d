//go:build unix

package cli

import (
	"errors"
	"syscall"
)

// wOK is access(2)'s "may write" mode.
const wOK = 2

// readOnlyFolder reports whether dir is on a read-only filesystem. It asks
// access(2), which says EROFS even to root, for whom permission bits do
// not stop writes.
func readOnlyFolder(dir string) bool {
	return errors.Is(syscall.Access(dir, wOK), syscall.EROFS)
}
