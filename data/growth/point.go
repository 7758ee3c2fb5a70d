package growth

import (
	"slices"
	"time"

	"akimwatch/data"
)

// Point is one follower reading of one account at one moment. It is the
// store's data.Reading, so history read from the store goes to a detector
// without a copy.
type Point = data.Reading

// Normalize returns pts sorted by time, with one point per time: among points
// with the same time the one that comes last in pts wins (a later import or
// correction overrides an earlier reading). Times are converted to UTC. The
// input slice is not modified.
func Normalize(pts []Point) []Point {
	out := make([]Point, len(pts))
	for i, p := range pts {
		out[i] = Point{Time: p.Time.UTC(), Followers: p.Followers}
	}
	slices.SortStableFunc(out, func(a, b Point) int { return a.Time.Compare(b.Time) })
	w := 0
	for i := range out {
		if w > 0 && out[w-1].Time.Equal(out[i].Time) {
			out[w-1] = out[i] // keep the last duplicate
			continue
		}
		out[w] = out[i]
		w++
	}
	return out[:w]
}

// FromSnapshots extracts the follower readings of snapshots (of one account)
// as normalized points.
func FromSnapshots(snaps []data.Snapshot) []Point {
	pts := make([]Point, len(snaps))
	for i, s := range snaps {
		pts[i] = Point{Time: s.Time, Followers: s.Followers}
	}
	return Normalize(pts)
}

// sorted reports whether pts are in strictly increasing time order.
func sorted(pts []Point) bool {
	for i := 1; i < len(pts); i++ {
		if !pts[i].Time.After(pts[i-1].Time) {
			return false
		}
	}
	return true
}

// normalized returns pts unchanged when already normalized, else a normalized
// copy, so the cheap common case does not allocate.
func normalized(pts []Point) []Point {
	if sorted(pts) {
		return pts
	}
	return Normalize(pts)
}

// day is the length of a day, the unit all rates are expressed in.
const day = 24 * time.Hour

// days returns the span from a to b in (fractional) days.
func days(a, b time.Time) float64 { return b.Sub(a).Hours() / 24 }
