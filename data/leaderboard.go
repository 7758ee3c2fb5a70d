package data

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Leaderboard windows: the changes an analyst compares accounts by.
const (
	// LeaderboardWeek is the span of the short change and of the rank change.
	LeaderboardWeek = 7 * 24 * time.Hour
	// LeaderboardMonth is the span of the long change.
	LeaderboardMonth = 30 * 24 * time.Hour
)

// LeaderboardQuery says which accounts to rank and as of when. Zero filter
// fields match everything.
type LeaderboardQuery struct {
	// At is "now": each account's newest reading at or before At counts.
	// Zero means the current time.
	At       time.Time
	Region   Region
	Level    Level
	Platform Platform
}

// LeaderboardRow is one account on the leaderboard.
type LeaderboardRow struct {
	AccountID  int64
	OfficialID int64
	Official   string
	Position   Position
	Level      Level
	Region     Region
	Platform   Platform
	Handle     string
	// Followers is the newest count at or before At, read at Time.
	Followers int64
	Time      time.Time
	// Week and Month are the changes since the newest reading at or before
	// At minus 7 and 30 days; nil when there was no reading that early.
	Week, Month *Change
	// Rank is the position by Followers among the rows returned (1 = most;
	// equal counts share a rank). PrevRank is the position a week earlier
	// among the rows that had a reading then, 0 when this one had none.
	Rank, PrevRank int
}

// Change is a follower change over a window: absolute and in percent of the
// count at its start (Pct is 0 when that count was 0).
type Change struct {
	Abs int64
	Pct float64
}

// RankChange is how many places the account climbed since a week ago
// (negative when it fell), and false when it had no rank then.
func (r LeaderboardRow) RankChange() (int, bool) {
	if r.PrevRank == 0 {
		return 0, false
	}
	return r.PrevRank - r.Rank, true
}

// leaderboardSQL reads, per account, the newest reading at or before ?1
// (its time and count packed as "ts,followers", so one key seek finds
// both) and the counts at or before ?2 (a week earlier) and ?3 (a month
// earlier): three seeks on the (account_id, ts) key per account. Scalar
// subqueries (not a join on snapshots) keep every SQLite version's planner
// walking accounts, never scanning the 16-million-row history.
const leaderboardSQL = `SELECT a.id, a.official_id, o.name, o.position, o.level, o.region, a.platform, a.handle,
 (SELECT n.ts || ',' || n.followers FROM snapshots n WHERE n.account_id = a.id AND n.ts <= ?1 ORDER BY n.ts DESC LIMIT 1),
 (SELECT w.followers FROM snapshots w WHERE w.account_id = a.id AND w.ts <= ?2 ORDER BY w.ts DESC LIMIT 1),
 (SELECT m.followers FROM snapshots m WHERE m.account_id = a.id AND m.ts <= ?3 ORDER BY m.ts DESC LIMIT 1)
FROM accounts a JOIN officials o ON o.id = a.official_id`

// Leaderboard ranks the accounts matching q by followers, with each one's
// 7- and 30-day change and its rank change since a week before q.At.
// Accounts with no reading at or before q.At are left out. Rows come most
// followers first.
func (s *Store) Leaderboard(ctx context.Context, q LeaderboardQuery) ([]LeaderboardRow, error) {
	at := q.At
	if at.IsZero() {
		at = time.Now()
	}
	query := leaderboardSQL
	args := []any{at.Unix(), at.Add(-LeaderboardWeek).Unix(), at.Add(-LeaderboardMonth).Unix()}
	var where []string
	if q.Region != "" {
		args = append(args, string(q.Region))
		where = append(where, fmt.Sprintf("o.region = ?%d", len(args)))
	}
	if q.Level != "" {
		args = append(args, string(q.Level))
		where = append(where, fmt.Sprintf("o.level = ?%d", len(args)))
	}
	if q.Platform != "" {
		args = append(args, string(q.Platform))
		where = append(where, fmt.Sprintf("a.platform = ?%d", len(args)))
	}
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.r.QueryContext(ctx, query+" ORDER BY a.id", args...)
	if err != nil {
		return nil, fmt.Errorf("leaderboard at %s: %w", at.UTC().Format(time.RFC3339), err)
	}
	defer rows.Close()
	out := make([]LeaderboardRow, 0, 1024)
	var weekAgo []int64 // counts a week ago, by row; -1 when none
	for rows.Next() {
		var r LeaderboardRow
		var pos, lvl, reg, plat string // plain strings scan without reflection
		var latest []byte
		var week, month sql.NullInt64
		if err := rows.Scan(&r.AccountID, &r.OfficialID, &r.Official, &pos, &lvl, &reg, &plat, &r.Handle,
			&latest, &week, &month); err != nil {
			return nil, fmt.Errorf("leaderboard: %w", err)
		}
		if latest == nil {
			continue // no reading yet
		}
		ts, rest, ok := nextInt(latest)
		if ok {
			r.Followers, _, ok = nextInt(rest)
		}
		if !ok {
			return nil, fmt.Errorf("leaderboard: account %d: bad packed reading %q: %w", r.AccountID, latest, ErrInvalid)
		}
		r.Position, r.Level, r.Region, r.Platform = Position(pos), Level(lvl), Region(reg), Platform(plat)
		r.Time = time.Unix(ts, 0).UTC()
		r.Week, r.Month = changeFrom(week, r.Followers), changeFrom(month, r.Followers)
		// A newest reading older than the window start measures no change
		// at all: show it as unknown, not as 0.
		if ts <= args[1].(int64) {
			r.Week = nil
		}
		if ts <= args[2].(int64) {
			r.Month = nil
		}
		prev := int64(-1)
		if week.Valid {
			prev = week.Int64
		}
		out = append(out, r)
		weekAgo = append(weekAgo, prev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("leaderboard: %w", err)
	}
	rankLeaderboard(out, weekAgo)
	return out, nil
}

func changeFrom(base sql.NullInt64, now int64) *Change {
	if !base.Valid {
		return nil
	}
	c := &Change{Abs: now - base.Int64}
	if base.Int64 > 0 {
		c.Pct = float64(c.Abs) * 100 / float64(base.Int64)
	}
	return c
}

// rankLeaderboard fills Rank and PrevRank (standard competition ranking:
// equal counts share a rank, the next rank skips) and sorts rows by rank,
// then account ID. weekAgo[i] is row i's count a week ago, or -1.
func rankLeaderboard(rows []LeaderboardRow, weekAgo []int64) {
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
		return rows[x].AccountID < rows[y].AccountID
	})
	for k, i := range idx {
		if k > 0 && weekAgo[i] == weekAgo[idx[k-1]] {
			rows[i].PrevRank = rows[idx[k-1]].PrevRank
		} else {
			rows[i].PrevRank = k + 1
		}
	}
	sort.Slice(rows, func(a, b int) bool {
		if rows[a].Followers != rows[b].Followers {
			return rows[a].Followers > rows[b].Followers
		}
		return rows[a].AccountID < rows[b].AccountID
	})
	for k := range rows {
		if k > 0 && rows[k].Followers == rows[k-1].Followers {
			rows[k].Rank = rows[k-1].Rank
		} else {
			rows[k].Rank = k + 1
		}
	}
}
