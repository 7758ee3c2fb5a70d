package app_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"akimwatch/app"
	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/datatest"
	"akimwatch/data/report"
	"akimwatch/data/source"
	"akimwatch/data/source/sourcetest"
)

var now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// newWindow builds the main window over a fresh store, with providers
// pointed at local stand-ins.
func newWindow(t *testing.T) (*app.MainWindow, data.Store, *sourcetest.World) {
	t.Helper()
	if err := app.SetupLanguage("en"); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	s := datatest.NewStore(t)
	world := sourcetest.New(t)
	env := world.Env()
	dir := t.TempDir()
	svc := &app.Services{
		Store: s, Reports: report.New(s), Alerts: alerting.New(s, nil, nil),
		Providers: func() ([]source.Provider, error) {
			getenv := func(k string) string { return env[k] }
			return source.DefaultProviders(source.Config{Getenv: getenv,
				Tokens: &source.Tokens{Getenv: getenv, Keyring: func(string, string) (string, error) { return "", errors.New("no keyring") }}})
		},
		SaveToken: func(data.Platform, string) error { return nil },
		ExportDir: func() (string, error) { return dir, nil },
		Now:       func() time.Time { return now },
		Async:     func(f func()) { f() },
	}
	w := app.NewMainWindow(a, svc, app.NewSettings(a.Preferences()))
	t.Cleanup(w.Stop)
	return w, s, world
}

func TestAddOfficialValidates(t *testing.T) {
	w, s, _ := newWindow(t)
	ctx := context.Background()
	form := func(name, region string) app.OfficialForm {
		f := app.OfficialForm{Name: widget.NewEntry(), Position: widget.NewEntry(), Region: widget.NewEntry(), Level: widget.NewEntry()}
		test.Type(f.Name, name)
		test.Type(f.Region, region)
		return f
	}
	tests := []struct {
		name, official, region, wantErr string
	}{
		{"empty name", "", "pavlodar", "Enter the official's name"},
		{"unknown region", "Нуржан Нуржигитов", "Атлантида", "Unknown region \"Атлантида\""},
		{"valid", "Нуржан Нуржигитов", "Туркестанская область", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := w.AddOfficial(ctx, form(tt.official, tt.region))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || o.Region != "turkistan" || o.Level != data.LevelRegion {
				t.Fatalf("added %+v, %v", o, err)
			}
		})
	}
	offs, _ := s.Officials(ctx)
	if len(offs) != 1 {
		t.Fatalf("store has %d officials, want 1", len(offs))
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	if len(w.Shown()) != 1 {
		t.Fatalf("watchlist shows %d officials, want 1", len(w.Shown()))
	}
}

func TestWatchlistSearchAndRefresh(t *testing.T) {
	w, s, world := newWindow(t)
	w.OpenLeaderboardTab() // built when its tab opens, then kept fresh
	ctx := context.Background()
	bak := datatest.Official(t, s, "Булат Бакауов")
	datatest.Official(t, s, "Данат Жумин")
	if _, _, err := w.AddAccount(ctx, bak.ID, "telegram", "@bakauov_demo"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.AddAccount(ctx, bak.ID, "x", ""); err == nil {
		t.Fatal("an empty handle must be refused")
	}
	world.Set(data.Telegram, "bakauov_demo", 12345)
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		query string
		want  int
	}{{"", 2}, {"бакау", 1}, {"Zhumin", 1}, {"nobody", 0}} {
		w.SearchEntry().SetText("")
		test.Type(w.SearchEntry(), tt.query)
		if got := len(w.Shown()); got != tt.want {
			t.Fatalf("search %q shows %d, want %d", tt.query, got, tt.want)
		}
	}
	w.SearchEntry().SetText("")
	// A refresh against the local stand-in: progress shows, then the table updates.
	done := make(chan string, 1)
	if !w.StartRefresh(func(err error) { done <- w.StatusText() }) {
		t.Fatal("refresh did not start")
	}
	status := <-done
	if !strings.Contains(status, "1 fetched") {
		t.Fatalf("status after refresh = %q", status)
	}
	// The leaderboard shows the new count at once, without a filter touched.
	if rows := w.LeaderboardRows(); len(rows) != 1 || rows[0].Official != "Булат Бакауов" || rows[0].Followers != 12345 {
		t.Fatalf("leaderboard after the refresh pass: %+v; want Бакауов with 12345", rows)
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	var got int64
	for _, r := range w.Shown() {
		if r.Official.ID == bak.ID {
			got = r.Followers
		}
	}
	if got != 12345 {
		t.Fatalf("watchlist shows %d followers after refresh, want 12345", got)
	}
}

func TestRefreshCancel(t *testing.T) {
	w, s, world := newWindow(t)
	o := datatest.Official(t, s, "A")
	// Instagram allows only a few calls before its 18 s rate limit: cancelling
	// must end the pass at once.
	for i := range 12 {
		h := "ig" + string(rune('a'+i))
		world.Set(data.Instagram, h, 100)
		datatest.Account(t, s, o, data.Instagram, h)
	}
	done := make(chan string, 1)
	w.StartRefresh(func(err error) { done <- w.StatusText() })
	w.CancelRefresh()
	select {
	case status := <-done:
		if !strings.Contains(status, "cancelled") {
			t.Fatalf("status after cancel = %q", status)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("cancel did not stop the refresh")
	}
	if w.Refreshing() {
		t.Fatal("still refreshing after cancel")
	}
}

func TestAcknowledgeAlert(t *testing.T) {
	w, s, _ := newWindow(t)
	a := datatest.Account(t, s, datatest.Official(t, s, "A"), data.X, "a")
	if _, err := s.AddAlerts(context.Background(), []data.Alert{{AccountID: a.ID, Time: now, Kind: data.AlertJump, Size: 900, Detail: "+900 in a day"}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	if w.OpenAlerts() != 1 || !strings.Contains(w.AlertsTabText(), "(1)") {
		t.Fatalf("open alerts %d, tab %q", w.OpenAlerts(), w.AlertsTabText())
	}
	w.AcknowledgeFirstAlert()
	if w.OpenAlerts() != 0 || strings.Contains(w.AlertsTabText(), "(") {
		t.Fatalf("after ack: open alerts %d, tab %q", w.OpenAlerts(), w.AlertsTabText())
	}
	stored, _ := s.Alerts(context.Background(), data.AlertFilter{OpenOnly: true})
	if len(stored) != 0 {
		t.Fatal("acknowledgement not stored")
	}
}

// windowWithChart opens a window showing one official ("Булат Бакауов")
// with 100 days of Instagram readings, the chart on screen.
func windowWithChart(t *testing.T) (*app.MainWindow, data.Store) {
	t.Helper()
	w, s, _ := newWindow(t)
	o := datatest.Official(t, s, "Булат Бакауов")
	a := datatest.Account(t, s, o, data.Instagram, "b")
	if err := s.AddSnapshots(context.Background(), datatest.Daily(a.ID, now.AddDate(0, 0, -100), 100, 1000, 10)); err != nil {
		t.Fatal(err)
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	w.SelectOfficial(o.ID)
	return w, s
}

func TestExportPNG(t *testing.T) {
	w, _ := windowWithChart(t)
	path, err := w.ExportPNG()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(path, "Бакауов_all_90d_2026-11-27.png") {
		t.Fatalf("exported to %s", path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if sz := img.Bounds().Size(); sz.X != 1600 || sz.Y != 900 {
		t.Fatalf("PNG is %v, want 1600×900", sz)
	}
	again, err := w.ExportPNG()
	if err != nil || again == path {
		t.Fatalf("second export %q (%v) must not overwrite %q", again, err, path)
	}
}

func TestLanguageSwitchChangesStrings(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{{"en", "Refresh all"}, {"ru", "Обновить всё"}, {"kk", "Барлығын жаңарту"}} {
		t.Run(tt.lang, func(t *testing.T) {
			if err := app.SetupLanguage(tt.lang); err != nil {
				t.Fatal(err)
			}
			a := test.NewTempApp(t)
			s := datatest.NewStore(t)
			svc := &app.Services{Store: s, Reports: report.New(s), Alerts: alerting.New(s, nil, nil), Now: func() time.Time { return now }, Async: func(f func()) { f() }}
			w := app.NewMainWindow(a, svc, app.NewSettings(a.Preferences()))
			defer w.Stop()
			if got := w.RefreshButtonText(); got != tt.want {
				t.Fatalf("refresh button says %q, want %q", got, tt.want)
			}
		})
	}
	if err := app.SetupLanguage("en"); err != nil {
		t.Fatal(err)
	}
}

func TestLeaderboardSortAndFilter(t *testing.T) {
	w, s, _ := newWindow(t)
	w.OpenLeaderboardTab() // built when its tab opens
	ctx := context.Background()
	mk := func(name string, region data.Region, first, step int64) {
		o, err := s.CreateOfficial(ctx, data.Official{Name: name, Position: data.PosAkim, Level: data.LevelRegion, Region: region})
		if err != nil {
			t.Fatal(err)
		}
		a := datatest.Account(t, s, o, data.Instagram, "h"+name)
		if err := s.AddSnapshots(ctx, datatest.Daily(a.ID, now.AddDate(0, 0, -40), 40, first, step)); err != nil {
			t.Fatal(err)
		}
	}
	mk("Big", "pavlodar", 100000, 10) // most followers, slow growth
	mk("Fast", "akmola", 5000, 100)   // fastest growth
	mk("Small", "pavlodar", 1000, 1)
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	names := func() string {
		var out []string
		for _, r := range w.LeaderboardRows() {
			out = append(out, r.Official)
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		name string
		act  func()
		want string
	}{
		{"by rank", func() {}, "Big,Fast,Small"},
		{"by 7-day change, biggest first", func() { w.SortLeaderboard(5) }, "Fast,Big,Small"},
		{"tap again reverses", func() { w.SortLeaderboard(5) }, "Small,Big,Fast"},
		{"by name", func() { w.SortLeaderboard(1) }, "Big,Fast,Small"},
		{"filter Pavlodar", func() { w.SortLeaderboard(0); w.FilterLeaderboardRegion("Pavlodar Region") }, "Big,Small"},
		{"all regions again", func() { w.FilterLeaderboardRegion("") }, "Big,Fast,Small"},
	}
	defer func() {
		path, err := w.ExportLeaderboardPNG()
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil || img.Bounds().Dx() != 1600 {
			t.Fatalf("top-20 PNG: %v, %v", img.Bounds(), err)
		}
	}()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.act()
			if got := names(); got != tt.want {
				t.Fatalf("order %s, want %s", got, tt.want)
			}
		})
	}
	// "Top 20 as PNG" draws the rows as shown, titled by their order.
	w.SortLeaderboard(5)
	spec := w.LeaderboardTopSpec()
	var bars []string
	for _, b := range spec.Bars {
		bars = append(bars, b.Label)
	}
	if got := strings.Join(bars, ","); got != names() || !strings.Contains(spec.Title, "7-day change") {
		t.Fatalf("top bars %s titled %q; want the rows as shown (%s), titled by the 7-day change", got, spec.Title, names())
	}
}

// TestRefreshRefusesDemo checks that "Refresh all" on a demo database says
// why nothing is fetched, in the analyst's language, and fetches nothing.
func TestRefreshRefusesDemo(t *testing.T) {
	w, s, world := newWindow(t)
	ctx := context.Background()
	o := datatest.Official(t, s, "Демо Аким 0001")
	world.Set(data.Telegram, "demo_telegram_0001", 777)
	datatest.Account(t, s, o, data.Telegram, "demo_telegram_0001")
	if err := s.SetMeta(ctx, data.MetaDemo, "1"); err != nil {
		t.Fatal(err)
	}
	done := make(chan string, 1)
	if !w.StartRefresh(func(err error) { done <- w.StatusText() }) {
		t.Fatal("refresh did not start")
	}
	if status := <-done; !strings.Contains(status, "DEMO database") || !strings.Contains(status, "not refreshed") {
		t.Fatalf("status after refreshing a demo database = %q", status)
	}
	if latest, err := s.Latest(ctx); err != nil || len(latest) != 0 {
		t.Fatalf("refreshing a demo database stored %d snapshots (%v)", len(latest), err)
	}
}

func TestMakeDemoIsLabelled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 130,000-row database")
	}
	path := app.DemoPath(t.TempDir() + "/akimwatch.db")
	if err := app.MakeDemo(context.Background(), path, now); err != nil {
		t.Fatal(err)
	}
	s, err := data.Open(context.Background(), path, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	demo, err := s.IsDemo(context.Background())
	if err != nil || !demo {
		t.Fatalf("demo database not marked DEMO (%v)", err)
	}
	if n, _ := s.SnapshotCount(context.Background(), 0); n < 100000 {
		t.Fatalf("demo history has %d snapshots", n)
	}
}

func TestEditOfficialAndOpenChartAtAlert(t *testing.T) {
	w, s, _ := newWindow(t)
	ctx := context.Background()
	o := datatest.Official(t, s, "Булат Бакауов")
	a := datatest.Account(t, s, o, data.Instagram, "b")
	if err := s.AddSnapshots(ctx, datatest.Daily(a.ID, now.AddDate(-1, 0, 0), 365, 1000, 10)); err != nil {
		t.Fatal(err)
	}
	f := app.OfficialForm{Name: widget.NewEntry(), Position: widget.NewEntry(), Region: widget.NewEntry(), Level: widget.NewEntry()}
	test.Type(f.Name, "Булат Бакауов")
	test.Type(f.Position, "former_akim")
	test.Type(f.Region, "Павлодарская область")
	if _, err := w.EditOfficial(ctx, o.ID, f); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Official(ctx, o.ID)
	if got.Position != data.PosFormerAkim {
		t.Fatalf("position %s after edit", got.Position)
	}
	f.Region.SetText("Марс")
	if _, err := w.EditOfficial(ctx, o.ID, f); err == nil || !strings.Contains(err.Error(), "Марс") {
		t.Fatalf("bad region err = %v", err)
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	at := now.AddDate(0, -6, 0)
	w.OpenChartAt(o.ID, at)
	from, to := w.ChartRange()
	if !from.Equal(at.AddDate(0, 0, -45)) || !to.Equal(at.AddDate(0, 0, 45)) {
		t.Fatalf("chart spans %s – %s, want 45 days either side of %s", from, to, at)
	}
}
