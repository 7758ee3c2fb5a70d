package data_test

import (
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

// TestTwoRestoresInOneSecondKeepBothReplaced restores twice within the same
// second: each replaced database must be kept under its own name, so the
// original history survives the second restore.
func TestTwoRestoresInOneSecondKeepBothReplaced(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "w.db")
	backup := func(name string) string {
		t.Helper()
		s, err := data.Open(ctx, path, data.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		datatest.Official(t, s, name)
		out := filepath.Join(dir, name+".db")
		if err := s.Backup(ctx, out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := backup("Первый")  // database holds Первый
	second := backup("Второй") // database holds Первый, Второй: the original
	now := time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC)
	aside1, err := data.Restore(ctx, path, first, now)
	if err != nil {
		t.Fatal(err)
	}
	aside2, err := data.Restore(ctx, path, second, now.Add(400*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if aside1 == "" || aside1 == aside2 {
		t.Fatalf("the replaced databases were kept as %q and %q", aside1, aside2)
	}
	want := map[string][]string{aside1: {"Первый", "Второй"}, aside2: {"Первый"}}
	for p, names := range want {
		got := officialsIn(t, p)
		if strings.Join(got, ",") != strings.Join(names, ",") {
			t.Errorf("%s holds %v, want %v", p, got, names)
		}
	}
}

// officialsIn reads the officials' names straight from a database file.
func officialsIn(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT name FROM officials ORDER BY id")
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// TestRestoreRefusesWhatIsNotABackup offers Restore files that are not
// akimwatch databases: each is refused with a message naming the file and
// what is wrong, and the current database is left as it was.
func TestRestoreRefusesWhatIsNotABackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "w.db")
	s, err := data.Open(ctx, path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	datatest.Official(t, s, "Текущий")
	s.Close()
	foreign := filepath.Join(dir, "foreign.db")
	fdb, err := sql.Open("sqlite3", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO recipes VALUES (1, 'plov')"); err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, want string
	}{
		{"empty file", empty, "empty"},
		{"sqlite without our tables", foreign, "not an akimwatch database"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadFile(path)
			_, err := data.Restore(ctx, path, tc.file, time.Now())
			if err == nil {
				t.Fatal("restored")
			}
			if !errors.Is(err, data.ErrNotDatabase) || !strings.Contains(err.Error(), tc.file) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want ErrNotDatabase naming %s and %q", err, tc.file, tc.want)
			}
			after, _ := os.ReadFile(path)
			if string(before) != string(after) {
				t.Error("the current database changed")
			}
			if got := officialsIn(t, path); len(got) != 1 || got[0] != "Текущий" {
				t.Errorf("the current database holds %v", got)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.Contains(e.Name(), "before-restore") || strings.Contains(e.Name(), ".restoring") {
					t.Errorf("a refused restore left %s", e.Name())
				}
			}
		})
	}
}
