package charts

import (
	"testing"

	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// kazakhAndRussian are the letters chart text must show.
const kazakhAndRussian = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя" +
	"ӘәҒғҚқҢңӨөҰұҮүҺһІі" + "0123456789+−%–·"

func TestFontHasKazakhAndCyrillicGlyphs(t *testing.T) {
	f, err := chartFont()
	if err != nil {
		t.Fatal(err)
	}
	var buf truetype.GlyphBuf
	for _, r := range kazakhAndRussian {
		idx := f.Index(r)
		if idx == 0 {
			t.Errorf("%q (%U) maps to .notdef", r, r)
			continue
		}
		if err := buf.Load(f, fixed.I(int(f.FUnitsPerEm())), idx, font.HintingNone); err != nil {
			t.Errorf("%q (%U): %v", r, r, err)
			continue
		}
		if len(buf.Points) == 0 {
			t.Errorf("%q (%U) has an empty outline", r, r)
		}
	}
}

// inkOf draws s with the chart's raster path and returns its dark pixels.
func inkOf(t *testing.T, s string) []bool {
	t.Helper()
	f, err := chartFont()
	if err != nil {
		t.Fatal(err)
	}
	const w, h = 64, 48
	r, err := chart.PNG(w, h)
	if err != nil {
		t.Fatal(err)
	}
	k := newTextKit(f, chart.DefaultDPI*2)
	r.SetDPI(rendererDPI(FormatPNG, k.dpi))
	fillRect(r, chart.Box{Right: w, Bottom: h}, colorBackground)
	k.draw(r, s, 8, 38, 16, colorText)
	var capt rgbaCapture
	if err := r.Save(&capt); err != nil {
		t.Fatal(err)
	}
	ink := make([]bool, w*h)
	for y := range h {
		for x := range w {
			ink[y*w+x] = capt.img.RGBAAt(x, y).R < 0x80
		}
	}
	return ink
}

func TestKazakhLettersRenderAsThemselves(t *testing.T) {
	notdef := inkOf(t, "\ue000") // a private-use code point: drawn as .notdef
	for _, r := range "ӘәҒғҚқҢңӨөҰұҮүҺһІі" {
		ink := inkOf(t, string(r))
		dark, same := 0, true
		for i := range ink {
			if ink[i] {
				dark++
			}
			same = same && ink[i] == notdef[i]
		}
		if dark < 20 {
			t.Errorf("%q drew only %d dark pixels", r, dark)
		}
		if same {
			t.Errorf("%q draws like .notdef", r)
		}
	}
}
