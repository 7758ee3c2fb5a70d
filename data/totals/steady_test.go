package totals_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"akimwatch/data/totals"
)

// randomOfficial makes one official's accounts: each starts and may stop at
// a random day, skips days, has gaps past the staleness limit, post counts
// that come and go (or never come), article figures before or among its
// readings, and now and then zero followers.
func randomOfficial(rng *rand.Rand, days int) []totals.Account {
	n := 1 + rng.IntN(4)
	accs := make([]totals.Account, n)
	for k := range accs {
		a := totals.Account{ID: int64(k + 1)}
		if rng.IntN(3) == 0 { // an article baseline long before
			a.Readings = append(a.Readings, totals.Reading{Time: day(-400 - rng.IntN(300)), Followers: int64(rng.IntN(50000)), Posts: -1, Apart: true})
		}
		first := rng.IntN(days)
		if rng.IntN(3) > 0 {
			first = rng.IntN(10) // most accounts are tracked from the start
		}
		last := days
		if rng.IntN(5) == 0 {
			last = first + rng.IntN(days-first+1)
		}
		postsKind := rng.IntN(3) // 0: never, 1: always, 2: now and then
		f := int64(rng.IntN(3000))
		if rng.IntN(8) == 0 {
			f = 0
		}
		posts := int64(rng.IntN(300))
		for d := first; d <= last; d++ {
			if rng.IntN(5) == 0 {
				continue // a missed day
			}
			if rng.IntN(120) == 0 {
				d += 25 + rng.IntN(20) // a gap, often past the limit
				if d > last {
					break
				}
			}
			f = max(0, f+int64(rng.IntN(41)-15))
			posts += int64(rng.IntN(3))
			r := totals.Reading{Time: day(d).Add(time.Duration(rng.IntN(86400)) * time.Second), Followers: f, Posts: -1}
			if postsKind == 1 || (postsKind == 2 && rng.IntN(4) > 0) {
				r.Posts = posts
			}
			if rng.IntN(150) == 0 {
				r.Apart = true // an approximate figure among the measured ones
			}
			a.Readings = append(a.Readings, r)
		}
		accs[k] = a
	}
	return accs
}

// laterIn returns the time of a random reading of a in [first, hi].
func laterIn(a totals.Account, first, hi time.Time, rng *rand.Rand) time.Time {
	var ts []time.Time
	for _, r := range a.Readings {
		if !r.Time.Before(first) && !r.Time.After(hi) {
			ts = append(ts, r.Time)
		}
	}
	return ts[rng.IntN(len(ts))]
}

// stepProduct is the chain-linked growth as the product of every step's
// factor, 1 + change / base, one rounding per step.
func stepProduct(accs []totals.Account, from, to time.Time, o totals.Options) float64 {
	idx := 1.0
	for _, s := range totals.Steps(accs, from, to, o) {
		if s.Base > 0 {
			idx *= 1 + float64(s.Change)/float64(s.Base)
		}
	}
	return 100 * (idx - 1)
}

// TestSteadyMatchesReadings checks the quick path (three readings and a
// count per account) against the definition over every reading, on
// randomised histories, for the 30- and 7-day spans the leaderboard and
// the watchlist use: wherever Steady says yes, the totals, changes and
// posts are the same to the last bit.
func TestSteadyMatchesReadings(t *testing.T) {
	o := totals.Options{}
	const days = 200
	steady, unsteady, postsQuick := 0, 0, 0
	for seed := range uint64(400) {
		rng := rand.New(rand.NewPCG(seed, 18))
		accs := randomOfficial(rng, days)
		for range 6 {
			hi := day(rng.IntN(days + 40)).Add(time.Duration(rng.IntN(86400)) * time.Second)
			lo, mid := hi.Add(-30*24*time.Hour), hi.Add(-7*24*time.Hour)
			if rng.IntN(4) == 0 { // the watchlist's week alone
				lo = mid
			}
			sk := make([]totals.Sketch, len(accs))
			for i, a := range accs {
				sk[i] = totals.SketchOf(a, lo, hi, mid)
				if w := &sk[i].Window; w.N > 1 && rng.IntN(2) == 0 {
					// a store may give a later reading of the span as First
					w.First = laterIn(a, w.First, hi, rng)
				}
			}
			for _, m := range []time.Time{lo, mid, hi} {
				want, got := totals.TotalAt(accs, m, o), totals.TotalAt(totals.Accounts(sk), m, o)
				if want.Followers != got.Followers || want.Members != got.Members || want.ApartFollowers != got.ApartFollowers ||
					want.Apart != got.Apart || !want.Newest.Equal(got.Newest) || len(want.Parts) != len(got.Parts) {
					t.Fatalf("seed %d: total at %v from the sketch %+v, from the readings %+v", seed, m, got, want)
				}
			}
			if !totals.Steady(sk, lo, hi, o) {
				unsteady++
				continue
			}
			steady++
			for _, from := range []time.Time{lo, mid} {
				want, got := totals.Between(accs, from, hi, o), totals.SteadyChange(sk, from, hi, o)
				if got != want || math.Float64bits(got.Pct) != math.Float64bits(want.Pct) {
					t.Fatalf("seed %d, (%v, %v]: quick change %+v, from every reading %+v", seed, from, hi, got, want)
				}
				// the one rounding per run differs from a rounding per step
				// only in the last digits
				if old := stepProduct(accs, from, hi, o); math.Abs(old-want.Pct) > 1e-9*math.Max(1, math.Abs(old)) {
					t.Fatalf("seed %d: chain-linked %v %%, step by step %v %%", seed, want.Pct, old)
				}
				n, ok, quick := totals.SteadyPosts(sk, from, hi, o)
				if !quick {
					continue
				}
				postsQuick++
				if wn, wok := totals.PostsBetween(accs, from, hi, o); n != wn || ok != wok {
					t.Fatalf("seed %d, (%v, %v]: quick posts %d %v, from every reading %d %v", seed, from, hi, n, ok, wn, wok)
				}
			}
		}
	}
	// the test is only worth something if both paths were taken often
	if steady < 300 || unsteady < 300 || postsQuick < 300 {
		t.Fatalf("steady %d, unsteady %d, quick posts %d: the random histories no longer exercise both paths", steady, unsteady, postsQuick)
	}
	t.Logf("steady %d, unsteady %d, quick posts %d", steady, unsteady, postsQuick)
}

// TestSteadyRefuses lists the histories the quick path must leave to the
// readings.
func TestSteadyRefuses(t *testing.T) {
	o := totals.Options{}
	lo, hi := day(30), day(60)
	steadyAcc := linear(1, 0, 60, func(d int) int64 { return 1000 + int64(d) })
	for _, c := range []struct {
		name string
		acc  totals.Account
	}{
		{"joins in the span", linear(2, 40, 60, func(int) int64 { return 500 })},
		{"goes stale in the span", linear(2, 0, 20, func(int) int64 { return 500 })},
		{"comes back after a gap", totals.Account{ID: 2, Readings: append(linear(2, -20, -5, func(int) int64 { return 5 }).Readings,
			linear(2, 40, 60, func(int) int64 { return 5 }).Readings...)}},
		{"an article figure in the span", totals.Account{ID: 2, Readings: append(linear(2, 0, 44, func(int) int64 { return 5 }).Readings,
			totals.Reading{Time: day(45), Followers: 9000, Posts: -1, Apart: true})}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sk := []totals.Sketch{totals.SketchOf(steadyAcc, lo, hi), totals.SketchOf(c.acc, lo, hi)}
			if totals.Steady(sk, lo, hi, o) {
				t.Fatalf("Steady over a span where %s", c.name)
			}
		})
	}
	zero := []totals.Sketch{totals.SketchOf(linear(1, 0, 60, func(d int) int64 { return int64(max(0, 45-d)) }), lo, hi)}
	if totals.Steady(zero, lo, hi, o) {
		t.Fatal("Steady over a span where the total falls to zero")
	}
	if !totals.Steady([]totals.Sketch{totals.SketchOf(steadyAcc, lo, hi)}, lo, hi, o) {
		t.Fatal("not Steady over a span with one account read every day")
	}
	if totals.Steady([]totals.Sketch{totals.SketchOf(steadyAcc, day(0), day(60))}, day(0), day(60), o) {
		t.Fatal("Steady over a span longer than the staleness limit")
	}
}
