package charts

import (
	"bytes"
	"fmt"

	"github.com/wcharczuk/go-chart/v2"
)

// Bar is one bar of a ranking chart: a label (an official, a platform) and
// its value. Key fixes its colour as on the line charts.
type Bar struct {
	Label string
	Key   string
	Value float64
}

// BarSpec is a ranking chart: horizontal bars, biggest first as given, with
// the same title, footer, DEMO mark and sizes as Spec.
type BarSpec struct {
	Spec // Kind, Series, Markers and the time window are not used
	Bars []Bar
}

// Bar layout in logical pixels.
const (
	barGap      = 4  // between two bars
	barLabelGap = 8  // between a label and its bar, and a bar and its value
	maxBars     = 60 // more would not be readable at any size
)

// RenderBars draws a ranking chart as PNG or SVG bytes (the leaderboard's
// "top 20"). No bars give the "no data" image.
func RenderBars(bs BarSpec, format Format) ([]byte, error) {
	s, err := bs.Spec.normalized()
	if err != nil {
		return nil, err
	}
	var rp chart.RendererProvider
	switch format {
	case FormatPNG:
		rp = pngProvider
	case FormatSVG:
		rp = svgProvider
	default:
		return nil, fmt.Errorf("output format %d: %w", format, ErrInvalidSpec)
	}
	f, err := chartFont()
	if err != nil {
		return nil, err
	}
	k := newTextKit(f, chart.DefaultDPI*s.Scale)
	var out bytes.Buffer
	bars := bs.Bars
	if len(bars) > maxBars {
		bars = bars[:maxBars]
	}
	if len(bars) == 0 {
		r, err := renderEmpty(s, k, rp, format)
		if err != nil {
			return nil, err
		}
		if err := save(r, format, &out); err != nil {
			return nil, err
		}
		return out.Bytes(), nil
	}
	r, err := rp(s.Width, s.Height)
	if err != nil {
		return nil, fmt.Errorf("create %d×%d renderer: %w", s.Width, s.Height, err)
	}
	r.SetDPI(rendererDPI(format, k.dpi))
	fr := layoutFrame(s, nil, nil, k)
	fillRect(r, chart.Box{Right: s.Width, Bottom: s.Height}, paper(format))
	drawBars(r, s, k, fr, bars)
	fr.draw(r, s, k)
	if err := save(r, format, &out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// drawBars lays the bars between the header and the footer: labels on the
// left, bars scaled to the largest value, values at their ends.
func drawBars(r chart.Renderer, s Spec, k *textKit, fr *frame, bars []Bar) {
	left, right := fr.px(padOuter), s.Width-fr.px(padOuter)
	top, bottom := fr.top, s.Height-fr.bottom
	labelW := 0
	for _, b := range bars {
		labelW = max(labelW, k.width(b.Label, sizeLegend))
	}
	labelW = min(labelW, (right-left)/3)
	maxV, valueW := 0.0, 0
	for _, b := range bars {
		maxV = max(maxV, b.Value)
		valueW = max(valueW, k.width(FormatNumber(b.Value, s.Lang), sizeLegend))
	}
	x0 := left + labelW + fr.px(barLabelGap)
	span := right - valueW - fr.px(barLabelGap) - x0
	rowH := (bottom - top) / len(bars)
	barH := max(rowH-fr.px(barGap), 1)
	colors := make([]Series, len(bars))
	for i, b := range bars {
		colors[i] = Series{Label: b.Label, Key: b.Key}
	}
	palette := seriesColors(colors)
	for i, b := range bars {
		y := top + i*rowH
		mid := y + barH/2 + k.capHeight(sizeLegend)/2
		k.draw(r, k.fit(b.Label, sizeLegend, labelW), left, mid, sizeLegend, colorText)
		w := 0
		if maxV > 0 && b.Value > 0 {
			w = max(int(float64(span)*b.Value/maxV), 1)
		}
		fillRect(r, chart.Box{Left: x0, Top: y, Right: x0 + w, Bottom: y + barH}, palette[i])
		k.draw(r, FormatNumber(b.Value, s.Lang), x0+w+fr.px(barLabelGap), mid, sizeLegend, colorMuted)
	}
}
