// Command akimwatch watches how Kazakhstan's akims use social networks. With
// no arguments it opens the desktop app; with a command it runs headless.
// This file only wires the pieces together.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"akimwatch/app"
	"akimwatch/app/cli"
	_ "akimwatch/app/locale" // before Fyne: see the package doc
	"akimwatch/app/paths"
	"akimwatch/assets"
	"akimwatch/data"
)

// appID is the reverse-DNS identifier of the app (also in FyneApp.toml).
const appID = "kz.akimwatch.app"

// demoAppID is the identifier of a window on a DEMO database, so it keeps
// its own preferences file beside the real window's.
const demoAppID = appID + ".demo"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Env{RunGUI: runGUI, ShowStartupError: showStartupError, LogFile: paths.LogFile()})
	stop()
	os.Exit(code)
}

func runGUI(ctx context.Context, s data.Store) error {
	id := appID
	if demo, err := s.IsDemo(ctx); err == nil && demo {
		id = demoAppID // its own preferences: one writer per preferences file
	}
	a, settings, err := newApp(id)
	if err != nil {
		return err
	}
	return app.Run(ctx, a, app.NewServices(s, settings), settings)
}

// showStartupError shows why the app cannot open its database in a window.
func showStartupError(err error) {
	if a, _, lerr := newApp(appID); lerr == nil {
		app.ShowStartupError(a, err)
	}
}

// newApp makes the Fyne app with the given ID, its settings and language.
func newApp(id string) (fyne.App, *app.Settings, error) {
	a := fyneapp.NewWithID(id)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	settings := app.NewSettings(a.Preferences())
	return a, settings, app.SetupLanguage(settings.Language())
}
