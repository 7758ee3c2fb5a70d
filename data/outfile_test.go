package data_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"akimwatch/data"
)

func TestCheckOutput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hist.xlsx") // a database may have any name
	for _, f := range []string{db, db + "-wal", db + "-shm", filepath.Join(dir, "old.csv")} {
		if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(data.BackupDir(db), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(db, filepath.Join(dir, "hard.db")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(db, filepath.Join(dir, "soft.csv")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "again")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	tests := []struct {
		name, path string
		opts       data.OutputOptions
		want       string // "" when allowed
	}{
		{"new file", "new.csv", data.OutputOptions{}, ""},
		{"the database", "hist.xlsx", data.OutputOptions{Force: true}, "it is the database"},
		{"the database, another spelling", "./sub/../hist.xlsx", data.OutputOptions{Force: true}, "it is the database"},
		{"the database via ..", filepath.Join(dir, "backups", "..", "hist.xlsx"), data.OutputOptions{Force: true}, "it is the database"},
		{"its WAL", "hist.xlsx-wal", data.OutputOptions{Force: true}, "wal file"},
		{"its SHM", "hist.xlsx-shm", data.OutputOptions{Force: true}, "shm file"},
		{"its lock", "hist.xlsx.lock", data.OutputOptions{Force: true}, "lock file"},
		{"a hard link to it", "hard.db", data.OutputOptions{Force: true}, "it is the database"},
		{"a symbolic link to it", "soft.csv", data.OutputOptions{Force: true}, "it is the database"},
		{"through a linked folder", filepath.Join("again", "hist.xlsx"), data.OutputOptions{Force: true}, "it is the database"},
		{"the backups folder", filepath.Join("backups", "x.csv"), data.OutputOptions{Force: true}, "backups folder"},
		{"a backup into backups", filepath.Join("backups", "x.db"), data.OutputOptions{IntoBackups: true}, ""},
		{"an existing file", "old.csv", data.OutputOptions{}, "already exists"},
		{"an existing file, forced", "old.csv", data.OutputOptions{Force: true}, ""},
		{"a folder", "backups", data.OutputOptions{Force: true}, "backups folder"},
		{"a missing folder", filepath.Join("nowhere", "x.csv"), data.OutputOptions{}, "the folder " + filepath.Join(dir, "nowhere") + " does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := data.CheckOutput("hist.xlsx", tt.path, tt.opts)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, data.ErrOutputRefused) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrOutputRefused saying %q", err, tt.want)
			}
		})
	}
}

func TestWriteOutput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	target := filepath.Join(dir, "out.csv")
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := data.WriteOutput(db, target, data.OutputOptions{}, write("one")); err != nil {
		t.Fatal(err)
	}
	if err := data.WriteOutput(db, target, data.OutputOptions{}, write("two")); !errors.Is(err, data.ErrOutputRefused) {
		t.Fatalf("second write without force: %v", err)
	}
	failed := errors.New("disk on fire")
	if err := data.WriteOutput(db, target, data.OutputOptions{Force: true}, func(w io.Writer) error { io.WriteString(w, "half"); return failed }); !errors.Is(err, failed) {
		t.Fatalf("failed write: %v", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "one" {
		t.Fatalf("a failed write changed the file to %q", b)
	}
	if err := data.WriteOutput(db, target, data.OutputOptions{Force: true}, write("three")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "three" {
		t.Fatalf("file = %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("left behind: %v", entries)
	}
}
