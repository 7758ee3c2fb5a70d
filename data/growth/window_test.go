package growth

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestWindowMatchesSort checks the rolling window against sorting its last
// windowSize values from scratch, for value streams with and without ties.
func TestWindowMatchesSort(t *testing.T) {
	tests := []struct {
		name string
		next func(r *rand.Rand) float64
	}{
		{"continuous", func(r *rand.Rand) float64 { return r.NormFloat64() * 100 }},
		{"ties", func(r *rand.Rand) float64 { return float64(r.IntN(5)) }},
		{"constant", func(*rand.Rand) float64 { return 7 }},
		{"rising", func(r *rand.Rand) float64 { return float64(r.Uint32()) }},
		{"signed zeros", func(r *rand.Rand) float64 {
			if r.IntN(2) == 0 {
				return 0
			}
			return -1 * 0.0
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, 6))
			var w window
			var all []float64
			for i := range 500 {
				x := tt.next(r)
				w.push(x)
				all = append(all, x)
				want := slices.Clone(all[max(0, len(all)-windowSize):])
				slices.Sort(want)
				if got := w.Sorted[:w.N]; !slices.Equal(got, want) {
					t.Fatalf("push %d (%v): sorted %v, want %v", i, x, got, want)
				}
				if !w.valid() {
					t.Fatalf("push %d: window not valid", i)
				}
			}
		})
	}
}

// TestWeekRingMatchesSort checks each weekday's median against sorting its
// last weekdayDepth values from scratch.
func TestWeekRingMatchesSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var w weekRing
	var all [7][]float64
	for i := range 700 {
		wd, x := r.IntN(7), float64(r.IntN(40)-20)
		w.push(wd, x)
		all[wd] = append(all[wd], x)
		last := slices.Clone(all[wd][max(0, len(all[wd])-weekdayDepth):])
		slices.Sort(last)
		want := 0.0
		switch n := len(last); {
		case n < weekdayMin:
		case n%2 == 1:
			want = last[n/2]
		default:
			want = (last[n/2-1] + last[n/2]) / 2
		}
		if got := w.offset(wd); got != want {
			t.Fatalf("push %d: weekday %d offset %v, want %v (values %v)", i, wd, got, want, last)
		}
		if !w.valid() {
			t.Fatalf("push %d: week ring not valid", i)
		}
	}
}

// benchValues returns 4,096 normally distributed values, like daily rates.
func benchValues(seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, seed+1))
	xs := make([]float64, 4096)
	for i := range xs {
		xs[i] = r.NormFloat64()
	}
	return xs
}

func BenchmarkWindowPush(b *testing.B) {
	xs := benchValues(9)
	var w window
	for i := 0; b.Loop(); i++ {
		w.push(xs[i&4095])
	}
}

func BenchmarkWeekRingPush(b *testing.B) {
	xs := benchValues(11)
	var w weekRing
	for i := 0; b.Loop(); i++ {
		w.push(i%7, xs[i&4095])
	}
}
