package charts

import (
	"math"
	"time"

	"github.com/wcharczuk/go-chart/v2"
)

// Axis tick spacing, in logical pixels (before Scale).
const (
	// yTickSpacing keeps about six value labels on a 450-pixel-high chart.
	yTickSpacing = 55
	// dayTickSpacing fits "28 сен" labels with a clear gap between them.
	dayTickSpacing = 70
	// monthTickSpacing fits "сен" labels and the odd "янв 2027".
	monthTickSpacing = 58
	// yearTickSpacing fits "2026" labels.
	yearTickSpacing = 50
	// yTickSlack lets a finer step win with a couple more labels than
	// yTickSpacing allows, rather than leave a third of the plot empty.
	yTickSlack = 2
	// maxYTicks bounds the tick loops whatever the data.
	maxYTicks = 50
	// nextStep nudges a nice step so niceStep returns the next one up.
	nextStep = 1.01
	// yHeadroom is the share of the value span added above and below the
	// data, so the line never touches the frame.
	yHeadroom = 0.015
)

// tickRange is a continuous range that supplies its own ticks, so go-chart
// keeps the range we chose (not the ticks' extent) and our labels.
type tickRange struct {
	*chart.ContinuousRange
	ticks []chart.Tick
}

// GetTicks implements chart.TicksProvider.
func (r tickRange) GetTicks(chart.Renderer, chart.Style, chart.ValueFormatter) []chart.Tick {
	return r.ticks
}

// niceStep rounds a raw step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if raw <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// stepDecimals is the number of decimals needed to print multiples of step.
func stepDecimals(step float64) int {
	for d := 0; d < maxDecimals; d++ {
		f := step * math.Pow(10, float64(d))
		if math.Abs(f-math.Round(f)) < 1e-6*f {
			return d
		}
	}
	return maxDecimals
}

// valueAxis builds the value range and its labelled ticks for data between
// lo and hi. minStep keeps counts on whole numbers; withZero keeps 0 in view
// (for bars and growth); nonNegative stops headroom from going below zero.
func valueAxis(lo, hi float64, heightPx float64, minStep float64, withZero, nonNegative bool,
	label func(v float64, decimals int) string) tickRange {
	if withZero {
		lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	}
	span := hi - lo
	if span <= 0 {
		span = math.Max(math.Abs(hi)*0.1, math.Max(minStep, 1))
		lo, hi = lo-span/2, hi+span/2
	}
	pad := span * yHeadroom
	if !withZero || lo < 0 {
		lo -= pad
	}
	if !withZero || hi > 0 {
		hi += pad
	}
	if nonNegative && lo < 0 && lo+pad >= 0 {
		lo = 0
	}
	// Try nice steps from fine to coarse; the first that keeps the labels
	// about yTickSpacing apart wins, which wastes the least height.
	count := max(2, int(heightPx/yTickSpacing)) + yTickSlack
	step := math.Max(niceStep((hi-lo)/float64(count)), minStep)
	var first, last float64
	var n int
	for range maxYTicks {
		first, last = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
		n = int(math.Round((last - first) / step))
		if n <= count {
			break
		}
		step = niceStep(step * nextStep)
	}
	n = min(n, maxYTicks)
	dec := stepDecimals(step)
	ticks := make([]chart.Tick, 0, n+1)
	for i := 0; i <= n; i++ {
		v := first + float64(i)*step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, chart.Tick{Value: v, Label: label(v, dec)})
	}
	return tickRange{ContinuousRange: &chart.ContinuousRange{Min: first, Max: last}, ticks: ticks}
}

// timeStep is one candidate spacing of time-axis ticks.
type timeStep struct {
	days, months, years int
	spacing             float64 // logical pixels a label needs
}

// timeSteps lists tick spacings from the finest to the coarsest; the first
// that fits the plot's width wins.
var timeSteps = []timeStep{
	{days: 1, spacing: dayTickSpacing}, {days: 2, spacing: dayTickSpacing},
	{days: 7, spacing: dayTickSpacing}, {days: 14, spacing: dayTickSpacing},
	{months: 1, spacing: monthTickSpacing}, {months: 2, spacing: monthTickSpacing},
	{months: 3, spacing: monthTickSpacing}, {months: 6, spacing: monthTickSpacing},
	{years: 1, spacing: yearTickSpacing}, {years: 2, spacing: yearTickSpacing},
	{years: 5, spacing: yearTickSpacing}, {years: 10, spacing: yearTickSpacing},
	{years: 25, spacing: yearTickSpacing},
}

// tickTimes lists the tick times of step within [from, to] in loc, stopping
// after limit ticks.
func (st timeStep) tickTimes(from, to time.Time, loc *time.Location, limit int) []time.Time {
	f := from.In(loc)
	var t time.Time
	switch {
	case st.years > 0:
		y := f.Year()
		if !time.Date(y, 1, 1, 0, 0, 0, 0, loc).Equal(f) {
			y++
		}
		y += (st.years - y%st.years) % st.years
		t = time.Date(y, 1, 1, 0, 0, 0, 0, loc)
	case st.months > 0:
		t = time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, loc)
		if t.Before(f) {
			t = t.AddDate(0, 1, 0)
		}
		for (int(t.Month())-1)%st.months != 0 {
			t = t.AddDate(0, 1, 0)
		}
	default:
		t = time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc)
		if t.Before(f) {
			t = t.AddDate(0, 0, 1)
		}
		if st.days >= 7 { // weekly ticks fall on Mondays
			t = t.AddDate(0, 0, (8-int(t.Weekday()))%7)
		}
	}
	var out []time.Time
	for ; !t.After(to) && len(out) <= limit; t = t.AddDate(st.years, st.months, st.days) {
		out = append(out, t)
	}
	return out
}

// timeAxis picks the finest tick spacing whose labels fit widthPx logical
// pixels and labels the ticks for the language.
func timeAxis(from, to time.Time, widthPx float64, loc *time.Location, l *locale) tickRange {
	r := tickRange{ContinuousRange: &chart.ContinuousRange{
		Min: chart.TimeToFloat64(from), Max: chart.TimeToFloat64(to)}}
	var times []time.Time
	var st timeStep
	for _, st = range timeSteps {
		limit := int(widthPx / st.spacing)
		times = st.tickTimes(from, to, loc, limit)
		if len(times) <= limit {
			break
		}
	}
	for i, t := range times {
		var label string
		switch {
		case st.years > 0:
			label = t.Format("2006")
		case st.months > 0:
			label = l.monthLabel(t, i == 0 || t.Month() == time.January)
		default:
			label = l.dayLabel(t, i > 0 && times[i-1].Year() != t.Year())
		}
		r.ticks = append(r.ticks, chart.Tick{Value: chart.TimeToFloat64(t), Label: label})
	}
	return r
}
