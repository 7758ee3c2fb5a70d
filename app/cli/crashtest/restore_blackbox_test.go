package crashtest

import (
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// keptAs finds the path a restore says it kept the replaced database at.
var keptAs = regexp.MustCompile(`the previous database was kept as (\S+)`)

// TestTwoRestoresInOneSecondBlackBox runs akimwatch as a separate process
// (AKIMWATCH_CRASH_BIN runs the built binary) and restores two backups
// within one second: both replaced databases must be kept, under different
// names, each with the history it had.
func TestTwoRestoresInOneSecondBlackBox(t *testing.T) {
	h := newHarness(t)
	add := func(name string) {
		h.mustRun("add "+name, "officials", "add", "--name", name, "--position", "akim", "--region", "pavlodar")
	}
	add("Первый Тестовый")
	b1 := filepath.Join(h.dir, "one.db")
	h.mustRun("backup one", "backup", "--out", b1)
	add("Второй Тестовый")
	b2 := filepath.Join(h.dir, "two.db")
	h.mustRun("backup two", "backup", "--out", b2)
	add("Третий Тестовый") // only the original database has all three

	// Start just after a second begins, so both restores fall in it.
	time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second + 10*time.Millisecond)))
	start := time.Now()
	o1 := h.mustRun("first restore", "restore", b1)
	o2 := h.mustRun("second restore", "restore", b2)
	if took := time.Since(start); took > time.Second {
		t.Logf("the two restores took %s, more than a second: this run did not test the same-second case", took)
	}
	var kept []string
	for _, o := range []outcome{o1, o2} {
		m := keptAs.FindStringSubmatch(o.stderr)
		if m == nil {
			t.Fatalf("restore did not say where it kept the replaced database:\n%s", o.stderr)
		}
		kept = append(kept, m[1])
	}
	if kept[0] == kept[1] {
		t.Fatalf("both restores kept the replaced database as %s", kept[0])
	}
	want := []int{3, 1} // the original, then the database restored from one.db
	for i, p := range kept {
		if n := countOfficials(t, p, "Тестовый"); n != want[i] {
			t.Errorf("%s holds %d of the test's officials, want %d", p, n, want[i])
		}
	}
	if n := countOfficials(t, h.db, "Тестовый"); n != 2 {
		t.Errorf("the restored database holds %d of the test's officials, want 2", n)
	}
}

// countOfficials counts the officials whose name contains part, reading
// the file directly.
func countOfficials(t *testing.T, path, part string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM officials WHERE name LIKE ?", "%"+strings.TrimSpace(part)+"%").Scan(&n); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return n
}
