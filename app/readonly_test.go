package app_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"akimwatch/app"
	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/report"
)

// TestReadOnlyMode opens the window over a store that may only be read (as
// a team database login with the reader role is) and over one that may be
// written: the first hides the four buttons that write and says why, the
// second shows them and no banner.
func TestReadOnlyMode(t *testing.T) {
	if err := app.SetupLanguage("en"); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ro.db")
	w, err := data.Open(ctx, path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	ro, err := data.Open(ctx, path, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	rw, err := data.Open(ctx, filepath.Join(t.TempDir(), "rw.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	for _, tc := range []struct {
		name    string
		s       data.Store
		banner  bool
		buttons int
	}{
		{"read-only", ro, true, 0},
		{"writable", rw, false, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			svc := &app.Services{Store: tc.s, Reports: report.New(tc.s), Alerts: alerting.New(tc.s, nil, nil),
				Now: func() time.Time { return now }, Async: func(f func()) { f() }}
			win := app.NewMainWindow(a, svc, app.NewSettings(a.Preferences()))
			t.Cleanup(win.Stop)
			banner, buttons := win.ReadOnlyShown()
			if banner != tc.banner || buttons != tc.buttons {
				t.Errorf("banner shown %v, %d write buttons shown; want %v, %d", banner, buttons, tc.banner, tc.buttons)
			}
		})
	}
}
