package app_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"akimwatch/app"
	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/datatest"
	"akimwatch/data/pgstore"
	"akimwatch/data/pgstore/pgtest"
	"akimwatch/data/report"
)

// serverStore is a store that says it is a team database on a server.
type serverStore struct{ data.Store }

const teamURL = "postgres://aigerim@db.example.kz:5432/akimwatch?sslmode=verify-full"

func (serverStore) Path() string { return teamURL }

// dbWindow opens the window over s with the database choice given.
func dbWindow(t *testing.T, s data.Store, dbs *app.DatabaseChoice) *app.MainWindow {
	t.Helper()
	if err := app.SetupLanguage("en"); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	svc := &app.Services{Store: s, Reports: report.New(s), Alerts: alerting.New(s, nil, nil),
		Now: func() time.Time { return now }, Async: func(f func()) { f() }, Databases: dbs}
	w := app.NewMainWindow(a, svc, app.NewSettings(a.Preferences()))
	t.Cleanup(w.Stop)
	return w
}

// TestDatabaseShown checks what Settings → Database says is open: a file's
// path and its folder, or a server's URL without a folder (not the
// meaningless filepath.Dir of a URL).
func TestDatabaseShown(t *testing.T) {
	file := datatest.NewStore(t)
	for _, tc := range []struct {
		name          string
		s             data.Store
		current       []string
		folder        string
		passwordField bool
	}{
		{"file", file, []string{file.Path(), "a file on this computer"}, "Data folder: " + filepath.Dir(file.Path()), false},
		{"server", serverStore{file}, []string{teamURL, "a team database on a server"}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := dbWindow(t, tc.s, nil)
			current, folder := w.DatabaseShown()
			for _, want := range tc.current {
				if !strings.Contains(current, want) {
					t.Errorf("current %q, want it to say %q", current, want)
				}
			}
			if folder != tc.folder {
				t.Errorf("folder %q, want %q", folder, tc.folder)
			}
			target, password, _ := w.DatabaseSection()
			if target.Text != tc.s.Path() || password.Disabled() == tc.passwordField {
				t.Errorf("fields: %q, password enabled %v; want %q, %v", target.Text, !password.Disabled(), tc.s.Path(), tc.passwordField)
			}
		})
	}
}

// TestDatabaseChoice types a database into Settings → Database and tests
// and uses it: a URL holding its password is refused without showing it;
// a URL and a password keep the password in the keyring (service
// akimwatch, user the URL) and the URL alone as the choice; a failed test
// says why without the password.
func TestDatabaseChoice(t *testing.T) {
	type set struct{ service, user, password string }
	var sets []set
	var remembered []string
	var tested []string
	dbs := &app.DatabaseChoice{
		Test: func(_ context.Context, target, password string) error {
			tested = append(tested, target)
			return errors.New("password authentication failed for user aigerim (tried " + password + ")")
		},
		Save: func(target, password string) error {
			return app.SaveDatabaseWith(target, password, func(service, user, pw string) error {
				sets = append(sets, set{service, user, pw})
				return nil
			}, func(t string) error { remembered = append(remembered, t); return nil })
		},
	}
	w := dbWindow(t, datatest.NewStore(t), dbs)
	target, password, result := w.DatabaseSection()

	target.SetText("postgres://aigerim:s3cret-pw@db.example.kz:5432/akimwatch")
	w.UseDatabase()
	if !strings.Contains(result.Text, "holds a password") || strings.Contains(result.Text, "s3cret-pw") || len(sets)+len(remembered) != 0 {
		t.Errorf("URL with a password: result %q, %d keyring writes, %d choices; want a refusal that hides it, none saved", result.Text, len(sets), len(remembered))
	}

	target.SetText(teamURL)
	if password.Disabled() {
		t.Fatal("the password field is off for a server URL")
	}
	password.SetText("pw-4711")
	w.TestDatabase()
	if len(tested) != 1 || !strings.Contains(result.Text, "password authentication failed") || strings.Contains(result.Text, "pw-4711") {
		t.Errorf("failed test: %d tests, result %q; want the reason without the password", len(tested), result.Text)
	}
	w.UseDatabase()
	if len(sets) != 1 || sets[0] != (set{"akimwatch", teamURL, "pw-4711"}) {
		t.Errorf("keyring writes %+v, want one for service akimwatch, user %s", sets, teamURL)
	}
	if len(remembered) != 1 || remembered[0] != teamURL {
		t.Errorf("remembered %q, want %q", remembered, teamURL)
	}
	if password.Text != "" || !strings.Contains(result.Text, "restart") || strings.Contains(result.Text, "pw-4711") {
		t.Errorf("after use: password field %q, result %q; want it emptied and a restart asked for", password.Text, result.Text)
	}

	target.SetText(filepath.Join(t.TempDir(), "other.db"))
	if !password.Disabled() || password.Text != "" {
		t.Error("a file path leaves the password field on")
	}
}

// TestDatabaseTestOnServer runs the connection test against the throw-away
// PostgreSQL server: a team database there opens (read-only: the test
// writes nothing); a closed port does not, and says so without the
// password.
func TestDatabaseTestOnServer(t *testing.T) {
	dsn := pgtest.DSN(t)
	noKeyring := func(string, string) (string, error) { return "", errors.New("no keyring in tests") }
	ctx := context.Background()
	s, err := pgstore.Open(ctx, dsn, pgstore.Options{}) // the team's first open makes the tables
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := app.TestDatabaseWith(ctx, dsn, "", noKeyring); err != nil {
		t.Fatalf("test of the live server: %v", err)
	}
	if err := app.TestDatabaseWith(ctx, "postgres://akimwatch@127.0.0.1:1/postgres?sslmode=disable", "pw-4711", noKeyring); err == nil || strings.Contains(err.Error(), "pw-4711") {
		t.Errorf("test of a closed port: %v; want an error without the password", err)
	}
}
