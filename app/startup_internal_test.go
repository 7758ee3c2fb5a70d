package app

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"akimwatch/data"
)

// TestStartupErrorDialog builds the window the app shows when it cannot
// open its database, for each reason, and checks its title, that the
// message names the database (and the backup), and that closing the dialog
// ends the app.
func TestStartupErrorDialog(t *testing.T) {
	if err := SetupLanguage("en"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, title string
		err         error
		want        []string
	}{
		{"second instance", "akimwatch is already running",
			fmt.Errorf("database /data/akimwatch.db is in use by the akimwatch desktop app (pid 42): %w", data.ErrLocked),
			[]string{"/data/akimwatch.db", "pid 42", "close it"}},
		{"damaged database", "The database is damaged",
			fmt.Errorf("open database /data/akimwatch.db: the database is damaged (quick_check found: page 7): %w; the newest good backup is /data/backups/akimwatch-20261129-030000.db", data.ErrNotDatabase),
			[]string{"/data/akimwatch.db", "/data/backups/akimwatch-20261129-030000.db", "did not change it"}},
		{"other", "akimwatch cannot start", errors.New("open database /data/akimwatch.db: permission denied"),
			[]string{"permission denied"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			closed := 0
			se := newStartupError(a, tc.err, func() { closed++ })
			if se.title != tc.title {
				t.Errorf("title %q, want %q", se.title, tc.title)
			}
			for _, w := range tc.want {
				if !strings.Contains(se.body.Text, w) {
					t.Errorf("message %q lacks %q", se.body.Text, w)
				}
			}
			if se.win.Canvas().Overlays().Top() == nil {
				t.Fatal("the dialog is not shown")
			}
			se.dialog.Hide() // what its Close button does
			if closed != 1 {
				t.Errorf("closing called onClosed %d times, want 1", closed)
			}
		})
	}
}
