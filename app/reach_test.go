package app_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"akimwatch/app"
	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/datatest"
	"akimwatch/data/report"
)

// flakyStore is a store on a server that can go away: while down, Ping and
// the reads the window makes fail as a dropped connection does.
type flakyStore struct {
	data.Store
	down atomic.Bool
}

var errGone = errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")

func (f *flakyStore) Ping(context.Context) error {
	if f.down.Load() {
		return errGone
	}
	return nil
}

func (f *flakyStore) Overview(ctx context.Context, t time.Time) ([]data.OfficialSummary, error) {
	if f.down.Load() {
		return nil, errGone
	}
	return f.Store.Overview(ctx, t)
}

// waitReach waits for the watcher to report reachability want.
func waitReach(t *testing.T, ch <-chan bool, want bool) {
	t.Helper()
	select {
	case got := <-ch:
		if got != want {
			t.Fatalf("reachable = %v, want %v", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("the watcher did not report reachable = %v within 10 s", want)
	}
}

// TestTeamDatabaseUnreachable takes the server away while the window runs:
// the window says so in each language, keeps the watchlist it shows, turns
// the four buttons that write off and refuses a refresh with a clear
// message, and a reload keeps the screen; when the server is back, the banner goes and the buttons and a
// reload come back.
func TestTeamDatabaseUnreachable(t *testing.T) {
	for _, tc := range []struct{ lang, banner, refused string }{
		{"en", "TEAM DATABASE UNREACHABLE, RETRYING", "team database is unreachable"},
		{"ru", "ОБЩАЯ БАЗА НЕДОСТУПНА, ПОВТОРЯЕМ ПОПЫТКИ", "общая база недоступна"},
		{"kk", "ОРТАҚ БАЗА ҚОЛЖЕТІМСІЗ, ҚАЙТА ҚОСЫЛУДАМЫЗ", "ортақ база қолжетімсіз"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			if err := app.SetupLanguage(tc.lang); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { app.SetupLanguage("en") }) //nolint:errcheck // restores the default
			a := test.NewTempApp(t)
			base := datatest.NewStore(t)
			datatest.Official(t, base, "Нуржан Нуржигитов")
			s := &flakyStore{Store: base}
			svc := &app.Services{Store: s, Reports: report.New(s), Alerts: alerting.New(s, nil, nil),
				Now: func() time.Time { return now }, Async: func(f func()) { f() }}
			win := app.NewMainWindow(a, svc, app.NewSettings(a.Preferences()))
			t.Cleanup(win.Stop)
			if err := win.Reload(); err != nil {
				t.Fatal(err)
			}
			ch := win.WatchReach(10*time.Millisecond, 5*time.Millisecond, 20*time.Millisecond)
			if banner, enabled := win.UnreachableShown(); banner || enabled != 4 {
				t.Fatalf("reachable: banner %v, %d of 4 buttons enabled; want no banner, 4", banner, enabled)
			}

			s.down.Store(true)
			waitReach(t, ch, false)
			if banner, enabled := win.UnreachableShown(); !banner || enabled != 0 {
				t.Errorf("unreachable: banner %v, %d buttons enabled; want banner, 0", banner, enabled)
			}
			if got := win.UnreachableText(); !strings.HasPrefix(got, tc.banner) {
				t.Errorf("banner %q, want it to start with %q", got, tc.banner)
			}
			if n := len(win.Shown()); n != 1 {
				t.Errorf("unreachable: %d officials shown, want the 1 already shown", n)
			}
			before := win.StatusText()
			win.Load() // a reload while the server is away keeps the screen as it is
			if n, st := len(win.Shown()), win.StatusText(); n != 1 || st != before {
				t.Errorf("reload while unreachable: %d officials shown, status %q; want 1 and %q kept", n, st, before)
			}
			if win.StartRefresh(nil) {
				t.Error("a refresh started on an unreachable server")
			}
			if got := win.MessageText(); !strings.Contains(got, tc.refused) {
				t.Errorf("message %q, want it to say %q", got, tc.refused)
			}

			s.down.Store(false)
			waitReach(t, ch, true)
			if banner, enabled := win.UnreachableShown(); banner || enabled != 4 {
				t.Errorf("back: banner %v, %d of 4 buttons enabled; want no banner, 4", banner, enabled)
			}
			if n := len(win.Shown()); n != 1 {
				t.Errorf("back: %d officials shown, want 1", n)
			}
		})
	}
}
