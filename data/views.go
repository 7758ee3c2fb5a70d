package data

import (
	"cmp"
	"context"
	"slices"
	"time"

	"akimwatch/data/totals"
)

// ViewSource is what the views (LeaderboardOf, OverviewOf, SparklinesOf)
// read from an engine: the watchlist, the open alerts and windows of
// history. Every Store is one.
type ViewSource interface {
	Officials(ctx context.Context) ([]Official, error)
	Accounts(ctx context.Context, f AccountFilter) ([]Account, error)
	Alerts(ctx context.Context, f AlertFilter) ([]Alert, error)
	TalliesOf(ctx context.Context, from, to time.Time, f TallyFilter) (map[int64]Tally, error)
}

// Sketcher is an engine that reads sketches itself with a few key seeks per
// account (both stores); an engine without it gets its sketches made from
// its tallies by the views.
type Sketcher interface {
	// Sketches returns, in account ID order, every account f matches that
	// has a reading at or before to, sketched over (from, to] at from, mid
	// and to: the newest reading (without a Facebook Page's likes) at or
	// before each, and the span's counts (totals.Window).
	Sketches(ctx context.Context, from, mid, to time.Time, f TallyFilter) ([]*SketchRow, error)
}

// sketchesOf returns, in account ID order, every account f matches that has
// a reading at or before to, sketched over (from, to] at from, mid and to.
// An engine without its own sketches reads the span's tallies and sketches
// them with totals.SketchOf, which gives the same sketch.
func sketchesOf(ctx context.Context, s ViewSource, from, mid, to time.Time, f TallyFilter) ([]*SketchRow, error) {
	if sk, ok := s.(Sketcher); ok {
		return sk.Sketches(ctx, from, mid, to, f)
	}
	tallies, err := s.TalliesOf(ctx, from, to, f)
	if err != nil {
		return nil, err
	}
	out := make([]*SketchRow, 0, len(tallies))
	for _, t := range tallies {
		sk := totals.SketchOf(t.Account, from, to, mid)
		t.Account = sk.Account
		out = append(out, &SketchRow{Tally: t, Window: sk.Window})
	}
	slices.SortFunc(out, func(a, b *SketchRow) int { return cmp.Compare(a.Account.ID, b.Account.ID) })
	return out, nil
}

// IDs returns the accounts the filter keeps, when it keeps only some (ok
// false: every account the other fields match). Engines read it to
// narrow their queries.
func (f TallyFilter) IDs() (ids []int64, ok bool) { return f.ids, f.ids != nil }
