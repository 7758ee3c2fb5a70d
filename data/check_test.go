package data_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

// damagedDB makes a database with a backup, then damages it with how.
// It returns the database's path and the backup's.
func damagedDB(t *testing.T, how func(t *testing.T, path string)) (db, backup string) {
	t.Helper()
	ctx := context.Background()
	db = filepath.Join(t.TempDir(), "w.db")
	s, err := data.Open(ctx, db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	datatest.Fill(t, s, 40, 60, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	backup, err = s.BackupNow(ctx, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	how(t, db)
	return db, backup
}

// smashPage overwrites one page in the middle of the file with 0xFF.
func smashPage(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	at := (len(b) / page / 2) * page
	copy(b[at:at+page], bytes.Repeat([]byte{0xFF}, page))
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	// File times are coarse (a few ms on Linux): make sure this write is
	// seen as a change, as any real tool's write some time later is.
	later := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
}

// skewIndex makes an index disagree with its table, damage only the full
// integrity check finds: the index's definition is changed under it.
func skewIndex(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		"PRAGMA writable_schema = ON",
		"UPDATE sqlite_master SET sql = 'CREATE INDEX accounts_official ON accounts(active)' WHERE name = 'accounts_official'",
		"PRAGMA writable_schema = OFF",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// crashed leaves the owner note a killed akimwatch leaves behind.
func crashed(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path+".lock.owner", []byte("akimwatch refresh (pid 1, since 2026-03-01 00:00:00)\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestDamagedDatabaseIsRefused opens damaged databases for writing: each is
// refused with its name and the newest good backup, and left unchanged.
func TestDamagedDatabaseIsRefused(t *testing.T) {
	tests := []struct {
		name string
		how  func(t *testing.T, path string)
	}{
		{"smashed page, clean shutdown (quick check)", smashPage},
		{"index out of step, after a crash (full check)", func(t *testing.T, p string) { skewIndex(t, p); crashed(t, p) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, backup := damagedDB(t, tc.how)
			before, _ := os.ReadFile(db)
			s, err := data.Open(context.Background(), db, data.Options{})
			if err == nil {
				s.Close()
				t.Fatal("a damaged database was opened for writing")
			}
			msg := err.Error()
			if !errors.Is(err, data.ErrNotDatabase) || !strings.Contains(msg, db) || !strings.Contains(msg, backup) || !strings.Contains(msg, "damaged") {
				t.Errorf("err = %v, want ErrNotDatabase naming %s, the damage and the backup %s", err, db, backup)
			}
			if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
				t.Error("the damaged file was changed")
			}
		})
	}
}

// TestCleanDatabaseOpensAfterCrash checks that the full check after a crash
// passes an intact database, and that a clean close clears the crash mark.
func TestCleanDatabaseOpensAfterCrash(t *testing.T) {
	db, _ := damagedDB(t, crashed)
	s, err := data.Open(context.Background(), db, data.Options{})
	if err != nil {
		t.Fatalf("intact database after a crash: %v", err)
	}
	s.Close()
	if _, err := os.Stat(db + ".lock.owner"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the owner note is still there after a clean close: %v", err)
	}
}
