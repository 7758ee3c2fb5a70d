package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"akimwatch/app"
	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/datatest"
	"akimwatch/data/report"
	"akimwatch/data/source"
)

// TestNeedsAttentionAfterRefresh: an account X does not know stays active,
// is listed under Needs attention with its reason and what to do, and the
// status line counts it.
func TestNeedsAttentionAfterRefresh(t *testing.T) {
	w, s, world := newWindow(t)
	ctx := context.Background()
	o := datatest.Official(t, s, "Тест Акимов")
	world.Set(data.X, "akim_x", 3210)
	datatest.Account(t, s, o, data.X, "akim_x")
	gone := datatest.Account(t, s, o, data.X, "gone_account")
	done := make(chan string, 1)
	if !w.StartRefresh(func(error) { done <- w.StatusText() }) {
		t.Fatal("refresh did not start")
	}
	select {
	case status := <-done:
		if !strings.Contains(status, "1 accounts need attention") {
			t.Fatalf("status = %q", status)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("refresh did not end")
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	rows := w.AttentionRows()
	if len(rows) != 1 || !strings.Contains(rows[0], "gone_account") || !strings.Contains(rows[0], "not found") ||
		!strings.Contains(rows[0], "Check the handle") {
		t.Fatalf("needs attention = %q", rows)
	}
	if a, _ := s.Account(ctx, gone.ID); !a.Active || a.FailKind != data.FailNotFound {
		t.Fatalf("account = %+v", a)
	}
}

// TestScheduleRefusedWithNumbers: an hourly schedule is refused for 1,125
// Instagram accounts (5.6 h a pass at 200 calls an hour); a daily one is
// kept.
func TestScheduleRefusedWithNumbers(t *testing.T) {
	w, s, _ := newWindow(t)
	o := datatest.Official(t, s, "Plan Akim")
	for i := range 1125 {
		datatest.Account(t, s, o, data.Instagram, fmt.Sprintf("akim.ig%d", i))
	}
	w.ChooseSchedule(1)
	if h := w.ScheduleHours(); h != 0 {
		t.Fatalf("hourly schedule kept (%d h) for 1,125 Instagram accounts", h)
	}
	w.ChooseSchedule(24)
	if h := w.ScheduleHours(); h != 24 {
		t.Fatalf("daily schedule refused (now %d h)", h)
	}
}

// TestTokenExpiryWarning: a Facebook token that debug_token says lapses in
// three days is warned about, with the date.
func TestTokenExpiryWarning(t *testing.T) {
	if err := app.SetupLanguage("en"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/debug_token") {
			t.Errorf("unexpected call %s", r.URL.Path)
		}
		exp := now.Add(72 * time.Hour).Unix()
		_, _ = io.WriteString(rw, `{"data":{"type":"USER","is_valid":true,"expires_at":`+strconv.FormatInt(exp, 10)+`,"data_access_expires_at":0,"scopes":[]}}`)
	}))
	defer srv.Close()
	a := test.NewTempApp(t)
	s := datatest.NewStore(t)
	env := map[string]string{source.TokenEnv(data.Facebook): "tok-meta-1", source.BaseURLEnv(data.Facebook): srv.URL}
	getenv := func(k string) string { return env[k] }
	noKeyring := func(string, string) (string, error) { return "", nil }
	svc := &app.Services{
		Store: s, Reports: report.New(s), Alerts: alerting.New(s, nil, nil),
		Providers: func() ([]source.Provider, error) { return nil, nil },
		SourceConfig: func() source.Config {
			return source.Config{Getenv: getenv, Tokens: &source.Tokens{Getenv: getenv, Keyring: noKeyring}}
		},
		Now:   func() time.Time { return now },
		Async: func(f func()) { f() },
	}
	w := app.NewMainWindow(a, svc, app.NewSettings(a.Preferences()))
	t.Cleanup(w.Stop)
	w.CheckTokens()
	if got := w.TokenWarning(); !strings.Contains(got, "Facebook") || !strings.Contains(got, now.Add(72*time.Hour).Local().Format("2006-01-02")) {
		t.Fatalf("token warning = %q", got)
	}
}
