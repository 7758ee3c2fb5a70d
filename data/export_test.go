package data

import (
	"context"
	"time"

	"akimwatch/data/totals"
)

// SketchesForTest gives the external tests the sketches the leaderboard
// and the watchlist read.
func (s *SQLiteStore) SketchesForTest(ctx context.Context, from, mid, to time.Time) ([]totals.Sketch, error) {
	rows, err := s.Sketches(ctx, from, mid, to, TallyFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]totals.Sketch, len(rows))
	for i, r := range rows {
		out[i] = r.sketch()
	}
	return out, nil
}
