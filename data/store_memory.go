package data

import (
	"context"
	"database/sql"
	"fmt"
)

// ReleaseMemory gives back what the idle read connections hold in their
// page caches (PRAGMA shrink_memory), and lets the C allocator return the
// freed pages to the OS. The cache is what makes repeated walks over 9,000
// accounts fast (readerCacheKiB), but each connection keeps its pages until
// the next write by another connection empties them, so after a burst of
// reads the cached pages only hold memory: the app calls this when it has
// been idle for a while. Connections busy with a query are left alone.
func (s *SQLiteStore) ReleaseMemory(ctx context.Context) error {
	idle := s.r.Stats().Idle
	conns := make([]*sql.Conn, 0, idle)
	defer func() {
		for _, c := range conns {
			c.Close() // back to the pool
		}
	}()
	for range idle {
		c, err := s.r.Conn(ctx)
		if err != nil {
			return fmt.Errorf("release database memory: %w", err)
		}
		conns = append(conns, c) // held, so the next Conn is another one
		if _, err := c.ExecContext(ctx, "PRAGMA shrink_memory"); err != nil {
			return fmt.Errorf("release database memory: %w", err)
		}
	}
	trimCHeap()
	return nil
}
