package growth

import (
	"math"
	"testing"
)

func TestApproxLogExp(t *testing.T) {
	for _, x := range []float64{1e-300, 1e-9, 0.001, 0.5, 0.70710678, 1, 1.41421357, 1.5, 2, 3, 10, 12345.678, 1e12, 1e300} {
		for _, y := range []float64{x * 0.7, x * 0.9, x, x * 1.1, x * 1.4, 1} {
			if got, want := logRatio(x, y), math.Log(x/y); math.Abs(got-want) > 0.002 {
				t.Errorf("logRatio(%g, %g) = %.12g, want %.12g", x, y, got, want)
			}
		}
	}
	for _, y := range []float64{-699, -50, -3.3, -0.5, 0, 1e-9, 0.3466, 0.5, 1, 2.5, 10, 300, 699} {
		if got, want := fastExp(y), math.Exp(y); math.Abs(got-want) > 1e-7*want {
			t.Errorf("fastExp(%g) = %.12g, want %.12g", y, got, want)
		}
	}
	for x := 1e-3; x < 1e7; x *= 1.0137 {
		if got, want := approxLog(x), math.Log(x); math.Abs(got-want) > 0.001 {
			t.Fatalf("approxLog(%g) = %g, want %g", x, got, want)
		}
	}
	for y := -30.0; y < 30; y += 0.01 {
		if expBelow(y) > math.Exp(y) {
			t.Fatalf("expBelow(%g) = %g > %g", y, expBelow(y), math.Exp(y))
		}
	}
}
