package charts

import (
	"fmt"
	"testing"
)

func TestColoursStableAcrossCharts(t *testing.T) {
	a := Series{Key: "official:1"}
	b := Series{Key: "official:2"}
	alone := seriesColors([]Series{a})[0]
	for _, set := range [][]Series{{a, b}, {b, a}} {
		cs := seriesColors(set)
		for i, s := range set {
			if s.Key == a.Key && cs[i] != alone {
				t.Errorf("official:1 is %v beside official:2, %v alone", cs[i], alone)
			}
		}
	}
	if got := rgba(alone); got != ColorFor("official:1") {
		t.Errorf("ColorFor = %v, chart uses %v", ColorFor("official:1"), got)
	}
}

func TestCollidingKeysGetDistinctColours(t *testing.T) {
	var set []Series
	for i := range len(seriesPalette) {
		set = append(set, Series{Key: fmt.Sprintf("official:%d", i)})
	}
	seen := map[string]bool{}
	for _, c := range seriesColors(set) {
		seen[c.String()] = true
	}
	if len(seen) != len(seriesPalette) {
		t.Errorf("%d series got %d colours", len(set), len(seen))
	}
}
