package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"akimwatch/app"
	"akimwatch/data"
	"akimwatch/data/datatest"
)

// tabLeaderboard and tabAlerts are the tabs' positions.
const (
	tabOfficial    = 0
	tabLeaderboard = 1
	tabAlerts      = 2
)

// TestActionsKeepTheTab checks that acknowledging an alert and a finished
// refresh leave the analyst on the tab they were on, with the same official.
func TestActionsKeepTheTab(t *testing.T) {
	w, s, world := newWindow(t)
	ctx := context.Background()
	a1 := datatest.Official(t, s, "Первый Аким")
	a2 := datatest.Official(t, s, "Второй Аким")
	acc := datatest.Account(t, s, a1, data.Telegram, "first")
	world.Set(data.Telegram, "first", 500)
	datatest.Account(t, s, a2, data.Telegram, "second")
	world.Set(data.Telegram, "second", 700)
	if _, err := s.AddAlerts(ctx, []data.Alert{{AccountID: acc.ID, Time: now, Kind: data.AlertJump, Size: 900, Detail: "+900 in a day"}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	w.SelectOfficial(a2.ID)
	tests := []struct {
		name string
		tab  int
		act  func()
	}{
		{"acknowledge on alerts", tabAlerts, w.AcknowledgeFirstAlert},
		{"refresh on leaderboard", tabLeaderboard, func() {
			done := make(chan struct{})
			if !w.StartRefresh(func(error) { close(done) }) {
				t.Fatal("refresh did not start")
			}
			<-done
		}},
		{"refresh key on alerts", tabAlerts, func() {
			ended := w.RefreshEnded()
			w.PressKey(fyne.KeyF5)
			<-ended
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w.SelectTab(tt.tab)
			tt.act()
			if got := w.TabIndex(); got != tt.tab {
				t.Fatalf("tab %d after %s, want %d", got, tt.name, tt.tab)
			}
			if got := w.ShownOfficial(); got != a2.ID {
				t.Fatalf("official view shows %d after %s, want %d", got, tt.name, a2.ID)
			}
		})
	}
}

// TestReloadKeepsComparison checks that a reload keeps the chart's
// comparison (it used to reopen the official from scratch).
func TestReloadKeepsComparison(t *testing.T) {
	w, s, _ := newWindow(t)
	a := datatest.Official(t, s, "А")
	b := datatest.Official(t, s, "Б")
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	w.SelectOfficial(a.ID)
	w.CompareWith([]int64{b.ID})
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := w.Compared(); len(got) != 1 || got[0] != b.ID {
		t.Fatalf("compared %v after reload, want [%d]", got, b.ID)
	}
}

// TestAddOfficialDialog drives the add-official dialog: a position the app
// does not know keeps the dialog open with everything typed and says why
// under the fields; a Russian position name is accepted, and the new
// official is then shown.
func TestAddOfficialDialog(t *testing.T) {
	w, s, _ := newWindow(t)
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	name, pos, region, level := w.OpenAddOfficial()
	test.Type(name, "Нуржан Нуржигитов")
	test.Type(pos, "губернатор")
	test.Type(region, "Туркестанская область")
	w.PressInForm(fyne.KeyReturn)
	open, msg := w.FormOpen()
	if !open || !strings.Contains(msg, "губернатор") {
		t.Fatalf("after a bad position: open %v, message %q", open, msg)
	}
	if name.Text != "Нуржан Нуржигитов" || pos.Text != "губернатор" || region.Text != "Туркестанская область" {
		t.Fatalf("typed text lost: %q %q %q", name.Text, pos.Text, region.Text)
	}
	offs, _ := s.Officials(context.Background())
	if len(offs) != 0 {
		t.Fatalf("a bad form stored %d officials", len(offs))
	}
	pos.SetText("аким") // the Russian word, in any case
	level.SetText("")   // the region's usual level
	w.PressInForm(fyne.KeyReturn)
	if open, msg := w.FormOpen(); open {
		t.Fatalf("dialog still open after a good form: %q", msg)
	}
	offs, _ = s.Officials(context.Background())
	if len(offs) != 1 || offs[0].Position != data.PosAkim || offs[0].Level != data.LevelRegion {
		t.Fatalf("stored %+v", offs)
	}
	if got := w.ShownOfficial(); got != offs[0].ID {
		t.Fatalf("official view shows %d, want the new official %d", got, offs[0].ID)
	}
	// Esc closes the dialog without saving.
	name, _, _, _ = w.OpenAddOfficial()
	test.Type(name, "Кто-то")
	w.PressInForm(fyne.KeyEscape)
	if open, _ := w.FormOpen(); open {
		t.Fatal("Esc did not close the dialog")
	}
	if offs, _ = s.Officials(context.Background()); len(offs) != 1 {
		t.Fatalf("Esc stored an official: %d", len(offs))
	}
}

// TestShortcuts presses every shortcut of the main window.
func TestShortcuts(t *testing.T) {
	w, s, world := newWindow(t)
	o := datatest.Official(t, s, "Булат Бакауов")
	acc := datatest.Account(t, s, o, data.Telegram, "bak")
	world.Set(data.Telegram, "bak", 4321)
	if err := s.AddSnapshots(context.Background(), datatest.Daily(acc.ID, now.AddDate(0, 0, -60), 60, 1000, 10)); err != nil {
		t.Fatal(err)
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	t.Run("Ctrl+F focuses search", func(t *testing.T) {
		w.Shortcut("find")
		if !w.FocusedIsSearch() {
			t.Fatal("search box not focused")
		}
	})
	t.Run("Down and Enter in search open a result", func(t *testing.T) {
		test.Type(w.SearchEntry(), "бак")
		w.SearchKey(fyne.KeyDown)
		if w.ShownOfficial() != o.ID {
			t.Fatalf("Down opened %d, want %d", w.ShownOfficial(), o.ID)
		}
	})
	t.Run("Ctrl+E exports the chart", func(t *testing.T) {
		w.Shortcut("export")
		if !strings.Contains(w.MessageText(), ".png") {
			t.Fatalf("message after Ctrl+E = %q", w.MessageText())
		}
	})
	for i, key := range []string{"refresh", "F5"} {
		t.Run(key+" refreshes", func(t *testing.T) {
			want := int64(5000 + i)
			world.Set(data.Telegram, "bak", want)
			ended := w.RefreshEnded()
			if key == "F5" {
				w.PressKey(fyne.KeyF5)
			} else {
				w.Shortcut(key)
			}
			<-ended
			if err := w.Reload(); err != nil {
				t.Fatal(err)
			}
			if got := w.Shown()[0].Followers; got != want {
				t.Fatalf("followers %d after %s, want %d", got, key, want)
			}
		})
	}
	t.Run("Ctrl+1…4 switch tabs", func(t *testing.T) {
		for i, sc := range []string{"tab2", "tab3", "tab4", "tab1"} {
			w.Shortcut(sc)
			if got, want := w.TabIndex(), (i+1)%4; got != want {
				t.Fatalf("%s selected tab %d, want %d", sc, got, want)
			}
		}
	})
	t.Run("Ctrl+N opens the add-official dialog", func(t *testing.T) {
		w.Shortcut("new")
		if open, _ := w.FormOpen(); !open {
			t.Fatal("no dialog")
		}
		w.PressInForm(fyne.KeyEscape)
	})
	t.Run("shortcuts work while typing in search", func(t *testing.T) {
		w.Shortcut("tab1")
		w.Shortcut("find")
		w.ShortcutInSearch("tab2")
		if w.TabIndex() != 1 {
			t.Fatalf("Ctrl+2 in the search box left tab %d", w.TabIndex())
		}
		w.ShortcutInSearch("new")
		if open, _ := w.FormOpen(); !open {
			t.Fatal("Ctrl+N in the search box opened no dialog")
		}
		w.PressInForm(fyne.KeyEscape)
	})
	t.Run("Ctrl+W keeps the main window", func(t *testing.T) {
		w.Shortcut("close")
		if !strings.Contains(w.Title(), ".db") {
			t.Fatalf("title %q", w.Title())
		}
	})
	t.Run("Ctrl+Q saves the window size", func(t *testing.T) {
		prefs := fyne.CurrentApp().Preferences()
		if got := prefs.Float("window_width"); got != 0 {
			t.Fatalf("width saved before quitting: %v", got)
		}
		w.Shortcut("quit")
		if got := prefs.Float("window_width"); got < 800 {
			t.Fatalf("saved width %v", got)
		}
	})
}

// TestComparePicker searches the Compare dialog by region and caps the
// choice at ten.
func TestComparePicker(t *testing.T) {
	w, s, _ := newWindow(t)
	ctx := context.Background()
	var first data.Official
	for i := range 14 {
		o := data.Official{Name: fmt.Sprintf("Аким %02d", i), Position: data.PosAkim, Region: "pavlodar", Level: data.LevelRegion}
		if i%2 == 1 {
			o.Region = "almaty_city"
			o.Level = data.LevelCity
		}
		o, err := s.CreateOfficial(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		acc := datatest.Account(t, s, o, data.Telegram, fmt.Sprintf("h%d", i))
		if err := s.AddSnapshots(ctx, datatest.Daily(acc.ID, now.AddDate(0, 0, -10), 10, 100, 1)); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = o
		}
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	w.SelectOfficial(first.ID)
	search := w.OpenCompare()
	if n := w.CompareShown(); n != 13 {
		t.Fatalf("Compare lists %d, want the 13 others", n)
	}
	test.Type(search, "павлодар")
	if n := w.CompareShown(); n != 6 {
		t.Fatalf("search by region lists %d, want 6", n)
	}
	search.SetText("")
	for i := range 13 {
		w.CompareToggle(i)
	}
	if n := len(w.ComparePicked()); n != 10 {
		t.Fatalf("picked %d, want at most 10", n)
	}
}

// TestTitleNamesDatabaseAndDemo checks the window title.
func TestTitleNamesDatabaseAndDemo(t *testing.T) {
	w, s, _ := newWindow(t)
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(w.Title(), ".db") || strings.Contains(w.Title(), "DEMO") {
		t.Fatalf("title %q", w.Title())
	}
	if err := s.SetMeta(context.Background(), data.MetaDemo, "1"); err != nil {
		t.Fatal(err)
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(w.Title(), "DEMO") {
		t.Fatalf("demo title %q", w.Title())
	}
	_ = app.Language
}

// TestEmptyRangeOffersAllTime checks that a 90-day chart of an official
// whose only count is old offers the whole history, naming the last date.
func TestEmptyRangeOffersAllTime(t *testing.T) {
	w, s, _ := newWindow(t)
	o := datatest.Official(t, s, "Старый Счёт")
	acc := datatest.Account(t, s, o, data.Instagram, "old")
	old := time.Date(2019, 4, 15, 0, 0, 0, 0, time.UTC)
	if err := s.AddSnapshots(context.Background(), []data.Snapshot{{AccountID: acc.ID, Time: old, Followers: 15000, Source: data.SourceManual}}); err != nil {
		t.Fatal(err)
	}
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	w.SelectOfficial(o.ID)
	if got := w.OfferText(); !strings.Contains(got, "2019-04-15") {
		t.Fatalf("offer over the empty 90-day chart = %q", got)
	}
}
