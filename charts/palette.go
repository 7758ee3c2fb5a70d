package charts

import (
	"hash/fnv"
	"image/color"
	"slices"

	"github.com/wcharczuk/go-chart/v2/drawing"
)

// seriesPalette holds the line colours. They are distinct from each other,
// from the marker colours and from the up/down bar colours, and dark enough
// to read on white.
var seriesPalette = []drawing.Color{
	{R: 0x19, G: 0x71, B: 0xc2, A: 0xff}, // blue
	{R: 0xd6, G: 0x33, B: 0x6c, A: 0xff}, // pink
	{R: 0x0c, G: 0x85, B: 0x99, A: 0xff}, // teal
	{R: 0x70, G: 0x48, B: 0xe8, A: 0xff}, // violet
	{R: 0x9c, G: 0x66, B: 0x44, A: 0xff}, // brown
	{R: 0x5c, G: 0x94, B: 0x0d, A: 0xff}, // olive
	{R: 0x34, G: 0x3a, B: 0x90, A: 0xff}, // indigo
	{R: 0xae, G: 0x3e, B: 0xc9, A: 0xff}, // grape
}

// Fixed colours of the chart's furniture.
var (
	colorBackground = drawing.ColorWhite
	colorText       = drawing.Color{R: 0x21, G: 0x25, B: 0x29, A: 0xff}
	colorMuted      = drawing.Color{R: 0x6c, G: 0x75, B: 0x7d, A: 0xff}
	colorGrid       = drawing.Color{R: 0xe9, G: 0xec, B: 0xef, A: 0xff}
	colorAxis       = drawing.Color{R: 0xad, G: 0xb5, B: 0xbd, A: 0xff}
	colorZero       = drawing.Color{R: 0x86, G: 0x8e, B: 0x96, A: 0xff}
	colorUp         = drawing.Color{R: 0x2f, G: 0x9e, B: 0x44, A: 0xff}
	colorDown       = drawing.Color{R: 0xe0, G: 0x31, B: 0x31, A: 0xff}
	colorDemo       = drawing.Color{R: 0xc9, G: 0x2a, B: 0x2a, A: 0xff}
)

// markerColors colour the alert markers by kind; unknown kinds are grey.
var markerColors = map[MarkerKind]drawing.Color{
	MarkerJump:     {R: 0xf0, G: 0x6a, B: 0x00, A: 0xff}, // orange
	MarkerDrop:     {R: 0xc9, G: 0x2a, B: 0x2a, A: 0xff}, // red
	MarkerPlatform: {R: 0x21, G: 0x25, B: 0x29, A: 0xff}, // near black
	MarkerStall:    {R: 0x86, G: 0x8e, B: 0x96, A: 0xff}, // grey
	MarkerJoin:     {R: 0x1c, G: 0x64, B: 0xa8, A: 0xff}, // blue
}

func markerColor(k MarkerKind) drawing.Color {
	if c, ok := markerColors[k]; ok {
		return c
	}
	return colorZero
}

// paletteIndex is the palette slot a key hashes to.
func paletteIndex(key string) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(key)) // hash writes never fail
	return int(h.Sum32() % uint32(len(seriesPalette)))
}

// ColorFor returns the line colour of a series key. The same key gets the
// same colour on every chart, unless two keys on one chart collide (see
// seriesColors).
func ColorFor(key string) color.RGBA {
	c := seriesPalette[paletteIndex(key)]
	return color.RGBA{R: c.R, G: c.G, B: c.B, A: c.A}
}

// seriesColors gives each series its key's colour. When two keys on one
// chart hash to the same slot, the one that sorts later takes the next free
// slot, so the result does not depend on the order of the series.
func seriesColors(series []Series) []drawing.Color {
	keys := make([]string, len(series))
	for i, s := range series {
		keys[i] = s.seriesKey()
	}
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	slot := make(map[string]int, len(sorted))
	used := make(map[int]bool, len(sorted))
	for _, k := range sorted {
		i := paletteIndex(k)
		for n := 0; used[i] && n < len(seriesPalette); n++ {
			i = (i + 1) % len(seriesPalette)
		}
		used[i] = true
		slot[k] = i
	}
	out := make([]drawing.Color, len(series))
	for i, k := range keys {
		out[i] = seriesPalette[slot[k]]
	}
	return out
}
