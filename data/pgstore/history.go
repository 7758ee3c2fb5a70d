package pgstore

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"akimwatch/data"
	"akimwatch/data/totals"
)

// EachHistory calls fn with the follower readings of every account in r
// that has any, oldest first, account by account in ID order, streaming
// from the server. It stops at the first error fn returns.
func (s *Store) EachHistory(ctx context.Context, r data.HistoryRange, fn func(accountID int64, readings []data.Reading) error) error {
	from := int64(math.MinInt64)
	if !r.From.IsZero() {
		from = r.From.Unix()
	}
	last := r.LastAccount
	if last == 0 {
		last = math.MaxInt64
	}
	// Per account, one range of the (account_id, ts) key: a recent From
	// reads the few new readings of each account, not the whole table.
	rows, err := s.pool.Query(ctx, `SELECT a.id, s.ts, s.followers FROM accounts a
CROSS JOIN LATERAL (SELECT n.ts, n.followers FROM snapshots n WHERE n.account_id = a.id AND n.ts >= $1 ORDER BY n.ts) s
WHERE a.id BETWEEN $2 AND $3 ORDER BY a.id, s.ts`, from, r.FirstAccount, last)
	if err != nil {
		return fmt.Errorf("read history of accounts %d–%d: %w", r.FirstAccount, r.LastAccount, err)
	}
	defer rows.Close()
	cur := int64(0)
	var rs []data.Reading
	for rows.Next() {
		var id, ts, f int64
		if err := rows.Scan(&id, &ts, &f); err != nil {
			return fmt.Errorf("read history: %w", err)
		}
		if id != cur && rs != nil {
			if err := fn(cur, rs); err != nil {
				return err
			}
			rs = nil
		}
		cur = id
		rs = append(rs, data.Reading{Time: time.Unix(ts, 0).UTC(), Followers: f})
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read history: %w", err)
	}
	if rs != nil {
		return fn(cur, rs)
	}
	return nil
}

// Tallies returns, for every account with a reading at or before to, its
// readings in (from, to] and its newest reading at or before from.
func (s *Store) Tallies(ctx context.Context, from, to time.Time) (map[int64]data.Tally, error) {
	return s.TalliesOf(ctx, from, to, data.TallyFilter{})
}

// notLikes keeps the readings a total sums: a Facebook Page's likes are
// another metric (as data.TotalsAccount does).
var notLikes = fmt.Sprintf("flags & %d = 0", data.FlagPageLikes)

// tallyWhere turns a filter into a WHERE clause over accounts a and
// officials o, appending its arguments to args; none is false when the
// filter keeps no account at all.
func tallyWhere(f data.TallyFilter, args []any) (cond string, out []any, none bool) {
	var where []string
	if f.Region != "" {
		args = append(args, string(f.Region))
		where = append(where, fmt.Sprintf("o.region = $%d", len(args)))
	}
	if f.Level != "" {
		args = append(args, string(f.Level))
		where = append(where, fmt.Sprintf("o.level = $%d", len(args)))
	}
	if f.Platform != "" {
		args = append(args, string(f.Platform))
		where = append(where, fmt.Sprintf("a.platform = $%d", len(args)))
	}
	if ids, ok := f.IDs(); ok {
		if len(ids) == 0 {
			return "", args, true
		}
		args = append(args, ids)
		where = append(where, fmt.Sprintf("a.id = ANY($%d)", len(args)))
	}
	if len(where) == 0 {
		return "", args, false
	}
	return "WHERE " + strings.Join(where, " AND "), args, false
}

// TalliesOf is Tallies for the accounts f matches. It always reads posts,
// sources and flags (f.NoPosts and f.NoKinds only save work on SQLite).
// Per account: one backward seek for the base reading, one range of the
// (account_id, ts) key for the span.
func (s *Store) TalliesOf(ctx context.Context, from, to time.Time, f data.TallyFilter) (map[int64]data.Tally, error) {
	lo := int64(math.MinInt64 / 2)
	if !from.IsZero() {
		lo = from.Unix()
	}
	cond, args, none := tallyWhere(f, []any{lo, to.Unix()})
	if none {
		return map[int64]data.Tally{}, nil
	}
	q := `SELECT a.id, a.official_id, o.name, o.position, o.level, o.region, a.platform, a.handle,
 s.ts, s.followers, s.posts, s.source, s.flags
FROM accounts a JOIN officials o ON o.id = a.official_id
CROSS JOIN LATERAL (SELECT coalesce((SELECT b.ts FROM snapshots b WHERE b.account_id = a.id AND b.ts <= $1 AND b.` + notLikes + `
  ORDER BY b.ts DESC LIMIT 1), $1) AS lo) base
CROSS JOIN LATERAL (SELECT n.ts, n.followers, n.posts, n.source, n.flags FROM snapshots n
  WHERE n.account_id = a.id AND n.ts >= base.lo AND n.ts <= $2 AND n.` + notLikes + ` ORDER BY n.ts) s
` + cond + ` ORDER BY a.id, s.ts`
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read history up to %s: %w", to.UTC().Format(time.RFC3339), err)
	}
	defer rows.Close()
	out := map[int64]data.Tally{}
	for rows.Next() {
		var id, off, ts, fol, src, flags int64
		var posts *int64
		var name, pos, lvl, reg, plat, handle string
		if err := rows.Scan(&id, &off, &name, &pos, &lvl, &reg, &plat, &handle, &ts, &fol, &posts, &src, &flags); err != nil {
			return nil, fmt.Errorf("read history: %w", err)
		}
		t, ok := out[id]
		if !ok {
			t = data.Tally{Account: totals.Account{ID: id}, OfficialID: off, Official: name, Position: data.Position(pos),
				Level: data.Level(lvl), Region: data.Region(reg), Platform: data.Platform(plat), Handle: handle}
		}
		sn := data.Snapshot{Time: time.Unix(ts, 0).UTC(), Followers: fol, Posts: posts, Source: data.Source(src), Flags: data.Flags(flags)}
		if f.NoPosts {
			sn.Posts = nil
		}
		t.Account.Readings = append(t.Account.Readings, data.TotalsReading(sn))
		t.Source, t.Flags = sn.Source, sn.Flags
		out[id] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	return out, nil
}

// Leaderboard ranks officials (or accounts) by their total, with the one
// definition in data.
func (s *Store) Leaderboard(ctx context.Context, q data.LeaderboardQuery) ([]data.LeaderboardRow, error) {
	return data.LeaderboardOf(ctx, s, q)
}

// Overview returns the watchlist summary, with the one definition in data.
func (s *Store) Overview(ctx context.Context, now time.Time) ([]data.OfficialSummary, error) {
	return data.OverviewOf(ctx, s, now)
}

// Sparklines returns each official's daily totals, with the one definition
// in data.
func (s *Store) Sparklines(ctx context.Context, now time.Time, days int) (map[int64][]float64, error) {
	return data.SparklinesOf(ctx, s, now, days)
}
