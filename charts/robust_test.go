package charts

import (
	"math"
	"testing"
	"time"
)

func TestRenderSurvivesOddInput(t *testing.T) {
	far := time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC)
	end := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	pts := []Point{{Time: far, Value: 1}, {Time: end, Value: 2}}
	tests := []struct {
		name string
		edit func(*Spec)
	}{
		{"huge values", func(s *Spec) { s.Series[0].Points[3].Value = 1e300 }},
		{"max float", func(s *Spec) { s.Series[0].Points[3].Value = -math.MaxFloat64 }},
		{"ten thousand years", func(s *Spec) { s.From, s.To = time.Time{}, time.Time{}; s.Series[0].Points = pts }},
		{"unsorted", func(s *Spec) { p := s.Series[0].Points; p[0], p[10] = p[10], p[0] }},
		{"duplicate times", func(s *Spec) { p := s.Series[0].Points; p[5].Time = p[4].Time }},
		{"marker NaN", func(s *Spec) { s.Markers = []Marker{{Time: day0, Value: math.NaN()}} }},
		{"marker unknown series", func(s *Spec) { s.Markers = []Marker{{Time: day0, SeriesKey: "nope"}} }},
		{"marker unknown kind", func(s *Spec) { s.Markers = []Marker{{Time: day0, Kind: "weird", Value: 50000}} }},
		{"many markers", func(s *Spec) {
			for i := range 200 {
				s.Markers = append(s.Markers, Marker{Time: day0.AddDate(0, 0, -i%90), Kind: MarkerDrop, SeriesKey: "official:1"})
			}
		}},
		{"many series", func(s *Spec) {
			for range 30 {
				s.Series = append(s.Series, Series{Label: "Очень длинное имя чиновника для легенды", Points: s.Series[0].Points})
			}
		}},
		{"daily change several series", func(s *Spec) { s.Kind = KindDailyChange; s.Series = append(s.Series, s.Series[0]) }},
		{"negative growth only", func(s *Spec) {
			s.Kind = KindGrowthPct
			for i := range s.Series[0].Points {
				s.Series[0].Points[i].Value = -float64(i) / 1000
			}
		}},
		{"location", func(s *Spec) { s.Location = time.FixedZone("KZ", 5*3600) }},
		{"minimum size", func(s *Spec) { s.Width, s.Height, s.Scale = 240, 160, 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := followersSpec()
			tt.edit(&s)
			for _, f := range []Format{FormatPNG, FormatSVG} {
				if _, err := Render(s, f); err != nil {
					t.Errorf("format %d: %v", f, err)
				}
			}
		})
	}
}
