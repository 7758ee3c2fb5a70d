package app

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"github.com/sirupsen/logrus"
)

// scheduler runs refreshes every few hours while the app is open; the
// running ticker is stopped through its context when the schedule changes
// or the app quits.
var schedMu sync.Mutex

// startSchedule (re)starts the background refresh ticker per the settings.
func (m *MainWindow) startSchedule() {
	schedMu.Lock()
	defer schedMu.Unlock()
	if m.schedCancel != nil {
		m.schedCancel()
		m.schedCancel = nil
	}
	h := m.settings.ScheduleHours()
	if h == 0 {
		return
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.schedCancel = cancel
	go func() {
		t := time.NewTicker(time.Duration(h) * time.Hour)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				fyne.Do(func() { m.startRefresh(nil) })
			}
		}
	}()
}

// setupTray adds a tray menu (Show, Refresh now, Quit) on desktops that have
// one; with a schedule on, closing the window keeps the app in the tray.
// Without a tray, closing the window quits. Either way the window's size
// is saved first.
func (m *MainWindow) setupTray() {
	desk, ok := m.app.(desktop.App)
	tray := ok && trayAvailable(os.Getenv, fileExists)
	if tray {
		menu := fyne.NewMenu("akimwatch",
			fyne.NewMenuItem(lang.L("tray.show"), func() { m.Window.Show() }),
			fyne.NewMenuItem(lang.L("action.refresh"), func() { m.startRefresh(nil) }),
		)
		desk.SetSystemTrayMenu(menu)
	} else {
		logrus.Info("no system tray on this desktop (no session bus); closing the window quits")
	}
	m.Window.SetCloseIntercept(func() {
		if tray && m.settings.ScheduleHours() > 0 {
			m.saveGeometry()
			m.Window.Hide()
			return
		}
		m.quit()
	})
}

// trayAvailable reports whether a tray can be shown. On Linux and the BSDs
// the tray is a D-Bus service: without a session bus Fyne's tray spends
// start-up time trying to launch one (dbus-launch) and then crashes the app
// when it quits, and a window closed to a tray that is not there could not
// be brought back.
func trayAvailable(getenv func(string) string, exists func(string) bool) bool {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
	default:
		return true
	}
	if getenv("DBUS_SESSION_BUS_ADDRESS") != "" {
		return true
	}
	// Where godbus looks without the variable: the systemd user bus.
	dir := getenv("XDG_RUNTIME_DIR")
	return dir != "" && exists(filepath.Join(dir, "bus"))
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
