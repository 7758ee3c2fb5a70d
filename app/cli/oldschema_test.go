package cli_test

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gofrs/flock"
	_ "github.com/mattn/go-sqlite3"

	"akimwatch/data"
)

// TestReadCommandsOnOlderSchema leaves a database at schema version 3, as
// an older akimwatch wrote it, and holds its writer lock as that
// akimwatch's open window would. The commands that only read still work
// (from an upgraded copy, with a note saying so) and the file stays byte for
// byte as it was; a command that writes is refused as locked. Once the lock
// is gone, "officials list" upgrades the file in place.
func TestReadCommandsOnOlderSchema(t *testing.T) {
	db := filepath.Join(t.TempDir(), "old.db")
	migs, err := filepath.Glob("../../data/migrations/*.sql")
	if err != nil || len(migs) < 3 {
		t.Fatalf("migrations: %v %v", migs, err)
	}
	sort.Strings(migs)
	conn, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range migs[:3] {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(string(b)); err != nil {
			t.Fatalf("%s: %v", m, err)
		}
	}
	// akimwatch databases are always in WAL mode.
	if _, err := conn.Exec("PRAGMA journal_mode = WAL; PRAGMA user_version = 3; INSERT INTO officials(id, name) VALUES (1, 'Аким Старой Версии')"); err != nil {
		t.Fatal(err)
	}
	conn.Close()

	lock := flock.New(db + ".lock")
	if ok, err := lock.TryLock(); !ok || err != nil {
		t.Fatalf("hold the lock: %v %v", ok, err)
	}
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	exp := filepath.Join(t.TempDir(), "out.csv")
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"officials", "list"}, 0, "Аким Старой Версии", "upgraded temporary copy"},
		{[]string{"officials", "list", "--json"}, 0, "Аким Старой Версии", "the file is not changed"},
		{[]string{"accounts", "list"}, 0, "", "schema of an older akimwatch (version 3"},
		{[]string{"export", "--out", exp}, 0, "", "upgraded temporary copy"},
		{[]string{"officials", "add", "--name", "Новый", "--position", "akim", "--region", "pavlodar"}, 1, "", "in use by"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			code, out, errOut := run(t, nil, append([]string{"--db", db}, tc.args...)...)
			if code != tc.code || !strings.Contains(out, tc.stdout) || !strings.Contains(errOut, tc.stderr) {
				t.Errorf("exit %d (want %d)\nstdout %s\nstderr %s", code, tc.code, out, errOut)
			}
		})
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the database changed while another akimwatch held it")
	}

	if err := lock.Unlock(); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, nil, "--db", db, "officials", "list")
	if code != 0 || !strings.Contains(out, "Аким Старой Версии") || strings.Contains(errOut, "upgraded temporary copy") {
		t.Fatalf("after the lock is gone: exit %d\n%s\n%s", code, out, errOut)
	}
	conn, err = sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var v int
	if err := conn.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != data.SchemaVersion() {
		t.Errorf("schema version %d (%v) after a free open, want this build's", v, err)
	}
}
