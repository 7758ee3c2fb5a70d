package growth

// window keeps the last windowSize values both in arrival order and sorted,
// so the median and quantiles cost O(1) and a new value O(windowSize). Its
// fields are exported only so encoding/binary can save it.
type window struct {
	Ring   [windowSize]float64
	Sorted [windowSize]float64
	N      int32 // how many slots are filled
	Head   int32 // the oldest value's slot once the window is full
}

// push adds x, dropping the oldest value when the window is full.
func (w *window) push(x float64) {
	if w.N < windowSize {
		w.Ring[w.N] = x
		i := w.N
		for ; i > 0 && w.Sorted[i-1] > x; i-- {
			w.Sorted[i] = w.Sorted[i-1]
		}
		w.Sorted[i] = x
		w.N++
		return
	}
	old := w.Ring[w.Head]
	w.Ring[w.Head] = x
	w.Head = (w.Head + 1) % windowSize
	// Replace old by x in Sorted, then move x to its place.
	i := w.find(old)
	for ; i > 0 && w.Sorted[i-1] > x; i-- {
		w.Sorted[i] = w.Sorted[i-1]
	}
	for ; i < windowSize-1 && w.Sorted[i+1] < x; i++ {
		w.Sorted[i] = w.Sorted[i+1]
	}
	w.Sorted[i] = x
}

// find returns the index of v in the sorted values: a binary search for the
// first slot not below v (v is always present).
func (w *window) find(v float64) int {
	lo, hi := 0, int(w.N)-1
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if w.Sorted[mid] < v {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
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
// weekday's rate from the usual one: the weekly rhythm.
type weekRing struct {
	Val  [7][weekdayDepth]float64
	Off  [7]float64 // each weekday's median, kept up to date by push
	N    [7]int8
	Head [7]int8
}

func (r *weekRing) push(wd int, x float64) {
	if r.N[wd] < weekdayDepth {
		r.Val[wd][r.N[wd]] = x
		r.N[wd]++
	} else {
		r.Val[wd][r.Head[wd]] = x
		r.Head[wd] = (r.Head[wd] + 1) % weekdayDepth
	}
	r.Off[wd] = r.median(wd)
}

// offset returns the weekday's usual deviation, or 0 until it has enough data.
func (r *weekRing) offset(wd int) float64 { return r.Off[wd] }

// median computes the weekday's median deviation, or 0 until it has enough data.
func (r *weekRing) median(wd int) float64 {
	n := int(r.N[wd])
	if n < weekdayMin {
		return 0
	}
	var s [weekdayDepth]float64
	copy(s[:], r.Val[wd][:n])
	for i := 1; i < n; i++ {
		for j := i; j > 0 && s[j-1] > s[j]; j-- {
			s[j-1], s[j] = s[j], s[j-1]
		}
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func (r *weekRing) valid() bool {
	for wd := range 7 {
		if r.N[wd] < 0 || r.N[wd] > weekdayDepth || r.Head[wd] < 0 || r.Head[wd] >= weekdayDepth || r.Off[wd] != r.median(wd) {
			return false
		}
	}
	return true
}
