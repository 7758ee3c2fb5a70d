package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestLeaderboardOutMarksDemo runs "leaderboard --out" on a generated demo
// database and on a real one: the demo files say DEMO (a banner row in the
// XLSX, a demo column in the CSV), the real ones do not.
func TestLeaderboardOutMarksDemo(t *testing.T) {
	dir := t.TempDir()
	demoDB := filepath.Join(dir, "demo.db")
	if code, _, e := run(t, nil, "--db", demoDB, "dev", "gen", "--officials", "4", "--days", "20", "--spikes", "1"); code != 0 {
		t.Fatal(e)
	}
	realDB := filepath.Join(dir, "real.db")
	importFile(t, realDB, []string{"Аким Настоящий,telegram,real_tg,2026-11-20T09:00:00Z,1500,,"})
	tests := []struct {
		name string
		db   string
		ext  string
		demo bool
	}{
		{"demo xlsx", demoDB, ".xlsx", true},
		{"demo csv", demoDB, ".csv", true},
		{"real xlsx", realDB, ".xlsx", false},
		{"real csv", realDB, ".csv", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "board"+tc.ext)
			if code, stdout, e := run(t, nil, "--db", tc.db, "leaderboard", "--out", out, "--lang", "en"); code != 0 {
				t.Fatalf("exit %d: %s %s", code, stdout, e)
			}
			var first string // the first row, as text
			if tc.ext == ".csv" {
				b, err := os.ReadFile(out)
				if err != nil {
					t.Fatal(err)
				}
				if marked := strings.Contains(string(b), ",DEMO\n"); marked != tc.demo {
					t.Errorf("rows marked DEMO: %v, want %v:\n%.300s", marked, tc.demo, b)
				}
				first, _, _ = strings.Cut(string(b), "\n")
				if strings.HasSuffix(first, ",demo") != tc.demo {
					t.Errorf("header %q: demo column %v, want %v", first, !tc.demo, tc.demo)
				}
				return
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			first, err = f.GetCellValue("leaderboard", "A1")
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.HasPrefix(first, "DEMO: synthetic officials and numbers"); got != tc.demo {
				t.Errorf("A1 %q: DEMO banner %v, want %v", first, got, tc.demo)
			}
		})
	}
}
