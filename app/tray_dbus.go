//go:build linux || freebsd || openbsd || netbsd

package app

import "github.com/godbus/dbus/v5"

// trayAvailable reports whether the desktop has a session bus, which the
// system tray needs on Linux and the BSDs. Without one (a bare X server,
// a kiosk session) the tray is simply absent: Fyne's tray would otherwise
// fail as the app quits.
func trayAvailable() bool {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}
