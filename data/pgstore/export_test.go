package pgstore

import (
	"context"
	"time"
)

// OnListening makes the change feed call f once it listens.
func OnListening(s *Store, f func()) { s.listening = f }

// Poll runs the change feed's polling fallback every `every` until until.
func Poll(s *Store, ctx context.Context, fn func(), until time.Time, every time.Duration) {
	s.poll(ctx, fn, until, every)
}
