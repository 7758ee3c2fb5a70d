package charts

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

func TestEncodeOpaquePNGRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, size := range []image.Point{{1, 1}, {3, 2}, {97, 41}} {
		img := image.NewRGBA(image.Rectangle{Max: size})
		for i := range img.Pix {
			img.Pix[i] = uint8(rng.UintN(256))
		}
		for i := 3; i < len(img.Pix); i += 4 {
			img.Pix[i] = 0xff
		}
		var buf bytes.Buffer
		if err := encodeOpaquePNG(&buf, img); err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("%v: decode: %v", size, err)
		}
		if got.Bounds() != img.Bounds() {
			t.Fatalf("bounds %v, want %v", got.Bounds(), img.Bounds())
		}
		for y := range size.Y {
			for x := range size.X {
				if w := img.RGBAAt(x, y); color.RGBAModel.Convert(got.At(x, y)) != w {
					t.Fatalf("%v: pixel (%d,%d) = %v, want %v", size, x, y, got.At(x, y), w)
				}
			}
		}
	}
}
