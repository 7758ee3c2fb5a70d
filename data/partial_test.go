package data_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"akimwatch/data"
)

// TestStaleBackupPartialsAreRemoved leaves the unfinished file of a killed
// backup in the backups folder: the next open for writing (or the next
// backup) removes it and nothing else.
func TestStaleBackupPartialsAreRemoved(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		next func(t *testing.T, s *data.SQLiteStore) // runs with the stale file in place; closes s
	}{
		{"next open", func(t *testing.T, s *data.SQLiteStore) {
			s.Close()
			again, err := data.Open(ctx, s.Path(), data.Options{})
			if err != nil {
				t.Fatal(err)
			}
			again.Close()
		}},
		{"next backup", func(t *testing.T, s *data.SQLiteStore) {
			defer s.Close()
			if _, err := s.BackupNow(ctx, time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "w.db")
			backups := data.BackupDir(db)
			if err := os.MkdirAll(backups, 0o750); err != nil {
				t.Fatal(err)
			}
			stale := filepath.Join(backups, "w-20261129-030000.db.partial")
			keep := []string{
				filepath.Join(backups, "w-20261128-030000.db"),             // a finished backup
				filepath.Join(backups, "other-20261129-030000.db.partial"), // another database's
				filepath.Join(backups, "notes.partial"),                    // not a backup's name
			}
			s, err := data.Open(ctx, db, data.Options{})
			if err != nil {
				t.Fatal(err)
			}
			// Left by a backup killed while this store was open.
			for _, p := range append([]string{stale}, keep...) {
				if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			tc.next(t, s)
			if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the killed backup's %s is still there (%v)", filepath.Base(stale), err)
			}
			for _, p := range keep {
				if _, err := os.Stat(p); err != nil {
					t.Errorf("%s was removed: %v", filepath.Base(p), err)
				}
			}
		})
	}
}
