package charts

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var writeSamples = flag.Bool("samples", false, "write the README sample charts to ../docs")

// sampleSpecs are the three charts shown in the README, on synthetic demo data.
func sampleSpecs() map[string]Spec {
	tester := synthFollowers(1, 90, day0, 48200, 55, map[int]float64{61: 4200})
	drops := synthFollowers(7, 90, day0, 30500, 20, map[int]float64{40: -1800})
	mixed := synthFollowers(9, 91, day0, 12000, 35, map[int]float64{41: -1800, 71: 4200})
	change := dailyChange(mixed)
	return map[string]Spec{
		"chart-followers-90d.png": {
			Kind: KindFollowers, Lang: LangRU, Demo: true, Now: day0,
			Title: "Әкім Тестов · Instagram", Subtitle: "90 дней · 29.08–26.11.2026",
			Source: "синтетические данные", From: day0.AddDate(0, 0, -89), To: day0,
			Series: []Series{{Label: "Әкім Тестов", Key: "official:1", Points: without(tester, 30, 40)}},
			Markers: []Marker{{Time: tester[61].Time, Kind: MarkerJump, Label: FormatChange(tester[61].Value-tester[60].Value, LangRU), SeriesKey: "official:1"},
				{Time: day0.AddDate(0, 0, -70), Kind: MarkerPlatform, Label: "платформа", SeriesKey: "official:1"}},
		},
		"chart-compare-growth.png": {
			Kind: KindGrowthPct, Lang: LangKK, Demo: true, Now: day0,
			Title: "Салыстыру: өсім, %", Subtitle: "90 күн · Instagram",
			Source: "синтетикалық деректер", From: day0.AddDate(0, 0, -89), To: day0,
			Series: []Series{
				{Label: "Әкім Тестов", Key: "official:1", Points: growthPct(tester)},
				{Label: "Қайрат Мысалов", Key: "official:2", Points: growthPct(synthFollowers(2, 90, day0, 3100, 9, nil))},
				{Label: "Өмір Үлгіев", Key: "official:3", Points: growthPct(drops)},
			},
		},
		"chart-daily-change.png": {
			Kind: KindDailyChange, Lang: LangEN, Demo: true, Now: day0,
			Title: "Test Akimov · Telegram — daily change", Subtitle: "90 days · Aug 29 – Nov 26, 2026",
			Source: "synthetic data", From: day0.AddDate(0, 0, -89), To: day0,
			Series: []Series{{Label: "Test Akimov", Key: "official:4", Points: change}},
			Markers: []Marker{
				{Time: change[70].Time, Kind: MarkerJump, Label: "jump " + FormatChange(change[70].Value, LangEN), SeriesKey: "official:4"},
				{Time: change[40].Time, Kind: MarkerDrop, Label: "drop " + FormatChange(change[40].Value, LangEN), SeriesKey: "official:4"}},
		},
	}
}

// TestWriteSamples renders the README samples into docs/ when run with -samples.
func TestWriteSamples(t *testing.T) {
	if !*writeSamples {
		t.Skip("run with -samples to write docs/*.png")
	}
	for name, spec := range sampleSpecs() {
		b, err := Render(spec, FormatPNG)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join("..", "docs", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
