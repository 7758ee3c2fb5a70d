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

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], cli.Env{RunGUI: runGUI, ShowStartupError: showStartupError, LogFile: paths.LogFile()})
	stop()
	os.Exit(code)
}

func runGUI(ctx context.Context, s *data.Store) error {
	a, settings, err := newApp()
	if err != nil {
		return err
	}
	return app.Run(ctx, a, app.NewServices(s, settings), settings)
}

// showStartupError shows why the app cannot open its database in a window.
func showStartupError(err error) {
	if a, _, lerr := newApp(); lerr == nil {
		app.ShowStartupError(a, err)
	}
}

func newApp() (fyne.App, *app.Settings, error) {
	a := fyneapp.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon()))
	settings := app.NewSettings(a.Preferences())
	return a, settings, app.SetupLanguage(settings.Language())
}
