package data

import (
	"fmt"
	"strings"
)

// Region is the code of one of Kazakhstan's 17 regions (oblys) or of the three
// cities of republican significance (Astana, Almaty, Shymkent).
type Region string

// RegionInfo names a region in the three languages of the app.
type RegionInfo struct {
	Code Region
	En   string
	Ru   string
	Kk   string
}

// Regions lists the 17 regions and the 3 cities of republican significance,
// cities first, then regions in alphabetical order of their English names.
var Regions = []RegionInfo{
	{"astana", "Astana", "Астана", "Астана"},
	{"almaty_city", "Almaty (city)", "Алматы", "Алматы"},
	{"shymkent", "Shymkent", "Шымкент", "Шымкент"},
	{"abai", "Abai Region", "Абайская область", "Абай облысы"},
	{"akmola", "Akmola Region", "Акмолинская область", "Ақмола облысы"},
	{"aktobe", "Aktobe Region", "Актюбинская область", "Ақтөбе облысы"},
	{"almaty", "Almaty Region", "Алматинская область", "Алматы облысы"},
	{"atyrau", "Atyrau Region", "Атырауская область", "Атырау облысы"},
	{"east_kazakhstan", "East Kazakhstan Region", "Восточно-Казахстанская область", "Шығыс Қазақстан облысы"},
	{"jambyl", "Jambyl Region", "Жамбылская область", "Жамбыл облысы"},
	{"jetisu", "Jetisu Region", "Область Жетісу", "Жетісу облысы"},
	{"karaganda", "Karaganda Region", "Карагандинская область", "Қарағанды облысы"},
	{"kostanay", "Kostanay Region", "Костанайская область", "Қостанай облысы"},
	{"kyzylorda", "Kyzylorda Region", "Кызылординская область", "Қызылорда облысы"},
	{"mangystau", "Mangystau Region", "Мангистауская область", "Маңғыстау облысы"},
	{"north_kazakhstan", "North Kazakhstan Region", "Северо-Казахстанская область", "Солтүстік Қазақстан облысы"},
	{"pavlodar", "Pavlodar Region", "Павлодарская область", "Павлодар облысы"},
	{"turkistan", "Turkistan Region", "Туркестанская область", "Түркістан облысы"},
	{"ulytau", "Ulytau Region", "Область Улытау", "Ұлытау облысы"},
	{"west_kazakhstan", "West Kazakhstan Region", "Западно-Казахстанская область", "Батыс Қазақстан облысы"},
}

// regionAliases holds common abbreviations and older names.
var regionAliases = map[string]Region{
	"nur-sultan": "astana", "нур-султан": "astana", "almaty city": "almaty_city",
	"вко": "east_kazakhstan", "зко": "west_kazakhstan", "ско": "north_kazakhstan",
	"шқо": "east_kazakhstan", "бқо": "west_kazakhstan", "сқо": "north_kazakhstan",
	"east kazakhstan": "east_kazakhstan", "west kazakhstan": "west_kazakhstan",
	"north kazakhstan": "north_kazakhstan",
}

// ParseRegion accepts a region code or its name in English, Russian or Kazakh
// (case-insensitive, with or without the word "Region"/"область"/"облысы").
func ParseRegion(s string) (Region, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	if k == "" {
		return "", fmt.Errorf("region is empty (want a code such as %q or a name such as %q): %w", "pavlodar", "Павлодарская область", ErrInvalid)
	}
	for _, r := range Regions {
		for _, name := range []string{string(r.Code), r.En, r.Ru, r.Kk} {
			n := strings.ToLower(name)
			if k == n || k == trimRegionWord(n) {
				return r.Code, nil
			}
		}
	}
	if r, ok := regionAliases[k]; ok {
		return r, nil
	}
	return "", fmt.Errorf("unknown region %q (run \"akimwatch regions\" for the list): %w", s, ErrInvalid)
}

func trimRegionWord(n string) string {
	for _, w := range []string{" region", " область", " облысы", "область "} {
		n = strings.ReplaceAll(n, w, "")
	}
	return strings.TrimSpace(n)
}

// Info returns the names of r, or a RegionInfo holding only the code when r
// is unknown.
func (r Region) Info() RegionInfo {
	for _, ri := range Regions {
		if ri.Code == r {
			return ri
		}
	}
	return RegionInfo{Code: r, En: string(r), Ru: string(r), Kk: string(r)}
}

// Name returns r's name in the language lang ("en", "ru" or "kk").
func (r Region) Name(lang string) string {
	ri := r.Info()
	switch lang {
	case "ru":
		return ri.Ru
	case "kk":
		return ri.Kk
	}
	return ri.En
}

// Valid reports whether r is a known region code.
func (r Region) Valid() bool {
	for _, ri := range Regions {
		if ri.Code == r {
			return true
		}
	}
	return false
}
