package growth

import "slices"

// window keeps the last windowSize values both in arrival order and sorted,
// so the median and quantiles cost O(1) and a new value O(windowSize). Its
// fields are exported only so encoding/binary can save it.
type window struct {
	Ring   [windowSize]float64
	Sorted [windowSize]float64
	N      int32 // how many slots are filled
	Head   int32 // the oldest value's slot once the window is full
}

// push adds x, dropping the oldest value when the window is full. Once full,
// the leaving value and x are located by counting (no data-dependent
// branches, which random rates would mispredict) and only the values between
// them move.
func (w *window) push(x float64) {
	if n := int(w.N); n < windowSize {
		w.Ring[n] = x
		w.N++
		insertSorted(w.Sorted[:n+1], x)
		return
	}
	old := w.Ring[w.Head]
	w.Ring[w.Head] = x
	w.Head = (w.Head + 1) % windowSize
	swapSorted(w.Sorted[:], w.rank(old), w.rank(x), x)
}

// insertSorted puts x into s, whose values but the last slot are sorted.
func insertSorted(s []float64, x float64) {
	i := len(s) - 1
	for ; i > 0 && s[i-1] > x; i-- {
		s[i] = s[i-1]
	}
	s[i] = x
}

// swapSorted replaces the value at index i of sorted s by x, where j is how
// many values of s (the replaced one included) are below x, and keeps s
// sorted: only the values between the two places move.
func swapSorted(s []float64, i, j int, x float64) {
	// The moves are short (a third of the window on average): a loop is
	// cheaper than a call to memmove.
	if j > i { // x sorts above the old value: the values between move down a slot
		for k := i; k < j-1; k++ {
			s[k] = s[k+1]
		}
		s[j-1] = x
		return
	}
	for k := i; k > j; k-- { // x sorts at or below it: they move up
		s[k] = s[k-1]
	}
	s[j] = x
}

// rank returns how many values of the full window are below v: the first
// slot not below v. It looks at the last value of each block of rankBlock
// first, then within the one block that holds the answer. Every comparison is
// counted rather than branched on, and the comparisons are written out and
// summed in pairs, so they run side by side: random values cost no
// mispredictions and little waiting (a loop took half as long again).
func (w *window) rank(v float64) int {
	s := &w.Sorted
	base := rankBlock * (lessInt(s[rankBlock-1], v) + lessInt(s[2*rankBlock-1], v) + lessInt(s[3*rankBlock-1], v))
	b := (*[rankBlock]float64)(s[base : base+rankBlock])
	return base + (lessInt(b[0], v) + lessInt(b[1], v)) + (lessInt(b[2], v) + lessInt(b[3], v)) +
		(lessInt(b[4], v) + lessInt(b[5], v)) + lessInt(b[6], v)
}

// below6 returns how many of a weekday's six values are below v, the way
// rank counts.
func below6(s *[weekdayDepth]float64, v float64) int {
	return (lessInt(s[0], v) + lessInt(s[1], v)) + (lessInt(s[2], v) + lessInt(s[3], v)) +
		(lessInt(s[4], v) + lessInt(s[5], v))
}

// below6 is written out for six values.
var _ [weekdayDepth - 6]struct{} = [0]struct{}{}

// rankBlock divides windowSize into the blocks of rank's two-level search.
const rankBlock = 7

// rank is written out for four blocks of seven.
var _ [windowSize - 4*rankBlock]struct{} = [0]struct{}{}
var _ [rankBlock - 7]struct{} = [0]struct{}{}

// lessInt is 1 when a < b, else 0; the compiler makes it a flag, not a branch.
func lessInt(a, b float64) int {
	if a < b {
		return 1
	}
	return 0
}

// median returns the median of the values (0 when empty).
func (w *window) median() float64 {
	n := int(w.N)
	switch {
	case n == 0:
		return 0
	case n%2 == 1:
		return w.Sorted[n/2]
	}
	return (w.Sorted[n/2-1] + w.Sorted[n/2]) / 2
}

// quantile returns the value at fraction q of the sorted values (0 when empty).
func (w *window) quantile(q float64) float64 {
	if w.N == 0 {
		return 0
	}
	return w.Sorted[int(q*float64(w.N-1))]
}

// valid reports whether a loaded window is internally consistent.
func (w *window) valid() bool {
	if w.N < 0 || w.N > windowSize || w.Head < 0 || w.Head >= windowSize || (w.N < windowSize && w.Head != 0) {
		return false
	}
	for i := 1; i < int(w.N); i++ {
		if !(w.Sorted[i-1] <= w.Sorted[i]) {
			return false
		}
	}
	return true
}

// weekRing keeps, for each weekday, the last weekdayDepth deviations of that
// weekday's rate from the usual one: the weekly rhythm. Val, N, Head and Off
// are saved; sorted is rebuilt from Val on load.
type weekRing struct {
	Val    [7][weekdayDepth]float64
	Off    [7]float64 // each weekday's median, kept up to date by push
	N      [7]int8
	Head   [7]int8
	sorted [7][weekdayDepth]float64 // each weekday's values, sorted
}

func (r *weekRing) push(wd int, x float64) {
	s := &r.sorted[wd]
	n := int(r.N[wd])
	if n < weekdayDepth {
		r.Val[wd][n] = x
		r.N[wd]++
		insertSorted(s[:n+1], x)
	} else {
		h := r.Head[wd]
		old := r.Val[wd][h]
		r.Val[wd][h] = x
		r.Head[wd] = (h + 1) % weekdayDepth
		swapSorted(s[:], below6(s, old), below6(s, x), x)
	}
	r.Off[wd] = r.median(wd)
}

// offset returns the weekday's usual deviation, or 0 until it has enough data.
func (r *weekRing) offset(wd int) float64 { return r.Off[wd] }

// median returns the weekday's median deviation, or 0 until it has enough data.
func (r *weekRing) median(wd int) float64 {
	n, s := int(r.N[wd]), &r.sorted[wd]
	switch {
	case n < weekdayMin:
		return 0
	case n%2 == 1:
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// restore rebuilds the sorted values after Val and N were loaded.
func (r *weekRing) restore() {
	for wd := range 7 {
		n := min(max(int(r.N[wd]), 0), weekdayDepth)
		r.sorted[wd] = [weekdayDepth]float64{}
		copy(r.sorted[wd][:n], r.Val[wd][:n])
		slices.Sort(r.sorted[wd][:n])
	}
}

func (r *weekRing) valid() bool {
	for wd := range 7 {
		if r.N[wd] < 0 || r.N[wd] > weekdayDepth || r.Head[wd] < 0 || r.Head[wd] >= weekdayDepth ||
			(r.N[wd] < weekdayDepth && r.Head[wd] != 0) || r.Off[wd] != r.median(wd) {
			return false
		}
	}
	return true
}
