package totals

import "math"

// AddSat returns a+b, held at the int64 limits instead of wrapping around,
// so a sum of counts never turns negative (a store written by an older
// akimwatch may hold absurd counts).
func AddSat(a, b int64) int64 {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return math.MaxInt64
	case a < 0 && b < 0 && s >= 0:
		return math.MinInt64
	}
	return s
}
