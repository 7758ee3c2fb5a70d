package data

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestNeedsCheck walks the states of the check note: a clean close lets
// the next open skip the check once; a crash, a change by another program
// or a missing note makes it check.
func TestNeedsCheck(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "w.db")
	reopen := func() {
		t.Helper()
		s, err := Open(ctx, db, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	reopen()
	real := realPath(db)
	tests := []struct {
		name    string
		prepare func()
		unclean bool
		want    bool
	}{
		{"after a clean close", func() {}, false, false},
		{"note used up", func() {}, false, true},
		{"after a crash", reopen, true, true},
		{"changed by another program", func() {
			reopen()
			later := time.Now().Add(2 * time.Second)
			if err := os.Chtimes(db, later, later); err != nil {
				t.Fatal(err)
			}
		}, false, true},
		{"write-ahead log appeared", func() {
			reopen()
			if err := os.WriteFile(db+"-wal", []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, false, true},
	}
	for _, tc := range tests {
		tc.prepare()
		if got := needsCheck(real, tc.unclean); got != tc.want {
			t.Errorf("%s: needsCheck = %v, want %v", tc.name, got, tc.want)
		}
	}
}
