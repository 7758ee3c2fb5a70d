package charts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// decodePNG decodes b or fails the test.
func decodePNG(t testing.TB, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	return img
}

// sameColor reports whether a pixel is within tol of c on every channel.
func sameColor(px color.Color, c color.RGBA, tol int) bool {
	r, g, b, _ := px.RGBA()
	d := func(a uint32, v uint8) bool { x := int(a>>8) - int(v); return x >= -tol && x <= tol }
	return d(r, c.R) && d(g, c.G) && d(b, c.B)
}

// countColor counts pixels of colour c in the rectangle.
func countColor(img image.Image, rect image.Rectangle, c color.RGBA, tol int) int {
	n := 0
	rect = rect.Intersect(img.Bounds())
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			if sameColor(img.At(x, y), c, tol) {
				n++
			}
		}
	}
	return n
}

// rgba converts a palette colour for comparisons.
func rgba(c interface{ RGBA() (r, g, b, a uint32) }) color.RGBA {
	r, g, b, a := c.RGBA()
	return color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(a >> 8)}
}

// followersSpec is a small fixed chart used by several tests.
func followersSpec() Spec {
	return Spec{
		Kind: KindFollowers, Lang: LangRU, Title: "Әкім Тестов · Instagram", Subtitle: "90 дней",
		Source: "тест", Demo: true, Now: day0, Width: 800, Height: 450, Scale: 1,
		From: day0.AddDate(0, 0, -89), To: day0,
		Series:  []Series{{Label: "Әкім Тестов", Key: "official:1", Points: synthFollowers(1, 90, day0, 48200, 55, map[int]float64{61: 4200})}},
		Markers: []Marker{{Time: day0.AddDate(0, 0, -28), Kind: MarkerJump, Label: "+4 200", SeriesKey: "official:1"}},
	}
}
