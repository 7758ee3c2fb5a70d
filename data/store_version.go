package data

import (
	"context"
	"fmt"
)

// ChangeMark tells whether the database changed between two moments, and
// who changed it. Two marks taken by the same Store are equal when nothing
// was written in between.
type ChangeMark struct {
	// Others is SQLite's data_version on the writer connection: it moves
	// when another connection or process commits, not when this Store does.
	Others int64
	// Writes counts the write transactions this Store has committed.
	Writes uint64
}

// ChangeMark returns the database's change mark now. A read-only store has
// no writer connection and returns ErrReadOnly.
func (s *SQLiteStore) ChangeMark(ctx context.Context) (ChangeMark, error) {
	if s.w == nil {
		return ChangeMark{}, fmt.Errorf("change mark of %s: %w", s.path, ErrReadOnly)
	}
	var m ChangeMark
	// The writer pool holds one connection for the Store's lifetime, so
	// data_version is always read on the same connection (if it were ever
	// reopened the value would differ, which only costs a read-back).
	if err := s.w.QueryRowContext(ctx, "PRAGMA data_version").Scan(&m.Others); err != nil {
		return ChangeMark{}, fmt.Errorf("change mark of %s: %w", s.path, err)
	}
	m.Writes = s.writes.Load()
	return m, nil
}
