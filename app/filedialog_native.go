//go:build windows || darwin

package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"github.com/sirupsen/logrus"
	sqdialog "github.com/sqweek/dialog"
)

// choosePath asks for a file with the system's own dialog (Explorer's on
// Windows, Finder's on macOS: recent folders, network drives, the file
// types analysts know), falling back to Fyne's if it cannot be shown. done
// gets the path on the UI thread; cancelling calls nothing.
func (m *MainWindow) choosePath(p filePick, done func(path string)) {
	go func() {
		b := sqdialog.File().Title(p.title)
		for _, f := range p.filters {
			b = b.Filter(f.name, f.exts...)
		}
		if p.name != "" {
			b = b.SetStartFile(p.name)
		}
		var path string
		var err error
		if p.save {
			path, err = b.Save()
		} else {
			path, err = b.Load()
		}
		fyne.Do(func() {
			switch {
			case errors.Is(err, sqdialog.ErrCancelled):
			case err != nil:
				logrus.WithError(err).Info("system file dialog unavailable; using Fyne's")
				m.chooseFileFyne(p, done)
			default:
				done(path)
			}
		})
	}()
}
