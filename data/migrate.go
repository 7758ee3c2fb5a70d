package data

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migration is one numbered SQL script from migrations/.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the embedded scripts, ordered by their number prefix.
func loadMigrations() ([]migration, error) {
	read, err := ReadMigrations(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	ms := make([]migration, len(read))
	for i, m := range read {
		ms[i] = migration{version: m.Version, name: m.Name, sql: m.SQL}
	}
	return ms, nil
}

// Migration is one schema script of a store: its number, file name and SQL.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// ReadMigrations reads the scripts in dir of fsys (files named
// NNNN_topic.sql), ordered by their number, and checks that the numbers run
// 1, 2, 3… without a gap. Each store engine keeps its own scripts.
func ReadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if !ok {
			return nil, fmt.Errorf("migration %s: name must start with a number and '_'", e.Name())
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		b, err := fs.ReadFile(fsys, dir+"/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.Name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion is the schema version this build of akimwatch writes.
func SchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// migrate brings the database up to the newest schema, one transaction per
// migration, and returns the version it found before migrating. A database
// whose version is newer than this build knows is refused with ErrSchemaTooNew.
func migrate(ctx context.Context, db *sql.DB, path string) (int, error) {
	ms, err := loadMigrations()
	if err != nil {
		return 0, err
	}
	var cur int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
		return 0, fmt.Errorf("read schema version of %s: %w", path, err)
	}
	if cur > len(ms) {
		return cur, fmt.Errorf("database %s has schema version %d but this akimwatch knows only up to %d; install a newer akimwatch or open another database with --db: %w",
			path, cur, len(ms), ErrSchemaTooNew)
	}
	for _, m := range ms[cur:] {
		if err := applyMigration(ctx, db, m); err != nil {
			return cur, fmt.Errorf("migrate %s to version %d (%s): %w", path, m.version, m.name, err)
		}
	}
	return cur, nil
}

func applyMigration(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, time.Now().Unix()); err != nil {
		return err
	}
	// PRAGMA user_version is written to the database header inside this
	// transaction, so it commits or rolls back with the migration.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return err
	}
	return tx.Commit()
}
