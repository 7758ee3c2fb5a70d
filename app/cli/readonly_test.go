//go:build linux

package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// bindReadOnly makes the single file path read-only with a read-only bind
// mount (as root, chmod does not stop writes), or skips the test where
// mounting is not allowed.
func bindReadOnly(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mount(path, path, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount here (%v): skipping", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(path, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", path, err)
		}
	})
	if err := syscall.Mount(path, path, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Fatalf("remount %s read-only: %v", path, err)
	}
}

// A read-only database file (in a writable folder) is named as the cause;
// the error does not blame a line of the input.
func TestReadOnlyDatabaseFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if code, out := diskRun(db, "officials", "list"); code != 0 {
		t.Fatal(out)
	}
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("official,platform,handle,time,followers\nA,x,a,2026-11-01,1\nA,x,a,2026-11-02,2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bindReadOnly(t, db)
	for _, args := range [][]string{
		{"import", in},
		{"officials", "add", "--name", "X", "--position", "akim", "--region", "pavlodar"},
	} {
		code, out := diskRun(db, args...)
		first := strings.SplitN(out, "\n", 2)[0]
		if code != 1 || !strings.HasPrefix(first, "akimwatch: the database file "+db+" is read-only") {
			t.Fatalf("%v: exit %d, first line %q; want it to name the read-only file", args, code, first)
		}
	}
}

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
