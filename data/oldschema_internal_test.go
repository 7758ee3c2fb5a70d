package data

import (
	"context"
	"database/sql"
	"testing"
)

// oldSchemaDB opens the SQLite file at path and applies only the first n
// embedded migrations, as an older akimwatch left it; the connection is
// closed when the test ends.
func oldSchemaDB(t *testing.T, path string, n int) *sql.DB {
	t.Helper()
	db, err := sql.Open(driverName, dsn(path, false))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:n] {
		if err := applyMigration(context.Background(), db, m); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	return db
}
