package charts

import (
	"math"
	"slices"
	"sort"
	"time"

	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Bar, marker and tag styling in logical pixels (before Scale).
const (
	barFill     = 0.7 // share of a day's width a bar takes
	maxBarWidth = 24
	markerDot   = 4.5 // marker radius
	markerRing  = 1.5 // white ring around a marker
	markerPadX  = 4   // label padding
	markerPadY  = 3
	markerRows  = 3 // label rows before a label is dropped
	tagPadX     = 5
	tagPadY     = 4
	tagArrow    = 5 // the tag's pointer towards the plot
	tagGap      = 2 // between stacked tags
)

// overlay is the part of chart.Series our own drawing layers share: they
// take no part in the value ranges and have no legend name.
type overlay struct{}

// GetName implements chart.Series.
func (overlay) GetName() string { return "" }

// GetYAxis implements chart.Series.
func (overlay) GetYAxis() chart.YAxisType { return chart.YAxisPrimary }

// GetStyle implements chart.Series.
func (overlay) GetStyle() chart.Style { return chart.Style{} }

// Validate implements chart.Series.
func (overlay) Validate() error { return nil }

// zeroY is the pixel row of the value 0.
func zeroY(r chart.Range, canvas chart.Box) int { return canvas.Bottom - r.Translate(0) }

// gridSeries draws the grid under the data and records the plot geometry.
type gridSeries struct {
	overlay
	p *plan
}

// Interface assertions.
var (
	_ chart.Series = gridSeries{}
	_ chart.Series = barSeries{}
	_ chart.Series = markerSeries{}
	_ chart.Series = tagSeries{}
)

// Render implements chart.Series.
func (g gridSeries) Render(r chart.Renderer, cb chart.Box, xr, yr chart.Range, _ chart.Style) {
	p := g.p
	p.geo = geometry{canvas: cb, xr: *p.xr.ContinuousRange, yr: *p.yr.ContinuousRange}
	r.SetStrokeColor(colorGrid)
	r.SetStrokeWidth(p.px(1))
	for _, t := range p.yr.ticks {
		y := cb.Bottom - yr.Translate(t.Value)
		r.MoveTo(cb.Left, y)
		r.LineTo(cb.Right, y)
	}
	for _, t := range p.xr.ticks {
		x := cb.Left + xr.Translate(t.Value)
		r.MoveTo(x, cb.Top)
		r.LineTo(x, cb.Bottom)
	}
	r.Stroke()
	if p.spec.Kind == KindDailyChange || p.spec.Kind == KindGrowthPct {
		y := zeroY(yr, cb)
		r.SetStrokeColor(colorZero)
		r.MoveTo(cb.Left, y)
		r.LineTo(cb.Right, y)
		r.Stroke()
	}
	r.ResetStyle()
	p.drawTimeAxis(r, cb, xr)
}

// barSeries draws daily change as bars: green up, red down.
type barSeries struct {
	overlay
	p *plan
}

// Render implements chart.Series.
func (b barSeries) Render(r chart.Renderer, cb chart.Box, xr, yr chart.Range, _ chart.Style) {
	p := b.p
	if len(p.series) == 0 {
		return
	}
	dayPx := float64(cb.Width()) * float64(24*time.Hour) / float64(p.to.Sub(p.from))
	w := int(math.Max(1, math.Min(dayPx*barFill, p.px(maxBarWidth))))
	zero := zeroY(yr, cb)
	for _, up := range []bool{true, false} {
		n := 0
		for _, q := range p.series[0].Points {
			if q.Value == 0 || (q.Value > 0) != up {
				continue
			}
			x := cb.Left + xr.Translate(chart.TimeToFloat64(q.Time)) - w/2
			y := cb.Bottom - yr.Translate(q.Value)
			r.MoveTo(x, zero)
			r.LineTo(x+w, zero)
			r.LineTo(x+w, y)
			r.LineTo(x, y)
			r.Close()
			n++
		}
		if n > 0 {
			r.SetFillColor(colorDown)
			if up {
				r.SetFillColor(colorUp)
			}
			r.Fill()
		}
	}
	r.ResetStyle()
}

// markerSeries draws alert markers: a dashed guide at the alert's time, a
// dot on the value and a short label along the top of the plot.
type markerSeries struct {
	overlay
	p *plan
}

// Render implements chart.Series.
func (m markerSeries) Render(r chart.Renderer, cb chart.Box, xr, yr chart.Range, _ chart.Style) {
	p := m.p
	k := p.kit
	ms := slices.Clone(p.spec.Markers)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Time.Before(ms[j].Time) })
	rowH := k.lineHeight(sizeMarker) + int(p.px(2*markerPadY))
	rowEnds := make([]int, markerRows)
	for i := range rowEnds {
		rowEnds[i] = math.MinInt
	}
	for _, mk := range ms {
		if mk.Time.Before(p.from) || mk.Time.After(p.to) {
			continue
		}
		v, ok := p.markerValue(mk)
		if !ok {
			continue
		}
		c := markerColor(mk.Kind)
		x := cb.Left + xr.Translate(chart.TimeToFloat64(mk.Time))
		y := min(max(cb.Bottom-yr.Translate(v), cb.Top), cb.Bottom)

		r.SetStrokeColor(c.WithAlpha(0x90))
		r.SetStrokeWidth(p.px(1))
		r.SetStrokeDashArray([]float64{p.px(4), p.px(3)})
		r.MoveTo(x, cb.Top)
		r.LineTo(x, cb.Bottom)
		r.Stroke()
		r.ResetStyle()

		r.SetFillColor(c)
		r.SetStrokeColor(drawing.ColorWhite)
		r.SetStrokeWidth(p.px(markerRing))
		r.Circle(p.px(markerDot), x, y)
		r.FillStroke()
		r.ResetStyle()

		label := mk.Label
		if label == "" {
			label = p.loc.kindName(mk.Kind)
		}
		w := k.width(label, sizeMarker) + int(p.px(2*markerPadX))
		lx := x + int(p.px(markerPadX))
		if lx+w > cb.Right {
			lx = x - int(p.px(markerPadX)) - w
		}
		for row := range rowEnds {
			if lx <= rowEnds[row] {
				continue
			}
			rowEnds[row] = lx + w
			top := cb.Top + int(p.px(markerPadY)) + row*rowH
			fillRect(r, chart.Box{Top: top, Left: lx, Right: lx + w, Bottom: top + rowH - int(p.px(markerPadY))},
				colorBackground.WithAlpha(0xe6))
			base := top + int(p.px(markerPadY)) + k.capHeight(sizeMarker)
			k.draw(r, label, lx+int(p.px(markerPadX)), base, sizeMarker, c)
			break
		}
	}
}

// markerValue is the height of a marker: its series' nearest point when
// SeriesKey names one, else its own Value.
func (p *plan) markerValue(mk Marker) (float64, bool) {
	if mk.SeriesKey == "" {
		return mk.Value, math.Abs(mk.Value) <= maxAbsValue
	}
	for _, sr := range p.series {
		if sr.seriesKey() != mk.SeriesKey {
			continue
		}
		pts := sr.Points
		i, _ := slices.BinarySearchFunc(pts, mk.Time, func(q Point, t time.Time) int { return q.Time.Compare(t) })
		if i == len(pts) || (i > 0 && mk.Time.Sub(pts[i-1].Time) < pts[i].Time.Sub(mk.Time)) {
			i--
		}
		return pts[i].Value, true
	}
	return 0, false
}

// tag is one last-value label.
type tag struct {
	text  string
	value float64
	color drawing.Color
}

// tagSeries labels each series' last value on the value axis, in the
// series' colour, pushed apart so tags never overlap.
type tagSeries struct {
	overlay
	p    *plan
	tags []tag
	boxW int // tag width without the pointer
	axis int // width go-chart gives the value labels
}

// lastValueTags prepares the tags and measures them against the axis labels.
func (p *plan) lastValueTags() tagSeries {
	ts := tagSeries{p: p}
	tickW := 0
	for _, t := range p.yr.ticks {
		tickW = max(tickW, p.kit.width(t.Label, sizeAxis))
	}
	ts.axis = chart.DefaultYAxisMargin + tickW + int(p.px(1))
	textW := 0
	for i, sr := range p.series {
		last := sr.Points[len(sr.Points)-1].Value
		tg := tag{text: p.valueLabel(last), value: last, color: p.colors[i]}
		if p.spec.Kind == KindDailyChange {
			tg.color = colorUp
			if last < 0 {
				tg.color = colorDown
			}
		}
		ts.tags = append(ts.tags, tg)
		textW = max(textW, p.kit.width(tg.text, sizeTag))
	}
	ts.boxW = max(textW+int(p.px(2*tagPadX)), ts.axis)
	return ts
}

// extraRight is the room tags need beyond the value labels.
func (t tagSeries) extraRight() int {
	return max(0, t.boxW+int(t.p.px(tagArrow))-t.axis)
}

// Render implements chart.Series.
func (t tagSeries) Render(r chart.Renderer, cb chart.Box, _, yr chart.Range, _ chart.Style) {
	p, k := t.p, t.p.kit
	h := k.capHeight(sizeTag) + int(p.px(2*tagPadY))
	// Keep only the tags that fit the plot's height, in the series' order.
	if fit := max(1, cb.Height()/(h+int(p.px(tagGap)))); len(t.tags) > fit {
		t.tags = t.tags[:fit]
	}
	order := make([]int, len(t.tags))
	ys := make([]int, len(t.tags))
	for i, tg := range t.tags {
		order[i] = i
		ys[i] = cb.Bottom - yr.Translate(tg.value)
	}
	sort.SliceStable(order, func(a, b int) bool { return ys[order[a]] < ys[order[b]] })
	gap := int(p.px(tagGap))
	for n := 1; n < len(order); n++ {
		prev, cur := order[n-1], order[n]
		ys[cur] = max(ys[cur], ys[prev]+h+gap)
	}
	if len(order) > 0 {
		if over := ys[order[len(order)-1]] + h/2 - cb.Bottom; over > 0 {
			for _, i := range order {
				ys[i] -= over
			}
		}
	}
	t.hideCoveredTicks(r, cb, yr, ys, h)
	arrow := int(p.px(tagArrow))
	for i, tg := range t.tags {
		left, y := cb.Right+1, ys[i]
		top, bottom, right := y-h/2, y-h/2+h, left+arrow+t.boxW
		r.SetFillColor(tg.color)
		r.MoveTo(left, y)
		r.LineTo(left+arrow, top)
		r.LineTo(right, top)
		r.LineTo(right, bottom)
		r.LineTo(left+arrow, bottom)
		r.Close()
		r.Fill()
		r.ResetStyle()
		k.draw(r, tg.text, left+arrow+int(p.px(tagPadX)), top+int(p.px(tagPadY))+k.capHeight(sizeTag), sizeTag, drawing.ColorWhite)
	}
}

// hideCoveredTicks blanks the value labels a tag would half cover, so no
// label peeks out above or below a tag.
func (t tagSeries) hideCoveredTicks(r chart.Renderer, cb chart.Box, yr chart.Range, ys []int, h int) {
	p := t.p
	half := p.kit.capHeight(sizeAxis)/2 + int(p.px(2))
	for _, tk := range p.yr.ticks {
		ly := cb.Bottom - yr.Translate(tk.Value)
		for _, y := range ys {
			if ly+half > y-h/2 && ly-half < y+h/2 {
				fillRect(r, chart.Box{Top: ly - half, Bottom: ly + half, Left: cb.Right + int(p.px(2)), Right: p.spec.Width},
					colorBackground)
				break
			}
		}
	}
}
