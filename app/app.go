// Package app is akimwatch's desktop UI: the main window and its screens.
// Screens never touch SQL or the network: they call the services they are
// given, and all widget updates from background work go through fyne.Do.
package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"akimwatch/data"
)

// Services is what the UI needs from the rest of akimwatch. *data.Store
// satisfies it.
type Services interface {
	Overview(ctx context.Context) ([]data.OfficialSummary, error)
	IsDemo(ctx context.Context) (bool, error)
}

// Language returns the UI language ("ru", "kk" or "en") from Fyne's locale.
func Language() string {
	l := string(lang.SystemLocale().LanguageString())
	if len(l) >= 2 {
		switch l[:2] {
		case "ru", "kk":
			return l[:2]
		}
	}
	return "en"
}

// Run shows the main window on a and blocks until it is closed.
func Run(ctx context.Context, a fyne.App, svc Services) error {
	w := NewMainWindow(a, svc)
	w.Load(ctx)
	w.Window.ShowAndRun()
	return nil
}
