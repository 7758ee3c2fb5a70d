package data

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"akimwatch/data/totals"
)

// sketchPointSQL is an account's newest reading at or before a moment,
// packed as "time,followers,posts,source·256+flags": one key seek.
var sketchPointSQL = `(SELECT n.ts || ',' || n.followers || ',' || coalesce(n.posts, -1) || ',' || (n.source * 256 + n.flags)
 FROM snapshots n WHERE n.account_id = a.id AND n.ts <= ?%d AND n.flags` + notLikes + ` ORDER BY n.ts DESC LIMIT 1)`

// oddTerm picks the readings a total cannot simply sum: article quotes,
// approximate figures and counts of zero. The partial index snapshots_odd
// (migration 0004) holds just these; its WHERE must stay the same text.
var oddTerm = fmt.Sprintf("(n.source = %d OR n.flags & %d <> 0 OR n.followers = 0)", SourceArticle, apartFlags)

// sketchSQL reads, per account, its newest reading at or before ?3 (to),
// ?2 (a moment between) and ?1 (from), and counts its readings in
// (?1, ?3] and those with a post count (packed "n,posts,apart,zero"). The
// counts of readings apart and of zero followers are only counted when the
// index of odd readings has one in the span, which is rare. Per account:
// three key seeks, one short range that reads only the post column, and a
// seek into the small index: what totals.Steady needs, without handing the
// span's readings over.
var sketchSQL = `SELECT a.id, a.official_id, o.name, o.position, o.level, o.region, a.platform, a.handle, ` +
	fmt.Sprintf(sketchPointSQL, 3) + `, ` + fmt.Sprintf(sketchPointSQL, 2) + `, ` + fmt.Sprintf(sketchPointSQL, 1) + `,
 (SELECT count(*) || ',' || count(n.posts) FROM snapshots n WHERE n.account_id = a.id AND n.ts > ?1 AND n.ts <= ?3 AND n.flags` + notLikes + `) || ',' ||
 CASE WHEN EXISTS (SELECT 1 FROM snapshots n INDEXED BY snapshots_odd WHERE n.account_id = a.id AND n.ts > ?1 AND n.ts <= ?3 AND ` + oddTerm + `)
  THEN (SELECT coalesce(sum(n.source = ?4 OR n.flags & ?5 <> 0), 0) || ',' || coalesce(sum(n.followers = 0), 0)
   FROM snapshots n WHERE n.account_id = a.id AND n.ts > ?1 AND n.ts <= ?3 AND n.flags` + notLikes + `)
  ELSE '0,0' END
FROM accounts a JOIN officials o ON o.id = a.official_id %s ORDER BY a.id`

// SketchRow is one account over a span as an engine's Sketches reads it
// (sketchSQL on SQLite): Tally holds
// the account's newest readings at or before the span's moments (Source and
// Flags those of the newest), and Window counts the readings in the span.
type SketchRow struct {
	Tally
	Window totals.Window
}

// sketch returns the row as the quick path of the totals reads it.
func (r SketchRow) sketch() totals.Sketch { return totals.Sketch{Account: r.Account, Window: r.Window} }

// tallyWhere turns a filter into a WHERE clause over accounts a and
// officials o, appending its arguments to args.
func tallyWhere(f TallyFilter, args []any) (string, []any) {
	var where []string
	if f.Region != "" {
		args = append(args, string(f.Region))
		where = append(where, fmt.Sprintf("o.region = ?%d", len(args)))
	}
	if f.Level != "" {
		args = append(args, string(f.Level))
		where = append(where, fmt.Sprintf("o.level = ?%d", len(args)))
	}
	if f.Platform != "" {
		args = append(args, string(f.Platform))
		where = append(where, fmt.Sprintf("a.platform = ?%d", len(args)))
	}
	if f.ids != nil {
		var b strings.Builder
		b.WriteByte('[')
		for i, id := range f.ids {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprint(&b, id)
		}
		b.WriteByte(']')
		args = append(args, b.String())
		where = append(where, fmt.Sprintf("a.id IN (SELECT value FROM json_each(?%d))", len(args)))
	}
	if len(where) == 0 {
		return "", args
	}
	return "WHERE " + strings.Join(where, " AND "), args
}

// Sketches returns, in account ID order, every account f matches that has
// a reading at or before to, sketched over (from, to] at from, mid and to.
func (s *SQLiteStore) Sketches(ctx context.Context, from, mid, to time.Time, f TallyFilter) ([]*SketchRow, error) {
	lo := int64(math.MinInt64 / 2)
	if !from.IsZero() {
		lo = from.Unix()
	}
	args := []any{lo, mid.Unix(), to.Unix(), int64(SourceArticle), int64(apartFlags)}
	cond, args := tallyWhere(f, args)
	rows, err := s.r.QueryContext(ctx, fmt.Sprintf(sketchSQL, cond), args...)
	if err != nil {
		return nil, fmt.Errorf("read history up to %s: %w", to.UTC().Format(time.RFC3339), err)
	}
	defer rows.Close()
	var out []*SketchRow // pointers: the rows are big, and growing a slice of them copied every one
	for rows.Next() {
		r := &SketchRow{}
		var pos, lvl, reg, plat string
		var last, atMid, atFrom, win []byte
		if err := rows.Scan(&r.Account.ID, &r.OfficialID, &r.Official, &pos, &lvl, &reg, &plat, &r.Handle, &last, &atMid, &atFrom, &win); err != nil {
			return nil, fmt.Errorf("read history: %w", err)
		}
		if last == nil {
			continue // no reading at or before to
		}
		r.Position, r.Level, r.Region, r.Platform = Position(pos), Level(lvl), Region(reg), Platform(plat)
		var err error
		if r.Window, err = parseWindow(win); err != nil {
			return nil, fmt.Errorf("read history of account %d: %w", r.Account.ID, err)
		}
		r.Account.Readings = make([]totals.Reading, 0, 3)
		for _, p := range [][]byte{atFrom, atMid, last} {
			if p == nil {
				continue
			}
			rd, src, fl, err := parsePoint(p)
			if err != nil {
				return nil, fmt.Errorf("read history of account %d: %w", r.Account.ID, err)
			}
			if n := len(r.Account.Readings); n > 0 && !r.Account.Readings[n-1].Time.Before(rd.Time) {
				continue // the same reading again
			}
			r.Account.Readings = append(r.Account.Readings, rd)
			r.Source, r.Flags = src, fl
		}
		// The oldest reading of the span is not read: the newest at or
		// before mid when it is in the span, or else the newest of the span,
		// is one no earlier, which is what totals.Window allows.
		for _, rd := range r.Account.Readings {
			if r.Window.N > 0 && rd.Time.Unix() > lo {
				r.Window.First = rd.Time
				break
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	return out, nil
}

// parsePoint reads one packed reading of sketchPointSQL.
func parsePoint(b []byte) (totals.Reading, Source, Flags, error) {
	var v [4]int64
	for i := range v {
		var ok bool
		if v[i], b, ok = nextInt(b); !ok {
			return totals.Reading{}, 0, 0, fmt.Errorf("bad packed reading: %w", ErrInvalid)
		}
	}
	src, fl := Source(v[3]>>8), Flags(v[3]&0xff)
	return totals.Reading{Time: time.Unix(v[0], 0).UTC(), Followers: v[1], Posts: v[2], Apart: Snapshot{Source: src, Flags: fl}.Apart()}, src, fl, nil
}

// parseWindow reads the packed counts of sketchSQL.
func parseWindow(b []byte) (totals.Window, error) {
	var v [4]int64
	for i := range v {
		var ok bool
		if v[i], b, ok = nextInt(b); !ok {
			return totals.Window{}, fmt.Errorf("bad packed counts: %w", ErrInvalid)
		}
	}
	return totals.Window{N: int(v[0]), NoPosts: int(v[0] - v[1]), Apart: int(v[2]), Zero: int(v[3])}, nil
}
