package totals

import (
	"slices"
	"time"
)

// Window is what a store can count about one account's readings in a span
// (From, To] without handing every reading over: with the account's newest
// reading at or before From and at or before To, it is enough for Steady to
// tell whether the account's part in a total stays the same through the
// span.
type Window struct {
	// N counts the readings in (From, To]; Apart how many of them are apart
	// (article or approximate figures); NoPosts how many have no post count;
	// Zero how many have no followers.
	N, Apart, NoPosts, Zero int
	// First is the time of the oldest of them (zero when N is 0). A store
	// that does not know it may give a later reading's time: Steady then
	// errs towards reading every reading, never towards a wrong figure.
	First time.Time
}

// Sketch is one account over a span (From, To]: Account holds only the
// account's newest reading at or before each moment the caller will ask
// about (at least From and To; a reading once, oldest first), and Window
// counts the readings in the span.
type Sketch struct {
	Account Account
	Window  Window
}

// Accounts returns the sketches' accounts, which give TotalAt exactly at
// every moment the sketches were made for.
func Accounts(sk []Sketch) []Account {
	out := make([]Account, len(sk))
	for i, s := range sk {
		out[i] = s.Account
	}
	return out
}

// Steady reports whether, over (from, to] (the span the sketches count),
// the set of accounts the total sums stays the same and the total stays
// above zero. Then every like-for-like change inside the span telescopes:
// SteadyChange and SteadyPosts give exactly what Between and PostsBetween
// give from every reading. It is false when a span is longer than the
// staleness limit, or an account joins, leaves, goes stale or brings an
// article or approximate figure in the span.
func Steady(sk []Sketch, from, to time.Time, o Options) bool {
	if to.Before(from) || to.Sub(from) > o.stale() {
		return false
	}
	members, positive := 0, false
	for _, s := range sk {
		rs, w := s.Account.Readings, s.Window
		i := newestAtOrBefore(rs, from)
		if i < 0 || !o.fresh(rs[i], from) {
			// not counted at from: stays out while nothing countable arrives
			if w.Apart != w.N {
				return false
			}
			continue
		}
		b := rs[i]
		if w.Apart > 0 {
			return false
		}
		// counted at from: stays counted while each reading comes before the
		// one before it goes stale (readings inside the span are never more
		// than its length, at most the limit, apart)
		last := to
		if w.N > 0 {
			last = w.First
		}
		if last.Sub(b.Time) > o.stale() {
			return false
		}
		members++
		if b.Followers > 0 && w.Zero == 0 {
			positive = true
		}
	}
	return members == 0 || positive
}

// SteadyChange returns Between(accounts, from, to) for sketches that are
// Steady over a span holding [from, to], where from and to are moments the
// sketches were made for.
func SteadyChange(sk []Sketch, from, to time.Time, o Options) Change {
	accs := Accounts(sk)
	return SteadyChangeOf(TotalAt(accs, from, o), TotalAt(accs, to, o))
}

// SteadyChangeOf is SteadyChange from the totals at from and at to (their
// At), for callers that have them already.
func SteadyChangeOf(t0, t1 Total) Change {
	if t0.Members == 0 {
		return Change{Pct: newChain().pct()}
	}
	ch := Change{Abs: t1.Followers - t0.Followers}
	c := chain{idx: 1, base: t0.Followers, end: t1.Followers}
	ch.Pct = c.pct()
	for _, p := range t1.Parts {
		if p.Counted && p.Reading.Time.After(t0.At) {
			ch.OK = true
		}
	}
	return ch
}

// SteadyPosts returns PostsBetween(accounts, from, to) for sketches made
// over a span (lo, hi] holding [from, to], from and to among the sketches'
// moments, when the post counts allow it without the readings: quick is
// false when an account's window mixes readings with and without a post
// count, or its counts are not linked through the span.
func SteadyPosts(sk []Sketch, from, to time.Time, o Options) (n int64, ok, quick bool) {
	for _, s := range sk {
		rs, w := s.Account.Readings, s.Window
		if w.NoPosts == w.N {
			continue // no reading in the span has a post count: no pair counts
		}
		if w.NoPosts > 0 || w.Apart > 0 || len(rs) == 0 {
			return 0, false, false
		}
		// every reading of the span has a post count and is measured; the
		// oldest reading kept is the newest before the span
		b := rs[0]
		if !b.Time.Before(w.First) || b.Posts < 0 || !o.linked(b, Reading{Time: w.First}) {
			return 0, false, false
		}
		i, j := newestAtOrBefore(rs, from), newestAtOrBefore(rs, to)
		if i < 0 || j < 0 {
			return 0, false, false
		}
		if rs[j].Time.After(from) {
			n += rs[j].Posts - rs[i].Posts
			ok = true
		}
	}
	return n, ok, true
}

// SketchOf returns the sketch of a over (from, to] for the given moments
// (to and from are always included): what a store reads with a few key
// seeks and one count over the span, made here from the readings.
func SketchOf(a Account, from, to time.Time, moments ...time.Time) Sketch {
	sk := Sketch{Account: Account{ID: a.ID}}
	idx := []int{newestAtOrBefore(a.Readings, from), newestAtOrBefore(a.Readings, to)}
	for _, m := range moments {
		idx = append(idx, newestAtOrBefore(a.Readings, m))
	}
	slices.Sort(idx)
	for k, i := range idx {
		if i >= 0 && (k == 0 || i != idx[k-1]) {
			sk.Account.Readings = append(sk.Account.Readings, a.Readings[i])
		}
	}
	w := &sk.Window
	for _, r := range a.Readings {
		if !r.Time.After(from) || r.Time.After(to) {
			continue
		}
		if r.Followers == 0 {
			w.Zero++
		}
		if w.N == 0 {
			w.First = r.Time
		}
		w.N++
		if r.Apart {
			w.Apart++
		}
		if r.Posts < 0 {
			w.NoPosts++
		}
	}
	return sk
}

// FollowersAt returns TotalAt(accs, t, o).Followers and .Members without
// building the parts: for walks that need only the sum at many moments.
func FollowersAt(accs []Account, t time.Time, o Options) (followers int64, members int) {
	for _, a := range accs {
		i := newestAtOrBefore(a.Readings, t)
		if i >= 0 && o.fresh(a.Readings[i], t) {
			followers = AddSat(followers, a.Readings[i].Followers)
			members++
		}
	}
	return followers, members
}
