package data

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"akimwatch/data/totals"
)

// Leaderboard windows: the changes an analyst compares officials by.
const (
	// LeaderboardWeek is the span of the short change and of the rank change.
	LeaderboardWeek = Week
	// LeaderboardMonth is the span of the long change.
	LeaderboardMonth = 30 * 24 * time.Hour
)

// LeaderboardBy says what the leaderboard ranks.
type LeaderboardBy string

// What a leaderboard ranks.
const (
	ByOfficial LeaderboardBy = "official" // officials by their total (the default)
	ByAccount  LeaderboardBy = "account"  // accounts one by one
)

// ParseLeaderboardBy accepts "official" or "account".
func ParseLeaderboardBy(s string) (LeaderboardBy, error) {
	switch b := LeaderboardBy(strings.ToLower(strings.TrimSpace(s))); b {
	case ByOfficial, ByAccount:
		return b, nil
	case "":
		return ByOfficial, nil
	}
	return "", fmt.Errorf("unknown leaderboard kind %q (want official or account): %w", s, ErrInvalid)
}

// LeaderboardQuery says what to rank and as of when. Zero filter fields
// match everything.
type LeaderboardQuery struct {
	// At is "now": each account's newest reading at or before At counts.
	// Zero means the current time.
	At       time.Time
	Region   Region
	Level    Level
	Platform Platform
	// By is what to rank; "" ranks officials.
	By LeaderboardBy
	// IncludeApart ranks the figures apart (stale, article or approximate)
	// with the measured ones; by default they are listed after, unranked.
	IncludeApart bool
}

// LeaderboardRow is one official (or one account) on the leaderboard. Its
// figures follow the one definition of totals (package totals).
type LeaderboardRow struct {
	// AccountID, Platform and Handle are set on account rows; Platform also
	// when the query names one.
	AccountID  int64
	OfficialID int64
	Official   string
	Position   Position
	Level      Level
	Region     Region
	Platform   Platform
	Handle     string
	// Accounts is how many accounts the row sums (1 on account rows).
	Accounts int
	// Followers is the total at At; Time is its newest reading.
	Followers int64
	Time      time.Time
	// Apart is true when nothing measured and fresh is left: Followers is
	// then the sum of the figures apart (stale, article or approximate).
	Apart bool
	// Week and Month are the like-for-like changes over the 7 and 30 days
	// before At; nil when nothing was measured through the span.
	Week, Month *Change
	// Posts7d and Posts30d are the posts published in those spans, from the
	// post counts (like-for-like); nil when no post count covers the span.
	Posts7d, Posts30d *int64
	// Rank is the position by Followers among the ranked rows (1 = most;
	// equal counts share a rank), 0 for an unranked row apart. PrevRank is
	// the position a week earlier, 0 when the row had no rank then.
	Rank, PrevRank int
}

// Change is a follower change over a window: absolute and in percent
// (chain-linked, so a join is no growth).
type Change struct {
	Abs int64
	Pct float64
}

// RankChange is how many places the row climbed since a week ago
// (negative when it fell), and false when it had no rank then or now.
func (r LeaderboardRow) RankChange() (int, bool) {
	if r.PrevRank == 0 || r.Rank == 0 {
		return 0, false
	}
	return r.PrevRank - r.Rank, true
}

// Leaderboard ranks the officials (or accounts) matching q by their total
// at q.At, with their 7- and 30-day changes, posts and rank change since a
// week before. Those with no reading at or before q.At are left out. Rows
// come ranked first (most followers first), then the figures apart.
func (s *SQLiteStore) Leaderboard(ctx context.Context, q LeaderboardQuery) ([]LeaderboardRow, error) {
	return LeaderboardOf(ctx, s, q)
}

// LeaderboardOf is the one definition of the leaderboard, over any engine's
// history (Store.Leaderboard of every engine calls it).
func LeaderboardOf(ctx context.Context, s ViewSource, q LeaderboardQuery) ([]LeaderboardRow, error) {
	at := q.At
	if at.IsZero() {
		at = time.Now()
	}
	by, err := ParseLeaderboardBy(string(q.By))
	if err != nil {
		return nil, err
	}
	o := totals.Options{}
	from, mid := at.Add(-LeaderboardMonth), at.Add(-LeaderboardWeek)
	filter := TallyFilter{Region: q.Region, Level: q.Level, Platform: q.Platform}
	sks, err := sketchesOf(ctx, s, from, mid, at, filter)
	if err != nil {
		return nil, fmt.Errorf("leaderboard at %s: %w", at.UTC().Format(time.RFC3339), err)
	}
	type group struct {
		row  LeaderboardRow
		ids  []int64
		sk   []totals.Sketch
		hist []totals.Account // every reading of the span, when the quick path cannot tell
		// accs are the sketches' accounts, now and week their totals at At and
		// a week before, when the quick path could tell
		accs      []totals.Account
		now, week *totals.Total
	}
	var groups []*group
	index := map[int64]*group{}
	for _, t := range sks { // in account ID order
		id := t.Account.ID
		key := t.OfficialID
		if by == ByAccount {
			key = id
		}
		g := index[key]
		if g == nil {
			g = &group{row: LeaderboardRow{OfficialID: t.OfficialID, Official: t.Official, Position: t.Position, Level: t.Level, Region: t.Region, Platform: q.Platform}}
			if by == ByAccount {
				g.row.AccountID, g.row.Platform, g.row.Handle = id, t.Platform, t.Handle
			}
			index[key] = g
			groups = append(groups, g)
		}
		g.ids = append(g.ids, id)
		g.sk = append(g.sk, t.sketch())
	}
	// Where the accounts a row sums stay the same through the month, its
	// changes and posts telescope (totals.Steady): three readings per account
	// give them exactly. The other rows read every reading of the month.
	filter.ids = []int64{}
	for _, g := range groups {
		r := &g.row
		if !totals.Steady(g.sk, from, at, o) {
			filter.ids = append(filter.ids, g.ids...)
			continue
		}
		p7, ok7, quick7 := totals.SteadyPosts(g.sk, mid, at, o)
		p30, ok30, quick30 := totals.SteadyPosts(g.sk, from, at, o)
		if !quick7 || !quick30 {
			filter.ids = append(filter.ids, g.ids...)
			continue
		}
		accs := totals.Accounts(g.sk)
		now, week, month := totals.TotalAt(accs, at, o), totals.TotalAt(accs, mid, o), totals.TotalAt(accs, from, o)
		r.Week, r.Month = changeOf(totals.SteadyChangeOf(week, now)), changeOf(totals.SteadyChangeOf(month, now))
		g.accs, g.now, g.week = accs, &now, &week
		r.Posts7d, r.Posts30d = postsOf(p7, ok7), postsOf(p30, ok30)
	}
	tallies, err := s.TalliesOf(ctx, from, at, filter)
	if err != nil {
		return nil, fmt.Errorf("leaderboard at %s: %w", at.UTC().Format(time.RFC3339), err)
	}
	for _, g := range groups {
		for _, id := range g.ids {
			if t, ok := tallies[id]; ok {
				g.hist = append(g.hist, t.Account)
			}
		}
		if g.hist == nil {
			continue
		}
		r := &g.row
		ch := totals.Changes(g.hist, at, []time.Duration{LeaderboardWeek, LeaderboardMonth}, o)
		r.Week, r.Month = changeOf(ch[0]), changeOf(ch[1])
		r.Posts7d = postsOf(totals.PostsBetween(g.hist, mid, at, o))
		r.Posts30d = postsOf(totals.PostsBetween(g.hist, from, at, o))
	}
	out := make([]LeaderboardRow, 0, len(groups))
	prev := make([]int64, 0, len(groups)) // totals a week ago; -1 when unranked then
	for _, g := range groups {
		r := g.row
		accs := g.hist
		if accs == nil {
			accs = g.accs
		}
		if accs == nil {
			accs = totals.Accounts(g.sk)
		}
		var tot, was totals.Total
		if g.now != nil && g.hist == nil {
			tot, was = *g.now, *g.week
		} else {
			tot, was = totals.TotalAt(accs, at, o), totals.TotalAt(accs, mid, o)
		}
		if len(tot.Parts) == 0 {
			continue // no reading at or before At
		}
		r.Accounts = len(tot.Parts)
		r.Followers, r.Time = tot.Followers, tot.Newest
		if tot.Members == 0 {
			r.Apart, r.Followers = true, tot.ApartFollowers
			for _, p := range tot.Parts {
				if p.Reading.Time.After(r.Time) {
					r.Time = p.Reading.Time
				}
			}
		}
		p := int64(-1)
		switch {
		case was.Members > 0:
			p = was.Followers
		case q.IncludeApart && was.Apart > 0:
			p = was.ApartFollowers
		}
		out = append(out, r)
		prev = append(prev, p)
	}
	rankLeaderboard(out, prev, q.IncludeApart)
	return out, nil
}

func changeOf(c totals.Change) *Change {
	if !c.OK {
		return nil
	}
	return &Change{Abs: c.Abs, Pct: c.Pct}
}

func postsOf(n int64, ok bool) *int64 {
	if !ok {
		return nil
	}
	return &n
}

// rankKey orders rows: most followers first, then official, then account.
func rankLess(a, b LeaderboardRow) bool {
	if a.Followers != b.Followers {
		return a.Followers > b.Followers
	}
	if a.OfficialID != b.OfficialID {
		return a.OfficialID < b.OfficialID
	}
	return a.AccountID < b.AccountID
}

// rankLeaderboard fills Rank and PrevRank (standard competition ranking:
// equal counts share a rank, the next rank skips) and sorts the rows: ranked
// rows by rank, then rows apart. weekAgo[i] is row i's total a week ago, or
// -1 when it had no rank then.
func rankLeaderboard(rows []LeaderboardRow, weekAgo []int64, includeApart bool) {
	idx := make([]int, 0, len(rows))
	for i := range rows {
		if weekAgo[i] >= 0 {
			idx = append(idx, i)
		}
	}
	sort.Slice(idx, func(a, b int) bool {
		x, y := idx[a], idx[b]
		if weekAgo[x] != weekAgo[y] {
			return weekAgo[x] > weekAgo[y]
		}
		return rankLess(rows[x], rows[y])
	})
	for k, i := range idx {
		if k > 0 && weekAgo[i] == weekAgo[idx[k-1]] {
			rows[i].PrevRank = rows[idx[k-1]].PrevRank
		} else {
			rows[i].PrevRank = k + 1
		}
	}
	ranked := func(r *LeaderboardRow) bool { return includeApart || !r.Apart }
	slices.SortStableFunc(rows, func(a, b LeaderboardRow) int {
		if ra, rb := ranked(&a), ranked(&b); ra != rb {
			if ra {
				return -1
			}
			return 1
		}
		switch {
		case rankLess(a, b):
			return -1
		case rankLess(b, a):
			return 1
		}
		return 0
	})
	for k := range rows {
		switch {
		case !ranked(&rows[k]):
			rows[k].Rank = 0
		case k > 0 && rows[k].Followers == rows[k-1].Followers:
			rows[k].Rank = rows[k-1].Rank
		default:
			rows[k].Rank = k + 1
		}
	}
}
