package charts

import (
	"bytes"
	"fmt"
	"time"

	"github.com/wcharczuk/go-chart/v2"
)

// RenderBare is the baseline that "make bench" measures Render against:
// go-chart alone, with its own defaults (axes, no legend, title or
// markers), drawing spec's series at spec's size and DPI into a PNG. With
// appEncoder the image is written by the app's PNG encoder, as Render
// writes it; without, by go-chart's (image/png with default settings).
func RenderBare(spec Spec, appEncoder bool) ([]byte, error) {
	s, err := spec.normalized()
	if err != nil {
		return nil, err
	}
	c := chart.Chart{Width: s.Width, Height: s.Height, DPI: chart.DefaultDPI * s.Scale}
	for _, se := range s.Series {
		ts := chart.TimeSeries{Name: se.Label, XValues: make([]time.Time, len(se.Points)), YValues: make([]float64, len(se.Points))}
		for i, p := range se.Points {
			ts.XValues[i], ts.YValues[i] = p.Time, p.Value
		}
		c.Series = append(c.Series, ts)
	}
	var out bytes.Buffer
	if !appEncoder {
		if err := c.Render(chart.PNG, &out); err != nil {
			return nil, fmt.Errorf("render bare chart: %w", err)
		}
		return out.Bytes(), nil
	}
	var capt rgbaCapture
	if err := c.Render(chart.PNG, &capt); err != nil {
		return nil, fmt.Errorf("render bare chart: %w", err)
	}
	if err := encodePNG(&out, capt.img); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
