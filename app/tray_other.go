//go:build !(linux || freebsd || openbsd || netbsd)

package app

// trayAvailable reports whether the desktop has a system tray: Windows and
// macOS always do.
func trayAvailable() bool { return true }
