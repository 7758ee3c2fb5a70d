package widgets

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Sparkline is a small line of recent values, with no axes: the shape of an
// official's last 30 days beside their total. Rising lines are green,
// falling ones red.
type Sparkline struct {
	widget.BaseWidget
	values []float64
}

// NewSparkline returns an empty sparkline.
func NewSparkline() *Sparkline {
	s := &Sparkline{}
	s.ExtendBaseWidget(s)
	return s
}

// SetValues replaces the values and redraws.
func (s *Sparkline) SetValues(v []float64) {
	s.values = v
	s.Refresh()
}

// Values returns the values shown.
func (s *Sparkline) Values() []float64 { return s.values }

// MinSize is the size of a short word of text.
func (s *Sparkline) MinSize() fyne.Size { return fyne.NewSize(64, 24) }

// CreateRenderer implements fyne.Widget.
func (s *Sparkline) CreateRenderer() fyne.WidgetRenderer { return &sparkRenderer{s: s} }

type sparkRenderer struct {
	s     *Sparkline
	lines []fyne.CanvasObject
}

// sparkRising and sparkFalling colour the line by its direction.
var (
	sparkRising  = color.NRGBA{R: 0x2f, G: 0x9e, B: 0x44, A: 0xff}
	sparkFalling = color.NRGBA{R: 0xe0, G: 0x31, B: 0x31, A: 0xff}
)

func (r *sparkRenderer) Layout(size fyne.Size) {
	v := r.s.values
	r.lines = r.lines[:0]
	if len(v) < 2 {
		return
	}
	lo, hi := v[0], v[0]
	for _, x := range v {
		lo, hi = min(lo, x), max(hi, x)
	}
	col := sparkRising
	if v[len(v)-1] < v[0] {
		col = sparkFalling
	}
	pad := float32(2)
	w, h := size.Width-2*pad, size.Height-2*pad
	y := func(x float64) float32 {
		if hi == lo {
			return pad + h/2
		}
		return pad + h - float32((x-lo)/(hi-lo))*h
	}
	step := w / float32(len(v)-1)
	for i := 1; i < len(v); i++ {
		l := canvas.NewLine(col)
		l.StrokeWidth = 1.5
		l.Position1 = fyne.NewPos(pad+step*float32(i-1), y(v[i-1]))
		l.Position2 = fyne.NewPos(pad+step*float32(i), y(v[i]))
		r.lines = append(r.lines, l)
	}
}

func (r *sparkRenderer) MinSize() fyne.Size           { return r.s.MinSize() }
func (r *sparkRenderer) Refresh()                     { r.Layout(r.s.Size()); canvas.Refresh(r.s) }
func (r *sparkRenderer) Objects() []fyne.CanvasObject { return r.lines }
func (r *sparkRenderer) Destroy()                     {}
