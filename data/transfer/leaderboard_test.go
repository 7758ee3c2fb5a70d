package transfer_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"akimwatch/data"
	"akimwatch/data/transfer"
)

// The leaderboard's XLSX is for people: labelled headers, percentages as
// numbers with a percent format (not text), counts with thousands.
func TestLeaderboardXLSXForPeople(t *testing.T) {
	rows := []data.LeaderboardRow{
		{Official: "Булат Бакауов", Position: data.PosAkim, Level: data.LevelRegion, Region: "pavlodar", Platform: data.Instagram,
			Handle: "bakauov_b", Followers: 179241, Week: &data.Change{Abs: 1200, Pct: 0.67}, Month: &data.Change{Abs: -300, Pct: -0.17}, Rank: 1, PrevRank: 2},
		{Official: "Данат Жумин", Platform: data.Telegram, Followers: 2743, Rank: 2},
	}
	path := filepath.Join(t.TempDir(), "lb.xlsx")
	if err := transfer.ExportLeaderboard(path, rows, transfer.LeaderboardOptions{Lang: "ru"}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	get := func(cell string, raw bool) string {
		v, err := f.GetCellValue("leaderboard", cell, excelize.Options{RawCellValue: raw})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for cell, want := range map[string]string{"H1": "Подписчики", "J1": "Изменение за 7 дней, %", "H2": "179,241", "J2": "+0.67%", "L2": "-0.17%", "J3": ""} {
		if got := get(cell, false); got != want {
			t.Errorf("%s shows %q, want %q", cell, got, want)
		}
	}
	if got := get("J2", true); got != "0.0067" {
		t.Errorf("J2 holds %q, want the number 0.0067", got)
	}
	if p, _ := f.GetPanes("leaderboard"); !p.Freeze || p.YSplit != 1 {
		t.Errorf("panes = %+v, want the header frozen", p)
	}
}

// TestLeaderboardDemoMark exports the leaderboard of a demo database and of
// a real one, as XLSX and CSV: demo rows carry the DEMO mark (the XLSX a
// banner row above the header in the language asked for, as the history
// export; the CSV a last "demo" column saying DEMO on every row); real
// rows carry none.
func TestLeaderboardDemoMark(t *testing.T) {
	rows := []data.LeaderboardRow{
		{Official: "Булат Бакауов", Region: "pavlodar", Platform: data.Instagram, Followers: 179241, Rank: 1},
		{Official: "Данат Жумин", Platform: data.Telegram, Followers: 2743, Rank: 2},
	}
	tests := []struct {
		name string
		ext  string
		lang string
		demo bool
	}{
		{"xlsx demo ru", ".xlsx", "ru", true},
		{"xlsx demo kk", ".xlsx", "kk", true},
		{"xlsx real", ".xlsx", "en", false},
		{"csv demo", ".csv", "ru", true},
		{"csv real", ".csv", "ru", false},
	}
	banners := map[string]string{
		"ru": "DEMO (демо): вымышленные чиновники и числа, не настоящие",
		"kk": "DEMO (демо): ойдан шығарылған шенеуніктер мен сандар, нақты емес",
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "lb"+tc.ext)
			if err := transfer.ExportLeaderboard(path, rows, transfer.LeaderboardOptions{Lang: tc.lang, Demo: tc.demo}); err != nil {
				t.Fatal(err)
			}
			if tc.ext == ".csv" {
				checkLeaderboardCSV(t, path, tc.demo, len(rows))
				return
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			all, err := f.GetRows("leaderboard")
			if err != nil {
				t.Fatal(err)
			}
			head := 0
			if tc.demo {
				head = 1
				if len(all) == 0 || len(all[0]) == 0 || all[0][0] != banners[tc.lang] {
					t.Fatalf("first row %q, want the DEMO banner %q", all[0], banners[tc.lang])
				}
			}
			if len(all) != head+1+len(rows) {
				t.Fatalf("%d rows, want %d", len(all), head+1+len(rows))
			}
			if all[head][1] == "" || all[head+1][1] != "Булат Бакауов" || all[head+1][7] != "179,241" {
				t.Errorf("header %q, first row %q", all[head], all[head+1])
			}
			for i, r := range all[head:] {
				for _, c := range r {
					if strings.Contains(c, "DEMO") {
						t.Errorf("row %d holds %q: DEMO only belongs in the banner", head+i+1, c)
					}
				}
			}
			if p, _ := f.GetPanes("leaderboard"); !p.Freeze || p.YSplit != head+1 {
				t.Errorf("panes = %+v, want rows 1–%d frozen", p, head+1)
			}
		})
	}
}

// checkLeaderboardCSV checks a leaderboard CSV's header and n rows for the
// demo column.
func checkLeaderboardCSV(t *testing.T, path string, demo bool, n int) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := transfer.LeaderboardColumns
	if demo {
		want = append(slices.Clone(want), transfer.LeaderboardDemoColumn)
	}
	if !slices.Equal(recs[0], want) {
		t.Fatalf("header %q, want %q", recs[0], want)
	}
	if len(recs) != n+1 {
		t.Fatalf("%d rows, want %d", len(recs)-1, n)
	}
	for _, r := range recs[1:] {
		if demo && r[len(r)-1] != "DEMO" {
			t.Errorf("row %q does not end in DEMO", r)
		}
		if !demo && bytes.Contains(b, []byte("DEMO")) {
			t.Errorf("a real leaderboard says DEMO: %q", r)
		}
	}
}
