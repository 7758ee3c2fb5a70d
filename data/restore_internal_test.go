package data

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var errCrash = errors.New("simulated crash")

// officialNames lists the officials of the database at path, opened the way
// the next start would open it; it fails the test if that start would make a
// new database.
func officialNames(t *testing.T, path string) map[string]bool {
	t.Helper()
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer s.Close()
	if s.Created() {
		t.Fatalf("%s was missing: the next start made a new, empty database", path)
	}
	offs, err := s.Officials(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, o := range offs {
		out[o.Name] = true
	}
	return out
}

// crashedCopy makes a database whose last official exists only in its
// write-ahead log, as after a crash of the app: the files are copied while
// the store is still open.
func crashedCopy(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	live := filepath.Join(dir, "live", "w.db")
	s, err := Open(ctx, live, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, name := range []string{"Текущий Аким", "Аким Из Журнала"} {
		if _, err := s.CreateOfficial(ctx, Official{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	cur := filepath.Join(dir, "w.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := copyPlain(live+suffix, cur+suffix); err != nil {
			t.Fatal(err)
		}
	}
	if fi, err := os.Stat(cur + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("the copy has no write-ahead log to lose (%v)", err)
	}
	return cur
}

func copyPlain(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// TestRestoreSurvivesACrashAtEveryStep stops Restore after each of its
// steps, as a crash would, and checks what the next start finds: the current
// database with everything it had (its write-ahead log included) or the
// restored one, never no database; and the copy kept aside is whole.
func TestRestoreSurvivesACrashAtEveryStep(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	cases := []struct {
		crashAt     string // "" runs to the end
		wantRestore bool
		wantAside   bool
	}{
		{"copied", false, false},
		{"checkpointed", false, false},
		{"linked", false, true},
		{"log removed", false, true},
		{"renamed", true, true},
		{"", true, true},
	}
	for _, tc := range cases {
		t.Run("crash after "+tc.crashAt, func(t *testing.T) {
			dir := t.TempDir()
			b, err := Open(ctx, filepath.Join(dir, "other", "b.db"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := b.CreateOfficial(ctx, Official{Name: "Аким Из Копии"}); err != nil {
				t.Fatal(err)
			}
			backup := filepath.Join(dir, "backup.db")
			if err := b.Backup(ctx, backup); err != nil {
				t.Fatal(err)
			}
			b.Close()
			cur := crashedCopy(t, dir)

			restoreStep = func(s string) error {
				if s == tc.crashAt {
					return errCrash
				}
				return nil
			}
			defer func() { restoreStep = nil }()
			_, err = Restore(ctx, cur, backup, now)
			if (err != nil) != (tc.crashAt != "") {
				t.Fatalf("Restore = %v", err)
			}
			restoreStep = nil

			got := officialNames(t, cur)
			if tc.wantRestore && (!got["Аким Из Копии"] || got["Текущий Аким"]) {
				t.Errorf("want the restored database, found %v", got)
			}
			if !tc.wantRestore && (!got["Текущий Аким"] || !got["Аким Из Журнала"] || got["Аким Из Копии"]) {
				t.Errorf("want the current database whole, found %v", got)
			}
			aside := cur + ".before-restore-" + now.Format(backupStampFmt)
			if _, err := os.Stat(aside); (err == nil) != tc.wantAside {
				t.Fatalf("kept aside: %v, want %v", err == nil, tc.wantAside)
			}
			if tc.wantAside && tc.wantRestore {
				if a := officialNames(t, aside); !a["Текущий Аким"] || !a["Аким Из Журнала"] {
					t.Errorf("the copy kept aside lacks officials: %v", a)
				}
			}
		})
	}
}
