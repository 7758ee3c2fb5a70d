package growth

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"akimwatch/data"
)

// An alert's Detail is stored as a reason key and the numbers it was judged
// on, such as
//
//	why:change change=19705 pct=49.3 span=1 usual=15 ratio=1300 score=2307.7
//
// so that the UI can say it in its own language (the translation key is
// "alert.why." + the key; ParseDetail reads it back) and the CLI in English
// (Explain). The keys:
const (
	// WhyChange: the change against the usual pace, in units of the usual
	// day-to-day wobble (jumps and drops). Numbers: change, pct, span (days),
	// usual (followers a day), ratio (change over the usual change, 0 when
	// not meaningful), score, and for a rise gain (the usual daily gain it was
	// sized against; see Params.MinDays).
	WhyChange = "change"
	// WhyBurstHour and WhyBurstDay: a rise many times the usual rate for that
	// hour of the day, or that weekday, in log rate against its usual spread.
	// Numbers: change, pct, span, usual, ratio (rate over the usual rate),
	// score, gain (as for WhyChange).
	WhyBurstHour = "burst.hour"
	WhyBurstDay  = "burst.day"
	// WhyRiseHour and WhyRiseDay: a moderate rise that lasted (a CUSUM of
	// hourly or daily scores). Numbers: change, pct, span, excess (followers
	// beyond the usual over the span), score.
	WhyRiseHour = "rise.hour"
	WhyRiseDay  = "rise.day"
	// WhyStall: the same count for days on a steadily growing account.
	// Numbers: span, usual, score.
	WhyStall = "stall"
	// WhyPlatform: drops of many accounts of one platform together. Numbers:
	// platform (a name), accounts, total (accounts checked), pct (median
	// drop), change (all drops added up).
	WhyPlatform = "platform"
)

// detailPrefix marks a Detail written as a key and numbers.
const detailPrefix = "why:"

// whyDetail writes a Detail: key, then name=value pairs (values are
// numbers, or a word without spaces).
func whyDetail(key string, kv ...any) string {
	var b strings.Builder
	b.WriteString(detailPrefix)
	b.WriteString(key)
	for i := 0; i+1 < len(kv); i += 2 {
		b.WriteByte(' ')
		b.WriteString(kv[i].(string))
		b.WriteByte('=')
		switch v := kv[i+1].(type) {
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				v = 0
			}
			b.WriteString(strconv.FormatFloat(math.Round(v*1e4)/1e4, 'f', -1, 64))
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		case int:
			b.WriteString(strconv.Itoa(v))
		default:
			b.WriteString(strings.ReplaceAll(fmt.Sprint(v), " ", "_"))
		}
	}
	return b.String()
}

// ParseDetail reads a Detail written by the detector: its reason key (one
// of the Why constants) and its named values. ok is false for any other
// text (such as the English sentences of alerts stored by older versions).
func ParseDetail(detail string) (key string, values map[string]string, ok bool) {
	rest, found := strings.CutPrefix(detail, detailPrefix)
	if !found {
		return "", nil, false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return "", nil, false
	}
	values = make(map[string]string, len(fields)-1)
	for _, f := range fields[1:] {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return "", nil, false
		}
		values[k] = v
	}
	return fields[0], values, true
}

// Num returns the named number of a parsed detail (0 when missing or not a
// number).
func Num(values map[string]string, name string) float64 {
	v, err := strconv.ParseFloat(values[name], 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// Explain says a Detail in plain English, for the CLI and logs; text that
// is not a detector detail is returned unchanged.
func Explain(detail string) string {
	key, v, ok := ParseDetail(detail)
	if !ok {
		return detail
	}
	n := func(k string) float64 { return Num(v, k) }
	change := int64(math.Round(n("change")))
	score := times(n("score"))
	switch key {
	case WhyChange:
		s := signed(change) + " " + inSpan(n("span"))
		if r := n("ratio"); r >= 2 {
			return fmt.Sprintf("%s, about %s× its usual %s; %s times its usual day-to-day wobble", s, times(r), perDay(n("usual")), score)
		}
		return fmt.Sprintf("%s (%s), against its usual %s; %s times its usual day-to-day wobble", s, pctWords(n("pct")), perDay(n("usual")), score)
	case WhyBurstHour, WhyBurstDay:
		when := "that hour of the day"
		if key == WhyBurstDay {
			when = "that weekday"
		}
		return fmt.Sprintf("%s %s (%s), %s× the usual rate for %s (%s); %s times its usual spread",
			signed(change), inSpan(n("span")), pctWords(n("pct")), times(n("ratio")), when, perDay(n("usual")), score)
	case WhyRiseHour, WhyRiseDay:
		units := "hours"
		if key == WhyRiseDay {
			units = "days"
		}
		return fmt.Sprintf("%s %s (%s), %s more than usual: a rise that lasted, its %s together %s usual spreads above the usual",
			signed(change), inSpan(n("span")), pctWords(n("pct")), thousands(int64(math.Round(max(n("excess"), 0)))), units, score)
	case WhyStall:
		return fmt.Sprintf("no change for %s, after growing about %s", spanWords(n("span")), perDay(n("usual")))
	case WhyPlatform:
		return fmt.Sprintf("%s: %d of %d accounts fell together (median %s, %s in all), likely a platform purge",
			data.Platform(v["platform"]).Title(), int(n("accounts")), int(n("total")), pctWords(n("pct")), signed(change))
	}
	return detail
}
