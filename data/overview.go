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
}

// Overview returns the watchlist summary used by the app's list and the
// CLI's "officials list", ordered by name.
func (s *Store) Overview(ctx context.Context) ([]OfficialSummary, error) {
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
	idx := make(map[int64]int, len(offs))
	out := make([]OfficialSummary, len(offs))
	for i, o := range offs {
		idx[o.ID] = i
		out[i] = OfficialSummary{Official: o, Sources: map[Source]bool{}}
	}
	for _, a := range accs {
		i, ok := idx[a.OfficialID]
		if !ok {
			continue
		}
		row := &out[i]
		row.Accounts = append(row.Accounts, a)
		sn, ok := byAccount[a.ID]
		if !ok {
			continue
		}
		row.Followers += sn.Followers
		row.Counted++
		row.Flags |= sn.Flags
		row.Sources[sn.Source] = true
		if sn.Time.After(row.LastTime) {
			row.LastTime = sn.Time
		}
	}
	return out, nil
}
