// Package totals is the one definition of an official's follower total and
// of its change, used by every view: the watchlist, its sparklines, the
// metric cards, the charts, the leaderboard and the exports.
//
// An official's total at time t is the sum, over the official's included
// accounts, of each one's newest reading at or before t. A reading counts
// only while it is fresh (at most StaleAfter old) and measured (not an
// article quote or an approximate figure); the others are reported apart,
// never silently added in.
//
// Change is like-for-like and chain-linked, the way a price index handles
// a new member: each step compares the same set of accounts at both ends,
// so an account that starts being tracked (or comes back after a gap, or
// drops out) is never growth or loss. The package is pure: no I/O.
package totals

import (
	"slices"
	"sort"
	"time"
)

// DefaultStaleAfter is how old a reading may be and still count in a total:
// a month, about four missed weekly refreshes.
const DefaultStaleAfter = 30 * 24 * time.Hour

// Reading is one reading of one account.
type Reading struct {
	Time      time.Time
	Followers int64
	// Posts is the account's post count, or -1 when the source gave none.
	Posts int64
	// Apart marks an article quote or an approximate figure (a rough date,
	// a lower bound, "about N"): it is shown apart and never summed with
	// measured counts.
	Apart bool
}

// Account is one account's history, oldest reading first, one reading per
// time.
type Account struct {
	ID       int64
	Readings []Reading
}

// Options tune the definition; the zero value is the default.
type Options struct {
	// StaleAfter is how old a reading may be and still count; 0 means
	// DefaultStaleAfter.
	StaleAfter time.Duration
}

func (o Options) stale() time.Duration {
	if o.StaleAfter <= 0 {
		return DefaultStaleAfter
	}
	return o.StaleAfter
}

// fresh reports whether r (at or before t) counts at t.
func (o Options) fresh(r Reading, t time.Time) bool {
	return !r.Apart && t.Sub(r.Time) <= o.stale()
}

// linked reports whether the change from reading p to the next reading r of
// the same account is like-for-like: both are measured and p was still fresh
// when r arrived.
func (o Options) linked(p, r Reading) bool {
	return !p.Apart && !r.Apart && r.Time.Sub(p.Time) <= o.stale()
}

// Part is one account's figure in a total.
type Part struct {
	AccountID int64
	Reading   Reading
	// Counted is true when the figure is in the total; else it is apart,
	// because it is Stale or Apart (an article or approximate figure).
	Counted bool
	Stale   bool
}

// At returns the account's figure at t: its newest reading at or before t,
// and false when it has none yet.
func (a Account) At(t time.Time, o Options) (Part, bool) {
	i := newestAtOrBefore(a.Readings, t)
	if i < 0 {
		return Part{}, false
	}
	r := a.Readings[i]
	return Part{AccountID: a.ID, Reading: r, Counted: o.fresh(r, t), Stale: t.Sub(r.Time) > o.stale()}, true
}

func newestAtOrBefore(rs []Reading, t time.Time) int {
	return sort.Search(len(rs), func(i int) bool { return rs[i].Time.After(t) }) - 1
}

// Total is an official's total at one moment.
type Total struct {
	At time.Time
	// Followers sums the counted figures; Members is how many there are.
	Followers int64
	Members   int
	// Newest is the time of the newest counted reading.
	Newest time.Time
	// ApartFollowers sums the figures left out (stale, article or
	// approximate); Apart counts them.
	ApartFollowers int64
	Apart          int
	// Parts lists every account with a reading by t, in the input order.
	Parts []Part
}

// TotalAt returns the total of accs at t.
func TotalAt(accs []Account, t time.Time, o Options) Total {
	tot := Total{At: t}
	for _, a := range accs {
		p, ok := a.At(t, o)
		if !ok {
			continue
		}
		tot.Parts = append(tot.Parts, p)
		if !p.Counted {
			tot.ApartFollowers = AddSat(tot.ApartFollowers, p.Reading.Followers)
			tot.Apart++
			continue
		}
		tot.Followers = AddSat(tot.Followers, p.Reading.Followers)
		tot.Members++
		if p.Reading.Time.After(tot.Newest) {
			tot.Newest = p.Reading.Time
		}
	}
	return tot
}

// Change is a like-for-like change over a span.
type Change struct {
	// Abs is the sum of every step's like-for-like change.
	Abs int64
	// Pct is the chain-linked growth in percent: the product over the steps
	// of (1 + step change / step base), minus one. Consecutive steps over
	// the same accounts are multiplied as one ratio of totals (see chain).
	Pct float64
	// OK is false when no account had a new reading in the span that
	// compares with one before it: the change is unknown, not 0.
	OK bool
}

// Between returns the like-for-like change of accs over (from, to].
func Between(accs []Account, from, to time.Time, o Options) Change {
	ch := Change{}
	c := newChain()
	for _, s := range Steps(accs, from, to, o) {
		if s.Measured > 0 {
			ch.OK = true
		}
		ch.Abs = AddSat(ch.Abs, s.Change)
		c.add(s)
	}
	ch.Pct = c.pct()
	return ch
}

// Changes returns the like-for-like change of accs over each span ending
// at to: the same figures as Between(accs, to-span, to) for each span, from
// one walk over the longest span.
func Changes(accs []Account, to time.Time, spans []time.Duration, o Options) []Change {
	if len(spans) == 0 {
		return nil
	}
	longest := slices.Max(spans)
	steps := Steps(accs, to.Add(-longest), to, o)
	out := make([]Change, len(spans))
	for k, d := range spans {
		from := to.Add(-d)
		c := newChain()
		for _, s := range steps {
			if !s.Time.After(from) {
				continue
			}
			out[k].OK = out[k].OK || s.Measured > 0
			out[k].Abs = AddSat(out[k].Abs, s.Change)
			c.add(s)
		}
		out[k].Pct = c.pct()
	}
	return out
}

// chain multiplies the like-for-like factors (base + change) / base of
// consecutive steps. Steps where each one's base is the previous one's end
// (no account joined or left in between) form a run, and a run's factor is
// its last end over its first base: the same product, rounded once. So over
// a span where the counted accounts stay the same, the chain-linked growth
// is exactly total(end) / total(start) − 1, which is what Steady's quick
// path computes from three readings per account. A step with no base
// (nothing counted at both ends) leaves the index as it is.
type chain struct {
	idx       float64
	base, end int64 // the open run; base 0 when none is open
}

func newChain() chain { return chain{idx: 1} }

func (c *chain) add(s Step) {
	if s.Base <= 0 {
		c.close()
		return
	}
	if c.base > 0 && s.Base == c.end {
		c.end = s.Base + s.Change
		return
	}
	c.close()
	c.base, c.end = s.Base, s.Base+s.Change
}

func (c *chain) close() {
	if c.base > 0 {
		c.idx *= float64(c.end) / float64(c.base)
		c.base = 0
	}
}

// pct is the growth so far, in percent.
func (c chain) pct() float64 {
	c.close()
	return 100 * (c.idx - 1)
}

// PostsBetween returns the like-for-like change of the post counts of accs
// over (from, to]: posts published in the span by the accounts tracked
// through it. ok is false when no pair of linked readings in the span both
// have a post count.
func PostsBetween(accs []Account, from, to time.Time, o Options) (n int64, ok bool) {
	for _, a := range accs {
		rs := a.Readings
		i := max(newestAtOrBefore(rs, from), 0)
		for ; i+1 < len(rs) && !rs[i+1].Time.After(to); i++ {
			p, r := rs[i], rs[i+1]
			if !r.Time.After(from) || p.Posts < 0 || r.Posts < 0 || !o.linked(p, r) {
				continue
			}
			n += r.Posts - p.Posts
			ok = true
		}
	}
	return n, ok
}

// Step is one moment at which the total changes: a reading arrives or a
// figure goes stale.
type Step struct {
	Time time.Time
	// Total is the total just after the step; Members how many it sums.
	Total   int64
	Members int
	// Base is the sum, just before the step, of the accounts counted at both
	// ends; Change is their like-for-like change. Joins and leaves are in
	// neither.
	Base, Change int64
	// PerDay is Change spread over the days since each account's previous
	// reading, so a week's gap shows its average day, not one tall bar.
	PerDay float64
	// Measured counts the accounts whose new reading entered Change.
	Measured int
	// Joined and Left are the accounts that started or stopped counting.
	Joined, Left []int64
}

// stepState is one account's state while Steps walks.
type stepState struct {
	cur    int // index of the newest reading at or before the walk's time
	member bool
}

// Steps returns the steps of the total of accs in (from, to], oldest first.
// A zero from starts before the first reading.
func Steps(accs []Account, from, to time.Time, o Options) []Step {
	if from.IsZero() {
		from = time.Unix(-1<<40, 0)
	}
	var times []time.Time
	st := make([]stepState, len(accs))
	for k, a := range accs {
		rs := a.Readings
		st[k].cur = newestAtOrBefore(rs, from)
		if st[k].cur >= 0 {
			st[k].member = o.fresh(rs[st[k].cur], from)
		}
		for i := max(st[k].cur, 0); i < len(rs); i++ {
			r := rs[i]
			if r.Time.After(to) {
				break
			}
			if r.Time.After(from) {
				times = append(times, r.Time)
			}
			if r.Apart {
				continue
			}
			// the moment r goes stale, unless the next reading comes first
			exp := r.Time.Add(o.stale() + time.Second)
			if (i+1 == len(rs) || rs[i+1].Time.After(exp) || rs[i+1].Time.Equal(exp)) && exp.After(from) && !exp.After(to) {
				times = append(times, exp)
			}
		}
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	times = slices.CompactFunc(times, func(a, b time.Time) bool { return a.Equal(b) })
	out := make([]Step, 0, len(times))
	for _, e := range times {
		s := Step{Time: e}
		for k, a := range accs {
			rs, sk := a.Readings, &st[k]
			prev := sk.cur
			if sk.cur+1 < len(rs) && !rs[sk.cur+1].Time.After(e) {
				sk.cur++
			}
			was := sk.member
			is := sk.cur >= 0 && o.fresh(rs[sk.cur], e)
			sk.member = is
			switch {
			case was && is && prev != sk.cur:
				p, r := rs[prev], rs[sk.cur]
				if !o.linked(p, r) { // cannot happen while p was counted; kept for safety
					s.Left, s.Joined = append(s.Left, a.ID), append(s.Joined, a.ID)
					break
				}
				d := r.Followers - p.Followers
				s.Base = AddSat(s.Base, p.Followers)
				s.Change = AddSat(s.Change, d)
				s.Measured++
				s.PerDay += float64(d) / float64(calendarDays(p.Time, r.Time))
			case was && is:
				s.Base = AddSat(s.Base, rs[sk.cur].Followers)
			case was:
				s.Left = append(s.Left, a.ID)
			case is:
				s.Joined = append(s.Joined, a.ID)
			}
			if is {
				s.Total = AddSat(s.Total, rs[sk.cur].Followers)
				s.Members++
			}
		}
		out = append(out, s)
	}
	return out
}

// calendarDays counts UTC calendar days from a's day to b's day, at least 1.
func calendarDays(a, b time.Time) int {
	ya, ma, da := a.UTC().Date()
	yb, mb, db := b.UTC().Date()
	n := int(time.Date(yb, mb, db, 0, 0, 0, 0, time.UTC).Sub(time.Date(ya, ma, da, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
	return max(n, 1)
}

// Point is one value of a derived series.
type Point struct {
	Time  time.Time
	Value float64
}

// Level returns the chain-linked level of the total at each step in
// (from, to] and at from itself: the total at to, carried back by the
// like-for-like changes only, so joins and leaves make no step. Its last
// value is the total at to. Sparklines and trend fits read it.
func Level(accs []Account, from, to time.Time, o Options) []Point {
	steps := Steps(accs, from, to, o)
	end := TotalAt(accs, to, o)
	out := make([]Point, len(steps)+1)
	v := end.Followers
	for i := len(steps) - 1; i >= 0; i-- {
		out[i+1] = Point{Time: steps[i].Time, Value: float64(v)}
		v -= steps[i].Change
	}
	out[0] = Point{Time: from, Value: float64(v)}
	return out
}

// GrowthPct returns the chain-linked growth in percent from from: 0 at from
// (or, with a zero from, at the first counted reading), then one value at
// each step in (from, to]. It returns nil when nothing is counted in the
// span.
func GrowthPct(accs []Account, from, to time.Time, o Options) []Point {
	steps := Steps(accs, from, to, o)
	start := from
	if start.IsZero() {
		for len(steps) > 0 && steps[0].Members == 0 {
			steps = steps[1:]
		}
		if len(steps) == 0 {
			return nil
		}
		start, steps = steps[0].Time, steps[1:]
	} else if TotalAt(accs, from, o).Members == 0 {
		// the chain starts when the first account starts counting
		for len(steps) > 0 && steps[0].Members == 0 {
			steps = steps[1:]
		}
		if len(steps) == 0 {
			return nil
		}
		start, steps = steps[0].Time, steps[1:]
	}
	out := []Point{{Time: start, Value: 0}}
	c := newChain()
	for _, s := range steps {
		c.add(s)
		out = append(out, Point{Time: s.Time, Value: c.pct()})
	}
	return out
}

// Followers returns the total at from and at each step in (from, to]:
// the followers view, where joins show as steps. With a zero from it starts
// at the first step.
func Followers(accs []Account, from, to time.Time, o Options) []Point {
	steps := Steps(accs, from, to, o)
	var out []Point
	if !from.IsZero() {
		if t := TotalAt(accs, from, o); t.Members > 0 {
			out = append(out, Point{Time: from, Value: float64(t.Followers)})
		}
	}
	for _, s := range steps {
		if len(out) == 0 && s.Members == 0 {
			continue
		}
		out = append(out, Point{Time: s.Time, Value: float64(s.Total)})
	}
	return out
}

// Daily returns the like-for-like change per UTC calendar day in (from, to],
// one value per day with a step, at the day's start. Joins and leaves are
// not change; a gap's change is spread as its average day.
func Daily(accs []Account, from, to time.Time, o Options) []Point {
	var out []Point
	for _, s := range Steps(accs, from, to, o) {
		y, m, d := s.Time.UTC().Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if n := len(out); n > 0 && out[n-1].Time.Equal(day) {
			out[n-1].Value += s.PerDay
			continue
		}
		if s.Base == 0 && s.Change == 0 && len(s.Joined)+len(s.Left) > 0 && s.Members == len(s.Joined) {
			continue // nothing was tracked before: no change to show yet
		}
		out = append(out, Point{Time: day, Value: s.PerDay})
	}
	return out
}
