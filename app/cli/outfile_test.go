package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every command that writes a file refuses the database, its companion
// files and backups, and an existing file without --force.
func TestCommandsRefuseDangerousOutputs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hist.xlsx") // --db hist.xlsx export --out hist.xlsx destroyed it
	if code, _, errOut := run(t, nil, "--db", db, "officials", "list"); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := run(t, nil, "--db", db, "backup"); code != 0 {
		t.Fatal(errOut)
	}
	existing := filepath.Join(dir, "report.csv")
	if err := os.WriteFile(existing, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	backups, _ := filepath.Glob(filepath.Join(dir, "backups", "*"))
	if len(backups) != 1 {
		t.Fatalf("backups = %v", backups)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"export onto the database", []string{"export", "--out", db, "--force"}, "it is the database"},
		{"backup onto the WAL", []string{"backup", "--out", db + "-wal"}, "wal file"},
		{"export into backups", []string{"export", "--out", filepath.Join(dir, "backups", "h.csv")}, "backups folder"},
		{"export onto a backup", []string{"export", "--out", strings.TrimSuffix(backups[0], ".db") + ".csv"}, "backups folder"},
		{"export onto an existing file", []string{"export", "--out", existing}, "already exists"},
		{"export into a missing folder", []string{"export", "--out", filepath.Join(dir, "nope", "h.csv")}, "the folder " + filepath.Join(dir, "nope") + " does not exist"},
		{"chart onto an existing file", []string{"chart", "--official", "Бакауов", "--out", filepath.Join(dir, "c.png"), "--range", "all"}, ""},
		{"chart again", []string{"chart", "--official", "Бакауов", "--out", filepath.Join(dir, "c.png"), "--range", "all"}, "already exists"},
		{"chart beside the database", []string{"chart", "--official", "Бакауов", "--out", db + "-shm.png"}, ""},
		{"chart into a missing folder", []string{"chart", "--official", "Бакауов", "--out", filepath.Join(dir, "nope", "c.svg")}, "does not exist"},
		{"backup onto the database", []string{"backup", "--out", db}, "it is the database"},
		{"backup onto an existing file", []string{"backup", "--out", existing}, "already exists"},
		{"leaderboard onto an existing file", []string{"leaderboard", "--out", existing}, "already exists"},
		{"leaderboard PNG", []string{"leaderboard", "--out", filepath.Join(dir, "top.png")}, ""},
		{"leaderboard PNG again", []string{"leaderboard", "--out", filepath.Join(dir, "top.png")}, "already exists"},
		{"leaderboard PNG replaced", []string{"leaderboard", "--out", filepath.Join(dir, "top.png"), "--force"}, ""},
		{"leaderboard into backups", []string{"leaderboard", "--out", filepath.Join(dir, "backups", "l.xlsx")}, "backups folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := run(t, nil, append([]string{"--db", db}, tt.args...)...)
			if tt.want == "" {
				if code != 0 {
					t.Fatalf("exit %d: %s", code, errOut)
				}
				return
			}
			if code != 1 || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q; want 1 saying %q", code, errOut, tt.want)
			}
		})
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("the database file changed")
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep me" {
		t.Fatalf("the existing file became %q", b)
	}
	// --force replaces an ordinary file, through a temporary file beside it.
	if code, _, errOut := run(t, nil, "--db", db, "export", "--out", existing, "--force"); code != 0 {
		t.Fatal(errOut)
	}
	if b, _ := os.ReadFile(existing); !strings.HasPrefix(string(b), "official,platform") {
		t.Fatalf("forced export wrote %q", b)
	}
	if code, _, errOut := run(t, nil, "--db", db, "chart", "--official", "Бакауов", "--out", filepath.Join(dir, "c.png"), "--force"); code != 0 {
		t.Fatal(errOut)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) != 0 {
		t.Fatalf("temporary files left: %v", left)
	}
	if code, _, errOut := run(t, nil, "--db", db, "officials", "list"); code != 0 {
		t.Fatalf("database unusable after the attempts: %s", errOut)
	}
}
