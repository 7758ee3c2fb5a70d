package cli_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"akimwatch/app/cli"
	"akimwatch/data"
)

// TestDesktopStartupErrorIsShown starts the desktop app (no command) on a
// database another akimwatch holds and on a damaged one: the reason goes to
// the injected window (not only stderr), the GUI is not run and the exit
// code is 1.
func TestDesktopStartupErrorIsShown(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		prepare func(t *testing.T, db string)
		want    error
	}{
		{"second instance", func(t *testing.T, db string) {
			s, err := data.Open(ctx, db, data.Options{Role: "the akimwatch desktop app"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
		}, data.ErrLocked},
		{"damaged database", func(t *testing.T, db string) {
			if err := os.WriteFile(db, []byte("SQLite format 3\x00"+strings.Repeat("\xff", 4096)), 0o600); err != nil {
				t.Fatal(err)
			}
		}, data.ErrNotDatabase},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "gui.db")
			tc.prepare(t, db)
			var shown []error
			var errOut bytes.Buffer
			code := cli.Run(ctx, []string{"--db", db}, cli.Env{
				Stdout: &errOut, Stderr: &errOut, Getenv: func(string) string { return "" },
				RunGUI: func(context.Context, data.Store) error {
					t.Error("the GUI ran on a database it could not open")
					return nil
				},
				ShowStartupError: func(err error) { shown = append(shown, err) },
			})
			if code != cli.ExitFailure {
				t.Errorf("exit %d, want %d", code, cli.ExitFailure)
			}
			if len(shown) != 1 || !errors.Is(shown[0], tc.want) || !strings.Contains(shown[0].Error(), db) {
				t.Fatalf("shown %v, want one error that is %v naming %s", shown, tc.want, db)
			}
		})
	}
}
