package pgstore

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"golang.org/x/sync/errgroup"

	"akimwatch/data"
	"akimwatch/data/totals"
)

var _ data.Sketcher = (*Store)(nil)

// sketchPoint is an account's newest reading (without page likes) at or
// before the moment $N: one backward seek on the (account_id, ts) key.
func sketchPoint(n int) string {
	return fmt.Sprintf(`LEFT JOIN LATERAL (SELECT ts, followers, posts, source, flags FROM snapshots n
  WHERE n.account_id = a.id AND n.ts <= $%d AND n.%s ORDER BY n.ts DESC LIMIT 1) p%d ON true`, n, notLikes, n)
}

// sketchSQL reads per account its newest readings at or before to ($3),
// mid ($2) and from ($1), and the counts of its readings in (from, to]:
// all, with posts, apart and with zero followers.
var sketchSQL = `SELECT a.id, a.official_id, o.name, o.position, o.level, o.region, a.platform, a.handle,
 p3.ts, p3.followers, p3.posts, p3.source, p3.flags,
 p2.ts, p2.followers, p2.posts, p2.source, p2.flags,
 p1.ts, p1.followers, p1.posts, p1.source, p1.flags,
 w.n, w.np, w.apart, w.zero
FROM accounts a JOIN officials o ON o.id = a.official_id
` + sketchPoint(3) + `
` + sketchPoint(2) + `
` + sketchPoint(1) + `
CROSS JOIN LATERAL (SELECT count(*) AS n, count(n.posts) AS np,
  count(*) FILTER (WHERE n.source = ` + fmt.Sprint(int(data.SourceArticle)) + ` OR n.flags & ` + fmt.Sprint(int(data.FlagApproxTime|data.FlagLowerBound|data.FlagApproxCount)) + ` <> 0) AS apart,
  count(*) FILTER (WHERE n.followers = 0) AS zero
  FROM snapshots n WHERE n.account_id = a.id AND n.ts > $1 AND n.ts <= $3 AND n.` + notLikes + `) w
%s ORDER BY a.id`

// point is one sketch reading as the query returns it (all NULL: none).
// Its fields are values, not pointers: 27,000 points read without 135,000
// allocations.
type point struct {
	ts, followers, posts pgtype.Int8
	source, flags        pgtype.Int8
}

// sketchParts is how many queries read the sketches at once, each for
// every sketchParts-th account. The national watchlist's sketches are
// 36,000 short index probes, all on the one core that runs a query (about
// 260 ms on the CI machine); the parts run on the server's cores side by side.
const sketchParts = 2

// Sketches returns, in account ID order, every account f matches that has
// a reading at or before to, sketched over (from, to] at from, mid and to,
// as the SQLite store's sketches are (the views' quick path).
func (s *Store) Sketches(ctx context.Context, from, mid, to time.Time, f data.TallyFilter) ([]*data.SketchRow, error) {
	lo := int64(math.MinInt64 / 2)
	if !from.IsZero() {
		lo = from.Unix()
	}
	cond, args, none := tallyWhere(f, []any{lo, mid.Unix(), to.Unix()})
	if none {
		return nil, nil
	}
	if cond == "" {
		cond = "WHERE true"
	}
	// The part is the last argument: every sketchParts-th account.
	q := fmt.Sprintf(sketchSQL, fmt.Sprintf("%s AND a.id %% %d = $%d", cond, sketchParts, len(args)+1))
	parts := make([][]*data.SketchRow, sketchParts)
	g, gctx := errgroup.WithContext(ctx)
	for k := range parts {
		g.Go(func() error {
			var err error
			parts[k], err = s.sketchPart(gctx, q, append(slices.Clip(args), k), lo)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("read history up to %s: %w", to.UTC().Format(time.RFC3339), err)
	}
	out := slices.Concat(parts...)
	slices.SortFunc(out, func(a, b *data.SketchRow) int { return cmp.Compare(a.Account.ID, b.Account.ID) })
	return out, nil
}

// sketchBlock is how many sketch rows (and their readings) are allocated at
// once: two allocations per block instead of two per account.
const sketchBlock = 256

// sketchPart runs the sketch query q for one part of the accounts.
func (s *Store) sketchPart(ctx context.Context, q string, args []any, lo int64) ([]*data.SketchRow, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*data.SketchRow
	var block []data.SketchRow
	var readings []totals.Reading
	for rows.Next() {
		if len(block) == cap(block) {
			block, readings = make([]data.SketchRow, 0, sketchBlock), make([]totals.Reading, 0, 3*sketchBlock)
		}
		block = append(block, data.SketchRow{})
		r, n := &block[len(block)-1], len(readings)
		r.Account.Readings = readings[n : n : n+3] // at most three, in place
		ok, err := scanSketch(rows, lo, r)
		if err != nil {
			return nil, err
		}
		if !ok {
			block = block[:len(block)-1]
			continue
		}
		readings = readings[:n+3]
		out = append(out, r)
	}
	return out, rows.Err()
}

// scanSketch reads one account's sketch row into r; false when the account
// has no reading at or before the sketch's end.
func scanSketch(rows pgx.Rows, lo int64, r *data.SketchRow) (bool, error) {
	var pos, lvl, reg, plat string
	var last, atMid, atFrom point
	var n, np, apart, zero int64
	if err := rows.Scan(&r.Account.ID, &r.OfficialID, &r.Official, &pos, &lvl, &reg, &plat, &r.Handle,
		&last.ts, &last.followers, &last.posts, &last.source, &last.flags,
		&atMid.ts, &atMid.followers, &atMid.posts, &atMid.source, &atMid.flags,
		&atFrom.ts, &atFrom.followers, &atFrom.posts, &atFrom.source, &atFrom.flags,
		&n, &np, &apart, &zero); err != nil {
		return false, err
	}
	if !last.ts.Valid {
		return false, nil // no reading at or before to
	}
	r.Position, r.Level, r.Region, r.Platform = data.Position(pos), data.Level(lvl), data.Region(reg), data.Platform(plat)
	r.Window = totals.Window{N: int(n), NoPosts: int(n - np), Apart: int(apart), Zero: int(zero)}
	for _, p := range []point{atFrom, atMid, last} {
		if !p.ts.Valid {
			continue
		}
		sn := data.Snapshot{Time: time.Unix(p.ts.Int64, 0).UTC(), Followers: p.followers.Int64, Source: data.Source(p.source.Int64), Flags: data.Flags(p.flags.Int64)}
		if p.posts.Valid {
			sn.Posts = &p.posts.Int64
		}
		rd := data.TotalsReading(sn)
		if k := len(r.Account.Readings); k > 0 && !r.Account.Readings[k-1].Time.Before(rd.Time) {
			continue // the same reading again
		}
		r.Account.Readings = append(r.Account.Readings, rd)
		r.Source, r.Flags = sn.Source, sn.Flags
	}
	// As on SQLite: the span's oldest reading is not read; the first
	// sketch reading inside the span is one no earlier.
	for _, rd := range r.Account.Readings {
		if r.Window.N > 0 && rd.Time.Unix() > lo {
			r.Window.First = rd.Time
			break
		}
	}
	return true, nil
}
