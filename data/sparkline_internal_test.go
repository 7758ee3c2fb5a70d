package data

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"akimwatch/data/totals"
)

// TestSteadySparklineMatchesSteps checks the sparkline's quick path (sums
// at each day's end) against the walk over every step, on randomised
// histories with joins, leaves, gaps, article figures and zero counts:
// wherever the quick path answers, the values are the same.
func TestSteadySparklineMatchesSteps(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	quick, slow := 0, 0
	for seed := range uint64(300) {
		rng := rand.New(rand.NewPCG(seed, 30))
		var accs []totals.Account
		for k := range 1 + rng.IntN(3) {
			a := totals.Account{ID: int64(k + 1)}
			if rng.IntN(4) == 0 {
				a.Readings = append(a.Readings, totals.Reading{Time: base.AddDate(-5, 0, 0), Followers: 5000, Posts: -1, Apart: true})
			}
			first, last := rng.IntN(20), 90
			if rng.IntN(3) == 0 {
				first = rng.IntN(90)
			}
			if rng.IntN(5) == 0 {
				last = first + rng.IntN(91-first)
			}
			f := int64(rng.IntN(2000))
			for d := first; d <= last; d++ {
				if rng.IntN(4) == 0 {
					continue
				}
				if rng.IntN(80) == 0 {
					d += 20 + rng.IntN(25)
				}
				f = max(0, f+int64(rng.IntN(31)-10))
				a.Readings = append(a.Readings, totals.Reading{Time: base.AddDate(0, 0, d).Add(time.Duration(rng.IntN(86400)) * time.Second),
					Followers: f, Posts: -1, Apart: rng.IntN(200) == 0})
			}
			accs = append(accs, a)
		}
		now := base.AddDate(0, 0, 30+rng.IntN(70)).Add(time.Duration(rng.IntN(86400)) * time.Second)
		start := now.AddDate(0, 0, -30)
		got, ok := steadySparkline(accs, start, now, 30)
		if !ok {
			slow++
			continue
		}
		quick++
		if want := sparkline(accs, start, now, 30); !slices.Equal(got, want) {
			t.Fatalf("seed %d: quick sparkline %v, by the steps %v", seed, got, want)
		}
	}
	if quick < 60 || slow < 60 {
		t.Fatalf("quick %d, slow %d: the histories no longer exercise both paths", quick, slow)
	}
}
