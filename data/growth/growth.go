package growth

import (
	"sort"
	"time"
)

// Rate is the change between two consecutive snapshots, also expressed per day
// so that hourly readings and readings weeks apart compare fairly.
type Rate struct {
	From, To time.Time
	Change   int64   // followers gained (negative when lost)
	Days     float64 // length of the interval in days
	PerDay   float64 // Change / Days
}

// Rates returns the rate for each pair of consecutive points. Points are
// normalized first (sorted, duplicates of a time collapsed), so no interval
// has zero length.
func Rates(pts []Point) []Rate {
	pts = normalized(pts)
	if len(pts) < 2 {
		return nil
	}
	out := make([]Rate, 0, len(pts)-1)
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		d := days(a.Time, b.Time)
		ch := b.Followers - a.Followers
		out = append(out, Rate{From: a.Time, To: b.Time, Change: ch, Days: d, PerDay: float64(ch) / d})
	}
	return out
}

// Growth is the change of an account over a span of time.
type Growth struct {
	From, To Point   // the readings the change is measured between
	Change   int64   // To.Followers - From.Followers
	Pct      float64 // Change as a percentage of From.Followers (0 when From has none)
	Days     float64 // actual span between the two readings
}

// PerDay returns the average change per day over the span (0 for an empty span).
func (g Growth) PerDay() float64 {
	if g.Days <= 0 {
		return 0
	}
	return float64(g.Change) / g.Days
}

// Between measures growth from the last reading at or before from to the last
// reading at or before to. ok is false when there is no reading at or before
// from, or when both bounds fall on the same reading.
func Between(pts []Point, from, to time.Time) (g Growth, ok bool) {
	pts = normalized(pts)
	i, j := atOrBefore(pts, from), atOrBefore(pts, to)
	if i < 0 || j <= i {
		return Growth{}, false
	}
	return growthOf(pts[i], pts[j]), true
}

// Over measures growth over the span d ending at end (for example the last 7
// days), with the same rules as Between.
func Over(pts []Point, end time.Time, d time.Duration) (Growth, bool) {
	return Between(pts, end.Add(-d), end)
}

// Standard spans for Summary.
const (
	Day   = day      // "today" growth
	Week  = 7 * day  // weekly growth, which evens out the weekly rhythm
	Month = 30 * day // monthly growth, as analysts quote it
)

// Summary is an account's growth over the standard spans ending at one moment.
// A span's OK field is false when the history does not reach back that far.
type Summary struct {
	Day, Week, Month       Growth
	DayOK, WeekOK, MonthOK bool
}

// Summarize returns growth over the last day, 7 days and 30 days before end.
func Summarize(pts []Point, end time.Time) Summary {
	pts = normalized(pts)
	var s Summary
	s.Day, s.DayOK = Over(pts, end, Day)
	s.Week, s.WeekOK = Over(pts, end, Week)
	s.Month, s.MonthOK = Over(pts, end, Month)
	return s
}

func growthOf(a, b Point) Growth {
	g := Growth{From: a, To: b, Change: b.Followers - a.Followers, Days: days(a.Time, b.Time)}
	if a.Followers > 0 {
		g.Pct = 100 * float64(g.Change) / float64(a.Followers)
	}
	return g
}

// atOrBefore returns the index of the last point at or before t, or -1.
func atOrBefore(pts []Point, t time.Time) int {
	return sort.Search(len(pts), func(i int) bool { return pts[i].Time.After(t) }) - 1
}
