package data

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"akimwatch/data/totals"
)

// apartFlags are the flags that keep a figure out of a total: it is
// approximate in time or in count.
const apartFlags = FlagApproxTime | FlagLowerBound | FlagApproxCount

// Apart reports whether the snapshot's figure is shown apart from measured
// counts and never summed with them: an article quote or an approximate
// figure.
func (s Snapshot) Apart() bool { return s.Source == SourceArticle || s.Flags&apartFlags != 0 }

// TotalsReading is the snapshot as the one definition of totals reads it.
func TotalsReading(s Snapshot) totals.Reading {
	r := totals.Reading{Time: s.Time, Followers: s.Followers, Posts: -1, Apart: s.Apart()}
	if s.Posts != nil {
		r.Posts = *s.Posts
	}
	return r
}

// TotalsAccount is one account's snapshots (oldest first) as the one
// definition of totals reads them. A Facebook Page's likes (FlagPageLikes)
// are another metric and are left out: a total sums followers,
// subscribers and members only.
func TotalsAccount(id int64, snaps []Snapshot) totals.Account {
	a := totals.Account{ID: id, Readings: make([]totals.Reading, 0, len(snaps))}
	for _, s := range snaps {
		if s.Flags.Has(FlagPageLikes) {
			continue // another metric: never summed with followers
		}
		a.Readings = append(a.Readings, TotalsReading(s))
	}
	return a
}

// Tally is what a window of history holds for one account: its readings
// for the totals, and the source and flags of its newest one.
type Tally struct {
	Account totals.Account
	// OfficialID, Official, Position, Level and Region describe the
	// account's official; Platform and Handle the account.
	OfficialID int64
	Official   string
	Position   Position
	Level      Level
	Region     Region
	Platform   Platform
	Handle     string
	// Source and Flags are those of the newest reading in the window.
	Source Source
	Flags  Flags
}

// windowSQL packs, per account, every reading in (?1, ?2] and the newest
// one at or before ?1 (the base a change is measured from) into lists:
// times, followers, posts (-1 when unknown, or nothing) and
// source·256+flags, joined by "/". One seek and one range on the
// (account_id, ts) key per account, in a subquery per account, so rows come
// out as they are read rather than after a sort of the whole span.
var windowSQL = `SELECT a.id, a.official_id, o.name, o.position, o.level, o.region, a.platform, a.handle,
 (SELECT group_concat(s.ts) || '/' || group_concat(s.followers) || '/' || %[1]s || '/' || %[2]s
  FROM snapshots s WHERE s.account_id = a.id AND ` + windowRange + `), %[3]s
FROM accounts a JOIN officials o ON o.id = a.official_id %[4]s ORDER BY a.id`

// notLikes is the SQL condition, on a snapshots row's flags, that keeps the
// readings a total sums: a Facebook Page's likes are another metric and
// every totals query passes over them (as TotalsAccount does).
var notLikes = fmt.Sprintf(" & %d = 0", FlagPageLikes)

// windowRange is the span windowSQL reads, over snapshots s.
var windowRange = `s.ts <= ?2 AND s.flags` + notLikes + ` AND s.ts >= coalesce((SELECT max(b.ts) FROM snapshots b WHERE b.account_id = a.id AND b.ts <= ?1 AND b.flags` + notLikes + `), ?1)`

// windowOddKinds is windowSQL's last column with NoKinds: the sources and
// flags of the span, read only when the index of odd readings has one in it
// (else NULL: every reading is measured).
var windowOddKinds = `CASE WHEN EXISTS (SELECT 1 FROM snapshots n INDEXED BY snapshots_odd WHERE n.account_id = a.id AND ` +
	strings.NewReplacer("s.ts", "n.ts", "s.flags", "n.flags").Replace(windowRange) + ` AND ` + oddTerm + `)
 THEN (SELECT group_concat(s.source * 256 + s.flags) FROM snapshots s WHERE s.account_id = a.id AND ` + windowRange + `) END`

// TallyFilter narrows Tallies to some accounts; zero fields match all.
type TallyFilter struct {
	Region   Region
	Level    Level
	Platform Platform
	// NoPosts skips the post counts (every Posts is then -1): the
	// watchlist's totals need none, and reading them costs time.
	NoPosts bool
	// NoKinds skips the sources and flags where the index of odd readings
	// says every reading of the span is measured: Apart is still right, but
	// Tally.Source and Flags are then zero. The sparklines need no more.
	NoKinds bool
	// ids, when not nil, keeps only these accounts.
	ids []int64
}

// Tallies returns, for every account with a reading at or before to, its
// readings in (from, to] and its newest reading at or before from: all the
// one definition of totals needs to give totals at any moment in [from, to]
// and changes over any span inside it. A zero from reads the whole history.
func (s *SQLiteStore) Tallies(ctx context.Context, from, to time.Time) (map[int64]Tally, error) {
	return s.TalliesOf(ctx, from, to, TallyFilter{})
}

// TalliesOf is Tallies for the accounts f matches.
func (s *SQLiteStore) TalliesOf(ctx context.Context, from, to time.Time, f TallyFilter) (map[int64]Tally, error) {
	lo := int64(math.MinInt64 / 2)
	if !from.IsZero() {
		lo = from.Unix()
	}
	if f.ids != nil && len(f.ids) == 0 {
		return map[int64]Tally{}, nil
	}
	cond, args := tallyWhere(f, []any{lo, to.Unix()})
	posts := "group_concat(coalesce(s.posts, -1))"
	if f.NoPosts {
		posts = "''"
	}
	kinds, odd := "group_concat(s.source * 256 + s.flags)", "NULL"
	if f.NoKinds {
		kinds, odd = "''", windowOddKinds
	}
	rows, err := s.r.QueryContext(ctx, fmt.Sprintf(windowSQL, posts, kinds, odd, cond), args...)
	if err != nil {
		return nil, fmt.Errorf("read history up to %s: %w", to.UTC().Format(time.RFC3339), err)
	}
	defer rows.Close()
	out := map[int64]Tally{}
	for rows.Next() {
		var id, off int64
		var name, pos, lvl, reg, plat, handle string
		var packed, oddKinds []byte
		if err := rows.Scan(&id, &off, &name, &pos, &lvl, &reg, &plat, &handle, &packed, &oddKinds); err != nil {
			return nil, fmt.Errorf("read history: %w", err)
		}
		if packed == nil {
			continue // no reading at or before to
		}
		lists := bytes.Split(packed, []byte{'/'})
		if len(lists) != 4 {
			return nil, fmt.Errorf("read history of account %d: bad packed lists: %w", id, ErrInvalid)
		}
		ts, fol, posts, kind := lists[0], lists[1], lists[2], lists[3]
		if f.NoPosts {
			posts = nil
		}
		if f.NoKinds {
			kind = oddKinds // nil: all measured
		}
		t, err := parseTally(id, ts, fol, posts, kind)
		if err != nil {
			return nil, fmt.Errorf("read history of account %d: %w", id, err)
		}
		t.OfficialID, t.Official, t.Position, t.Level, t.Region = off, name, Position(pos), Level(lvl), Region(reg)
		t.Platform, t.Handle = Platform(plat), handle
		out[id] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	return out, nil
}

// parseTally zips the packed lists of windowSQL; nil posts or kinds read
// as unknown posts and measured readings.
func parseTally(id int64, ts, fol, posts, kind []byte) (Tally, error) {
	t := Tally{Account: totals.Account{ID: id, Readings: make([]totals.Reading, 0, bytes.Count(ts, []byte{','})+1)}}
	for len(ts) > 0 {
		var r totals.Reading
		var sec, k int64
		var ok bool
		if sec, ts, ok = nextInt(ts); !ok {
			return t, fmt.Errorf("bad packed time list: %w", ErrInvalid)
		}
		if r.Followers, fol, ok = nextInt(fol); !ok {
			return t, fmt.Errorf("bad packed follower list: %w", ErrInvalid)
		}
		r.Posts = -1
		if posts != nil {
			if r.Posts, posts, ok = nextInt(posts); !ok {
				return t, fmt.Errorf("bad packed post list: %w", ErrInvalid)
			}
		}
		if kind != nil {
			if k, kind, ok = nextInt(kind); !ok {
				return t, fmt.Errorf("bad packed source list: %w", ErrInvalid)
			}
		}
		r.Time = time.Unix(sec, 0).UTC()
		src, fl := Source(k>>8), Flags(k&0xff)
		if fl.Has(FlagPageLikes) {
			continue // another metric: never summed with followers (see TotalsAccount)
		}
		r.Apart = Snapshot{Source: src, Flags: fl}.Apart()
		if n := len(t.Account.Readings); n == 0 || t.Account.Readings[n-1].Time.Before(r.Time) {
			t.Source, t.Flags = src, fl
		}
		t.Account.Readings = append(t.Account.Readings, r)
	}
	// The scan order is the key order; check rather than trust it.
	rs := t.Account.Readings
	if !slices.IsSortedFunc(rs, func(a, b totals.Reading) int { return a.Time.Compare(b.Time) }) {
		slices.SortStableFunc(rs, func(a, b totals.Reading) int { return a.Time.Compare(b.Time) })
	}
	return t, nil
}
