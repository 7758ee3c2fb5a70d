package charts

import (
	"github.com/wcharczuk/go-chart/v2"
)

// Time-axis styling in logical pixels (before Scale).
const (
	tickLength   = 4 // tick marks below the plot
	xLabelGap    = 8 // between the plot's bottom and the labels' tops
	descentShare = 0.25
)

// timeAxisHeight is the room the time axis takes below the plot.
func (p *plan) timeAxisHeight() int {
	return int(p.px(xLabelGap)) + p.kit.capHeight(sizeAxis) + int(sizeAxis*p.kit.dpi/72*descentShare)
}

// drawTimeAxis draws the axis line, tick marks and labels under the plot,
// all labels on one baseline and kept inside the image.
func (p *plan) drawTimeAxis(r chart.Renderer, cb chart.Box, xr chart.Range) {
	k := p.kit
	r.SetStrokeColor(colorAxis)
	r.SetStrokeWidth(p.px(1))
	r.MoveTo(cb.Left, cb.Bottom)
	r.LineTo(cb.Right, cb.Bottom)
	for _, t := range p.xr.ticks {
		x := cb.Left + xr.Translate(t.Value)
		r.MoveTo(x, cb.Bottom)
		r.LineTo(x, cb.Bottom+int(p.px(tickLength)))
	}
	r.Stroke()
	r.ResetStyle()
	base := cb.Bottom + int(p.px(xLabelGap)) + k.capHeight(sizeAxis)
	edge := int(p.px(padOuter))
	for _, t := range p.xr.ticks {
		w := k.width(t.Label, sizeAxis)
		x := cb.Left + xr.Translate(t.Value) - w/2
		x = max(edge, min(x, p.spec.Width-edge-w))
		k.draw(r, t.Label, x, base, sizeAxis, colorMuted)
	}
}
