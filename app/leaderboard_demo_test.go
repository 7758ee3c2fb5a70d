package app_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"akimwatch/app"
	"akimwatch/data"
	"akimwatch/data/datatest"
)

// TestLeaderboardExportMarksDemo exports the leaderboard tab as XLSX from
// a demo database and from a real one: the demo file has the DEMO banner
// in the UI language above its header, the real one none.
func TestLeaderboardExportMarksDemo(t *testing.T) {
	for _, tc := range []struct {
		name string
		demo bool
		lang string
		want string // A1
	}{
		{"demo", true, "ru", "DEMO (демо): вымышленные чиновники и числа, не настоящие"},
		{"real", false, "ru", "Место"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, s, _ := newWindow(t)
			ctx := context.Background()
			o := datatest.Official(t, s, "Булат Бакауов")
			a := datatest.Account(t, s, o, data.Instagram, "b")
			if err := s.AddSnapshots(ctx, datatest.Daily(a.ID, now.AddDate(0, 0, -40), 40, 1000, 10)); err != nil {
				t.Fatal(err)
			}
			if tc.demo {
				if err := s.SetMeta(ctx, data.MetaDemo, "1"); err != nil {
					t.Fatal(err)
				}
			}
			w.OpenLeaderboardTab() // by its English name
			if err := w.Reload(); err != nil {
				t.Fatal(err)
			}
			if err := app.SetupLanguage(tc.lang); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = app.SetupLanguage("en") }()
			path := filepath.Join(t.TempDir(), "board.xlsx")
			if err := w.ExportLeaderboardTo(path); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows("leaderboard")
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) == 0 || rows[0][0] != tc.want {
				t.Fatalf("first row %q, want it to start with %q", rows, tc.want)
			}
			if got := strings.Contains(strings.Join(rows[len(rows)-1], " "), "Бакауов"); !got {
				t.Errorf("last row %q is not the official's", rows[len(rows)-1])
			}
		})
	}
}
