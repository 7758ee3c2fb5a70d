package charts

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// ErrInvalidSpec means a Spec cannot be drawn (unknown kind or format, a size
// out of bounds). Callers test for it with errors.Is.
var ErrInvalidSpec = errors.New("invalid chart spec")

// Kind selects what a chart shows.
type Kind int

// Chart kinds.
const (
	// KindFollowers draws follower counts over time, one line per series.
	KindFollowers Kind = iota
	// KindDailyChange draws the first series as daily bars, green up and red
	// down (feed it the growth package's daily change).
	KindDailyChange
	// KindGrowthPct draws each series as growth in percent from the range
	// start (values are already percentages), so small and large accounts
	// compare fairly.
	KindGrowthPct
	// KindCompare draws several series' absolute follower counts, always
	// with a legend.
	KindCompare
)

// Format is the encoding Render produces.
type Format int

// Output formats.
const (
	FormatPNG Format = iota // raster image, image/png
	FormatSVG               // vector image, image/svg+xml
)

// Point is one value of a series at one moment (UTC).
type Point struct {
	Time  time.Time
	Value float64
}

// Series is one line (or bar set) on a chart.
type Series struct {
	// Label names the series in the legend: the official, maybe with the platform.
	Label string
	// Key keeps the series' colour the same across charts, for example
	// "official:42"; Label is used when Key is empty.
	Key string
	// Points are the values in time order; NaN, infinite and absurd
	// (beyond ±1e15) values are skipped.
	Points []Point
}

// MarkerKind says what an alert marker reports. The values match data.AlertKind,
// so callers convert with charts.MarkerKind(alert.Kind).
type MarkerKind string

// Marker kinds.
const (
	MarkerJump     MarkerKind = "jump"     // a sudden rise
	MarkerDrop     MarkerKind = "drop"     // a sudden fall
	MarkerPlatform MarkerKind = "platform" // many accounts on a platform dropped at once
	MarkerStall    MarkerKind = "stall"    // steady growth stopped
	// MarkerJoin marks where an account starts (or stops) counting in a
	// total: a step that is not growth.
	MarkerJoin MarkerKind = "join"
)

// Marker is an alert drawn on the chart at its time, with a short label.
type Marker struct {
	Time time.Time
	// Value is the marker's height in the chart's units. It is ignored when
	// SeriesKey names a series: the marker then sits on that series' point
	// nearest to Time.
	Value float64
	Kind  MarkerKind
	// Label is a short text such as "+19 705"; empty shows the kind's name.
	Label string
	// SeriesKey optionally pins the marker to the series with this Key (or Label).
	SeriesKey string
}

// Spec describes one chart: what to draw, in which language, at what size.
type Spec struct {
	Kind Kind
	// Title holds the official, platform and range, e.g. "Бакауов · Instagram".
	Title string
	// Subtitle is the range label, e.g. "90 дней".
	Subtitle string
	// Source names where the data came from; it goes in the footer.
	Source string
	// Demo marks generated data: the footer then says DEMO.
	Demo bool
	// Lang is "ru", "kk" or "en" (anything else is treated as "en").
	Lang    string
	Series  []Series
	Markers []Marker
	// From and To bound the time axis; zero values use the data's extent.
	From, To time.Time
	// Width and Height are the output size in pixels; zero uses DefaultWidth
	// and DefaultHeight.
	Width, Height int
	// Scale is the device-pixel ratio: text, lines and margins grow by it,
	// so 1600×900 at 2 is laid out like 800×450 drawn twice as sharp. Zero
	// uses DefaultScale.
	Scale float64
	// Now is the time printed in the footer's "generated" note; zero omits
	// the date. Rendering never reads the clock itself.
	Now time.Time
	// Location is the time zone for axis labels and the footer date; nil is UTC.
	Location *time.Location
}

// Size defaults and bounds.
const (
	// DefaultWidth and DefaultHeight give a 16:9 report image.
	DefaultWidth  = 1600
	DefaultHeight = 900
	// DefaultScale draws text and lines twice as large, for crisp report images.
	DefaultScale = 2.0
	// MaxSide caps either side in pixels, so a bad size cannot eat all memory.
	MaxSide = 8000
	// minLogicalWidth and minLogicalHeight (pixels ÷ scale) leave room for
	// the title, the axes and the footer.
	minLogicalWidth  = 240
	minLogicalHeight = 160
	minScale         = 0.5
	maxScale         = 4.0
	// maxGap is the longest pause between two points still joined by a line;
	// longer pauses are drawn as gaps.
	maxGap = 7 * 24 * time.Hour
)

// normalized returns a copy of s with defaults filled in, or an error
// wrapping ErrInvalidSpec.
func (s Spec) normalized() (Spec, error) {
	if s.Width == 0 {
		s.Width = DefaultWidth
	}
	if s.Height == 0 {
		s.Height = DefaultHeight
	}
	if s.Scale == 0 {
		s.Scale = DefaultScale
	}
	if s.Location == nil {
		s.Location = time.UTC
	}
	s.Lang = normLang(s.Lang)
	switch {
	case s.Kind < KindFollowers || s.Kind > KindCompare:
		return s, fmt.Errorf("chart kind %d: %w", s.Kind, ErrInvalidSpec)
	case math.IsNaN(s.Scale) || s.Scale < minScale || s.Scale > maxScale:
		return s, fmt.Errorf("scale %v is outside %v–%v: %w", s.Scale, minScale, maxScale, ErrInvalidSpec)
	case s.Width > MaxSide || s.Height > MaxSide:
		return s, fmt.Errorf("size %d×%d exceeds %d pixels: %w", s.Width, s.Height, MaxSide, ErrInvalidSpec)
	case float64(s.Width)/s.Scale < minLogicalWidth || float64(s.Height)/s.Scale < minLogicalHeight:
		return s, fmt.Errorf("size %d×%d at scale %v is below %d×%d: %w",
			s.Width, s.Height, s.Scale, minLogicalWidth, minLogicalHeight, ErrInvalidSpec)
	case !s.From.IsZero() && !s.To.IsZero() && !s.To.After(s.From):
		return s, fmt.Errorf("range end %s is not after its start %s: %w",
			s.To.Format(time.DateOnly), s.From.Format(time.DateOnly), ErrInvalidSpec)
	}
	return s, nil
}

// seriesKey is the key that picks a series' colour and pins markers.
func (s Series) seriesKey() string {
	if s.Key != "" {
		return s.Key
	}
	return s.Label
}

// showLegend reports whether the chart names its series in a legend.
func (s Spec) showLegend() bool {
	return s.Kind == KindCompare || (s.Kind != KindDailyChange && len(s.Series) > 1)
}
