package growth

import (
	"math/rand/v2"
	"testing"
	"time"
)

// Benchmark shape: the 9,000 accounts × 5 years of daily readings,
// 16.4 million points per scan. The accounts cycle through benchSeriesCount
// distinct generated series (each account still gets its own fresh
// detector), so the benchmark holds 17 MB of points rather than 525 MB.
const (
	benchAccounts    = 9000
	benchSeriesCount = 300
	benchDays        = 5 * 365
	benchWarmDays    = 120
)

func benchSeries(r *rand.Rand, n int) []Point {
	pts := make([]Point, n)
	f := int64(1000 + r.IntN(500000))
	pace := 1 + r.Float64()*float64(f)/300
	for i := range pts {
		f += int64(pace * (0.5 + r.Float64()))
		pts[i] = Point{Time: t0.Add(time.Duration(i)*day + time.Duration(r.IntN(3600))*time.Second), Followers: f}
	}
	return pts
}

// BenchmarkScan is the detector work of one full re-scan: 9,000 fresh
// detectors, each run over one of benchSeriesCount (300) generated 5-year
// daily series, the accounts cycling through the 300: 16.4 M points, no
// SQLite.
func BenchmarkScan(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	series := make([][]Point, benchSeriesCount)
	for i := range series {
		series[i] = benchSeries(r, benchDays)
	}
	for b.Loop() {
		for i := range benchAccounts {
			Scan(series[i%benchSeriesCount], Options{AccountID: int64(i)})
		}
	}
	perScan := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(benchAccounts*benchDays)/perScan, "points/s")
	b.ReportMetric(perScan, "s/full-rescan")
}

// BenchmarkRefresh measures the work after a refresh: for each of 9,000
// accounts, load its saved state (taken after 120 days of its own generated
// series), judge one new reading, save the state; no SQLite.
func BenchmarkRefresh(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	blobs := make([][]byte, benchAccounts)
	next := make([]Point, benchAccounts)
	for i := range blobs {
		pts := benchSeries(r, benchWarmDays+1)
		d := NewDetector(Options{AccountID: int64(i)})
		d.Run(pts[:benchWarmDays])
		blobs[i], _ = d.MarshalBinary()
		next[i] = pts[benchWarmDays]
	}
	b.ResetTimer()
	for b.Loop() {
		for i := range blobs {
			d := NewDetector(Options{AccountID: int64(i)})
			if err := d.UnmarshalBinary(blobs[i]); err != nil {
				b.Fatal(err)
			}
			d.Step(next[i])
			if _, err := d.MarshalBinary(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/refresh")
}
