package growth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// A synthetic stand-in for real social-media count series, with a scorer
// written after the public description of the usual anomaly-window rules (the
// Numenta Anomaly Benchmark's standard profile). Nothing here comes from a
// real data set: the series are drawn from a model of what such series do
// (daily and weekly rhythm, slow drift, a change of level, overdispersed
// counts, unlabelled bursts that decay, and labelled news bursts), so the
// figures it prints are synthetic. The detector sees each series the way
// `akimwatch scan --csv` does: as a cumulative count, with default settings.

// countSeries is one synthetic count series: per-interval counts turned into
// a cumulative count, with its labelled anomaly windows.
type countSeries struct {
	Points  []Point
	Windows [][2]time.Time // labelled windows, in time order
	Bursty  bool
}

const (
	countStep    = 5 * time.Minute
	countDays    = 55
	countSeries_ = 10 // series per seed, like the benchmark's ten
)

var countStart = time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)

// countSpiky is how many "spiky" series a seed adds to the ten: series
// whose unlabelled single-interval spikes are as extreme as real ones (the
// issue reports 56 of the previous detector's 88 false alerts in one bursty
// series). They are drawn from their own stream, so the ten stay as they
// were.
const countSpiky = 2

// genCounts draws a seed's series.
func genCounts(seed uint64) []countSeries {
	r := rand.New(rand.NewPCG(seed, 77))
	out := make([]countSeries, countSeries_, countSeries_+countSpiky)
	for i := range out {
		out[i] = genCountSeries(r, i%4 == 3, 0)
	}
	rs := rand.New(rand.NewPCG(seed, 78))
	for range countSpiky {
		out = append(out, genCountSeries(rs, true, 2+4*rs.Float64()))
	}
	return out
}

// genCountSeries draws one series; spikesPerDay adds that many unlabelled
// spikes a day that last minutes and multiply the rate by 5 to 60.
func genCountSeries(r *rand.Rand, bursty bool, spikesPerDay float64) countSeries {
	n := countDays * 24 * 12
	lam0 := logUniform(r, 6, 150)
	amp, amp2 := 0.3+0.6*r.Float64(), 0.3*r.Float64()
	peak, peak2 := 14+6*r.Float64(), 24*r.Float64()
	weekend := 0.55 + 0.35*r.Float64()
	disp := 3 + 12*r.Float64() // gamma shape: smaller is more overdispersed
	mult := make([]float64, n) // burst multipliers, added to 1
	addBurst := func(at int, m, rise, tau float64) {
		for j := at; j < n; j++ {
			dt := float64(j-at) * 5 / 60 // hours
			var v float64
			if dt < rise {
				v = m * dt / rise
			} else {
				v = m * math.Exp(-(dt-rise)/tau)
			}
			if v < 0.01 && dt > rise {
				break
			}
			mult[j] += v
		}
	}
	perDay := 0.1 + 0.4*r.Float64()
	if bursty {
		perDay = 0.8 + 1.2*r.Float64()
	}
	for j := 0; j < n; j++ {
		if r.Float64() < perDay/288 {
			m := logUniform(r, 0.3, 2.5)
			if bursty {
				m = logUniform(r, 0.5, 6)
			}
			addBurst(j, m, r.Float64()*1.5, logUniform(r, 0.25, 3))
		}
	}
	if spikesPerDay > 0 {
		for j := 0; j < n; j++ {
			if r.Float64() < spikesPerDay/288 {
				addBurst(j, logUniform(r, 5, 60), 0, logUniform(r, 0.05, 0.3))
			}
		}
	}
	var s countSeries
	s.Bursty = bursty
	k := 2 + r.IntN(4)
	winLen := time.Duration(float64(n)*0.1/float64(k)) * countStep
	prob := int(0.15 * float64(n))
	var labels []int
	for len(labels) < k {
		at := prob + 288 + r.IntN(n-prob-2*288)
		ok := true
		for _, l := range labels {
			if abs(l-at) < 4*288 {
				ok = false
			}
		}
		if ok {
			labels = append(labels, at)
		}
	}
	slices.Sort(labels)
	for _, at := range labels {
		switch r.IntN(3) {
		case 0: // a sharp spike that decays within hours
			addBurst(at, logUniform(r, 4, 40), r.Float64()*0.5, logUniform(r, 0.3, 4))
		case 1: // a news day: several times the usual for many hours
			addBurst(at, logUniform(r, 1.5, 6), 0.5+2*r.Float64(), logUniform(r, 4, 16))
		default: // a burst that builds up over a few hours
			addBurst(at, logUniform(r, 3, 15), 1+3*r.Float64(), logUniform(r, 1, 6))
		}
		lt := countStart.Add(time.Duration(at) * countStep)
		s.Windows = append(s.Windows, [2]time.Time{lt.Add(-winLen / 2), lt.Add(winLen / 2)})
	}
	shiftAt, shift := -1, 1.0
	if r.Float64() < 0.5 {
		shiftAt, shift = prob+r.IntN(n-prob), math.Exp(-0.7+1.4*r.Float64())
	}
	level := 1.0
	var cum int64
	s.Points = make([]Point, n)
	for j := range n {
		t := countStart.Add(time.Duration(j) * countStep)
		if j%12 == 0 {
			level *= math.Exp(0.01 * r.NormFloat64())
			level = math.Exp(0.995 * math.Log(level))
		}
		h := float64(t.Hour()) + float64(t.Minute())/60
		lam := lam0 * level * math.Exp(amp*math.Cos(2*math.Pi*(h-peak)/24)+amp2*math.Cos(4*math.Pi*(h-peak2)/24))
		if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
			lam *= weekend
		}
		if shiftAt >= 0 && j >= shiftAt {
			lam *= shift
		}
		lam *= 1 + mult[j]
		cum += poisson(r, lam*gamma(r, disp)/disp)
		s.Points[j] = Point{Time: t, Followers: cum}
	}
	return s
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// gamma draws Gamma(k, 1) (Marsaglia and Tsang; k ≥ 1).
func gamma(r *rand.Rand, k float64) float64 {
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		if u := r.Float64(); math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// poisson draws a Poisson count (normal approximation above 50).
func poisson(r *rand.Rand, lam float64) int64 {
	if lam > 50 {
		return max(int64(math.Round(lam+math.Sqrt(lam)*r.NormFloat64())), 0)
	}
	l, k, p := math.Exp(-lam), int64(0), 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// hourlyOf keeps the last reading of each hour, as an hourly refresh would.
func hourlyOf(pts []Point) []Point {
	var out []Point
	for i, p := range pts {
		if i+1 == len(pts) || !pts[i+1].Time.Truncate(time.Hour).Equal(p.Time.Truncate(time.Hour)) {
			out = append(out, p)
		}
	}
	return out
}

// daily keeps the last reading of each UTC day, as a daily resampling does.
func dailyOf(pts []Point) []Point {
	var out []Point
	for i, p := range pts {
		if i+1 == len(pts) || pts[i+1].Time.YearDay() != p.Time.YearDay() {
			out = append(out, p)
		}
	}
	return out
}

// restampOf is the other way to read a series once a day: the same
// readings, reading i stamped start + i days (as when a benchmark's
// per-interval series is fed at a daily cadence), with the windows mapped the
// same way. Each burst then lasts days to weeks, the daily rhythm becomes a
// 288-day cycle, and the running total grows for 40 years, far beyond the
// recent activity.
func restampOf(s countSeries) countSeries {
	start := s.Points[0].Time
	m := func(t time.Time) time.Time {
		return start.Add(time.Duration(float64(t.Sub(start)) * float64(day) / float64(countStep)))
	}
	out := countSeries{Points: make([]Point, len(s.Points)), Bursty: s.Bursty}
	for i, p := range s.Points {
		out.Points[i] = Point{Time: m(p.Time), Followers: p.Followers}
	}
	for _, w := range s.Windows {
		out.Windows = append(out.Windows, [2]time.Time{m(w[0]), m(w[1])})
	}
	return out
}

// Anomaly-window scoring (standard profile): in a window, the first alert
// earns the scaled sigmoid of its position (about 0.99 at the start, 0 at the
// end); later alerts in the window count nothing; an alert outside every
// window costs 0.11 times the sigmoid of how far after the last window it is
// (−0.11 before any window or far after one); a window without an alert costs
// 1. The first 15% of a series is a probation period whose alerts are
// ignored. 100 × (score − never) / (perfect − never).
const (
	nabTP, nabFP, nabFN = 1.0, 0.11, 1.0
	nabProbation        = 0.15
)

func scaledSigmoid(x float64) float64 {
	if x > 3 {
		return -1
	}
	return 2/(1+math.Exp(5*x)) - 1
}

// nabResult sums the raw scores of several series.
type nabResult struct {
	raw, perfect, null float64
	windows, found, fp int
}

func (n nabResult) score() float64 { return 100 * (n.raw - n.null) / (n.perfect - n.null) }

// scoreSeries scores alert times against the windows of s; span is the
// series' time range.
func scoreSeries(s countSeries, alerts []Alert, first, last time.Time) nabResult {
	res := nabResult{windows: len(s.Windows)}
	probEnd := first.Add(time.Duration(nabProbation * float64(last.Sub(first))))
	hit := make([]bool, len(s.Windows))
	for _, a := range alerts {
		t := a.Time
		if t.Before(probEnd) {
			continue
		}
		in := -1
		prevEnd := -1
		for i, w := range s.Windows {
			if !t.Before(w[0]) && !t.After(w[1]) {
				in = i
			}
			if t.After(w[1]) {
				prevEnd = i
			}
		}
		if in >= 0 {
			if !hit[in] {
				hit[in] = true
				w := s.Windows[in]
				pos := -w[1].Sub(t).Seconds() / w[1].Sub(w[0]).Seconds()
				res.raw += nabTP * scaledSigmoid(pos)
			}
			continue
		}
		res.fp++
		if prevEnd < 0 {
			res.raw -= nabFP
			continue
		}
		w := s.Windows[prevEnd]
		res.raw += nabFP * scaledSigmoid(t.Sub(w[1]).Seconds()/w[1].Sub(w[0]).Seconds())
	}
	for i := range hit {
		res.perfect += nabTP * scaledSigmoid(-1)
		res.null -= nabFN
		if hit[i] {
			res.found++
		} else {
			res.raw -= nabFN
		}
	}
	return res
}

func (n *nabResult) add(o nabResult) {
	n.raw += o.raw
	n.perfect += o.perfect
	n.null += o.null
	n.windows += o.windows
	n.found += o.found
	n.fp += o.fp
}

// The cadences a seed's series are scored at.
const (
	cadNative    = iota // every 5 minutes
	cadHourly           // the last reading of each hour
	cadDaily            // the last reading of each day
	cadRestamped        // the same readings re-stamped one a day
	cadences
)

// countScores runs the detector over a seed's series at each cadence; ten
// holds the same for the ten series without the spiky ones.
func countScores(seed uint64) (all, ten [cadences]nabResult) {
	for i, s := range genCounts(seed) {
		first, last := s.Points[0].Time, s.Points[len(s.Points)-1].Time
		var res [cadences]nabResult
		al, _ := Scan(s.Points, Options{})
		res[cadNative] = scoreSeries(s, al, first, last)
		al, _ = Scan(hourlyOf(s.Points), Options{})
		res[cadHourly] = scoreSeries(s, al, first, last)
		al, _ = Scan(dailyOf(s.Points), Options{})
		res[cadDaily] = scoreSeries(s, al, first, last)
		r := restampOf(s)
		al, _ = Scan(r.Points, Options{})
		res[cadRestamped] = scoreSeries(r, al, r.Points[0].Time, r.Points[len(r.Points)-1].Time)
		for c := range res {
			all[c].add(res[c])
			if i < countSeries_ {
				ten[c].add(res[c])
			}
		}
	}
	return all, ten
}

// countSeeds are the seeds tuned on; countHeldOut was never looked at while
// choosing parameters.
var countSeeds = []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}

const countHeldOut = 4242

// Floors for the synthetic count series (default settings), with the two
// spiky series of each seed: the native cadence must score at least
// countNativeFloor on every seed; over the tuning seeds, the hourly readings
// must reach countHourlyFloor, the last reading of each day (where these
// synthetic events, which mostly last hours, are far harder)
// countDailyFloor, and the series re-stamped one a day countRestampFloor.
// Before the spiky series were added the floors were 60 (native), 20 and 55;
// on the ten series without them the detector still passes those (the
// table's last line).
const (
	countNativeFloor  = 55
	countHourlyFloor  = 60
	countDailyFloor   = 15
	countRestampFloor = 50
)

// TestCountSeries prints the anomaly-window score on the synthetic count
// series, per seed and for the held-out seed
// (go test -run TestCountSeries -v ./data/growth), and checks the floors.
func TestCountSeries(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var all, ten [cadences]nabResult
	var b strings.Builder
	b.WriteString("| seed | native (5 min) | hourly | last reading of each day | re-stamped one a day |\n|---|---|---|---|---|\n")
	row := func(name string, res [cadences]nabResult) {
		fmt.Fprintf(&b, "| %s |", name)
		for _, r := range res {
			fmt.Fprintf(&b, " %.1f (%d of %d found, %d false) |", r.score(), r.found, r.windows, r.fp)
		}
		b.WriteString("\n")
	}
	for _, seed := range append(slices.Clone(countSeeds), countHeldOut) {
		res, tn := countScores(seed)
		name := fmt.Sprint(seed)
		if seed == countHeldOut {
			name += " (held out)"
		} else {
			for c := range all {
				all[c].add(res[c])
				ten[c].add(tn[c])
			}
		}
		row(name, res)
		if res[cadNative].score() < countNativeFloor {
			t.Errorf("seed %d: native score %.1f, want ≥ %d", seed, res[cadNative].score(), countNativeFloor)
		}
	}
	row("tuning seeds, all together", all)
	row("tuning seeds, the ten series without the spiky ones", ten)
	t.Log("\n" + b.String())
	for _, f := range []struct {
		cad   int
		name  string
		floor float64
	}{{cadHourly, "hourly", countHourlyFloor}, {cadDaily, "last reading of each day", countDailyFloor}, {cadRestamped, "re-stamped one a day", countRestampFloor}} {
		if got := all[f.cad].score(); got < f.floor {
			t.Errorf("%s: score over the tuning seeds %.1f, want ≥ %.0f", f.name, got, f.floor)
		}
	}
}

// naiveAlerts is the reference the issue quotes: a robust z-score of each
// difference against the previous day's differences (z > 8), with a one-day
// cooldown.
func naiveAlerts(pts []Point) []Alert {
	var out []Alert
	var last time.Time
	diffs := []float64{}
	var med, mad float64
	for i := 1; i < len(pts); i++ {
		d := float64(pts[i].Followers - pts[i-1].Followers)
		if len(diffs) >= 30 && (i%12 == 0 || mad == 0) { // the day's statistics, updated hourly
			w := diffs[max(0, len(diffs)-288):]
			s := slices.Sorted(slices.Values(w))
			med = s[len(s)/2]
			dev := make([]float64, len(s))
			for j, x := range s {
				dev[j] = math.Abs(x - med)
			}
			slices.Sort(dev)
			mad = max(1.4826*dev[len(dev)/2], 1)
		}
		if mad > 0 {
			if (d-med)/mad > 8 && (last.IsZero() || pts[i].Time.Sub(last) >= day) {
				out = append(out, Alert{Time: pts[i].Time})
				last = pts[i].Time
			}
		}
		diffs = append(diffs, d)
	}
	return out
}

// TestCountNaive prints the reference detector's score on three seeds.
func TestCountNaive(t *testing.T) {
	if testing.Short() || !testing.Verbose() {
		t.Skip("a reference figure only: go test -run TestCountNaive -v")
	}
	var n, d, r nabResult
	for _, seed := range countSeeds[:3] {
		for _, s := range genCounts(seed) {
			first, last := s.Points[0].Time, s.Points[len(s.Points)-1].Time
			n.add(scoreSeries(s, naiveAlerts(s.Points), first, last))
			d.add(scoreSeries(s, naiveAlerts(dailyOf(s.Points)), first, last))
			rs := restampOf(s)
			r.add(scoreSeries(rs, naiveAlerts(rs.Points), rs.Points[0].Time, rs.Points[len(rs.Points)-1].Time))
		}
	}
	t.Logf("naive: native %d/%d fp %d score %.1f; daily %d/%d fp %d score %.1f; re-stamped %d/%d fp %d score %.1f", n.found, n.windows, n.fp, n.score(),
		d.found, d.windows, d.fp, d.score(), r.found, r.windows, r.fp, r.score())
}
