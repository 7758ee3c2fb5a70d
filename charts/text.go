package charts

import (
	"encoding/xml"
	"fmt"
	"strings"
	"sync"

	"github.com/golang/freetype/truetype"
	"github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
	"github.com/wcharczuk/go-chart/v2/roboto"
	"golang.org/x/image/font"
)

// Text sizes in points. At chart.DefaultDPI and scale 1 a point is about
// 1.3 logical pixels.
const (
	sizeTitle    = 17.0
	sizeSubtitle = 11.5
	sizeAxis     = 10.5
	sizeLegend   = 11.0
	sizeTag      = 10.5
	sizeMarker   = 9.5
	sizeFooter   = 9.5
	sizeNoData   = 16.0
)

// rasterDPIFix corrects go-chart's raster text, which scales glyphs by
// size×DPI/64 where the SVG renderer and font metrics use size×DPI/72.
// Giving the raster renderer this share of the DPI makes PNG text the size
// we measure, and the same size as in SVG.
const rasterDPIFix = 64.0 / 72.0

// rendererDPI is the DPI to hand go-chart's renderer for format, so its
// text matches a textKit measuring at dpi.
func rendererDPI(format Format, dpi float64) float64 {
	if format == FormatPNG {
		return dpi * rasterDPIFix
	}
	return dpi
}

// chartFont is go-chart's bundled Roboto Medium, parsed once. We parse it
// ourselves rather than call chart.GetDefaultFont, whose lazy load is not
// safe for concurrent renders.
var chartFont = sync.OnceValues(func() (*truetype.Font, error) {
	f, err := truetype.Parse(roboto.Roboto)
	if err != nil {
		return nil, fmt.Errorf("parse bundled roboto font: %w", err)
	}
	return f, nil
})

// textKit measures and draws text at one DPI. It is used by one render at a
// time (font faces are not safe for concurrent use).
type textKit struct {
	font  *truetype.Font
	dpi   float64
	faces map[float64]font.Face
}

func newTextKit(f *truetype.Font, dpi float64) *textKit {
	return &textKit{font: f, dpi: dpi, faces: map[float64]font.Face{}}
}

// width is the advance width of s in pixels at size points.
func (k *textKit) width(s string, size float64) int {
	face, ok := k.faces[size]
	if !ok {
		face = truetype.NewFace(k.font, &truetype.Options{Size: size, DPI: k.dpi})
		k.faces[size] = face
	}
	return font.MeasureString(face, s).Ceil()
}

// capHeight is the height of capital letters in pixels at size points.
func (k *textKit) capHeight(size float64) int {
	const capRatio = 0.711 // Roboto's cap height as a share of the em
	return int(size * k.dpi / 72 * capRatio)
}

// lineHeight is the distance between baselines in pixels at size points.
func (k *textKit) lineHeight(size float64) int {
	const leading = 1.35
	return int(size * k.dpi / 72 * leading)
}

// fit shortens s with "…" until it is at most maxW pixels wide at size.
func (k *textKit) fit(s string, size float64, maxW int) string {
	if k.width(s, size) <= maxW {
		return s
	}
	rs := []rune(s)
	for n := len(rs) - 1; n > 0; n-- {
		if t := strings.TrimRight(string(rs[:n]), " ") + "…"; k.width(t, size) <= maxW {
			return t
		}
	}
	return ""
}

// draw writes s with its baseline at (x, y).
func (k *textKit) draw(r chart.Renderer, s string, x, y int, size float64, c drawing.Color) {
	r.SetFont(k.font)
	r.SetFontSize(size)
	r.SetFontColor(c)
	r.Text(s, x, y)
	r.ResetStyle()
}

// svgRenderer escapes text for XML: go-chart's SVG renderer writes text
// verbatim, so a name with "&" or "<" would otherwise break the file.
type svgRenderer struct {
	chart.Renderer
}

// Text implements chart.Renderer with XML-escaped text.
func (r svgRenderer) Text(body string, x, y int) {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(body)) // a strings.Builder never fails
	r.Renderer.Text(b.String(), x, y)
}

// svgProvider is a chart.RendererProvider for escaped SVG.
func svgProvider(w, h int) (chart.Renderer, error) {
	r, err := chart.SVG(w, h)
	if err != nil {
		return nil, err
	}
	return svgRenderer{r}, nil
}
