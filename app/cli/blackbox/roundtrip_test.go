// Package blackbox runs the built akimwatch binary as an analyst would,
// knowing nothing of its insides: only files in, files and exit codes out.
package blackbox

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binary builds akimwatch once per test run, or uses AKIMWATCH_BIN.
func binary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("AKIMWATCH_BIN"); p != "" {
		return p
	}
	if testing.Short() {
		t.Skip("-short: not building the akimwatch binary")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go tool to build akimwatch (%v); set AKIMWATCH_BIN", err)
	}
	// go test caches a passing result by the files the test itself reads:
	// stat every source file, so a change to any of them reruns the test.
	root := filepath.Join("..", "..", "..")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".sql") || strings.HasSuffix(p, ".json")) {
			_, err = os.Stat(p)
		}
		return err
	})
	if err != nil {
		t.Fatalf("list the sources: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "akimwatch")
	cmd := exec.Command(goTool, "build", "-tags", "migrated_fynedo", "-o", bin, "akimwatch")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build akimwatch: %v\n%s", err, out)
	}
	return bin
}

// akimwatch runs the binary on db with args and returns its exit code and output.
func akimwatch(t *testing.T, bin, db string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=/usr/bin:/bin"}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	}
	if err != nil {
		t.Fatalf("run akimwatch %v: %v", args, err)
	}
	return 0, out.String()
}

func must(t *testing.T, bin, db string, args ...string) string {
	t.Helper()
	code, out := akimwatch(t, bin, db, args...)
	if code != 0 {
		t.Fatalf("akimwatch %s: exit %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// history has every column: fetched, manual and article readings, likes
// and views, flags; one official of the seed (Бакауов) and one new.
const history = `official,platform,handle,time,followers,following,posts,likes,views,source,flags
Булат Бакауов,instagram,bakauov_b,2026-11-01T00:00:00Z,150000,12,900,,,api,
Булат Бакауов,instagram,bakauov_b,2026-11-02T00:00:00Z,150420,12,903,,,page,
Булат Бакауов,youtube,UCbakauov,2026-11-02T06:30:00Z,8100,,214,,1250000,api,
Новый Аким,threads,new_akim,2026-11-02T00:00:00Z,21000,40,12,5300,88000,manual,approx_count
Новый Аким,threads,new_akim,2020-05-01T00:00:00Z,900,,,,,article,approx_time+lower_bound
`

// Export → import into a new database → export gives identical files, for
// CSV and for XLSX, through the built binary.
func TestExportImportExportIdentical(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	db1, db2, db3 := filepath.Join(dir, "one.db"), filepath.Join(dir, "two.db"), filepath.Join(dir, "three.db")
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte(history), 0o600); err != nil {
		t.Fatal(err)
	}
	out := must(t, bin, db1, "import", in)
	if !strings.Contains(out, "imported 5 rows") || !strings.Contains(out, "1 handle-less accounts filled in") {
		t.Fatalf("import said %q", out)
	}
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	must(t, bin, db1, "export", "--out", a)
	must(t, bin, db2, "import", a)
	must(t, bin, db2, "export", "--out", b)
	ab, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ab, bb) {
		t.Fatalf("CSV after the round trip differs:\n%s\nfirst:\n%s", bb, ab)
	}
	for _, line := range strings.Split(strings.TrimSpace(history), "\n")[1:] {
		if !bytes.Contains(ab, []byte(line+"\n")) {
			t.Errorf("export lost %q", line)
		}
	}
	if !bytes.Contains(ab, []byte(",article,approx_time+lower_bound\n")) {
		t.Error("the seed's article baselines lost their provenance")
	}
	xa, xb := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx")
	must(t, bin, db1, "export", "--out", xa, "--lang", "kk")
	must(t, bin, db3, "import", xa)
	must(t, bin, db3, "export", "--out", xb, "--lang", "kk")
	xab, _ := os.ReadFile(xa)
	xbb, _ := os.ReadFile(xb)
	if !bytes.Equal(xab, xbb) {
		t.Fatal("XLSX after the round trip differs")
	}
	// "--db hist.xlsx export --out hist.xlsx" destroyed the database: now
	// it is refused, and the database survives.
	hist := filepath.Join(dir, "hist.xlsx")
	must(t, bin, hist, "import", a)
	for _, force := range [][]string{nil, {"--force"}} {
		if code, out := akimwatch(t, bin, hist, append([]string{"export", "--out", hist}, force...)...); code != 1 || !strings.Contains(out, "it is the database") {
			t.Fatalf("export onto the database: exit %d: %s", code, out)
		}
	}
	c := filepath.Join(dir, "c.csv")
	must(t, bin, hist, "export", "--out", c)
	if cb, _ := os.ReadFile(c); !bytes.Equal(cb, ab) {
		t.Fatal("the database changed after the refused exports")
	}
}
