package app

import (
	"fyne.io/fyne/v2"
	"github.com/sirupsen/logrus"

	"akimwatch/data"
)

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
