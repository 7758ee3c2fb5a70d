package report

import (
	"context"
	"time"

	"akimwatch/data"
	"akimwatch/data/growth"
	"akimwatch/data/totals"
)

// Metrics are the figures on an official's cards: total followers, change
// over 1, 7 and 30 days, posts in 7 and 30 days, and a projection to the
// next round number. They follow the one definition of totals.
type Metrics struct {
	// Followers is the total now; HasData is false when no account has a
	// reading yet.
	Followers int64
	HasData   bool
	// Apart is true when nothing measured and fresh is left: Followers is
	// then the sum of the figures apart (stale, article or approximate).
	Apart bool
	// Summary holds the like-for-like changes (Change and Pct of Day, Week
	// and Month; their OK fields say whether anything was measured).
	Summary growth.Summary
	// Posts7d and Posts30d are the posts published in the last 7 and 30
	// days; PostsOK says whether a post count covers each span.
	Posts7d, Posts30d     int64
	Posts7dOK, Posts30dOK bool
	// Projection is a trend estimate, not a measurement; ProjectionOK is
	// false when there are too few readings to fit one.
	Projection   growth.Projection
	ProjectionOK bool
}

// metricsSpan is how much history the cards read: the 30-day change and the
// projection's 30-day fit, plus a month to know what counted at its start.
const metricsSpan = 60 * 24 * time.Hour

// Metrics computes the cards for one official (all accounts summed, or one
// platform) as of now.
func (b *Builder) Metrics(ctx context.Context, officialID int64, platform data.Platform, now time.Time) (Metrics, error) {
	accs, err := b.store.Accounts(ctx, data.AccountFilter{OfficialID: officialID, Platform: platform})
	if err != nil {
		return Metrics{}, err
	}
	hist := make([]totals.Account, 0, len(accs))
	for _, a := range accs {
		from := now.Add(-metricsSpan)
		snaps, err := b.store.Series(ctx, a.ID, from, now.Add(time.Second))
		if err != nil {
			return Metrics{}, err
		}
		if len(snaps) == 0 {
			// the newest figure may be older (a 2019 article quote)
			old, err := b.store.Series(ctx, a.ID, time.Time{}, from)
			if err != nil {
				return Metrics{}, err
			}
			snaps = old[max(0, len(old)-1):]
		}
		hist = append(hist, data.TotalsAccount(a.ID, snaps))
	}
	return metricsOf(hist, now), nil
}

func metricsOf(hist []totals.Account, now time.Time) Metrics {
	o := totals.Options{}
	tot := totals.TotalAt(hist, now, o)
	if len(tot.Parts) == 0 {
		return Metrics{}
	}
	m := Metrics{Followers: tot.Followers, HasData: true}
	if tot.Members == 0 {
		m.Apart, m.Followers = true, tot.ApartFollowers
	}
	spans := []time.Duration{growth.Day, growth.Week, growth.Month}
	ch := totals.Changes(hist, now, spans, o)
	for i, g := range []*growth.Growth{&m.Summary.Day, &m.Summary.Week, &m.Summary.Month} {
		g.Change, g.Pct, g.Days = ch[i].Abs, ch[i].Pct, spans[i].Hours()/24
	}
	m.Summary.DayOK, m.Summary.WeekOK, m.Summary.MonthOK = ch[0].OK, ch[1].OK, ch[2].OK
	m.Posts7d, m.Posts7dOK = totals.PostsBetween(hist, now.Add(-growth.Week), now, o)
	m.Posts30d, m.Posts30dOK = totals.PostsBetween(hist, now.Add(-growth.Month), now, o)
	if !m.Apart {
		// the trend of the chain-linked level: joins are no growth
		lv := totals.Level(hist, now.Add(-growth.Month), now, o)
		pts := make([]growth.Point, len(lv))
		for i, p := range lv {
			pts[i] = growth.Point{Time: p.Time, Followers: int64(p.Value)}
		}
		m.Projection, m.ProjectionOK = growth.Project(pts, 0)
	}
	return m
}
