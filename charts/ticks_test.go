package charts

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestTimeAxisStepsByRange(t *testing.T) {
	tests := []struct {
		name  string
		days  int
		lang  string
		want  []string // labels that must appear
		maxN  int
		width float64
	}{
		{"week, daily ticks", 7, LangRU, []string{"20 ноя", "26 ноя"}, 8, 700},
		{"90 days, weekly (Mondays)", 90, LangRU, []string{"31 авг", "23 ноя"}, 14, 700},
		{"1 year, months", 365, LangKK, []string{"жел 2025", "қаң 2026", "ақп", "қар"}, 13, 700},
		{"1 year en", 365, LangEN, []string{"Jan 2026", "Feb"}, 13, 700},
		{"5 years, half years", 1825, LangEN, []string{"Jan 2023", "Jul", "Jan 2026"}, 12, 700},
		{"narrow 5 years", 1825, LangEN, []string{"2024", "2026"}, 3, 160},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := timeAxis(day0.AddDate(0, 0, -tt.days+1), day0, tt.width, time.UTC, localeFor(tt.lang))
			var labels []string
			for _, tk := range r.ticks {
				labels = append(labels, tk.Label)
				if tk.Value < r.Min || tk.Value > r.Max {
					t.Errorf("tick %q outside the range", tk.Label)
				}
			}
			all := "|" + strings.Join(labels, "|") + "|"
			for _, w := range tt.want {
				if !strings.Contains(all, "|"+w+"|") {
					t.Errorf("labels %q lack %q", labels, w)
				}
			}
			if len(labels) > tt.maxN || len(labels) < 2 {
				t.Errorf("%d ticks, want 2..%d: %q", len(labels), tt.maxN, labels)
			}
		})
	}
}

func TestValueAxisIsNice(t *testing.T) {
	tests := []struct {
		name       string
		lo, hi     float64
		withZero   bool
		wantFirst  float64
		wantLast   float64
		wantLabels []string
	}{
		{"followers", 48236, 57372, false, 48000, 58000, []string{"50" + nbsp + "000"}},
		{"with zero", -1772, 4241, true, -2000, 5000, []string{"0"}},
		{"flat", 7, 7, false, 6, 8, []string{"7"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := valueAxis(tt.lo, tt.hi, 300, 1, tt.withZero, true,
				func(v float64, _ int) string { return FormatNumber(v, LangRU) })
			if r.Min > tt.lo || r.Max < tt.hi {
				t.Errorf("range [%v, %v] does not hold [%v, %v]", r.Min, r.Max, tt.lo, tt.hi)
			}
			if r.ticks[0].Value != tt.wantFirst || r.ticks[len(r.ticks)-1].Value != tt.wantLast {
				t.Errorf("ticks %v..%v, want %v..%v", r.ticks[0].Value, r.ticks[len(r.ticks)-1].Value, tt.wantFirst, tt.wantLast)
			}
			for _, w := range tt.wantLabels {
				found := false
				for _, tk := range r.ticks {
					found = found || tk.Label == w
				}
				if !found {
					t.Errorf("no tick labelled %q in %v", w, r.ticks)
				}
			}
		})
	}
}

func TestNiceStep(t *testing.T) {
	for raw, want := range map[float64]float64{0.7: 1, 1.3: 2, 2.2: 2.5, 3: 5, 7: 10, 1830: 2000, 0: 1, math.Inf(1): 1} {
		if got := niceStep(raw); math.Abs(got-want) > 1e-9 {
			t.Errorf("niceStep(%v) = %v, want %v", raw, got, want)
		}
	}
}
