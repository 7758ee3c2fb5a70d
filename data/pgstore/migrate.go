package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"akimwatch/data"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrateLockKey is the advisory lock that lets one process at a time
// migrate a database many apps open at once.
const migrateLockKey = 0x616b696d // "akim"

type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads the team database's embedded scripts (see
// data.ReadMigrations).
func loadMigrations() ([]migration, error) {
	read, err := data.ReadMigrations(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	ms := make([]migration, len(read))
	for i, m := range read {
		ms[i] = migration{version: m.Version, name: m.Name, sql: m.SQL}
	}
	return ms, nil
}

// SchemaVersion is the schema version of the team database this build writes.
func SchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// schemaVersion reads the database's version (0 for an empty database).
func (s *Store) schemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.pool.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM akimwatch_schema").Scan(&v)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "42P01" { // undefined_table
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read schema version of %s: %w", s.where, err)
	}
	return v, nil
}

// migrate brings the database to the newest schema, one transaction per
// migration under a transaction-scoped advisory lock, and returns the
// version it found. A newer schema is refused with data.ErrSchemaTooNew.
func (s *Store) migrate(ctx context.Context) (int, error) {
	ms, err := loadMigrations()
	if err != nil {
		return 0, err
	}
	// Up to date (every open but the first): no lock and no DDL, which a
	// role that may only read or write rows could not run.
	cur, err := s.schemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	if cur == len(ms) {
		return cur, nil
	}
	var found int
	for i := 0; ; i++ {
		done := false
		err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLockKey); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS akimwatch_schema (
				version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
				return err
			}
			var cur int
			if err := tx.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM akimwatch_schema").Scan(&cur); err != nil {
				return err
			}
			if i == 0 {
				found = cur
			}
			if cur > len(ms) {
				return fmt.Errorf("team database %s has schema version %d but this akimwatch knows only up to %d; install a newer akimwatch: %w",
					s.where, cur, len(ms), data.ErrSchemaTooNew)
			}
			if cur == len(ms) {
				done = true
				return nil
			}
			m := ms[cur]
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migrate %s to version %d (%s): %w", s.where, m.version, m.name, err)
			}
			_, err := tx.Exec(ctx, "INSERT INTO akimwatch_schema(version, name, applied_at) VALUES ($1, $2, $3)", m.version, m.name, time.Now().Unix())
			return err
		})
		if err != nil {
			if errors.Is(err, data.ErrSchemaTooNew) {
				return found, err
			}
			return found, fmt.Errorf("migrate team database %s: %w", s.where, err)
		}
		if done {
			return found, nil
		}
	}
}
