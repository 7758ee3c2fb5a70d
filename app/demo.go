package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"github.com/sirupsen/logrus"

	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/fixture"
)

// Demo history size: enough to explore charts, the leaderboard and alerts,
// small enough to build in a few seconds.
const (
	demoOfficials   = 60
	demoPerOfficial = 3
	demoDays        = 730
	demoSpikes      = 6
)

// DemoPath is the separate database the demo history goes into, beside the
// real one, so generated numbers never mix with the analyst's watchlist.
func DemoPath(db string) string { return filepath.Join(filepath.Dir(db), "akimwatch-demo.db") }

// MakeDemo builds the demo database at path (marked DEMO everywhere) with
// synthetic officials and two years of history up to today, then scans it
// for alerts.
// An existing demo database is kept as it is.
func MakeDemo(ctx context.Context, path string, today time.Time) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("demo database %s: %w", path, err)
	}
	s, err := data.Open(ctx, path, data.Options{Role: "akimwatch demo"})
	if err != nil {
		return err
	}
	defer s.Close()
	c := fixture.Config{Seed: 2019, Officials: demoOfficials, AccountsPerOfficial: demoPerOfficial, Days: demoDays, End: DemoEnd(today), Spikes: demoSpikes}
	if _, err := fixture.Fill(ctx, s, c); err != nil {
		s.Close()
		os.Remove(path)
		return fmt.Errorf("fill demo database %s: %w", path, err)
	}
	if _, err := alerting.New(s, nil, nil).Rescan(ctx, nil); err != nil {
		return fmt.Errorf("scan demo database %s: %w", path, err)
	}
	return nil
}

// DemoEnd is the day of the demo history's newest readings as of now: today
// once the whole morning's readings (up to fixture.LatestReading after
// midnight) are in the past, else yesterday. No demo reading is ever later
// than now.
func DemoEnd(now time.Time) time.Time {
	today := now.UTC().Truncate(24 * time.Hour)
	if now.Before(today.Add(fixture.LatestReading)) {
		return today.AddDate(0, 0, -1)
	}
	return today
}

// onDemoTapped builds the demo database and offers to open it in a new
// window of akimwatch.
func (v *settingsView) onDemoTapped() {
	// Beside the file, or in the data folder when the database is on a server.
	path := DemoPath(filepath.Join(v.m.dataFolder(), "akimwatch.db"))
	v.m.status.SetText(lang.L("demo.building"))
	v.m.progress.Show()
	v.m.svc.async(func() {
		err := MakeDemo(v.m.ctx, path, v.m.svc.Now())
		fyne.Do(func() {
			v.m.progress.Hide()
			if err != nil {
				v.m.showError(lang.L("error.demo"), err)
				return
			}
			v.m.status.SetText(lang.L("demo.ready", map[string]any{"Path": path}))
			dialog.ShowConfirm(lang.L("settings.demo"), lang.L("demo.open", map[string]any{"Path": path}), func(ok bool) {
				if !ok {
					return
				}
				if err := openDemo(path); err != nil {
					v.m.showError(lang.L("error.demo"), err)
				}
			}, v.m.Window)
		})
	})
}

// openDemo starts another akimwatch on the demo database.
func openDemo(path string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self, "--db", path)
	cmd.Env = append(os.Environ(), LangEnv+"="+Language())
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start the demo window: %w", err)
	}
	// Reap the demo window's process when it ends, so none is left behind
	// as a zombie while this window stays open.
	go func() {
		if err := cmd.Wait(); err != nil {
			logrus.WithError(err).Info("demo window ended")
		}
	}()
	return nil
}
