package growth

import (
	"math"
	"testing"
	"time"
)

var t0 = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

func at(d float64, n int64) Point {
	return Point{Time: t0.Add(time.Duration(d * float64(day))), Followers: n}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   []Point
		want []Point
	}{
		{"empty", nil, []Point{}},
		{"sorted", []Point{at(0, 1), at(1, 2)}, []Point{at(0, 1), at(1, 2)}},
		{"unsorted", []Point{at(2, 3), at(0, 1), at(1, 2)}, []Point{at(0, 1), at(1, 2), at(2, 3)}},
		{"duplicate keeps last", []Point{at(1, 5), at(0, 1), at(1, 7)}, []Point{at(0, 1), at(1, 7)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(tt.in)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if !got[i].Time.Equal(tt.want[i].Time) || got[i].Followers != tt.want[i].Followers {
					t.Errorf("[%d] = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestRates(t *testing.T) {
	got := Rates([]Point{at(0, 100), at(0.5, 110), at(3, 160), at(3, 170)})
	want := []float64{20, 24} // +10 in half a day; +60 in 2.5 days (the later duplicate wins)
	if len(got) != len(want) {
		t.Fatalf("got %d rates, want %d", len(got), len(want))
	}
	for i, w := range want {
		t.Run(time.Duration(i).String(), func(t *testing.T) {
			if math.Abs(got[i].PerDay-w) > 1e-9 {
				t.Errorf("rate %d = %v, want %v", i, got[i].PerDay, w)
			}
		})
	}
}

func TestBetweenAndSummary(t *testing.T) {
	pts := []Point{at(0, 1000), at(20, 1200), at(29, 1300), at(30, 1310), at(31, 1320)}
	end := t0.Add(31 * day)
	tests := []struct {
		name       string
		from, to   time.Time
		wantOK     bool
		wantChange int64
		wantPct    float64
	}{
		{"month", end.Add(-Month), end, true, 320, 32},
		{"week uses last reading before", end.Add(-Week), end, true, 120, 10},
		{"day", end.Add(-Day), end, true, 10, 10.0 / 1310 * 100},
		{"before history", t0.Add(-day), end, false, 0, 0},
		{"same reading", t0.Add(21 * day), t0.Add(22 * day), false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, ok := Between(pts, tt.from, tt.to)
			if ok != tt.wantOK || g.Change != tt.wantChange || math.Abs(g.Pct-tt.wantPct) > 1e-9 {
				t.Errorf("got %+v ok=%v, want change %d pct %v ok=%v", g, ok, tt.wantChange, tt.wantPct, tt.wantOK)
			}
		})
	}
	s := Summarize(pts, end)
	if !s.DayOK || !s.WeekOK || !s.MonthOK || s.Month.Change != 320 || math.Abs(s.Month.PerDay()-320.0/31) > 1e-9 {
		t.Errorf("summary = %+v", s)
	}
}

func TestSeries(t *testing.T) {
	pts := []Point{at(0.1, 100), at(0.5, 110), at(1.2, 130), at(4.3, 190)}
	t.Run("cumulative", func(t *testing.T) {
		c := Cumulative(pts)
		if len(c) != 4 || c[3].Value != 190 {
			t.Errorf("got %v", c)
		}
	})
	t.Run("daily change spreads gaps", func(t *testing.T) {
		d := DailyChange(pts, nil)
		want := []XY{{t0.Add(day), 20}, {t0.Add(4 * day), 20}}
		if len(d) != len(want) {
			t.Fatalf("got %v", d)
		}
		for i := range d {
			if !d[i].Time.Equal(want[i].Time) || d[i].Value != want[i].Value {
				t.Errorf("[%d] = %v, want %v", i, d[i], want[i])
			}
		}
	})
	t.Run("growth pct from range start", func(t *testing.T) {
		g := GrowthPct(pts, t0.Add(day/2+time.Hour), t0.Add(5*day))
		if len(g) != 3 || g[0].Value != 0 || math.Abs(g[2].Value-100*80.0/110) > 1e-9 {
			t.Errorf("got %v", g)
		}
	})
	t.Run("growth pct empty range", func(t *testing.T) {
		if g := GrowthPct(pts, t0.Add(10*day), t0.Add(11*day)); len(g) != 1 {
			t.Errorf("got %v, want the base reading only", g)
		}
		if g := GrowthPct(nil, t0, t0.Add(day)); g != nil {
			t.Errorf("got %v", g)
		}
	})
}

func TestProjection(t *testing.T) {
	var pts []Point
	for i := range 40 {
		n := int64(12000 + 50*i)
		if i == 35 {
			n += 3000 // one outlier must not bend a robust fit
		}
		pts = append(pts, at(float64(i), n))
	}
	tests := []struct {
		name   string
		pts    []Point
		target int64
		wantOK bool
		want   int64
		days   float64
	}{
		{"next milestone", pts, 0, true, 14000, 1},
		{"explicit target", pts, 15000, true, 15000, 21},
		{"too few", pts[:3], 0, false, 0, 0},
		{"target reached", pts, 100, false, 0, 0},
		{"not growing", []Point{at(0, 5), at(1, 5), at(2, 5), at(3, 5), at(4, 5)}, 0, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := Project(tt.pts, tt.target)
			if ok != tt.wantOK {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.wantOK, p)
			}
			if !ok {
				return
			}
			gotDays := days(pts[len(pts)-1].Time, p.At)
			if p.Target != tt.want || math.Abs(p.PerDay-50) > 0.5 || math.Abs(gotDays-tt.days) > 0.5 {
				t.Errorf("got %+v (%.1f days ahead), want target %d in %.0f days at 50/day", p, gotDays, tt.want, tt.days)
			}
		})
	}
}

func TestNextMilestone(t *testing.T) {
	tests := []struct{ in, want int64 }{{0, 10}, {7, 10}, {42, 43}, {987, 990}, {12345, 13000}, {99500, 100000}, {1234567, 1300000}}
	for _, tt := range tests {
		t.Run(thousands(tt.in), func(t *testing.T) {
			if got := NextMilestone(tt.in); got != tt.want {
				t.Errorf("NextMilestone(%d) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}
