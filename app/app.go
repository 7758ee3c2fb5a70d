// Package app is akimwatch's desktop UI: one window with the watchlist on
// the left and the official view, alerts and settings on the right. Screens
// never touch SQL or the network: they call the services they are given.
// Background work reports back only through fyne.Do.
package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"github.com/sirupsen/logrus"

	_ "akimwatch/app/locale" // before Fyne's lang init: see the package doc
	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/refresh"
	"akimwatch/data/report"
	"akimwatch/data/source"
)

// Services is everything the UI works through.
type Services struct {
	Store   data.Store
	Reports *report.Builder
	Alerts  *alerting.Service
	// Providers returns the platform providers for a refresh pass (tests
	// point them at local servers).
	Providers func() ([]source.Provider, error)
	// SaveToken stores an API token in the OS keyring ("" deletes it).
	SaveToken func(p data.Platform, token string) error
	// SaveSecret stores a named secret (TikTok's client key and secret) in
	// the OS keyring ("" deletes it).
	SaveSecret func(name, value string) error
	// SourceConfig is the providers' configuration, for the connection
	// test, the token expiry check and the quota plan; nil turns the first
	// two off (tests that must not reach a platform).
	SourceConfig func() source.Config
	// ExportDir is where one-click chart exports go.
	ExportDir func() (string, error)
	Now       func() time.Time
	// Async runs background work; nil means a new goroutine. Tests pass a
	// function that runs it at once, because Fyne's test driver runs
	// fyne.Do on the calling goroutine.
	Async func(func())
	// IdleRelease is how long after its last burst of reads (start-up, a
	// refresh, a leaderboard or a chart) the app gives the memory those
	// reads held back to the OS; zero never does (tests).
	IdleRelease time.Duration
	// Databases tests and chooses the database opened at the next start
	// (Settings → Database); nil turns the choice off (tests).
	Databases *DatabaseChoice
}

// async runs f in the background per Services.Async.
func (s *Services) async(f func()) {
	if s.Async != nil {
		s.Async(f)
		return
	}
	go f()
}

// NewServices wires the default services over store.
func NewServices(store data.Store, settings *Settings) *Services {
	return &Services{
		Store:   store,
		Reports: report.New(store),
		Alerts:  longLivedAlerts(store),
		Providers: func() ([]source.Provider, error) {
			return source.DefaultProviders(source.Config{InstagramAccountID: settings.InstagramAccountID()})
		},
		SaveToken:  source.SaveToken,
		SaveSecret: source.SaveSecret,
		SourceConfig: func() source.Config {
			return source.Config{InstagramAccountID: settings.InstagramAccountID()}
		},
		ExportDir:   defaultExportDir,
		Now:         time.Now,
		IdleRelease: defaultIdleRelease,
		Databases:   defaultDatabaseChoice(),
	}
}

// longLivedAlerts returns the alert service the app keeps for its lifetime:
// it writes detector states every few hours and when the app quits (Run
// calls Flush), not after every refresh pass.
func longLivedAlerts(store data.Store) *alerting.Service {
	a := alerting.New(store, nil, nil)
	a.StateEvery = alerting.LongLivedStateEvery
	return a
}

// flushTimeout bounds how long quitting waits to write detector states.
const flushTimeout = 10 * time.Second

// newEngine returns a refresh engine reporting progress to onProgress.
func (s *Services) newEngine(onProgress func(refresh.Progress)) (*refresh.Engine, error) {
	provs, err := s.Providers()
	if err != nil {
		return nil, err
	}
	// The pass hands its new readings to the alert service, whose scan after
	// the pass then judges them without reading them back.
	return refresh.New(refresh.Options{Store: s.Store, Providers: provs, Now: s.Now, OnProgress: onProgress, OnWritten: s.Alerts.Accept}), nil
}

// processStart is when the process began, for the start-up timings logged.
var processStart = time.Now()

// Run shows the main window on a and blocks until the app quits.
func Run(ctx context.Context, a fyne.App, svc *Services, settings *Settings) error {
	w := NewMainWindow(a, svc, settings)
	a.Lifecycle().SetOnStarted(func() {
		logrus.WithField("ms", time.Since(processStart).Milliseconds()).Info("window shown")
		w.bench.windowShown()
	})
	w.Start(ctx)
	w.Window.ShowAndRun()
	w.Stop()
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
	defer cancel()
	if err := svc.Alerts.Flush(fctx); err != nil {
		// Not fatal: the next start replays the readings since the last write.
		logrus.WithError(err).Warn("could not save the spike detectors' states on quit")
	}
	return nil
}
