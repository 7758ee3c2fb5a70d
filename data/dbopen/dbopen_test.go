package dbopen_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"akimwatch/data"
	"akimwatch/data/dbopen"
	"akimwatch/data/pgstore/pgtest"
)

func TestDisplayAndIsServer(t *testing.T) {
	cases := []struct {
		target, display string
		server          bool
	}{
		{"/home/a/akimwatch.db", "/home/a/akimwatch.db", false},
		{`C:\Users\a\akimwatch.db`, `C:\Users\a\akimwatch.db`, false},
		{"postgres://analyst@db.local:5432/akimwatch?sslmode=verify-full", "postgres://analyst@db.local:5432/akimwatch?sslmode=verify-full", true},
		{"postgresql://analyst:hunter2@db.local/akimwatch", "postgresql://analyst@db.local/akimwatch", true},
		{" POSTGRES://x@h/d", "", true},
	}
	for _, c := range cases {
		t.Run(c.target, func(t *testing.T) {
			if got := dbopen.IsServer(c.target); got != c.server {
				t.Errorf("IsServer = %v, want %v", got, c.server)
			}
			if got := dbopen.Display(c.target); c.display != "" && got != c.display {
				t.Errorf("Display = %q, want %q", got, c.display)
			}
			if strings.Contains(dbopen.Display(c.target), "hunter2") {
				t.Error("Display shows the password")
			}
		})
	}
}

// TestPasswordInURLRefused checks that a URL carrying its password is
// refused before any connection, with an error that does not repeat it and
// says where the password goes instead.
func TestPasswordInURLRefused(t *testing.T) {
	_, err := dbopen.Open(context.Background(), "postgres://analyst:hunter2@127.0.0.1:1/akimwatch", dbopen.Options{
		Keyring: func(string, string) (string, error) { return "", errors.New("no keyring") },
	})
	if !errors.Is(err, dbopen.ErrPasswordInURL) {
		t.Fatalf("error %v, want ErrPasswordInURL", err)
	}
	if strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "keyring") || !strings.Contains(err.Error(), "PGPASSWORD") {
		t.Errorf("error: %v", err)
	}
}

func TestOpenChoosesEngine(t *testing.T) {
	ctx := context.Background()
	t.Run("path is SQLite", func(t *testing.T) {
		s, err := dbopen.Open(ctx, filepath.Join(t.TempDir(), "a.db"), dbopen.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, ok := s.(*data.SQLiteStore); !ok {
			t.Errorf("a path opened %T", s)
		}
	})
	t.Run("URL is PostgreSQL, password from the keyring", func(t *testing.T) {
		dsn := pgtest.DSN(t)
		var asked string
		s, err := dbopen.Open(ctx, dsn, dbopen.Options{Keyring: func(service, user string) (string, error) {
			asked = service + " " + user
			return "unused-by-trust-auth", nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, ok := s.(*data.SQLiteStore); ok || asked != "akimwatch "+dsn {
			t.Errorf("opened %T; keyring asked for %q, want the URL %q under service akimwatch", s, asked, dsn)
		}
	})
}
