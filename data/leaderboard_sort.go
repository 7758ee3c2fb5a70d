package data

import (
	"fmt"
	"sort"
	"strings"
)

// LeaderboardSort names what leaderboard rows are ordered by. Ranks are
// always by followers; a sort only changes the order rows are shown in.
type LeaderboardSort string

// Leaderboard sort keys; their names are the JSON and CSV column names.
const (
	SortRank         LeaderboardSort = "rank"
	SortOfficial     LeaderboardSort = "official"
	SortRegion       LeaderboardSort = "region"
	SortPlatform     LeaderboardSort = "platform"
	SortFollowers    LeaderboardSort = "followers"
	SortChange7d     LeaderboardSort = "change_7d"
	SortChange7dPct  LeaderboardSort = "change_7d_pct"
	SortChange30d    LeaderboardSort = "change_30d"
	SortChange30dPct LeaderboardSort = "change_30d_pct"
	SortRankChange   LeaderboardSort = "rank_change"
	SortPosts7d      LeaderboardSort = "posts_7d"
	SortPosts30d     LeaderboardSort = "posts_30d"
)

// LeaderboardSorts lists the sort keys, in the leaderboard's column order.
var LeaderboardSorts = []LeaderboardSort{SortRank, SortOfficial, SortRegion, SortPlatform, SortFollowers,
	SortChange7d, SortChange7dPct, SortChange30d, SortChange30dPct, SortRankChange, SortPosts7d, SortPosts30d}

// ParseLeaderboardSort accepts a sort key's name.
func ParseLeaderboardSort(s string) (LeaderboardSort, error) {
	k := LeaderboardSort(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range LeaderboardSorts {
		if v == k {
			return k, nil
		}
	}
	names := make([]string, len(LeaderboardSorts))
	for i, v := range LeaderboardSorts {
		names[i] = string(v)
	}
	return "", fmt.Errorf("unknown sort %q (want one of %s): %w", s, strings.Join(names, ", "), ErrInvalid)
}

// Numeric reports whether the key orders by a number (biggest first by
// default) rather than by text.
func (k LeaderboardSort) Numeric() bool {
	switch k {
	case SortOfficial, SortRegion, SortPlatform:
		return false
	}
	return true
}

// Value returns the row's number for the key, and false when it has none
// (an unknown change, no rank, or a text key).
func (r LeaderboardRow) Value(k LeaderboardSort) (float64, bool) {
	switch k {
	case SortRank:
		return float64(r.Rank), r.Rank > 0
	case SortFollowers:
		return float64(r.Followers), true
	case SortChange7d, SortChange7dPct, SortChange30d, SortChange30dPct:
		c := r.Week
		if k == SortChange30d || k == SortChange30dPct {
			c = r.Month
		}
		if c == nil {
			return 0, false
		}
		if k == SortChange7dPct || k == SortChange30dPct {
			return c.Pct, true
		}
		return float64(c.Abs), true
	case SortRankChange:
		d, ok := r.RankChange()
		return float64(d), ok
	case SortPosts7d, SortPosts30d:
		p := r.Posts7d
		if k == SortPosts30d {
			p = r.Posts30d
		}
		if p == nil {
			return 0, false
		}
		return float64(*p), true
	}
	return 0, false
}

// text is the row's text for a text key.
func (r LeaderboardRow) text(k LeaderboardSort) string {
	switch k {
	case SortOfficial:
		return r.Official
	case SortRegion:
		return string(r.Region)
	case SortPlatform:
		return string(r.Platform)
	}
	return ""
}

// SortLeaderboard orders rows by k, descending when desc; rows without a
// value go last either way, and ties keep the rank order. Rank sorts the
// ranked rows first, then the rows apart.
func SortLeaderboard(rows []LeaderboardRow, k LeaderboardSort, desc bool) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if !k.Numeric() {
			if desc {
				return a.text(k) > b.text(k)
			}
			return a.text(k) < b.text(k)
		}
		va, oka := a.Value(k)
		vb, okb := b.Value(k)
		if oka != okb {
			return oka
		}
		if va == vb || !oka {
			return false
		}
		if desc {
			return va > vb
		}
		return va < vb
	})
}
