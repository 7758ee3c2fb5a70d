package report

import (
	"context"
	"time"

	"akimwatch/data"
	"akimwatch/data/growth"
)

// Metrics are the figures on an official's cards: total followers, change
// over 1, 7 and 30 days, and a projection to the next round number.
type Metrics struct {
	Followers int64
	HasData   bool
	Summary   growth.Summary
	// Projection is a trend estimate, not a measurement; ProjectionOK is
	// false when there are too few readings to fit one.
	Projection   growth.Projection
	ProjectionOK bool
}

// Metrics computes the cards for one official (all accounts summed, or one
// platform) as of now.
func (b *Builder) Metrics(ctx context.Context, officialID int64, platform data.Platform, now time.Time) (Metrics, error) {
	accs, err := b.store.Accounts(ctx, data.AccountFilter{OfficialID: officialID, Platform: platform})
	if err != nil {
		return Metrics{}, err
	}
	var sets [][]data.Snapshot
	for _, a := range accs {
		// 60 days covers the 30-day change and the projection's 30-day fit.
		snaps, err := b.store.Series(ctx, a.ID, now.AddDate(0, 0, -60), time.Time{})
		if err != nil {
			return Metrics{}, err
		}
		if len(snaps) > 0 {
			sets = append(sets, snaps)
		}
	}
	if len(sets) == 0 {
		return Metrics{}, nil
	}
	pts := mergeDaily(sets)
	m := Metrics{Followers: pts[len(pts)-1].Followers, HasData: true}
	m.Summary = growth.Summarize(pts, now)
	m.Projection, m.ProjectionOK = growth.Project(pts, 0)
	return m, nil
}
