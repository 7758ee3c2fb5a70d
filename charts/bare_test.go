package charts

import (
	"bytes"
	"image/png"
	"testing"
)

func TestRenderBare(t *testing.T) {
	readings := benchReadings()
	pts := make([]Point, len(readings))
	for i, r := range readings {
		pts[i] = Point{Time: r.t, Value: float64(r.followers)}
	}
	spec := Spec{Kind: KindFollowers, Lang: LangRU, Now: day0, Width: 800, Height: 450, Scale: 1,
		Series: []Series{{Label: "A", Points: pts}, {Label: "B", Points: pts[:900]}}}
	for _, tt := range []struct {
		name       string
		appEncoder bool
	}{{"go-chart's encoder", false}, {"the app's encoder", true}} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := RenderBare(spec, tt.appEncoder)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got := img.Bounds().Size(); got.X != 800 || got.Y != 450 {
				t.Errorf("size %v, want 800×450", got)
			}
		})
	}
}
