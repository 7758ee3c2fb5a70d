package data_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

func TestSecondWriterIsRefusedButReadersWork(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.db")
	first, err := data.Open(ctx, path, data.Options{Role: "desktop app"})
	if err != nil {
		t.Fatal(err)
	}
	datatest.Official(t, first, "Булат Бакауов")
	_, err = data.Open(ctx, path, data.Options{Role: "akimwatch refresh"})
	if !errors.Is(err, data.ErrLocked) {
		t.Fatalf("second writer err = %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "desktop app") {
		t.Fatalf("message should name the database and the running instance: %v", err)
	}
	ro, err := data.Open(ctx, path, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	offs, err := ro.Officials(ctx)
	if err != nil || len(offs) != 1 {
		t.Fatalf("read-only officials = %d, %v", len(offs), err)
	}
	if _, err := ro.CreateOfficial(ctx, data.Official{Name: "X"}); !errors.Is(err, data.ErrReadOnly) {
		t.Fatalf("write through read-only store err = %v", err)
	}
	ro.Close()
	first.Close()
	again, err := data.Open(ctx, path, data.Options{})
	if err != nil {
		t.Fatalf("open after the first closed: %v", err)
	}
	again.Close()
}

func TestBackupRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "w.db")
	s, err := data.Open(ctx, path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := datatest.Account(t, s, datatest.Official(t, s, "A"), data.X, "a")
	if err := s.AddSnapshots(ctx, datatest.Daily(a.ID, t0, 5, 10, 1)); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC)
	var made []string
	for i := range 9 {
		p, err := s.AutoBackup(ctx, day.AddDate(0, 0, i))
		if err != nil || p == "" {
			t.Fatalf("auto backup day %d = %q, %v", i, p, err)
		}
		made = append(made, p)
		if p2, _ := s.AutoBackup(ctx, day.AddDate(0, 0, i).Add(time.Hour)); p2 != "" {
			t.Fatal("a second backup on the same day")
		}
	}
	list, _ := data.Backups(path)
	if len(list) != data.KeepBackups || list[0].Path != made[8] {
		t.Fatalf("kept %d backups, newest %v; want %d, newest %s", len(list), list[0], data.KeepBackups, made[8])
	}
	s.Close()

	// Damage the database: the next open names it and offers the backup.
	if err := os.WriteFile(path, []byte("garbage garbage garbage garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = data.Open(ctx, path, data.Options{})
	if !errors.Is(err, data.ErrNotDatabase) || !strings.Contains(err.Error(), made[8]) {
		t.Fatalf("open damaged db err = %v, want the newest backup named", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "garbage garbage garbage garbage" {
		t.Fatal("the damaged file was changed")
	}
	// A damaged backup is refused; a good one restores, keeping the damaged file aside.
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, []byte("SQLite format 3\x00 truncated"), 0o600)
	if _, err := data.Restore(ctx, path, bad, day); err == nil {
		t.Fatal("restored from a damaged backup")
	}
	aside, err := data.Restore(ctx, path, made[8], day)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(aside); string(b) != "garbage garbage garbage garbage" {
		t.Fatal("the damaged file was not kept aside")
	}
	s, err = data.Open(ctx, path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.SnapshotCount(ctx, 0); n != 5 {
		t.Fatalf("restored %d snapshots, want 5", n)
	}
}
