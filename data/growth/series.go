package growth

import (
	"time"
)

// XY is one point of a chart series.
type XY struct {
	Time  time.Time
	Value float64
}

// Cumulative returns the follower count over time, ready to plot.
func Cumulative(pts []Point) []XY {
	pts = normalized(pts)
	out := make([]XY, len(pts))
	for i, p := range pts {
		out[i] = XY{Time: p.Time, Value: float64(p.Followers)}
	}
	return out
}

// DailyChange returns the CrowdTangle-style daily growth: one value per
// calendar day (in loc) that has a reading, the change since the last reading
// of the previous day with one, divided by the number of days between them,
// so a gap of a week shows its average per day rather than one tall bar. The
// time of each value is the start of its day in loc. A nil loc means UTC.
func DailyChange(pts []Point, loc *time.Location) []XY {
	pts = normalized(pts)
	if loc == nil {
		loc = time.UTC
	}
	var out []XY
	var prevDay time.Time
	var prevVal int64
	have := false
	for i, p := range pts {
		d := startOfDay(p.Time, loc)
		last := i+1 == len(pts) || !startOfDay(pts[i+1].Time, loc).Equal(d)
		if !last {
			continue // only the day's last reading counts
		}
		if have {
			n := float64(calendarDays(prevDay, d))
			out = append(out, XY{Time: d, Value: float64(p.Followers-prevVal) / n})
		}
		prevDay, prevVal, have = d, p.Followers, true
	}
	return out
}

// GrowthPct returns growth in percent from the start of the range [from, to],
// so accounts of different sizes compare fairly on one chart. The base is the
// last reading at or before from, or the first reading in the range when the
// history starts later. It returns nil when the range has no reading or the
// base is zero.
func GrowthPct(pts []Point, from, to time.Time) []XY {
	pts = normalized(pts)
	i := atOrBefore(pts, from)
	if i < 0 {
		i = 0
	}
	if i >= len(pts) || pts[i].Followers == 0 || pts[i].Time.After(to) {
		return nil
	}
	base := float64(pts[i].Followers)
	var out []XY
	for _, p := range pts[i:] {
		if p.Time.After(to) {
			break
		}
		t := p.Time
		if t.Before(from) {
			t = from // the base reading plots at the start of the range
		}
		out = append(out, XY{Time: t, Value: 100 * (float64(p.Followers) - base) / base})
	}
	return out
}

func startOfDay(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// calendarDays counts whole days from a to b (both day starts), at least 1.
func calendarDays(a, b time.Time) int {
	ya, ma, da := a.Date()
	yb, mb, db := b.Date()
	n := int(time.Date(yb, mb, db, 0, 0, 0, 0, time.UTC).Sub(time.Date(ya, ma, da, 0, 0, 0, 0, time.UTC)) / day)
	return max(n, 1)
}
