package charts

import (
	"math"
	"math/rand/v2"
	"time"
)

// day0 is the fixed end of the synthetic ranges, so images never depend on the clock.
var day0 = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

// synthFollowers makes n daily follower counts ending on end: a start value,
// a steady daily rise with noise, and optional jumps (day index → size).
func synthFollowers(seed uint64, n int, end time.Time, start, perDay float64, jumps map[int]float64) []Point {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	pts := make([]Point, n)
	v := start
	for i := range n {
		v += perDay * (0.6 + 0.8*rng.Float64())
		v += jumps[i]
		pts[i] = Point{Time: end.AddDate(0, 0, i-n+1), Value: math.Round(v)}
	}
	return pts
}

// growthPct turns counts into growth in percent from the first point.
func growthPct(pts []Point) []Point {
	out := make([]Point, len(pts))
	for i, p := range pts {
		out[i] = Point{Time: p.Time, Value: (p.Value/pts[0].Value - 1) * 100}
	}
	return out
}

// dailyChange turns counts into day-on-day changes.
func dailyChange(pts []Point) []Point {
	out := make([]Point, 0, len(pts))
	for i := 1; i < len(pts); i++ {
		out = append(out, Point{Time: pts[i].Time, Value: pts[i].Value - pts[i-1].Value})
	}
	return out
}

// without drops the points from index i to j (exclusive), to make a gap.
func without(pts []Point, i, j int) []Point {
	out := append([]Point{}, pts[:i]...)
	return append(out, pts[j:]...)
}
