package charts

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"testing"
)

func TestRenderBars(t *testing.T) {
	bars := []Bar{{Label: "Бакауов · Instagram", Key: "a", Value: 150000}, {Label: "Жумин · Instagram", Key: "b", Value: 21000}, {Label: "Қасымов", Key: "c", Value: 0}}
	tests := []struct {
		name string
		bars []Bar
	}{{"three bars", bars}, {"no bars: the no-data image", nil}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := BarSpec{Spec: Spec{Title: "Top 20", Lang: "ru", Width: 800, Height: 450, Scale: 1, Demo: true}, Bars: tt.bars}
			b, err := RenderBars(spec, FormatPNG)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if sz := img.Bounds().Size(); sz.X != 800 || sz.Y != 450 {
				t.Fatalf("size %v", sz)
			}
			if len(tt.bars) > 0 {
				want := ColorFor("a")
				found := false
				for x := 0; x < 800 && !found; x++ {
					for y := 0; y < 450; y++ {
						r, g, bb, _ := img.At(x, y).RGBA()
						if uint8(r>>8) == want.R && uint8(g>>8) == want.G && uint8(bb>>8) == want.B {
							found = true
							break
						}
					}
				}
				if !found {
					t.Fatal("the first bar's colour is not in the image")
				}
			}
			svg, err := RenderBars(spec, FormatSVG)
			if err != nil {
				t.Fatal(err)
			}
			dec := xml.NewDecoder(bytes.NewReader(svg))
			for {
				if _, err := dec.Token(); err != nil {
					if err.Error() == "EOF" {
						break
					}
					t.Fatalf("svg is not well-formed: %v", err)
				}
			}
		})
	}
}
