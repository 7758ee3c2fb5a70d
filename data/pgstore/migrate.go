package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
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

func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if !ok {
			return nil, fmt.Errorf("migration %s: name must start with a number and '_'", e.Name())
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
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
