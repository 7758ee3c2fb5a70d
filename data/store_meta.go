package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Keys of the meta table.
const (
	// MetaDemo is "1" when the database holds generated demo data; every
	// screen and export must then say DEMO.
	MetaDemo = "demo"
	// MetaSeed names the seed the database was created from.
	MetaSeed = "seed"
)

// Meta returns the value stored under key, or "" when there is none.
func (s *SQLiteStore) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read meta %q: %w", key, err)
	}
	return v, nil
}

// SetMeta stores value under key.
func (s *SQLiteStore) SetMeta(ctx context.Context, key, value string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value); err != nil {
			return fmt.Errorf("write meta %q: %w", key, err)
		}
		return nil
	})
}

// IsDemo reports whether the database holds demo data.
func (s *SQLiteStore) IsDemo(ctx context.Context) (bool, error) {
	v, err := s.Meta(ctx, MetaDemo)
	return v == "1", err
}
