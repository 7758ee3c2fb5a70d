package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"akimwatch/app/cli"
)

// run executes the CLI with args and returns its exit code, stdout and stderr.
func run(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), args, cli.Env{
		Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(""),
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) },
	})
	return code, out.String(), errOut.String()
}

func TestOfficialsListSeed(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	code, out, errOut := run(t, nil, "--db", db, "officials", "list", "--json")
	if code != cli.ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rows []struct {
		Name      string `json:"name"`
		Followers int64  `json:"followers"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 13 {
		t.Fatalf("listed %d officials, want the article's 13", len(rows))
	}
	// The table form lists them too, and AKIMWATCH_DB selects the same file.
	code, out, _ = run(t, map[string]string{"AKIMWATCH_DB": db}, "officials", "list")
	if code != 0 || !strings.Contains(out, "Булат Бакауов") || strings.Count(out, "\n") != 14 {
		t.Fatalf("table (exit %d):\n%s", code, out)
	}
}

func TestExitCodes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	notDB := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(notDB, []byte("not sqlite, just text"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
		stdout string
	}{
		{"help", []string{"--help"}, 0, "", "Commands:"},
		{"group alone", []string{"accounts"}, 0, "", "accounts list"},
		{"group help", []string{"officials", "--help"}, 0, "", "officials add"},
		{"command help", []string{"accounts", "add", "--help"}, 0, "", "-platform string"},
		{"unknown command", []string{"--db", db, "frobnicate"}, 2, "unknown command", ""},
		{"unknown flag", []string{"--db", db, "officials", "list", "--colour"}, 2, "flag provided but not defined", ""},
		{"missing name", []string{"--db", db, "officials", "add", "--position", "akim", "--region", "pavlodar"}, 2, "--name is required", ""},
		{"bad platform", []string{"--db", db, "accounts", "add", "--official", "Бакауов", "--platform", "myspace", "--handle", "x"}, 2, "unknown platform", ""},
		{"unknown official", []string{"--db", db, "accounts", "add", "--official", "Nobody", "--platform", "x", "--handle", "x"}, 1, "not found", ""},
		{"not a database", []string{"--db", notDB, "officials", "list"}, 1, notDB, ""},
		{"export without --out", []string{"--db", db, "export"}, 2, "--out", ""},
		{"import without file", []string{"--db", db, "import"}, 2, "exactly one CSV or XLSX file", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, nil, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if !strings.Contains(errOut, tt.stderr) || !strings.Contains(out, tt.stdout) {
				t.Fatalf("stdout %q / stderr %q; want %q / %q", out, errOut, tt.stdout, tt.stderr)
			}
			if tt.stdout != "" && strings.Count(out, tt.stdout) != 1 {
				t.Fatalf("stdout %q / stderr %q; want %q / %q", out, errOut, tt.stdout, tt.stderr)
			}
			if tt.code != 0 && (!strings.HasPrefix(errOut, "akimwatch: ") || strings.Count(errOut, "\n") != 1) {
				t.Fatalf("stderr must be one line starting with akimwatch: %q", errOut)
			}
		})
	}
}

func TestAddImportExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	mustRun := func(args ...string) string {
		t.Helper()
		code, out, errOut := run(t, nil, append([]string{"--db", db}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		return out
	}
	mustRun("officials", "add", "--name", "Нуржан Нуржигитов", "--position", "akim", "--region", "Туркестанская область", "--level", "district")
	mustRun("accounts", "add", "--official", "Nurzhigitov", "--platform", "telegram", "--handle", "@nurzhigitov_kz")
	csv := "official,platform,handle,time,followers,following,posts\n" +
		"Нуржан Нуржигитов,telegram,nurzhigitov_kz,2026-11-01T00:00:00Z,1200,,\n" +
		"Нуржан Нуржигитов,telegram,nurzhigitov_kz,2026-11-02T00:00:00Z,1250,,40\n" +
		"Новый Аким,instagram,new_akim,2026-11-02T12:00:00Z,300,10,5\n"
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := mustRun("import", in); !strings.Contains(out, "imported 3 rows") {
		t.Fatalf("import said %q", out)
	}
	outPath := filepath.Join(dir, "out.csv")
	mustRun("export", "--out", outPath)
	got, err := os.ReadFile(outPath)
	if err != nil {
		t.Fatal(err)
	}
	// The export also holds the seed's article figures; our rows come back
	// unchanged, with the new likes, views, source and flags columns.
	for _, line := range strings.Split(strings.TrimSpace(csv), "\n")[1:] {
		if !strings.Contains(string(got), line+",,,import,\n") {
			t.Errorf("export lacks %q", line)
		}
	}
	// Importing the export into a fresh database and exporting again is stable.
	db2 := filepath.Join(dir, "y.db")
	if code, _, e := run(t, nil, "--db", db2, "import", outPath); code != 0 {
		t.Fatalf("re-import: %s", e)
	}
	out2 := filepath.Join(dir, "out2.csv")
	if code, _, e := run(t, nil, "--db", db2, "export", "--out", out2); code != 0 {
		t.Fatalf("re-export: %s", e)
	}
	got2, _ := os.ReadFile(out2)
	if string(got2) != string(got) {
		t.Fatalf("export → import → export changed the rows:\n%s\nvs\n%s", got2, got)
	}
}

func TestBadImportChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	before := filepath.Join(dir, "before.csv")
	if code, _, e := run(t, nil, "--db", db, "export", "--out", before); code != 0 {
		t.Fatal(e)
	}
	bad := filepath.Join(dir, "bad.csv")
	content := "official,platform,handle,time,followers\nA,telegram,a,2026-11-01,10\nA,telegram,a,2026-13-45,10\n"
	if err := os.WriteFile(bad, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, nil, "--db", db, "import", bad)
	if code != 1 || !strings.Contains(errOut, "line 3") || !strings.Contains(errOut, "nothing was saved") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	after := filepath.Join(dir, "after.csv")
	run(t, nil, "--db", db, "export", "--out", after)
	b, _ := os.ReadFile(before)
	a, _ := os.ReadFile(after)
	if string(a) != string(b) {
		t.Fatal("a bad import changed the database")
	}
	code, out, _ := run(t, nil, "--db", db, "officials", "list", "--json")
	if code != 0 || strings.Contains(out, `"name": "A"`) {
		t.Fatal("a bad import created an official")
	}
}

func TestScanCSV(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("time,followers\n")
	f := int64(3000)
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 90 {
		f += 15 + int64((i*7)%5) - 2
		b.WriteString(day.AddDate(0, 0, i).Format("2006-01-02") + "," + itoa(f) + "\n")
	}
	b.WriteString(day.AddDate(0, 0, 90).Format("2006-01-02") + "," + itoa(f+19705) + "\n")
	in := filepath.Join(dir, "s.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, nil, "scan", "--csv", in)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || lines[0] != "time,kind,followers,change,score" || !strings.HasPrefix(lines[1], "2026-04-01T00:00:00Z,jump,") {
		t.Fatalf("scan output:\n%s", out)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("time,followers\n2026-01-01,5\nxx,4\n"), 0o600)
	code, _, errOut = run(t, nil, "scan", "--csv", bad)
	if code != 1 || !strings.Contains(errOut, "line 3") {
		t.Fatalf("bad scan input: exit %d, %q", code, errOut)
	}
	if code, _, _ := run(t, nil, "scan", "--csv", in, "--sensitivity", "extreme"); code != 2 {
		t.Fatalf("bad sensitivity exit %d, want 2", code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
