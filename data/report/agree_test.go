package report_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
	"akimwatch/data/fixture"
	"akimwatch/data/report"
)

// randomHistory fills s with officials whose accounts join and leave at
// random, skip days, have gaps longer than the staleness limit, post counts
// that come and go, 2019-style article baselines and DEMO-flagged readings.
// It returns the day of the newest reading.
func randomHistory(t *testing.T, s data.Store, seed uint64) time.Time {
	t.Helper()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(seed, 13))
	end := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	const days = 400
	start := end.AddDate(0, 0, -days)
	var snaps []data.Snapshot
	for o := range 12 {
		off := datatest.Official(t, s, fmt.Sprintf("Случайный %d-%d", seed, o))
		plats := rng.Perm(len(data.Platforms))[:1+rng.IntN(4)]
		for _, pi := range plats {
			a := datatest.Account(t, s, off, data.Platforms[pi], fmt.Sprintf("r%d_%d_%d", seed, o, pi))
			if rng.IntN(4) == 0 { // a 2019 article figure
				snaps = append(snaps, data.Snapshot{AccountID: a.ID, Time: time.Date(2019, 4, 15, 0, 0, 0, 0, time.UTC),
					Followers: int64(1000 * (1 + rng.IntN(40))), Source: data.SourceArticle, Flags: data.FlagApproxTime | data.FlagLowerBound})
			}
			first := rng.IntN(days)
			last := days
			if rng.IntN(4) == 0 {
				last = first + rng.IntN(days-first+1) // leaves
			}
			f := float64(100 + rng.IntN(50000))
			posts := int64(rng.IntN(500))
			for d := first; d <= last; d++ {
				if rng.IntN(6) == 0 {
					continue // a missed day
				}
				if rng.IntN(150) == 0 {
					d += 31 + rng.IntN(30) // a gap past the staleness limit
					if d > last {
						break
					}
				}
				f = max(0, f*(1+0.004*rng.NormFloat64())+float64(rng.IntN(20)-5))
				posts += int64(rng.IntN(4))
				sn := data.Snapshot{AccountID: a.ID, Time: start.AddDate(0, 0, d).Add(time.Duration(rng.IntN(86400)) * time.Second),
					Followers: int64(f), Source: data.SourceAPI}
				if rng.IntN(3) > 0 {
					sn.Posts = data.Int64(posts)
				}
				if seed%2 == 0 {
					sn.Flags |= data.FlagDemo
				}
				snaps = append(snaps, sn)
			}
		}
	}
	if err := s.AddSnapshots(ctx, snaps); err != nil {
		t.Fatal(err)
	}
	return end
}

// TestAllViewsAgree checks that, for the same official and moment, the
// watchlist, its sparkline, the cards, the chart (followers over all time,
// growth over 30 days) and the leaderboard give the same total and changes,
// over the national fixture (scaled down) and randomised histories.
func TestAllViewsAgree(t *testing.T) {
	ctx := context.Background()
	type world struct {
		name string
		make func(t *testing.T, s data.Store) time.Time
	}
	worlds := []world{
		{"national fixture", func(t *testing.T, s data.Store) time.Time {
			c := fixture.National(5)
			c.Officials, c.Days = 40, 200
			if _, err := fixture.Fill(ctx, s, c); err != nil {
				t.Fatal(err)
			}
			return c.End
		}},
	}
	for seed := range uint64(3) {
		worlds = append(worlds, world{fmt.Sprintf("random history %d", seed), func(t *testing.T, s data.Store) time.Time { return randomHistory(t, s, seed) }})
	}
	for _, w := range worlds {
		t.Run(w.name, func(t *testing.T) {
			s := datatest.NewStore(t)
			end := w.make(t, s)
			b := report.New(s)
			for _, at := range []time.Time{end.Add(15 * time.Hour), end.AddDate(0, 0, -45).Add(7 * time.Hour), end.AddDate(0, 0, 40)} {
				checkAgreement(t, s, b, at)
			}
		})
	}
}

func checkAgreement(t *testing.T, s data.Store, b *report.Builder, at time.Time) {
	t.Helper()
	ctx := context.Background()
	ov, err := s.Overview(ctx, at)
	if err != nil {
		t.Fatal(err)
	}
	lb, err := s.Leaderboard(ctx, data.LeaderboardQuery{At: at})
	if err != nil {
		t.Fatal(err)
	}
	board := map[int64]data.LeaderboardRow{}
	for _, r := range lb {
		board[r.OfficialID] = r
	}
	sparks, err := s.Sparklines(ctx, at, 30)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, o := range ov {
		id, name := o.Official.ID, o.Official.Name
		where := fmt.Sprintf("%s at %s", name, at.Format(time.RFC3339))
		m, err := b.Metrics(ctx, id, "", at)
		if err != nil {
			t.Fatal(err)
		}
		r, onBoard := board[id]
		if o.Counted == 0 {
			if onBoard && (!r.Apart || r.Rank != 0 || r.Followers != o.ApartFollowers) {
				t.Errorf("%s: nothing counted, but the leaderboard ranks it: %+v", where, r)
			}
			if m.HasData && (!m.Apart || m.Followers != o.ApartFollowers) {
				t.Errorf("%s: cards show %d (apart %v), the watchlist %d apart", where, m.Followers, m.Apart, o.ApartFollowers)
			}
			continue
		}
		checked++
		followers := report.Request{Officials: []int64{id}, Mode: report.ModeFollowers, Range: report.RangeAll, Now: at, Lang: "en"}
		spec, err := b.Spec(ctx, followers)
		if err != nil {
			t.Fatal(err)
		}
		pts := spec.Series[0].Points
		chartEnd := pts[len(pts)-1].Value
		spark := sparks[id]
		if !onBoard || r.Followers != o.Followers || m.Followers != o.Followers || chartEnd != float64(o.Followers) ||
			len(spark) == 0 || spark[len(spark)-1] != float64(o.Followers) {
			t.Errorf("%s: watchlist %d, leaderboard %d, cards %d, chart ends at %v, sparkline ends at %v", where,
				o.Followers, r.Followers, m.Followers, chartEnd, spark)
		}
		if week := changeOf(o.WeekPct()); !sameChangePtr(r.Week, o.Week.Abs, o.Week.Pct, o.Week.OK) ||
			m.Summary.WeekOK != o.Week.OK || (o.Week.OK && (m.Summary.Week.Change != o.Week.Abs || m.Summary.Week.Pct != o.Week.Pct)) {
			t.Errorf("%s: 7-day change: watchlist %v (%d), leaderboard %+v, cards %+v (%v)", where, week, o.Week.Abs, r.Week, m.Summary.Week, m.Summary.WeekOK)
		}
		if !sameChangePtr(r.Month, m.Summary.Month.Change, m.Summary.Month.Pct, m.Summary.MonthOK) {
			t.Errorf("%s: 30-day change: leaderboard %+v, cards %+v (%v)", where, r.Month, m.Summary.Month, m.Summary.MonthOK)
		}
		growth := report.Request{Officials: []int64{id}, Mode: report.ModeGrowth, Range: report.Range30d, Now: at, Lang: "en"}
		gs, err := b.Spec(ctx, growth)
		if err != nil {
			t.Fatal(err)
		}
		if r.Month != nil && len(gs.Series) > 0 && len(gs.Series[0].Points) > 0 {
			if g := gs.Series[0].Points[len(gs.Series[0].Points)-1].Value; g != r.Month.Pct {
				t.Errorf("%s: growth over 30 days: chart %v %%, leaderboard %v %%", where, g, r.Month.Pct)
			}
		}
	}
	if checked == 0 && at.Before(time.Date(2026, 10, 20, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("at %s no official had a counted total: the test checked nothing", at.Format(time.RFC3339))
	}
}

func changeOf(pct float64, ok bool) any {
	if !ok {
		return nil
	}
	return pct
}

func sameChangePtr(c *data.Change, abs int64, pct float64, ok bool) bool {
	if c == nil {
		return !ok
	}
	return ok && c.Abs == abs && c.Pct == pct
}
