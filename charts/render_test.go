package charts

import (
	"encoding/xml"
	"errors"
	"image"
	"io"
	"math"
	"strings"
	"testing"
	"time"
)

func TestRenderPNGSize(t *testing.T) {
	base := followersSpec()
	pts := base.Series[0].Points
	tests := []struct {
		name string
		edit func(*Spec)
		w, h int
	}{
		{"followers 800x450@1", func(*Spec) {}, 800, 450},
		{"defaults 1600x900@2", func(s *Spec) { s.Width, s.Height, s.Scale = 0, 0, 0 }, 1600, 900},
		{"daily change", func(s *Spec) { s.Kind = KindDailyChange; s.Series[0].Points = dailyChange(pts) }, 800, 450},
		{"growth", func(s *Spec) { s.Kind = KindGrowthPct; s.Series[0].Points = growthPct(pts) }, 640, 400},
		{"compare en", func(s *Spec) {
			s.Kind, s.Lang = KindCompare, LangEN
			s.Series = append(s.Series, Series{Label: "Other", Key: "official:2", Points: synthFollowers(2, 90, day0, 3000, 5, nil)})
		}, 1200, 700},
		{"one point", func(s *Spec) { s.Series[0].Points = pts[:1]; s.From, s.To = time.Time{}, time.Time{} }, 800, 450},
		{"five years", func(s *Spec) {
			s.Series[0].Points = synthFollowers(3, 1825, day0, 1000, 10, nil)
			s.From = time.Time{}
		}, 800, 450},
		{"flat values kk", func(s *Spec) {
			s.Lang = LangKK
			for i := range s.Series[0].Points {
				s.Series[0].Points[i].Value = 7
			}
		}, 800, 450},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := followersSpec()
			tt.edit(&s)
			if tt.w != 0 && s.Width != 0 {
				s.Width, s.Height = tt.w, tt.h
			}
			b, err := Render(s, FormatPNG)
			if err != nil {
				t.Fatal(err)
			}
			if got := decodePNG(t, b).Bounds().Size(); got != image.Pt(tt.w, tt.h) {
				t.Errorf("size %v, want %dx%d", got, tt.w, tt.h)
			}
		})
	}
}

func TestLineColourAppears(t *testing.T) {
	s := followersSpec()
	s.Markers = nil
	b, err := Render(s, FormatPNG)
	if err != nil {
		t.Fatal(err)
	}
	img := decodePNG(t, b)
	if n := countColor(img, img.Bounds(), ColorFor("official:1"), 2); n < 500 {
		t.Errorf("line colour %v on %d pixels, want at least 500", ColorFor("official:1"), n)
	}
}

func TestMarkerAtAlertX(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		at   int // days before day0
	}{
		{"followers", KindFollowers, 28},
		{"daily change", KindDailyChange, 60},
		{"near right edge", KindFollowers, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := followersSpec()
			s.Kind = tt.kind
			if tt.kind == KindDailyChange {
				s.Series[0].Points = dailyChange(s.Series[0].Points)
			}
			s.Markers = []Marker{{Time: day0.AddDate(0, 0, -tt.at), Kind: MarkerJump, Label: "x", SeriesKey: "official:1"}}
			b, geo, err := render(s, FormatPNG)
			if err != nil {
				t.Fatal(err)
			}
			img := decodePNG(t, b)
			orange := rgba(markerColor(MarkerJump))
			x := geo.x(s.Markers[0].Time)
			cb := geo.canvas
			band := image.Rect(x-2, cb.Top, x+3, cb.Bottom)
			if n := countColor(img, band, orange, 2); n < 20 {
				t.Errorf("marker colour on %d pixels at x=%d, want at least 20", n, x)
			}
			// Away from the marker (and its label) the plot has no marker colour.
			for _, dx := range []int{-120, -60} {
				far := image.Rect(x+dx-3, cb.Top+40, x+dx+3, cb.Bottom)
				if n := countColor(img, far, orange, 2); n > 0 {
					t.Errorf("marker colour on %d pixels at x=%d, %d from the marker", n, x+dx, dx)
				}
			}
		})
	}
}

func TestGapsAreNotJoined(t *testing.T) {
	tests := []struct {
		name    string
		gapDays int
		joined  bool
	}{
		{"6 days joined", 6, true},
		{"10 days split", 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := followersSpec()
			s.Markers = nil
			pts := s.Series[0].Points
			s.Series[0].Points = without(pts, 40, 40+tt.gapDays-1)
			b, geo, err := render(s, FormatPNG)
			if err != nil {
				t.Fatal(err)
			}
			img := decodePNG(t, b)
			mid := geo.x(pts[40+tt.gapDays/2].Time)
			col := image.Rect(mid, geo.canvas.Top, mid+1, geo.canvas.Bottom)
			n := countColor(img, col, ColorFor("official:1"), 40)
			if tt.joined && n == 0 {
				t.Errorf("no line across a %d-day pause", tt.gapDays)
			}
			if !tt.joined && n > 0 {
				t.Errorf("line drawn across a %d-day gap (%d pixels)", tt.gapDays, n)
			}
		})
	}
}

func TestEmptyGivesNoDataImage(t *testing.T) {
	nan := []Point{{Time: day0, Value: math.NaN()}}
	old := []Point{{Time: day0.AddDate(-1, 0, 0), Value: 5}}
	tests := []struct {
		name   string
		series []Series
	}{
		{"no series", nil},
		{"no points", []Series{{Label: "a"}}},
		{"only NaN", []Series{{Label: "a", Points: nan}}},
		{"outside range", []Series{{Label: "a", Points: old}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := followersSpec()
			s.Series = tt.series
			b, geo, err := render(s, FormatPNG)
			if err != nil {
				t.Fatalf("empty chart: %v", err)
			}
			if geo != nil {
				t.Error("empty chart drew a plot")
			}
			img := decodePNG(t, b)
			if img.Bounds().Dx() != s.Width || img.Bounds().Dy() != s.Height {
				t.Errorf("size %v", img.Bounds())
			}
			// The message sits in the middle of the image, in the muted colour.
			mid := image.Rect(s.Width/4, s.Height*2/5, s.Width*3/4, s.Height*3/5)
			if n := countColor(img, mid, rgba(colorMuted), 30); n < 100 {
				t.Errorf("no message in the middle (%d text pixels)", n)
			}
			if _, err := Render(s, FormatSVG); err != nil {
				t.Errorf("empty svg: %v", err)
			}
		})
	}
}

func TestSVGIsWellFormed(t *testing.T) {
	nasty := `Бакауов <Қ&ә> "ғ" 'ң'`
	tests := []struct {
		name string
		edit func(*Spec)
	}{
		{"followers", func(*Spec) {}},
		{"escaped text", func(s *Spec) { s.Title, s.Source, s.Series[0].Label = nasty, nasty+"&", nasty }},
		{"compare legend", func(s *Spec) {
			s.Kind = KindCompare
			s.Series = append(s.Series, Series{Label: "<b>", Points: s.Series[0].Points})
		}},
		{"daily", func(s *Spec) { s.Kind = KindDailyChange; s.Series[0].Points = dailyChange(s.Series[0].Points) }},
		{"empty", func(s *Spec) { s.Series = nil; s.Title = nasty }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := followersSpec()
			tt.edit(&s)
			b, err := Render(s, FormatSVG)
			if err != nil {
				t.Fatal(err)
			}
			d := xml.NewDecoder(strings.NewReader(string(b)))
			var texts []string
			root := ""
			for {
				tok, err := d.Token()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("svg is not well-formed XML: %v", err)
				}
				switch v := tok.(type) {
				case xml.StartElement:
					if root == "" {
						root = v.Name.Local
					}
				case xml.CharData:
					texts = append(texts, string(v))
				}
			}
			if root != "svg" {
				t.Errorf("root element %q, want svg", root)
			}
			if !strings.Contains(strings.Join(texts, "\n"), s.Title) {
				t.Errorf("title %q not found in the svg text", s.Title)
			}
		})
	}
}

func TestInvalidSpec(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*Spec)
		format Format
	}{
		{"unknown kind", func(s *Spec) { s.Kind = 42 }, FormatPNG},
		{"negative kind", func(s *Spec) { s.Kind = -1 }, FormatPNG},
		{"unknown format", func(*Spec) {}, Format(7)},
		{"NaN scale", func(s *Spec) { s.Scale = math.NaN() }, FormatPNG},
		{"huge scale", func(s *Spec) { s.Scale = 40 }, FormatPNG},
		{"too small", func(s *Spec) { s.Width, s.Height = 100, 50 }, FormatPNG},
		{"negative size", func(s *Spec) { s.Width = -5 }, FormatPNG},
		{"too large", func(s *Spec) { s.Width = MaxSide + 1 }, FormatSVG},
		{"range backwards", func(s *Spec) { s.From, s.To = s.To, s.From }, FormatPNG},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := followersSpec()
			tt.edit(&s)
			if _, err := Render(s, tt.format); !errors.Is(err, ErrInvalidSpec) {
				t.Errorf("err = %v, want ErrInvalidSpec", err)
			}
		})
	}
}

func TestUnknownLangFallsBackToEnglish(t *testing.T) {
	if got := FormatNumber(12345, "de"); got != "12,345" {
		t.Errorf("FormatNumber(de) = %q", got)
	}
}

func TestSparseDataDrawsPoints(t *testing.T) {
	daily := followersSpec().Series[0].Points
	var weekly []Point
	for i := 0; i < len(daily); i += 7 {
		weekly = append(weekly, daily[i])
	}
	tests := []struct {
		name string
		pts  []Point
		dots bool
	}{
		{"daily over 90 days: a line", daily, false},
		{"weekly over 90 days: dots", weekly, true},
		{"one point: a dot", daily[:1], true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := followersSpec()
			s.Series[0].Points = tt.pts
			p := &plan{spec: s}
			p.series, p.from, p.to = clean(s)
			p.colors = seriesColors(p.series)
			for _, cs := range p.dataSeries() {
				if got := cs.GetStyle().DotWidth > 0; got != tt.dots {
					t.Errorf("dots = %v, want %v", got, tt.dots)
				}
			}
		})
	}
}
