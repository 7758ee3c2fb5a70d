package data

import (
	"context"
	"time"

	"akimwatch/data/totals"
)

// Sparklines returns, per official ID, the official's total at the end of
// each of the last days days up to now, chain-linked (totals.Level): it
// ends at the official's total now and moves only by like-for-like change,
// so an account that starts being tracked makes no step. Days before the
// official had any counted reading are left out.
func (s *SQLiteStore) Sparklines(ctx context.Context, now time.Time, days int) (map[int64][]float64, error) {
	return SparklinesOf(ctx, s, now, days)
}

// SparklinesOf is the one definition of the sparklines, over any engine's
// history (Store.Sparklines of every engine calls it).
func SparklinesOf(ctx context.Context, s ViewSource, now time.Time, days int) (map[int64][]float64, error) {
	start := now.AddDate(0, 0, -days)
	tallies, err := s.TalliesOf(ctx, start, now, TallyFilter{NoPosts: true, NoKinds: true})
	if err != nil {
		return nil, err
	}
	byOfficial := map[int64][]totals.Account{}
	for _, t := range tallies {
		byOfficial[t.OfficialID] = append(byOfficial[t.OfficialID], t.Account)
	}
	out := make(map[int64][]float64, len(byOfficial))
	for o, h := range byOfficial {
		v, ok := steadySparkline(h, start, now, days)
		if !ok {
			v = sparkline(h, start, now, days)
		}
		if len(v) > 0 {
			out[o] = v
		}
	}
	return out, nil
}

// steadySparkline is sparkline for an official whose counted accounts stay
// the same from start to now (totals.Steady): the chain-linked level is then
// the total itself, summed at each day's end without walking the steps. ok
// is false when the accounts do not stay the same.
func steadySparkline(accs []totals.Account, start, now time.Time, days int) ([]float64, bool) {
	o := totals.Options{}
	sk := make([]totals.Sketch, len(accs))
	for i, a := range accs {
		sk[i] = totals.SketchOf(a, start, now)
	}
	if !totals.Steady(sk, start, now, o) {
		return nil, false
	}
	if _, members := totals.FollowersAt(accs, start, o); members == 0 {
		return nil, true // nothing counted from start to now
	}
	out := make([]float64, days)
	for d := range days {
		end := start.AddDate(0, 0, d+1)
		if d == days-1 {
			end = now
		}
		f, _ := totals.FollowersAt(accs, end, o)
		out[d] = float64(f)
	}
	return out, true
}

// sparkline samples the chain-linked level of accs at the end of each day.
func sparkline(accs []totals.Account, start, now time.Time, days int) []float64 {
	o := totals.Options{}
	steps := totals.Steps(accs, start, now, o)
	first := totals.TotalAt(accs, start, o)
	members := first.Members
	// level[k] is the chain-linked level after k steps (totals.Level, from
	// the same walk): it ends at the total now and moves only by changes.
	level := make([]float64, len(steps)+1)
	v := first.Followers
	if n := len(steps); n > 0 {
		v = steps[n-1].Total
	}
	for k := len(steps); k >= 0; k-- {
		level[k] = float64(v)
		if k > 0 {
			v -= steps[k-1].Change
		}
	}
	out := make([]float64, 0, days)
	k := 0 // steps taken
	for d := range days {
		end := start.AddDate(0, 0, d+1)
		if d == days-1 {
			end = now
		}
		for k < len(steps) && !steps[k].Time.After(end) {
			members = steps[k].Members
			k++
		}
		if members == 0 && len(out) == 0 {
			continue
		}
		out = append(out, level[k])
	}
	return out
}
