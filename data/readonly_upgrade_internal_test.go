package data

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

// schema3DB makes a database at schema version 3 (the first three
// migrations, as an older akimwatch left it) holding one official.
func schema3DB(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := oldSchemaDB(t, path, 3)
	if _, err := db.ExecContext(ctx, "INSERT INTO officials(id, name) VALUES (1, 'Старый Аким')"); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadOnlyOpensOlderSchema opens, read-only, a database an older
// akimwatch left at schema version 3, free and while another akimwatch
// holds its writer lock: it is read (through an upgraded copy), the file
// stays byte for byte as it was, at its version, and the copy is gone once
// the store is closed. A database with no schema at all is still refused.
func TestReadOnlyOpensOlderSchema(t *testing.T) {
	for _, tc := range []struct {
		name   string
		locked bool
	}{{"free", false}, {"held by another akimwatch", true}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			path := schema3DB(t)
			if tc.locked {
				l, err := acquireLock(path, "an older akimwatch")
				if err != nil {
					t.Fatal(err)
				}
				defer l.release()
			}
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(ctx, path, Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("read-only open of schema 3: %v", err)
			}
			if v := s.StaleSchema(); v != 3 {
				t.Errorf("StaleSchema() = %d, want 3", v)
			}
			offs, err := s.Officials(ctx)
			if err != nil || len(offs) != 1 || offs[0].Name != "Старый Аким" {
				t.Errorf("officials %+v, %v", offs, err)
			}
			if accs, err := s.Accounts(ctx, AccountFilter{}); err != nil || len(accs) != 0 {
				t.Errorf("accounts (columns of later migrations): %+v, %v", accs, err)
			}
			if err := s.SetMeta(ctx, "x", "y"); err == nil {
				t.Error("a write on the read-only store succeeded")
			}
			tmp := s.tmpDir
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(tmp); !os.IsNotExist(err) {
				t.Errorf("the upgraded copy %s is left after Close (%v)", tmp, err)
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("the database file changed")
			}
		})
	}
	t.Run("no schema", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "empty.db")
		db, err := sql.Open(driverName, dsn(path, false))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec("CREATE TABLE t(x)"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if s, err := Open(context.Background(), path, Options{ReadOnly: true}); err == nil {
			s.Close()
			t.Error("a database without the akimwatch schema was opened")
		}
	})
}
