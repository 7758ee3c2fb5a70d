package report

import (
	"sort"
	"strings"
	"time"

	"akimwatch/assets/i18n"
	"akimwatch/charts"
	"akimwatch/data"
)

// word is one of the chart words this package writes, from the translation
// files (package i18n), e.g. word("ru", "90d") is "за 90 дней".
func word(lang, key string) string { return i18n.T(lang, wordKeys[key]) }

// wordKeys maps this package's words to their translation keys.
var wordKeys = map[string]string{
	"all": "chart.range.all", "30d": "chart.range.30d", "90d": "chart.range.90d", "1y": "chart.range.1y",
	"followers": "chart.mode.followers", "daily": "chart.mode.daily", "growth": "chart.mode.growth",
	"api": "chart.source.api", "page": "chart.source.page", "manual": "chart.source.manual",
	"import": "chart.source.import", "article": "chart.source.article", "all-platforms": "chart.allplatforms",
	"total": "chart.total", "posts": "chart.mode.posts",
	"page_likes": "chart.metric.page_likes", "rounded": "chart.metric.rounded",
}

func kindAndTitle(req Request, names []string, compare bool) (charts.Kind, string) {
	platform := word(req.Lang, "all-platforms")
	if req.Platform != "" {
		platform = req.Platform.Title()
	}
	mode := req.Mode
	if mode == "" {
		mode = ModeFollowers
	}
	who := names
	if compare { // surnames keep a comparison's title on one line
		who = make([]string, len(names))
		for i, n := range names {
			f := strings.Fields(n)
			who[i] = n
			if len(f) > 1 {
				who[i] = f[len(f)-1]
			}
		}
	}
	title := strings.Join(who, " · ") + " — " + platform + ", " + word(req.Lang, string(mode))
	switch {
	case mode == ModeDaily:
		return charts.KindDailyChange, title
	case mode == ModeGrowth:
		return charts.KindGrowthPct, title
	case mode == ModePosts:
		return charts.KindFollowers, title
	case compare:
		return charts.KindCompare, title
	}
	return charts.KindFollowers, title
}

func rangeLabel(req Request, from, to time.Time) string {
	if req.Range == RangeCustom {
		return from.Format(time.DateOnly) + " – " + to.Format(time.DateOnly)
	}
	r := req.Range
	if r == "" {
		r = RangeAll
	}
	return word(req.Lang, string(r))
}

func sourceText(sources map[data.Source]bool, lang string) string {
	var parts []string
	for s := range sources {
		parts = append(parts, word(lang, s.String()))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// joinLabel says that an account of platform p starts (key "tracked") or
// stops ("untracked") counting in a total at t, e.g. "Instagram tracked
// from 12 Mar 2025".
func joinLabel(lang, key string, p data.Platform, t time.Time) string {
	return i18n.T(lang, "chart."+key, map[string]any{"Platform": p.Title(), "Date": i18n.Date(t.UTC(), lang)})
}
