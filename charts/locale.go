package charts

import (
	"strconv"
	"time"

	"akimwatch/assets/i18n"
)

// Languages the charts are labelled in.
const (
	LangRU = "ru"
	LangKK = "kk"
	LangEN = "en"
)

// Typographic characters used in numbers (see package i18n).
const (
	nbsp  = i18n.NBSP
	minus = i18n.Minus
	// maxDecimals bounds the decimals a label may ask for.
	maxDecimals = 6
)

// locale holds a chart's words and date rules for one language. The words
// come from the translation files (assets/translations) through package
// i18n, the same strings the app shows; charts never imports Fyne.
type locale struct {
	lang           string
	monthShort     [12]string
	monthDay       [12]string // month in "2 сен" style labels (genitive in ru)
	dayFirst       bool       // "2 сен" rather than "Sep 2"
	noData         string
	source         string
	generatedNoDay string
	demo           string
}

// normLang maps a language code to one the charts know ("en" otherwise).
func normLang(lang string) string { return i18n.Norm(lang) }

func localeFor(lang string) *locale {
	l := normLang(lang)
	loc := &locale{
		lang:           l,
		dayFirst:       l != LangEN,
		noData:         i18n.T(l, "chart.nodata"),
		source:         i18n.T(l, "chart.source"),
		generatedNoDay: i18n.T(l, "chart.generated_noday"),
		demo:           i18n.T(l, "chart.demo"),
	}
	for m := time.January; m <= time.December; m++ {
		loc.monthShort[m-1] = i18n.Month(m, l, false)
		loc.monthDay[m-1] = i18n.Month(m, l, true)
	}
	return loc
}

// generated is the footer's note with the date the chart was made.
func (l *locale) generated(t time.Time) string {
	return i18n.T(l.lang, "chart.generated", map[string]any{"Date": i18n.Date(t, l.lang)})
}

// FormatNumber formats v rounded to a whole number with the language's
// thousands separator: "12 345" in ru and kk (no-break space), "12,345" in
// en. It is i18n.Number, kept here for the packages that draw charts.
func FormatNumber(v float64, lang string) string { return i18n.Number(v, lang) }

// FormatChange formats a signed whole-number change: "+1 234", "−56".
func FormatChange(v float64, lang string) string { return i18n.Change(v, lang) }

// FormatPercent formats a signed percentage with the given decimals:
// "+1,2 %" in ru and kk, "+1.2%" in en.
func FormatPercent(p float64, decimals int, lang string) string {
	return i18n.Percent(p, decimals, lang)
}

// dayLabel is an axis label for a day: "2 сен" or "Sep 2", with the year
// when withYear is set.
func (l *locale) dayLabel(t time.Time, withYear bool) string {
	m := l.monthDay[t.Month()-1]
	s := strconv.Itoa(t.Day()) + " " + m
	if !l.dayFirst {
		s = m + " " + strconv.Itoa(t.Day())
	}
	if withYear {
		s += " " + strconv.Itoa(t.Year())
	}
	return s
}

// monthLabel is an axis label for a month: "сен", or "сен 2026" with the year.
func (l *locale) monthLabel(t time.Time, withYear bool) string {
	s := l.monthShort[t.Month()-1]
	if withYear {
		s += " " + strconv.Itoa(t.Year())
	}
	return s
}

// kindName is the word for a marker kind, or the kind itself if unknown.
func (l *locale) kindName(k MarkerKind) string {
	key := "chart.marker." + string(k)
	if !i18n.Has(l.lang, key) {
		return string(k)
	}
	return i18n.T(l.lang, key)
}
