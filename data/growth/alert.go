package growth

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"akimwatch/data"
)

// Alert is one unusual change on one account (or, for a platform alert, on
// the account with the largest drop of the group).
type Alert struct {
	AccountID int64
	Time      time.Time // UTC time of the reading that showed the change
	Kind      data.AlertKind
	Followers int64   // the count at Time
	Change    int64   // followers gained since the reading before (negative when lost)
	Pct       float64 // Change in percent of the count before it
	// Score is how unusual the change was: a robust z-score (the change beyond
	// the usual pace, in units of the usual day-to-day wobble). For a
	// platform alert it is the number of accounts that dropped together.
	Score float64
	Usual float64 // the usual change per day before it
	Days  float64 // the span the change happened over
	// Detail is the reason and the numbers it was judged on, as a key and
	// values (see ParseDetail; Explain says it in English).
	Detail string
	// Accounts lists, for a platform alert, every account that dropped.
	Accounts []int64

	excess float64 // followers beyond the usual, for the cooldown
	why    string  // the reason key of Detail (see WhyChange)
	ratio  float64 // for Detail: the change over the usual change, or the rate over the usual rate
	gain   float64 // for Detail: the usual daily gain a rise was sized against (see Params.MinDays)
}

// ToData converts the alert to the stored form. A score that is not a
// finite number (which the detector never makes) is stored as 0, "not
// scored", never as ±Inf or NaN, which no reader can sort or show.
func (a Alert) ToData() data.Alert {
	score := math.Round(a.Score*10) / 10
	if math.IsInf(score, 0) || math.IsNaN(score) {
		score = 0
	}
	return data.Alert{AccountID: a.AccountID, Time: a.Time.UTC(), Kind: a.Kind, Size: a.Change,
		Pct: a.Pct, Score: score, Detail: a.Detail}
}

// ToData converts alerts to the stored form.
func ToData(as []Alert) []data.Alert {
	out := make([]data.Alert, len(as))
	for i, a := range as {
		out[i] = a.ToData()
	}
	return out
}

// detail writes the reason of a jump, drop or stall, with the numbers it was
// judged on, as a Detail (see ParseDetail and Explain).
func detail(a Alert) string {
	switch a.why {
	case WhyStall:
		return whyDetail(WhyStall, "span", a.Days, "usual", a.Usual, "score", a.Score)
	case WhyRiseHour, WhyRiseDay:
		return whyDetail(a.why, "change", a.Change, "pct", a.Pct, "span", a.Days, "excess", a.excess, "score", a.Score)
	case WhyBurstHour, WhyBurstDay:
		return whyDetail(a.why, "change", a.Change, "pct", a.Pct, "span", a.Days, "usual", a.Usual, "ratio", a.ratio, "score", a.Score, "gain", a.gain)
	}
	ratio := 0.0
	if expected := a.Usual * max(a.Days, 1); expected != 0 && math.Abs(a.Usual) >= 0.5 {
		if r := float64(a.Change) / expected; r >= 2 {
			ratio = r
		}
	}
	return whyDetail(WhyChange, "change", a.Change, "pct", a.Pct, "span", a.Days, "usual", a.Usual, "ratio", ratio, "score", a.Score, "gain", a.gain)
}

// inSpan says "in a day", "in 5 hours" or "in 12 days".
func inSpan(d float64) string {
	switch {
	case d*24 < 0.9:
		m := max(int(math.Round(d*24*60)), 1)
		if m == 1 {
			return "in a minute"
		}
		return fmt.Sprintf("in %d minutes", m)
	case d < 0.9:
		h := max(int(math.Round(d*24)), 1)
		if h == 1 {
			return "in an hour"
		}
		return fmt.Sprintf("in %d hours", h)
	case d < 1.5:
		return "in a day"
	}
	return "in " + spanWords(d)
}

// spanWords says "a day" or "12 days".
func spanWords(d float64) string {
	n := int(math.Round(d))
	if n <= 1 {
		return "a day"
	}
	return fmt.Sprintf("%d days", n)
}

// perDay formats a pace: "+15/day", "−0.4/day", "no growth".
func perDay(r float64) string {
	switch {
	case math.Abs(r) < 0.05:
		return "0/day"
	case math.Abs(r) < 10:
		return signStr(r) + strconv.FormatFloat(math.Abs(r), 'f', 1, 64) + "/day"
	}
	return signStr(r) + thousands(int64(math.Round(math.Abs(r)))) + "/day"
}

// times formats a ratio to two significant digits: "2.5", "30", "1,300".
func times(r float64) string {
	if r < 10 {
		return strconv.FormatFloat(r, 'f', 1, 64)
	}
	p := math.Pow(10, math.Floor(math.Log10(r))-1)
	return thousands(int64(math.Round(r/p) * p))
}

func pctWords(p float64) string {
	return signStr(p) + strconv.FormatFloat(math.Abs(p), 'f', 1, 64) + "%"
}

// signed formats a change with its sign and thousands separators: "+19,705".
func signed(n int64) string {
	if n < 0 {
		return "−" + thousands(-n)
	}
	return "+" + thousands(n)
}

func signStr(x float64) string {
	if x < 0 {
		return "−"
	}
	return "+"
}

// thousands formats a non-negative n with commas: 1234567 → "1,234,567".
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
