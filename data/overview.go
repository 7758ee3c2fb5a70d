package data

import (
	"context"
	"time"

	"akimwatch/data/totals"
)

// OfficialSummary is one watchlist row: an official with their accounts and
// their total by the one definition of totals (package totals).
type OfficialSummary struct {
	Official Official
	Accounts []Account
	// Followers is the official's total now: the sum of each account's
	// newest measured, fresh count; Counted is how many accounts it sums.
	Followers int64
	Counted   int
	// ApartFollowers sums the figures left out of Followers (older than
	// StaleAfter, or article and approximate figures); Apart counts them.
	ApartFollowers int64
	Apart          int
	// LastTime is the time of the newest counted reading (of the newest
	// figure apart when nothing is counted).
	LastTime time.Time
	// Flags collects the flags of the figures apart (e.g. FlagLowerBound
	// when one is a lower bound), Sources the sources of every figure.
	Flags   Flags
	Sources map[Source]bool
	// Week is the like-for-like change over the last 7 days.
	Week totals.Change
	// OpenAlerts counts unacknowledged alerts on the official's accounts.
	OpenAlerts int
}

// WeekPct returns the 7-day change in percent, and false when nothing was
// measured through the week.
func (o OfficialSummary) WeekPct() (float64, bool) { return o.Week.Pct, o.Week.OK }

// StaleAfter is how old an account's newest reading may be and still count
// in an official's total (totals.DefaultStaleAfter).
const StaleAfter = totals.DefaultStaleAfter

// Week is the span of the watchlist's and the leaderboard's short change.
const Week = 7 * 24 * time.Hour

// Overview returns the watchlist summary used by the app's list and the
// CLI's "officials list", ordered by name, as of now.
func (s *SQLiteStore) Overview(ctx context.Context, now time.Time) ([]OfficialSummary, error) {
	return OverviewOf(ctx, s, now)
}

// OverviewOf is the one definition of the watchlist summary, over any
// engine's history (Store.Overview of every engine calls it).
func OverviewOf(ctx context.Context, s ViewSource, now time.Time) ([]OfficialSummary, error) {
	offs, err := s.Officials(ctx)
	if err != nil {
		return nil, err
	}
	accs, err := s.Accounts(ctx, AccountFilter{})
	if err != nil {
		return nil, err
	}
	from := now.Add(-Week)
	sks, err := sketchesOf(ctx, s, from, from, now, TallyFilter{})
	if err != nil {
		return nil, err
	}
	tallies := make(map[int64]*SketchRow, len(sks))
	for _, t := range sks {
		tallies[t.Account.ID] = t
	}
	open, err := s.Alerts(ctx, AlertFilter{OpenOnly: true})
	if err != nil {
		return nil, err
	}
	openByAccount := map[int64]int{}
	for _, a := range open {
		openByAccount[a.AccountID]++
	}
	idx := make(map[int64]int, len(offs))
	out := make([]OfficialSummary, len(offs))
	for i, o := range offs {
		idx[o.ID] = i
		out[i] = OfficialSummary{Official: o, Sources: map[Source]bool{}}
	}
	sk := make([][]totals.Sketch, len(offs))
	for _, a := range accs {
		i, ok := idx[a.OfficialID]
		if !ok {
			continue
		}
		row := &out[i]
		row.Accounts = append(row.Accounts, a)
		row.OpenAlerts += openByAccount[a.ID]
		if t, ok := tallies[a.ID]; ok {
			sk[i] = append(sk[i], t.sketch())
			row.Sources[t.Source] = true
			if (Snapshot{Source: t.Source, Flags: t.Flags}).Apart() {
				row.Flags |= t.Flags
			}
		}
	}
	// Where the accounts an official's total sums stay the same through the
	// week, the week's change telescopes (totals.Steady) and the sketches
	// give it; the others read the week's readings.
	o := totals.Options{}
	slow := TallyFilter{NoPosts: true, ids: []int64{}}
	for i := range out {
		summarize(&out[i], totals.Accounts(sk[i]), now)
		if totals.Steady(sk[i], from, now, o) {
			out[i].Week = totals.SteadyChange(sk[i], from, now, o)
			continue
		}
		for _, k := range sk[i] {
			slow.ids = append(slow.ids, k.Account.ID)
		}
	}
	full, err := s.TalliesOf(ctx, from, now, slow)
	if err != nil {
		return nil, err
	}
	for i := range out {
		var hist []totals.Account
		for _, k := range sk[i] {
			if t, ok := full[k.Account.ID]; ok {
				hist = append(hist, t.Account)
			}
		}
		if hist != nil {
			out[i].Week = totals.Between(hist, from, now, o)
		}
	}
	return out, nil
}

// summarize fills a row's total from its accounts' history (every reading
// or a sketch: the newest reading at or before now is what it reads).
func summarize(row *OfficialSummary, accs []totals.Account, now time.Time) {
	tot := totals.TotalAt(accs, now, totals.Options{})
	row.Followers, row.Counted = tot.Followers, tot.Members
	row.ApartFollowers, row.Apart = tot.ApartFollowers, tot.Apart
	row.LastTime = tot.Newest
	if tot.Members == 0 {
		for _, p := range tot.Parts {
			if p.Reading.Time.After(row.LastTime) {
				row.LastTime = p.Reading.Time
			}
		}
	}
}
