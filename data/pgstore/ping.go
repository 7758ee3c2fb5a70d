package pgstore

import (
	"context"
	"fmt"

	"akimwatch/data"
)

var _ data.Pinger = (*Store)(nil)

// Ping asks the server for a round trip on one of the pool's connections
// (a new one when the old ones died with the server). An error wraps
// ErrUnreachable.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping %s: %w: %w", s.where, ErrUnreachable, err)
	}
	return nil
}
