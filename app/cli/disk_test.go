//go:build linux

package cli_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the checks read the database directly

	"akimwatch/app/cli"
	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// mountTmpfs mounts a tmpfs of size bytes on a new temp folder, or skips
// the test where mounting is not allowed (not root, or a container without
// CAP_SYS_ADMIN). As root, chmod does not stop writes, so a real read-only
// or full filesystem is the only honest test.
func mountTmpfs(t *testing.T, size int64) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_NOSUID|syscall.MS_NODEV, fmt.Sprintf("size=%d,mode=0755", size)); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v): skipping the disk tests", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dir, err)
		}
	})
	return dir
}

// readOnlyDir reports whether dir is on a read-only filesystem.
func readOnlyDir(dir string) bool { return errors.Is(syscall.Access(dir, 2), syscall.EROFS) }

// remountReadOnly makes the tmpfs at dir read-only.
func remountReadOnly(t *testing.T, dir string) {
	t.Helper()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Fatalf("remount %s read-only: %v", dir, err)
	}
}

// fillDisk writes a filler file in dir until the filesystem is full.
func fillDisk(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 4096)
	for {
		if _, err := f.Write(chunk); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			t.Fatal(err)
		}
	}
}

// diskRun runs the CLI on db and returns the exit code and all it printed.
func diskRun(db string, args ...string) (int, string) {
	var out bytes.Buffer
	code := cli.Run(context.Background(), append([]string{"--db", db}, args...), cli.Env{
		Stdout: &out, Stderr: &out, Stdin: strings.NewReader(""),
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) },
	})
	return code, out.String()
}

// fileSum hashes the database and its WAL: what the app "had".
func fileSum(t *testing.T, db string) string {
	t.Helper()
	h := sha256.New()
	for _, p := range []string{db, db + "-wal"} {
		f, err := os.Open(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// dbFacts checks the database's integrity and counts its snapshots. On a
// read-only filesystem SQLite can read a WAL database only as immutable.
func dbFacts(t *testing.T, db string) (string, int64) {
	t.Helper()
	q := "?_busy_timeout=5000"
	if readOnlyDir(filepath.Dir(db)) {
		q = "?mode=ro&immutable=1"
	}
	sdb, err := sql.Open("sqlite3", "file:"+db+q)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var ok string
	var n int64
	if err := sdb.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil {
		t.Fatal(err)
	}
	if err := sdb.QueryRow("SELECT count(*) FROM snapshots").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return ok, n
}

// bigCSV writes an import file of rows readings to path.
func bigCSV(t *testing.T, path string, rows int) {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("official,platform,handle,time,followers,following,posts\n")
	at := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		fmt.Fprintf(&b, "Аким %d,youtube,UC%022d,%s,%d,1,2\n", i%50, i%50+1, at.Add(time.Duration(i)*10*time.Minute).Format(time.RFC3339), 1000+i)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestReadOnlyDataFolder puts the database on a filesystem that turns
// read-only: every writing command fails with a message naming the
// database, and the file is left exactly as it was.
func TestReadOnlyDataFolder(t *testing.T) {
	dir := mountTmpfs(t, 64<<20)
	db := filepath.Join(dir, "akimwatch.db")
	if code, out := diskRun(db, "officials", "list"); code != 0 {
		t.Fatalf("create: %s", out)
	}
	csv := filepath.Join(t.TempDir(), "in.csv")
	bigCSV(t, csv, 100)
	remountReadOnly(t, dir)
	before := fileSum(t, db)
	_, snaps := dbFacts(t, db)
	for _, args := range [][]string{
		{"import", csv},
		{"refresh"},
		{"backup"},
		{"officials", "add", "--name", "Новый Аким", "--position", "akim", "--region", "pavlodar"},
	} {
		t.Run(args[0], func(t *testing.T) {
			code, out := diskRun(db, args...)
			if code != cli.ExitFailure {
				t.Fatalf("exit %d, want %d:\n%s", code, cli.ExitFailure, out)
			}
			if !strings.HasPrefix(out, "akimwatch: the folder of "+db+" is read-only; the database was not changed") {
				t.Errorf("message does not name the database and say it is read-only:\n%s", out)
			}
			if fileSum(t, db) != before {
				t.Error("the database changed")
			}
		})
	}
	if ok, n := dbFacts(t, db); ok != "ok" || n != snaps {
		t.Errorf("after the attempts: integrity %q, %d snapshots (had %d)", ok, n, snaps)
	}
}

// TestDiskFull puts the database on a tiny filesystem and fills it: an
// import, a refresh and a backup fail with a message saying the disk is
// full, and the database keeps what it had and opens again afterwards.
func TestDiskFull(t *testing.T) {
	dir := mountTmpfs(t, 2<<20)
	db := filepath.Join(dir, "akimwatch.db")
	if code, out := diskRun(db, "officials", "list"); code != 0 {
		t.Fatalf("create: %s", out)
	}
	small := filepath.Join(t.TempDir(), "small.csv")
	bigCSV(t, small, 200)
	if code, out := diskRun(db, "import", small); code != 0 {
		t.Fatalf("small import: %s", out)
	}
	big := filepath.Join(t.TempDir(), "big.csv")
	bigCSV(t, big, 200_000) // far more than 2 MiB once stored
	_, snaps := dbFacts(t, db)

	t.Run("import", func(t *testing.T) {
		code, out := diskRun(db, "import", big)
		if code != cli.ExitFailure || !strings.HasPrefix(out, "akimwatch: the disk holding "+db+" is full") || !strings.Contains(out, "nothing was saved") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
		if ok, n := dbFacts(t, db); ok != "ok" || n != snaps {
			t.Errorf("integrity %q, %d snapshots (had %d)", ok, n, snaps)
		}
	})
	fillDisk(t, dir)
	t.Run("backup", func(t *testing.T) {
		code, out := diskRun(db, "backup")
		if code != cli.ExitFailure || !strings.HasPrefix(out, "akimwatch: the disk holding "+db+" is full") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, "backups", "*")); len(left) != 0 {
			t.Errorf("a failed backup left %v", left)
		}
	})
	t.Run("add", func(t *testing.T) {
		code, out := diskRun(db, "officials", "add", "--name", "Новый Аким", "--position", "akim", "--region", "pavlodar")
		if code != cli.ExitFailure || !strings.HasPrefix(out, "akimwatch: the disk holding "+db+" is full") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	// Space freed: the database has what it had, and the next run works.
	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	if ok, n := dbFacts(t, db); ok != "ok" || n != snaps {
		t.Errorf("integrity %q, %d snapshots (had %d)", ok, n, snaps)
	}
	if code, out := diskRun(db, "officials", "add", "--name", "Новый Аким", "--position", "akim", "--region", "pavlodar"); code != 0 {
		t.Fatalf("after freeing space: exit %d:\n%s", code, out)
	}
}

// TestDiskFullDuringRefresh lets a refresh open the database on a nearly
// full disk, so the batch it fetched cannot be written: the refresh fails
// with the disk-full message, no account gets a new snapshot or check, and
// once there is room the next refresh writes them all.
func TestDiskFullDuringRefresh(t *testing.T) {
	dir := mountTmpfs(t, 4<<20)
	db := filepath.Join(dir, "akimwatch.db")
	world := sourcetest.New(t)
	env := world.Env()
	const n = 800 // one VK call, one transaction of 800 snapshots and checks
	var b bytes.Buffer
	b.WriteString("official,platform,handle,time,followers\n")
	for i := range n {
		handle := fmt.Sprintf("akim_vk%d", i)
		world.Set(data.VK, handle, int64(5000+i))
		fmt.Fprintf(&b, "Аким %d,vk,%s,2026-01-01,100\n", i/4, handle)
	}
	csv := filepath.Join(t.TempDir(), "watchlist.csv")
	if err := os.WriteFile(csv, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string) {
		var out bytes.Buffer
		code := cli.Run(context.Background(), append([]string{"--db", db}, args...), cli.Env{
			Stdout: &out, Stderr: &out, Stdin: strings.NewReader(""),
			Getenv:  func(k string) string { return env[k] },
			Now:     func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) },
			Keyring: func(string, string) (string, error) { return "", errors.New("no keyring in tests") },
		})
		return code, out.String()
	}
	if code, out := run("import", csv); code != 0 {
		t.Fatalf("import: %s", out)
	}
	_, snaps := dbFacts(t, db)
	// Fill the disk, then free just enough for SQLite to open the database
	// (its -shm index and an empty log), not for the batch.
	reserve := filepath.Join(dir, "reserve")
	if err := os.WriteFile(reserve, make([]byte, 48<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	fillDisk(t, dir)
	if err := os.Remove(reserve); err != nil {
		t.Fatal(err)
	}
	code, out := run("refresh", "--no-scan")
	if code != cli.ExitFailure || !strings.Contains(out, "\nakimwatch: the disk holding "+db+" is full") {
		t.Fatalf("refresh on a full disk: exit %d:\n%s", code, out)
	}
	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	if ok, got := dbFacts(t, db); ok != "ok" || got != snaps {
		t.Fatalf("after the failed refresh: integrity %q, %d snapshots (had %d)", ok, got, snaps)
	}
	if code, out := run("refresh", "--no-scan"); code != 0 || !strings.Contains(out, fmt.Sprintf("%d fetched", n)) {
		t.Fatalf("refresh with room again: exit %d:\n%s", code, out)
	}
	if _, got := dbFacts(t, db); got != snaps+n {
		t.Errorf("%d snapshots after the refresh, want %d", got, snaps+n)
	}
}
