package growth

import (
	"math"
	"slices"
	"time"
)

// Projection constants.
const (
	// ProjectionSpan is the history a projection is fitted on: long enough to
	// even out the weekly rhythm, short enough to follow the current pace.
	ProjectionSpan = 30 * day
	// projectionMinPoints is the fewest readings a fit is trusted on.
	projectionMinPoints = 5
	// projectionMaxPoints caps the readings fed to the O(n²) Theil–Sen fit;
	// hourly data is thinned to about two readings a day.
	projectionMaxPoints = 64
	// projectionMaxYears is how far ahead a date is still worth stating.
	projectionMaxYears = 20
)

// Projection is an estimate, not a measurement: the date an account would
// reach a follower count if it kept its recent pace. Show it labelled as a
// projection.
type Projection struct {
	Target int64     // the follower count projected to be reached
	At     time.Time // when the trend line reaches Target
	PerDay float64   // the fitted pace, followers per day
	From   time.Time // the fit used readings from From to To
	To     time.Time
	Points int // how many readings the fit used
}

// Project fits a robust trend (the Theil–Sen median of pairwise slopes) to the
// readings in the ProjectionSpan before the last one, and projects when the
// account reaches target; with target 0 it aims at NextMilestone of the
// latest count. ok is false when there are too few readings, the account is
// not growing, the target is already reached, or the date is beyond any use.
func Project(pts []Point, target int64) (p Projection, ok bool) {
	pts = normalized(pts)
	if len(pts) < projectionMinPoints {
		return Projection{}, false
	}
	last := pts[len(pts)-1]
	start := atOrBefore(pts, last.Time.Add(-ProjectionSpan)) + 1
	win := thin(pts[start:], projectionMaxPoints)
	if len(win) < projectionMinPoints {
		return Projection{}, false
	}
	slope, icept := theilSen(win, last.Time)
	if target == 0 {
		target = NextMilestone(last.Followers)
	}
	if !(slope > 0) || float64(target) <= icept {
		return Projection{}, false
	}
	ahead := (float64(target) - icept) / slope // days after the last reading
	if ahead > projectionMaxYears*365 {
		return Projection{}, false
	}
	at := last.Time.Add(time.Duration(ahead * float64(day)))
	return Projection{Target: target, At: at, PerDay: slope, From: win[0].Time, To: last.Time, Points: len(win)}, true
}

// NextMilestone returns the next round follower count above n: n rounded up to
// its first two significant digits (12,345 → 13,000; 987 → 990; 99,500 →
// 100,000), so the milestone is near enough to be worth projecting.
func NextMilestone(n int64) int64 {
	if n < 10 {
		return 10
	}
	step := int64(1)
	for v := n; v >= 100; v /= 10 {
		step *= 10
	}
	return (n/step + 1) * step
}

// theilSen fits y = slope·x + icept where x is days relative to ref: slope is
// the median of pairwise slopes, icept the median of y - slope·x.
func theilSen(pts []Point, ref time.Time) (slope, icept float64) {
	n := len(pts)
	xs := make([]float64, n)
	for i, p := range pts {
		xs[i] = days(ref, p.Time)
	}
	slopes := make([]float64, 0, n*(n-1)/2)
	for i := range n {
		for j := i + 1; j < n; j++ {
			if dx := xs[j] - xs[i]; dx > 0 {
				slopes = append(slopes, float64(pts[j].Followers-pts[i].Followers)/dx)
			}
		}
	}
	slope = median(slopes)
	res := make([]float64, n)
	for i, p := range pts {
		res[i] = float64(p.Followers) - slope*xs[i]
	}
	return slope, median(res)
}

// thin keeps at most max readings, evenly spaced by index, always keeping the
// last one.
func thin(pts []Point, limit int) []Point {
	if len(pts) <= limit {
		return pts
	}
	out := make([]Point, 0, limit)
	step := float64(len(pts)-1) / float64(limit-1)
	for i := range limit {
		out = append(out, pts[int(math.Round(float64(i)*step))])
	}
	return out
}

// median returns the median of xs (NaN when empty); xs is reordered.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	slices.Sort(xs)
	m := len(xs) / 2
	if len(xs)%2 == 1 {
		return xs[m]
	}
	return (xs[m-1] + xs[m]) / 2
}
