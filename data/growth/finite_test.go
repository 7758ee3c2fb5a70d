package growth

import (
	"math"
	"testing"

	"akimwatch/data"
)

// TestScoresAreFinite feeds series whose baseline is flat from the first
// reading (a new account at zero followers, or any count that never moved)
// and then jumps or drops: every alert's score, and the stored form of it,
// must be a finite number.
func TestScoresAreFinite(t *testing.T) {
	flatThen := func(start int64, day int, change int64) []Point {
		return daily(start, 40, func(i int) int64 {
			if i == day {
				return change
			}
			return 0
		})
	}
	tests := []struct {
		name string
		pts  []Point
	}{
		{"zero baseline, then +5,000", flatThen(0, 30, 5000)},
		{"flat 40,000, then +5,000", flatThen(40000, 30, 5000)},
		{"flat 40,000, then −5,000", flatThen(40000, 30, -5000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			alerts, weak := NewDetector(Options{AccountID: 1, Platform: data.Telegram}).Run(tc.pts)
			if len(alerts) == 0 {
				t.Fatal("no alert: the test saw no score")
			}
			for _, a := range append(alerts, weak...) {
				if math.IsInf(a.Score, 0) || math.IsNaN(a.Score) {
					t.Errorf("%s alert score %v", a.Kind, a.Score)
				}
				if s := a.ToData().Score; math.IsInf(s, 0) || math.IsNaN(s) {
					t.Errorf("%s alert stored score %v", a.Kind, s)
				}
			}
		})
	}
}
