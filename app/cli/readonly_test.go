//go:build linux

package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadingInReadOnlyFolder puts the database in a folder that becomes
// read-only (a read-only filesystem: as root, chmod would not stop
// writes): the lock file cannot be created there, yet the commands that
// only read still work, read-only, with a note saying so.
func TestReadingInReadOnlyFolder(t *testing.T) {
	dir := mountTmpfs(t, 64<<20)
	db := filepath.Join(dir, "akimwatch.db")
	if code, out := diskRun(db, "officials", "add", "--name", "Аким Только Чтения", "--position", "akim", "--region", "pavlodar"); code != 0 {
		t.Fatalf("create: %s", out)
	}
	// A folder copied from elsewhere, or made read-only before akimwatch
	// ever locked the database in it, has no lock file.
	for _, extra := range []string{".lock", ".lock.owner", ".checked"} {
		_ = os.Remove(db + extra)
	}
	remountReadOnly(t, dir)
	before := fileSum(t, db)
	exp := filepath.Join(t.TempDir(), "out.csv")
	tests := []struct {
		args []string
		want string // in the output
	}{
		{[]string{"officials", "list"}, "Аким Только Чтения"},
		{[]string{"officials", "list", "--json"}, "Аким Только Чтения"},
		{[]string{"accounts", "list"}, ""},
		{[]string{"export", "--out", exp}, ""},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out := diskRun(db, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, out)
			}
			if !strings.Contains(out, tc.want) || !strings.Contains(out, "read-only") {
				t.Errorf("output lacks %q or the read-only note:\n%s", tc.want, out)
			}
		})
	}
	if fileSum(t, db) != before {
		t.Error("the database changed")
	}
}
