package charts

import (
	"bytes"
	"fmt"
	"image"
	"math"
	"slices"
	"time"

	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Plot styling in logical pixels (before Scale).
const (
	lineWidth = 2.0
	dotRadius = 2.5
	// soloDotRadius marks a point with no neighbour to join.
	soloDotRadius = 3.5
	// sparseSpacing: when points are at least this far apart on average,
	// they are drawn as dots on the line, so sparse data shows its readings.
	sparseSpacing = 12.0
	// yLabelAllowance estimates the y-axis labels' width before layout.
	yLabelAllowance = 70.0
	// xLabelAllowance estimates the x-axis labels' height before layout.
	xLabelAllowance = 30.0
	// maxAbsValue bounds the values drawn: no follower count or percentage
	// comes near it, and larger numbers lose the precision ticks need.
	maxAbsValue = 1e15
	// emptyWindowPad widens a window of one instant so it has a width.
	emptyWindowPad = 12 * time.Hour
)

// Render draws spec as PNG or SVG bytes. A spec with no points in its range
// gives a clear "no data for this range" image, not an error; an invalid
// spec gives an error wrapping ErrInvalidSpec.
func Render(spec Spec, format Format) ([]byte, error) {
	b, _, err := render(spec, format)
	return b, err
}

// geometry records where the plot landed, for tests.
type geometry struct {
	canvas chart.Box
	xr, yr chart.ContinuousRange
}

// x is the pixel column of t.
func (g *geometry) x(t time.Time) int {
	return g.canvas.Left + g.xr.Translate(chart.TimeToFloat64(t))
}

// plan is everything one render needs, worked out before drawing.
type plan struct {
	spec     Spec
	format   Format
	loc      *locale
	kit      *textKit
	series   []Series // in-range, finite, time-ordered points
	colors   []drawing.Color
	from, to time.Time
	xr, yr   tickRange
	geo      geometry
}

// px converts logical pixels to output pixels.
func (p *plan) px(v float64) float64 { return v * p.spec.Scale }

func render(spec Spec, format Format) ([]byte, *geometry, error) {
	s, err := spec.normalized()
	if err != nil {
		return nil, nil, err
	}
	var rp chart.RendererProvider
	switch format {
	case FormatPNG:
		rp = pngProvider
	case FormatSVG:
		rp = svgProvider
	default:
		return nil, nil, fmt.Errorf("output format %d: %w", format, ErrInvalidSpec)
	}
	f, err := chartFont()
	if err != nil {
		return nil, nil, err
	}
	p := &plan{spec: s, format: format, loc: localeFor(s.Lang), kit: newTextKit(f, chart.DefaultDPI*s.Scale)}
	p.series, p.from, p.to = clean(s)
	p.colors = seriesColors(p.series)

	var out bytes.Buffer
	if p.from.IsZero() {
		r, err := renderEmpty(s, p.kit, rp, format)
		if err != nil {
			return nil, nil, err
		}
		if err := save(r, format, &out); err != nil {
			return nil, nil, err
		}
		return out.Bytes(), nil, nil
	}
	c := p.build()
	c.DPI = rendererDPI(format, p.kit.dpi)
	if format == FormatPNG {
		var capt rgbaCapture
		if err := c.Render(rp, &capt); err != nil {
			return nil, nil, fmt.Errorf("render chart: %w", err)
		}
		if err := encodePNG(&out, capt.img); err != nil {
			return nil, nil, err
		}
	} else if err := c.Render(rp, &out); err != nil {
		return nil, nil, fmt.Errorf("render chart: %w", err)
	}
	return out.Bytes(), &p.geo, nil
}

// clean keeps each series' finite points inside the spec's window, in time
// order, and works out the window. from is zero when nothing is left.
func clean(s Spec) (series []Series, from, to time.Time) {
	in := s.Series
	if s.Kind == KindDailyChange && len(in) > 1 {
		in = in[:1]
	}
	var lo, hi time.Time
	for _, sr := range in {
		pts := make([]Point, 0, len(sr.Points))
		for _, pt := range sr.Points {
			if !(math.Abs(pt.Value) <= maxAbsValue) || pt.Time.IsZero() ||
				(!s.From.IsZero() && pt.Time.Before(s.From)) || (!s.To.IsZero() && pt.Time.After(s.To)) {
				continue
			}
			pts = append(pts, pt)
		}
		if len(pts) == 0 {
			continue
		}
		cmp := func(a, b Point) int { return a.Time.Compare(b.Time) }
		if !slices.IsSortedFunc(pts, cmp) {
			slices.SortStableFunc(pts, cmp)
		}
		if lo.IsZero() || pts[0].Time.Before(lo) {
			lo = pts[0].Time
		}
		if hi.IsZero() || pts[len(pts)-1].Time.After(hi) {
			hi = pts[len(pts)-1].Time
		}
		series = append(series, Series{Label: sr.Label, Key: sr.Key, Points: pts})
	}
	if len(series) == 0 {
		return nil, time.Time{}, time.Time{}
	}
	if !s.From.IsZero() {
		lo = s.From
	}
	if !s.To.IsZero() {
		hi = s.To
	}
	if !hi.After(lo) {
		lo, hi = lo.Add(-emptyWindowPad), hi.Add(emptyWindowPad)
	}
	return series, lo, hi
}

// build assembles the go-chart chart for a plan with data.
func (p *plan) build() chart.Chart {
	s := p.spec
	fr := layoutFrame(s, p.series, p.colors, p.kit)
	plotW := float64(s.Width)/s.Scale - 2*padOuter - yLabelAllowance
	plotH := float64(s.Height-fr.top-fr.bottom)/s.Scale - xLabelAllowance
	p.xr = timeAxis(p.from, p.to, plotW, s.Location, p.loc)
	p.yr = p.valueAxis(plotH)
	tags := p.lastValueTags()
	axisStyle := chart.Style{
		FontSize: sizeAxis, FontColor: colorMuted,
		StrokeColor: colorAxis, StrokeWidth: p.px(1),
	}
	series := []chart.Series{gridSeries{p: p}}
	series = append(series, p.dataSeries()...)
	series = append(series, markerSeries{p: p}, tags)
	return chart.Chart{
		Width: s.Width, Height: s.Height, Font: p.kit.font,
		Background: chart.Style{FillColor: paper(p.format), Padding: chart.Box{
			IsSet: true, Top: fr.top, Bottom: fr.bottom + p.timeAxisHeight(),
			Left: int(p.px(padOuter)), Right: int(p.px(padOuter)) + tags.extraRight(),
		}},
		Canvas: chart.Style{FillColor: paper(p.format), StrokeColor: colorBackground},
		// The time axis is drawn by gridSeries: go-chart places each label by
		// its own ink height, so labels with descenders (қ, р, у) jump about.
		XAxis: chart.XAxis{Range: p.xr, Style: chart.Hidden()},
		YAxis: chart.YAxis{Range: p.yr, Style: axisStyle,
			GridMajorStyle: chart.Hidden(), GridMinorStyle: chart.Hidden()},
		YAxisSecondary: chart.YAxis{Style: chart.Hidden()},
		Series:         series,
		Elements:       []chart.Renderable{func(r chart.Renderer, _ chart.Box, _ chart.Style) { fr.draw(r, s, p.kit) }},
	}
}

// valueAxis chooses the value range and ticks for the plan's kind.
func (p *plan) valueAxis(heightPx float64) tickRange {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, sr := range p.series {
		for _, pt := range sr.Points {
			lo, hi = math.Min(lo, pt.Value), math.Max(hi, pt.Value)
		}
	}
	for _, mk := range p.spec.Markers { // free-standing markers stay in view
		if mk.SeriesKey == "" && !mk.Time.Before(p.from) && !mk.Time.After(p.to) &&
			math.Abs(mk.Value) <= maxAbsValue {
			lo, hi = math.Min(lo, mk.Value), math.Max(hi, mk.Value)
		}
	}
	lang := p.spec.Lang
	switch p.spec.Kind {
	case KindDailyChange:
		return valueAxis(lo, hi, heightPx, 1, true, false,
			func(v float64, _ int) string { return FormatChange(v, lang) })
	case KindGrowthPct:
		const minPctStep = 0.01
		return valueAxis(lo, hi, heightPx, minPctStep, true, false,
			func(v float64, d int) string { return FormatPercent(v, d, lang) })
	default:
		return valueAxis(lo, hi, heightPx, 1, false, lo >= 0,
			func(v float64, _ int) string { return FormatNumber(v, lang) })
	}
}

// valueLabel formats one value for a tag or a marker, by the chart's kind.
func (p *plan) valueLabel(v float64) string {
	switch p.spec.Kind {
	case KindDailyChange:
		return FormatChange(v, p.spec.Lang)
	case KindGrowthPct:
		return FormatPercent(v, 1, p.spec.Lang)
	default:
		return FormatNumber(v, p.spec.Lang)
	}
}

// dataSeries turns the plan's series into go-chart lines (split at gaps
// longer than maxGap) or, for daily change, bars.
func (p *plan) dataSeries() []chart.Series {
	if p.spec.Kind == KindDailyChange {
		return []chart.Series{barSeries{p: p}}
	}
	plotW := p.px(float64(p.spec.Width)/p.spec.Scale - 2*padOuter - yLabelAllowance)
	window := p.to.Sub(p.from)
	var out []chart.Series
	for i, sr := range p.series {
		for _, seg := range splitGaps(sr.Points) {
			st := chart.Style{StrokeColor: p.colors[i], StrokeWidth: p.px(lineWidth)}
			spacing := plotW
			if len(seg) > 1 {
				spacing = plotW * float64(seg[len(seg)-1].Time.Sub(seg[0].Time)) / float64(window) / float64(len(seg)-1)
			}
			switch {
			case len(seg) == 1:
				st.DotColor, st.DotWidth = p.colors[i], p.px(soloDotRadius)
			case spacing >= p.px(sparseSpacing):
				st.DotColor, st.DotWidth = p.colors[i], p.px(dotRadius)
			}
			ts := chart.TimeSeries{Name: sr.Label, Style: st,
				XValues: make([]time.Time, len(seg)), YValues: make([]float64, len(seg))}
			for j, pt := range seg {
				ts.XValues[j], ts.YValues[j] = pt.Time, pt.Value
			}
			out = append(out, ts)
		}
	}
	return out
}

// splitGaps cuts points wherever two neighbours are more than maxGap apart.
func splitGaps(pts []Point) [][]Point {
	var out [][]Point
	start := 0
	for i := 1; i < len(pts); i++ {
		if pts[i].Time.Sub(pts[i-1].Time) > maxGap {
			out = append(out, pts[start:i])
			start = i
		}
	}
	return append(out, pts[start:])
}

// rgbaCapture receives the raster renderer's image instead of go-chart's
// own PNG encoding, so we can choose the compression.
type rgbaCapture struct{ img *image.RGBA }

// SetRGBA implements chart.RGBACollector.
func (c *rgbaCapture) SetRGBA(i *image.RGBA) { c.img = i }

// Write is never called (the renderer prefers SetRGBA); it satisfies io.Writer.
func (c *rgbaCapture) Write(b []byte) (int, error) { return len(b), nil }

// encodePNG lays the rendered image on white and encodes it.
func encodePNG(w *bytes.Buffer, img *image.RGBA) error {
	if img == nil {
		return fmt.Errorf("encode png: renderer produced no image")
	}
	layOnWhite(img)
	return encodeOpaquePNG(w, img)
}

// save writes a renderer's image in the chosen format.
func save(r chart.Renderer, format Format, out *bytes.Buffer) error {
	if format == FormatSVG {
		if err := r.Save(out); err != nil {
			return fmt.Errorf("write svg: %w", err)
		}
		return nil
	}
	var capt rgbaCapture
	if err := r.Save(&capt); err != nil {
		return fmt.Errorf("capture image: %w", err)
	}
	return encodePNG(out, capt.img)
}
