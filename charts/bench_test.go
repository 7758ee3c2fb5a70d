package charts

import (
	"bytes"
	"testing"
	"time"

	"github.com/wcharczuk/go-chart/v2"
)

// benchDays is five years of daily readings.
const benchDays = 1825

// benchReading stands in for a stored snapshot: what the store query returns.
type benchReading struct {
	t         time.Time
	followers int64
}

func benchReadings() []benchReading {
	pts := synthFollowers(5, benchDays, day0, 20000, 30, map[int]float64{900: 5000, 1400: -3000})
	out := make([]benchReading, len(pts))
	for i, p := range pts {
		out[i] = benchReading{t: p.Time, followers: int64(p.Value)}
	}
	return out
}

// BenchmarkRenderApp is the app's path: readings to points, a Spec with a
// marker, and a 1600×900 PNG at scale 2.
func BenchmarkRenderApp(b *testing.B) {
	readings := benchReadings()
	b.ReportAllocs()
	for b.Loop() {
		pts := make([]Point, len(readings))
		for i, r := range readings {
			pts[i] = Point{Time: r.t, Value: float64(r.followers)}
		}
		spec := Spec{Kind: KindFollowers, Lang: LangRU, Title: "Әкім Тестов · Instagram", Subtitle: "5 лет",
			Source: "bench", Demo: true, Now: day0, Width: 1600, Height: 900, Scale: 2,
			Series:  []Series{{Label: "Әкім Тестов", Key: "official:1", Points: pts}},
			Markers: []Marker{{Time: readings[900].t, Kind: MarkerJump, SeriesKey: "official:1"}}}
		if _, err := Render(spec, FormatPNG); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderBare is go-chart alone drawing the same points at the same
// size and DPI, with its own defaults.
func BenchmarkRenderBare(b *testing.B) {
	readings := benchReadings()
	b.ReportAllocs()
	for b.Loop() {
		ts := chart.TimeSeries{XValues: make([]time.Time, len(readings)), YValues: make([]float64, len(readings))}
		for i, r := range readings {
			ts.XValues[i], ts.YValues[i] = r.t, float64(r.followers)
		}
		c := chart.Chart{Width: 1600, Height: 900, DPI: chart.DefaultDPI * 2, Series: []chart.Series{ts}}
		var buf bytes.Buffer
		if err := c.Render(chart.PNG, &buf); err != nil {
			b.Fatal(err)
		}
	}
}
