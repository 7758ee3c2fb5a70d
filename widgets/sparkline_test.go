package widgets_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"akimwatch/widgets"
)

func TestSparkline(t *testing.T) {
	test.NewTempApp(t)
	tests := []struct {
		name   string
		values []float64
		lines  int
	}{
		{"empty", nil, 0},
		{"one point draws nothing", []float64{5}, 0},
		{"thirty days", make([]float64, 30), 29},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := widgets.NewSparkline()
			s.Resize(fyne.NewSize(80, 24))
			s.SetValues(tt.values)
			r := test.TempWidgetRenderer(t, s)
			r.Layout(s.Size())
			if got := len(r.Objects()); got != tt.lines {
				t.Fatalf("%d segments, want %d", got, tt.lines)
			}
			for _, o := range r.Objects() {
				l := o.(*canvas.Line)
				if l.Position1.Y < 0 || l.Position2.Y > 24 {
					t.Fatalf("segment outside the widget: %v–%v", l.Position1, l.Position2)
				}
			}
		})
	}
}
