package i18n

import (
	"math"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Typographic characters in numbers.
const (
	// NBSP separates the percent sign in ru and kk ("1,2 %"); x/text groups
	// thousands with it too ("12 345"), so a number stays on one line.
	NBSP = "\u00a0"
	// Minus is the typographic minus sign, as wide as the plus sign.
	Minus = "\u2212"
	// maxDecimals bounds the decimals a caller may ask for.
	maxDecimals = 6
)

var printers = map[string]*message.Printer{}

func init() {
	for _, l := range Languages {
		printers[l] = message.NewPrinter(language.MustParse(l))
	}
}

// Number formats v rounded to a whole number as people read it in lang:
// "12 345" in ru and kk (no-break space), "12,345" in en.
func Number(v float64, lang string) string { return Fixed(v, 0, false, lang) }

// Int formats a whole number, as Number does.
func Int(n int64, lang string) string { return Number(float64(n), lang) }

// Change formats a signed whole-number change: "+1 234", "−56".
func Change(v float64, lang string) string { return Fixed(v, 0, true, lang) }

// Percent formats a signed percentage with the given decimals: "+1,2 %" in
// ru and kk, "+1.2%" in en.
func Percent(p float64, decimals int, lang string) string {
	sep := NBSP
	if Norm(lang) == "en" {
		sep = ""
	}
	return Fixed(p, decimals, true, lang) + sep + "%"
}

// Fixed formats v with the given decimals and lang's separators; signed adds
// "+" before positive values. NaN and infinities are "–".
func Fixed(v float64, decimals int, signed bool, lang string) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	decimals = max(0, min(decimals, maxDecimals))
	p := printers[Norm(lang)]
	body := p.Sprint(number.Decimal(math.Abs(v), number.Scale(decimals)))
	if strings.Trim(body, "0.,"+NBSP) == "" { // rounds to zero: no sign
		return body
	}
	switch {
	case v < 0:
		return Minus + body
	case signed:
		return "+" + body
	}
	return body
}

// dateLayouts are how each language writes a date and a date with a time.
var dateLayouts = map[string][2]string{
	"ru": {"02.01.2006", "02.01.2006 15:04"},
	"kk": {"02.01.2006", "02.01.2006 15:04"},
	"en": {"2006-01-02", "2006-01-02 15:04"},
}

// Date writes t's date as lang writes it: "30.11.2026" or "2026-11-30".
func Date(t time.Time, lang string) string { return t.Format(dateLayouts[Norm(lang)][0]) }

// DateTime writes t's date and time as lang writes them.
func DateTime(t time.Time, lang string) string { return t.Format(dateLayouts[Norm(lang)][1]) }

// DateLayout returns lang's date layout, for parsing what a person typed.
func DateLayout(lang string) string { return dateLayouts[Norm(lang)][0] }

// DateTimeLayout returns lang's date-and-time layout.
func DateTimeLayout(lang string) string { return dateLayouts[Norm(lang)][1] }

// Month returns the short name of month m in lang ("сен", "Sep"); inDate
// gives the form used after a day number ("2 сен", genitive in Russian).
func Month(m time.Month, lang string, inDate bool) string {
	key := "month.short."
	if inDate {
		key = "month.day."
	}
	return T(lang, key+monthKeys[m-1])
}

var monthKeys = [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
