package data_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"akimwatch/data"
)

// TestLockFollowsTheFile opens a database for writing and then tries a
// second writer through a hard link, a symbolic link to the file and a
// symbolic link to its folder: each is refused while the first is open and
// works once it is closed.
func TestLockFollowsTheFile(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		link func(t *testing.T, db string) string
	}{
		{"hard link", func(t *testing.T, db string) string {
			p := filepath.Join(t.TempDir(), "hard.db") // another folder, same file system
			if err := os.Link(db, p); err != nil {
				t.Skipf("no hard links here: %v", err)
			}
			return p
		}},
		{"symbolic link to the file", func(t *testing.T, db string) string {
			p := filepath.Join(t.TempDir(), "sym.db")
			if err := os.Symlink(db, p); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			return p
		}},
		{"symbolic link to the folder", func(t *testing.T, db string) string {
			p := filepath.Join(t.TempDir(), "folder")
			if err := os.Symlink(filepath.Dir(db), p); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			return filepath.Join(p, filepath.Base(db))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "w.db")
			first, err := data.Open(ctx, db, data.Options{Role: "desktop app"})
			if err != nil {
				t.Fatal(err)
			}
			link := tc.link(t, db)
			second, err := data.Open(ctx, link, data.Options{Role: "akimwatch refresh"})
			if err == nil {
				second.Close()
				first.Close()
				t.Fatalf("a second writer got in through %s", link)
			}
			if !errors.Is(err, data.ErrLocked) || !strings.Contains(err.Error(), "close") {
				t.Errorf("err = %v, want ErrLocked with what to do", err)
			}
			if err := first.Close(); err != nil {
				t.Fatal(err)
			}
			again, err := data.Open(ctx, link, data.Options{})
			if err != nil {
				t.Fatalf("open through the link after the first closed: %v", err)
			}
			again.Close()
		})
	}
}

// TestNewDatabaseIsLockedByIdentity creates a database and links it while
// its creator still has it open: the link is refused, so the lock on a new
// file is taken as soon as the file exists.
func TestNewDatabaseIsLockedByIdentity(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "new.db")
	s, err := data.Open(ctx, db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Created() {
		t.Fatal("the database was not new")
	}
	link := filepath.Join(t.TempDir(), "linked.db")
	if err := os.Link(db, link); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	if s2, err := data.Open(ctx, link, data.Options{}); !errors.Is(err, data.ErrLocked) {
		if s2 != nil {
			s2.Close()
		}
		t.Fatalf("second writer on a new database's hard link: err = %v", err)
	}
}
