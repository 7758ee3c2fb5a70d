package app

import (
	"fyne.io/fyne/v2"
	"github.com/sirupsen/logrus"

	"akimwatch/data"
)

// showReadOnly hides the buttons that write and says why, when the store
// may only be read (a team database login with the reader role).
func (m *MainWindow) showReadOnly() {
	if !m.svc.Store.ReadOnly() {
		return
	}
	for _, w := range m.edits {
		w.Hide()
	}
	m.readOnly.Show()
}

// watchOthers shows other analysts' changes (new readings, alerts, edits)
// within seconds on a database others write too (the team database): the
// store's change feed reloads the window, unless a refresh of this app is
// running (it reloads when it ends). The feed stops with the window's
// context.
func (m *MainWindow) watchOthers() {
	w, ok := m.svc.Store.(data.ChangeWatcher)
	if !ok {
		return
	}
	go w.WatchChanges(m.ctx, func() {
		fyne.Do(func() {
			if m.ctx.Err() != nil || m.Refreshing() {
				return
			}
			logrus.Info("another analyst changed the team database; reloading")
			m.Load()
		})
	})
}
