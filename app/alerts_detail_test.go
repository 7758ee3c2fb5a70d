package app

import (
	"strings"
	"testing"

	"akimwatch/data"
)

// TestAlertDetailLanguages renders every reason the detector gives in every
// UI language: the words are translated, the numbers are there, formatted
// for the language.
func TestAlertDetailLanguages(t *testing.T) {
	details := []struct {
		detail string
		want   map[string][]string // by language: parts the text must hold
	}{
		{"why:change change=19705 pct=49.3 span=1 usual=15 ratio=1313.67 score=1207.7", map[string][]string{
			"en": {"+19,705", "1,314×", "+15 a day", "1,208 times"}, "ru": {"+19 705", "1 314 раз", "+15 в день"}, "kk": {"+19 705", "1 314 есе", "күніне +15"}}},
		{"why:change change=-2981 pct=-7.31 span=1 usual=13.5 ratio=0 score=183.6", map[string][]string{
			"en": {"−2,981", "in 24 h", "−7.3%", "+14 a day"}, "ru": {"−2 981", "за 24 ч", "−7,3", "+14 в день"}, "kk": {"−2 981", "24 сағат", "күніне +14"}}},
		{"why:change change=60 pct=0.4 span=0.25 usual=0.2 ratio=0 score=9", map[string][]string{
			"en": {"in 6 h", "+0.2 a day", "9.0 times"}, "ru": {"за 6 ч", "+0,2 в день", "в 9,0 раз"}, "kk": {"күніне +0,2"}}},
		{"why:burst.hour change=4210 pct=0.81 span=0.0174 usual=1500 ratio=97 score=8.2", map[string][]string{
			"en": {"in 25 min", "97×", "hour of the day", "8.2 times"}, "ru": {"за 25 мин", "в 97 раз", "часа суток", "8,2"}, "kk": {"25 минут ішінде", "97 есе", "сағатындағы"}}},
		{"why:burst.day change=9000 pct=3 span=1 usual=3000 ratio=3 score=5", map[string][]string{
			"en": {"weekday", "3.0×"}, "ru": {"дня недели", "в 3,0 раз"}, "kk": {"аптаның", "3,0 есе"}}},
		{"why:rise.hour change=12300 pct=1.1 span=0.375 excess=8100.4 score=6.5", map[string][]string{
			"en": {"in 9 h", "8,100 more"}, "ru": {"за 9 ч", "на 8 100"}, "kk": {"9 сағат ішінде", "8 100"}}},
		{"why:stall span=6.2 usual=150 score=7", map[string][]string{
			"en": {"no change for 6 days", "+150 a day"}, "ru": {"без изменений 6 дн."}, "kk": {"6 күн бойы"}}},
		{"why:platform platform=instagram accounts=6 total=20 pct=-1.2 change=-5400", map[string][]string{
			"en": {"Instagram: 6 of 20", "−5,400"}, "ru": {"6 из 20", "−5 400"}, "kk": {"20 аккаунттың 6"}}},
	}
	defer func() { _ = SetupLanguage("en") }()
	for _, l := range Languages {
		if err := SetupLanguage(l); err != nil {
			t.Fatal(err)
		}
		for _, d := range details {
			got := alertDetail(data.Alert{Detail: d.detail})
			if strings.Contains(got, "{{") || strings.Contains(got, "alert.") || strings.Contains(got, "why:") {
				t.Errorf("%s: %q rendered as %q", l, d.detail, got)
			}
			for _, part := range d.want[l] {
				if !strings.Contains(strings.ReplaceAll(got, "\u00a0", " "), part) {
					t.Errorf("%s: %q rendered as %q, want it to hold %q", l, d.detail, got, part)
				}
			}
		}
	}
	// An alert stored by an older version keeps its English sentence.
	if err := SetupLanguage("en"); err != nil {
		t.Fatal(err)
	}
	if got := alertDetail(data.Alert{Detail: "+900 in a day", Size: 900}); got != "+900 in a day" {
		t.Errorf("old detail rendered as %q", got)
	}
}
