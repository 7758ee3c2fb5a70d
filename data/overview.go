package data

import (
	"context"
	"time"
)

// OfficialSummary is one watchlist row: an official with their accounts and
// the sum of each account's latest follower count.
type OfficialSummary struct {
	Official  Official
	Accounts  []Account
	Followers int64     // sum of the latest count of each account that has one
	Counted   int       // how many accounts contributed to Followers
	LastTime  time.Time // time of the newest snapshot among the accounts
	// Flags collects the flags of the latest snapshots (e.g. FlagLowerBound
	// when any figure is a lower bound, SourceArticle in Sources).
	Flags   Flags
	Sources map[Source]bool
	// WeekChange is the change over the last 7 days, summed over the
	// accounts that have a reading both now and a week ago; WeekBase is
	// their sum a week ago (0 when no account has both).
	WeekChange, WeekBase int64
	// OpenAlerts counts unacknowledged alerts on the official's accounts.
	OpenAlerts int
}

// WeekPct returns WeekChange as a percentage of WeekBase, and false when
// there is no base to compare with.
func (o OfficialSummary) WeekPct() (float64, bool) {
	if o.WeekBase <= 0 {
		return 0, false
	}
	return float64(o.WeekChange) * 100 / float64(o.WeekBase), true
}

// StaleAfter is how much older than an official's newest reading an
// account's latest reading may be and still count in the official's total.
const StaleAfter = 30 * 24 * time.Hour

// Overview returns the watchlist summary used by the app's list and the
// CLI's "officials list", ordered by name; now sets "a week ago".
func (s *Store) Overview(ctx context.Context, now time.Time) ([]OfficialSummary, error) {
	offs, err := s.Officials(ctx)
	if err != nil {
		return nil, err
	}
	accs, err := s.Accounts(ctx, AccountFilter{})
	if err != nil {
		return nil, err
	}
	latest, err := s.Latest(ctx)
	if err != nil {
		return nil, err
	}
	byAccount := make(map[int64]Snapshot, len(latest))
	for _, sn := range latest {
		byAccount[sn.AccountID] = sn
	}
	weekAgo, err := s.LatestAt(ctx, now.AddDate(0, 0, -7))
	if err != nil {
		return nil, err
	}
	before := make(map[int64]int64, len(weekAgo))
	for _, sn := range weekAgo {
		before[sn.AccountID] = sn.Followers
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
	// newest reading per official: older figures (such as a 2019 article
	// quote beside a live account) are not added into today's total.
	newest := map[int64]time.Time{}
	owner := make(map[int64]int64, len(accs))
	for _, a := range accs {
		owner[a.ID] = a.OfficialID
	}
	for _, sn := range latest {
		if o := owner[sn.AccountID]; sn.Time.After(newest[o]) {
			newest[o] = sn.Time
		}
	}
	for _, a := range accs {
		i, ok := idx[a.OfficialID]
		if !ok {
			continue
		}
		row := &out[i]
		row.Accounts = append(row.Accounts, a)
		row.OpenAlerts += openByAccount[a.ID]
		sn, ok := byAccount[a.ID]
		if !ok || sn.Time.Before(newest[a.OfficialID].Add(-StaleAfter)) {
			continue
		}
		row.Followers = AddSat(row.Followers, sn.Followers)
		row.Counted++
		row.Flags |= sn.Flags
		row.Sources[sn.Source] = true
		if sn.Time.After(row.LastTime) {
			row.LastTime = sn.Time
		}
		if b, ok := before[a.ID]; ok && sn.Time.After(now.AddDate(0, 0, -7)) {
			row.WeekChange = AddSat(row.WeekChange, sn.Followers-b)
			row.WeekBase = AddSat(row.WeekBase, b)
		}
	}
	return out, nil
}
