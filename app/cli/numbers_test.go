package cli_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"akimwatch/app/cli"
)

// chartCSV runs "chart … --out FILE.csv" and returns the rows by series.
func chartCSV(t *testing.T, db string, args ...string) map[string][][2]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "chart.csv")
	code, _, errOut := run(t, nil, append([]string{"--db", db, "chart", "--out", out}, args...)...)
	if code != cli.ExitOK {
		t.Fatalf("chart %v: exit %d: %s", args, code, errOut)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "time,series,value" {
		t.Fatalf("chart csv header %v, want time,series,value", recs[:min(1, len(recs))])
	}
	series := map[string][][2]string{}
	for _, r := range recs[1:] {
		if _, err := time.Parse(time.RFC3339, r[0]); err != nil || !strings.HasSuffix(r[0], "Z") {
			t.Fatalf("time %q is not RFC 3339 UTC", r[0])
		}
		series[r[1]] = append(series[r[1]], [2]string{r[0], r[2]})
	}
	return series
}

func value(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// importFile writes a history CSV and imports it into db.
func importFile(t *testing.T, db string, rows []string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.csv")
	body := "official,platform,handle,time,followers,following,posts\n" + strings.Join(rows, "\n") + "\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, nil, "--db", db, "import", path); code != cli.ExitOK {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
}

// TestChartGrowthWithALateAccount is the acceptance: an official
// whose Telegram starts a year after Instagram. k grows 250 → 500 in the
// first year and 500 → 750 in the second; Instagram has 4·k, Telegram k.
// By hand, growth over all time is (2000/1000)·(750/500) − 1 = +200 %
// (the old sum-of-counts chart said (3000+750)/1000 − 1 = +275 %), and no
// day's change is more than Instagram's usual ~3 a day plus Telegram's ~1.
func TestChartGrowthWithALateAccount(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	first := time.Date(2024, 11, 26, 8, 0, 0, 0, time.UTC) // "now" is 2026-11-27 09:00
	var rows []string
	for d := 0; d <= 730; d++ {
		k := 250 + 250*d/365
		ts := first.AddDate(0, 0, d).Format(time.RFC3339)
		rows = append(rows, fmt.Sprintf("Аким Поздний,instagram,late_ig,%s,%d,,", ts, 4*k))
		if d >= 365 {
			rows = append(rows, fmt.Sprintf("Аким Поздний,telegram,late_tg,%s,%d,,", ts, k))
		}
	}
	importFile(t, db, rows)
	growth := chartCSV(t, db, "--official", "Аким Поздний", "--mode", "growth", "--range", "all", "--lang", "en")
	total := growth["total"]
	if len(total) == 0 {
		t.Fatalf("no total series in %v", keys(growth))
	}
	if got := value(t, total[len(total)-1][1]); math.Abs(got-200) > 0.1 {
		t.Fatalf("growth over all time %.3f %%, want +200 %% (by hand) within 0.1 pp", got)
	}
	daily := chartCSV(t, db, "--official", "Аким Поздний", "--mode", "daily", "--range", "all", "--lang", "en")
	joinDay := first.AddDate(0, 0, 365).Truncate(24 * time.Hour).Format(time.RFC3339)
	seen := false
	for _, p := range daily["total"] {
		v := value(t, p[1])
		if v > 5 || v < 0 {
			t.Fatalf("daily change %v on %s; the join must not show as a spike", v, p[0])
		}
		seen = seen || p[0] == joinDay
	}
	if !seen {
		t.Fatalf("no daily value on the join day %s", joinDay)
	}
}

func keys(m map[string][][2]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestLeaderboardListAndChartAgree is the acceptance: for every
// official of an imported history (accounts that join late, stop, skip
// days), "leaderboard --json", "officials list --json" and the last point
// of "chart --mode followers --out x.csv" give the same total, and the
// leaderboard and the list the same 7-day change.
func TestLeaderboardListAndChartAgree(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	rng := rand.New(rand.NewPCG(13, 2026))
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	plats := []string{"instagram", "telegram", "facebook", "youtube", "x"}
	var rows []string
	for o := range 8 {
		name := fmt.Sprintf("Аким Импорт %d", o)
		for p := range 1 + rng.IntN(3) {
			start := rng.IntN(200)
			stop := 200
			if rng.IntN(4) == 0 {
				stop = start + rng.IntN(200-start+1)
			}
			f := 1000 + rng.IntN(20000)
			for d := start; d <= stop; d++ {
				if rng.IntN(5) == 0 {
					continue
				}
				f += rng.IntN(30) - 8
				ts := now.AddDate(0, 0, d-200).Add(-time.Duration(1+rng.IntN(20)) * time.Hour)
				rows = append(rows, fmt.Sprintf("%s,%s,h%d_%d,%s,%d,,%d", name, plats[p], o, p, ts.Format(time.RFC3339), f, d))
			}
		}
	}
	importFile(t, db, rows)
	var board []struct {
		Rank      *int   `json:"rank"`
		Official  string `json:"official"`
		Followers int64  `json:"followers"`
		Apart     bool   `json:"apart"`
		Change7d  *int64 `json:"change_7d"`
		Posts7d   *int64 `json:"posts_7d"`
	}
	code, out, errOut := run(t, nil, "--db", db, "leaderboard", "--by", "official", "--json")
	if code != cli.ExitOK || json.Unmarshal([]byte(out), &board) != nil {
		t.Fatalf("leaderboard: exit %d: %s %s", code, errOut, out)
	}
	var list []struct {
		ID        int64  `json:"id"`
		Name      string `json:"name"`
		Followers int64  `json:"followers"`
		Change7d  *int64 `json:"change_7d"`
	}
	code, out, errOut = run(t, nil, "--db", db, "officials", "list", "--json")
	if code != cli.ExitOK || json.Unmarshal([]byte(out), &list) != nil {
		t.Fatalf("officials list: exit %d: %s", code, errOut)
	}
	byName := map[string]int{}
	for i, b := range board {
		byName[b.Official] = i
	}
	checked := 0
	for _, o := range list {
		if !strings.HasPrefix(o.Name, "Аким Импорт") {
			continue // the seeded watchlist has article figures only
		}
		i, ok := byName[o.Name]
		if !ok {
			t.Fatalf("%s is not on the leaderboard", o.Name)
		}
		b := board[i]
		if b.Apart {
			continue
		}
		checked++
		series := chartCSV(t, db, "--official", strconv.FormatInt(o.ID, 10), "--mode", "followers", "--range", "all", "--lang", "en")
		line := series["total"]
		if len(series) == 1 { // one account: its own line is the total
			for _, l := range series {
				line = l
			}
		}
		last := value(t, line[len(line)-1][1])
		if b.Followers != o.Followers || float64(o.Followers) != last || b.Rank == nil {
			t.Errorf("%s: leaderboard %d (rank %v), officials list %d, chart ends at %v", o.Name, b.Followers, b.Rank, o.Followers, last)
		}
		if (b.Change7d == nil) != (o.Change7d == nil) || b.Change7d != nil && *b.Change7d != *o.Change7d {
			t.Errorf("%s: 7-day change: leaderboard %v, officials list %v", o.Name, b.Change7d, o.Change7d)
		}
		if b.Posts7d == nil {
			t.Errorf("%s: no posts in 7 days though every reading has a post count", o.Name)
		}
	}
	if checked < 4 {
		t.Fatalf("only %d officials compared", checked)
	}
}

func TestLeaderboardCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	var rows []string
	for d := 0; d < 40; d++ {
		ts := now.AddDate(0, 0, d-40).Format(time.RFC3339)
		rows = append(rows, fmt.Sprintf("Аким Большой,instagram,big,%s,%d,,%d", ts, 10000+d, 2*d))
		rows = append(rows, fmt.Sprintf("Аким Малый,telegram,small,%s,%d,,%d", ts, 500+10*d, 5*d))
	}
	importFile(t, db, rows)
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"table", []string{"leaderboard"}, 0, "Аким Большой", ""},
		{"accounts", []string{"leaderboard", "--by", "account", "--json"}, 0, `"handle": "small"`, ""},
		{"sorted by posts", []string{"leaderboard", "--sort", "posts_7d", "--json"}, 0, `"posts_7d": 30`, ""},
		{"csv", []string{"leaderboard", "--out", filepath.Join(dir, "b.csv")}, 0, "exported", ""},
		{"png", []string{"leaderboard", "--out", filepath.Join(dir, "b.png"), "--sort", "change_7d"}, 0, "b.png", ""},
		{"at a date", []string{"leaderboard", "--at", "2026-11-01", "--json"}, 0, `"rank": 1`, ""},
		{"help", []string{"leaderboard", "--help"}, 0, "-by string", ""},
		{"bad by", []string{"leaderboard", "--by", "region"}, 2, "", "want official or account"},
		{"bad date", []string{"leaderboard", "--at", "27.11.2026"}, 2, "", "YYYY-MM-DD"},
		{"bad sort", []string{"leaderboard", "--sort", "likes"}, 2, "", "unknown sort"},
		{"bad out", []string{"leaderboard", "--out", "x.pdf"}, 2, "", ".csv, .xlsx or .png"},
		{"bad region", []string{"leaderboard", "--region", "Mars"}, 2, "", "--region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, nil, append([]string{"--db", db}, tt.args...)...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Fatalf("exit %d (want %d)\nstdout %s\nstderr %s", code, tt.code, out, errOut)
			}
		})
	}
	// sorted by 7-day posts, Малый (5 a day) comes before Большой (2 a day)
	_, out, _ := run(t, nil, "--db", db, "leaderboard", "--sort", "posts_7d", "--json")
	if strings.Index(out, "Аким Малый") > strings.Index(out, "Аким Большой") {
		t.Fatalf("posts_7d order:\n%s", out)
	}
}
