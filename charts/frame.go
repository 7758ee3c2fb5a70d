package charts

import (
	"fmt"

	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Frame spacing in logical pixels (before Scale).
const (
	padOuter      = 18 // between the image edge and any text
	gapAfterTitle = 6  // between the title and the subtitle
	gapAfterHead  = 14 // between the header and the plot
	gapLegendItem = 18 // between two legend entries
	legendSwatch  = 16 // length of a legend's colour line
	legendSwatchW = 3  // thickness of a legend's colour line
	gapSwatchText = 6  // between a legend's colour line and its name
	gapBeforeFoot = 16 // between the x-axis labels and the footer
	maxLegendRows = 3  // further entries are summed up as "+N"
	// tallLegendHeight is the logical height from which the legend may take
	// maxLegendRows; smaller charts keep one row for the plot's sake.
	tallLegendHeight = 400
)

// legendItem is one entry of the legend.
type legendItem struct {
	label string
	color drawing.Color
	x     int // left edge, relative to the row start
}

// frame is the laid-out header and footer around the plot, in pixels.
type frame struct {
	px         func(float64) int
	titleY     int // baselines
	subtitleY  int
	legendY    []int
	legendRows [][]legendItem
	footerY    int
	top        int // space above the plot
	bottom     int // space below the plot's axis labels
	footLeft   string
	footRight  string
	demo       string
}

// layoutFrame places the title, subtitle, legend and footer of s.
func layoutFrame(s Spec, series []Series, colors []drawing.Color, k *textKit) *frame {
	l := localeFor(s.Lang)
	px := func(v float64) int { return int(v*s.Scale + 0.5) }
	f := &frame{px: px}
	y := px(padOuter)
	if s.Title != "" {
		f.titleY = y + k.capHeight(sizeTitle)
		y = f.titleY + px(gapAfterTitle)
	}
	if s.Subtitle != "" {
		f.subtitleY = y + k.capHeight(sizeSubtitle)
		y = f.subtitleY + k.lineHeight(sizeSubtitle) - k.capHeight(sizeSubtitle)
	}
	if s.showLegend() && len(series) > 0 {
		rows := maxLegendRows
		if float64(s.Height)/s.Scale < tallLegendHeight {
			rows = 1
		}
		f.legendRows = flowLegend(series, colors, s.Width-2*px(padOuter), rows, k, px)
		for range f.legendRows {
			base := y + px(gapAfterTitle) + k.capHeight(sizeLegend)
			f.legendY = append(f.legendY, base)
			y = base + k.lineHeight(sizeLegend) - k.capHeight(sizeLegend)
		}
	}
	f.top = y + px(gapAfterHead)

	if s.Source != "" {
		f.footLeft = l.source + s.Source
	}
	if s.Demo {
		f.demo = l.demo
	}
	f.footRight = l.generatedNoDay
	if !s.Now.IsZero() {
		f.footRight = l.generated(s.Now.In(s.Location))
	}
	f.footerY = s.Height - px(padOuter)
	f.bottom = px(padOuter) + k.capHeight(sizeFooter) + px(gapBeforeFoot)
	return f
}

// flowLegend lays legend entries left to right, wrapping at width.
func flowLegend(series []Series, colors []drawing.Color, width, maxRows int, k *textKit, px func(float64) int) [][]legendItem {
	var rows [][]legendItem
	var row []legendItem
	x := 0
	for i, s := range series {
		w := px(legendSwatch+gapSwatchText) + k.width(s.Label, sizeLegend)
		if len(row) > 0 && x+w > width {
			rows, row, x = append(rows, row), nil, 0
		}
		row = append(row, legendItem{label: s.Label, color: colors[i], x: x})
		x += w + px(gapLegendItem)
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	if len(rows) > maxRows { // the plot matters more than a long legend
		hidden := 0
		for _, r := range rows[maxRows:] {
			hidden += len(r)
		}
		rows = rows[:maxRows]
		last := rows[maxRows-1]
		end := last[len(last)-1]
		x := end.x + px(legendSwatch+gapSwatchText) + k.width(end.label, sizeLegend) + px(gapLegendItem)
		rows[maxRows-1] = append(last, legendItem{label: fmt.Sprintf("+%d", hidden), x: x})
	}
	return rows
}

// draw paints the header and footer; it is used as a chart element and by
// the no-data image.
func (f *frame) draw(r chart.Renderer, s Spec, k *textKit) {
	left := f.px(padOuter)
	room := s.Width - 2*left
	if f.titleY > 0 {
		k.draw(r, k.fit(s.Title, sizeTitle, room), left, f.titleY, sizeTitle, colorText)
	}
	if f.subtitleY > 0 {
		k.draw(r, k.fit(s.Subtitle, sizeSubtitle, room), left, f.subtitleY, sizeSubtitle, colorMuted)
	}
	for i, row := range f.legendRows {
		y := f.legendY[i]
		for _, it := range row {
			x := left + it.x
			if it.color.IsZero() { // the "+N" summary has no swatch
				k.draw(r, it.label, x, y, sizeLegend, colorMuted)
				continue
			}
			mid := y - k.capHeight(sizeLegend)/2
			r.SetStrokeColor(it.color)
			r.SetStrokeWidth(float64(f.px(legendSwatchW)))
			r.MoveTo(x, mid)
			r.LineTo(x+f.px(legendSwatch), mid)
			r.Stroke()
			r.ResetStyle()
			k.draw(r, it.label, x+f.px(legendSwatch+gapSwatchText), y, sizeLegend, colorText)
		}
	}
	// The footer keeps DEMO above all, then the "generated" note, then the
	// source, each only if it fits beside the others.
	x, gap := left, f.px(gapLegendItem)
	if f.demo != "" {
		k.draw(r, k.fit(f.demo, sizeFooter, room), x, f.footerY, sizeFooter, colorDemo)
		x += k.width(f.demo, sizeFooter) + gap
	}
	rw := k.width(f.footRight, sizeFooter)
	right := s.Width - left - rw
	if x+rw <= s.Width-left {
		k.draw(r, f.footRight, right, f.footerY, sizeFooter, colorMuted)
	} else {
		right = s.Width - left + gap
	}
	if f.footLeft != "" && right-gap-x > 0 {
		k.draw(r, k.fit(f.footLeft, sizeFooter, right-gap-x), x, f.footerY, sizeFooter, colorMuted)
	}
}

// renderEmpty draws the "no data for this range" image: the frame, a faint
// empty plot and the message in its middle.
func renderEmpty(s Spec, k *textKit, rp chart.RendererProvider, format Format) (chart.Renderer, error) {
	r, err := rp(s.Width, s.Height)
	if err != nil {
		return nil, fmt.Errorf("create %d×%d renderer: %w", s.Width, s.Height, err)
	}
	r.SetDPI(rendererDPI(format, k.dpi))
	f := layoutFrame(s, nil, nil, k)
	fillRect(r, chart.Box{Right: s.Width, Bottom: s.Height}, paper(format))
	plot := chart.Box{Top: f.top, Left: f.px(padOuter), Right: s.Width - f.px(padOuter), Bottom: s.Height - f.bottom}
	r.SetStrokeColor(colorAxis)
	r.SetStrokeWidth(float64(f.px(1)))
	r.SetStrokeDashArray([]float64{float64(f.px(6)), float64(f.px(4))})
	r.MoveTo(plot.Left, plot.Top)
	r.LineTo(plot.Right, plot.Top)
	r.LineTo(plot.Right, plot.Bottom)
	r.LineTo(plot.Left, plot.Bottom)
	r.LineTo(plot.Left, plot.Top)
	r.Stroke()
	r.ResetStyle()
	msg := localeFor(s.Lang).noData
	w := k.width(msg, sizeNoData)
	k.draw(r, msg, (plot.Left+plot.Right-w)/2, (plot.Top+plot.Bottom+k.capHeight(sizeNoData))/2, sizeNoData, colorMuted)
	f.draw(r, s, k)
	return r, nil
}

// fillRect fills b with c.
func fillRect(r chart.Renderer, b chart.Box, c drawing.Color) {
	r.SetFillColor(c)
	r.MoveTo(b.Left, b.Top)
	r.LineTo(b.Right, b.Top)
	r.LineTo(b.Right, b.Bottom)
	r.LineTo(b.Left, b.Bottom)
	r.Close()
	r.Fill()
	r.ResetStyle()
}
