package transfer_test

import (
	"path/filepath"
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
	if err := transfer.ExportLeaderboard(path, rows, "ru"); err != nil {
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
