package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"akimwatch/charts"
	"akimwatch/data"
)

// words holds the few chart words this package writes, per language.
var words = map[string]map[string]string{
	"en": {"all": "all time", "30d": "last 30 days", "90d": "last 90 days", "1y": "last year",
		"followers": "followers", "daily": "daily change", "growth": "growth %", "source": "",
		"api": "platform APIs", "page": "public pages", "manual": "manual entry", "import": "imported files", "article": "2019 article (approximate)", "all-platforms": "all platforms",
		"total": "total", "posts": "posts per week", "tracked": "%s tracked from %s", "untracked": "%s not counted from %s", "page_likes": "page likes, not followers", "rounded": "rounded by YouTube"},
	"ru": {"all": "за всё время", "30d": "за 30 дней", "90d": "за 90 дней", "1y": "за год",
		"followers": "подписчики", "daily": "изменение за день", "growth": "рост, %",
		"api": "API платформ", "page": "публичные страницы", "manual": "ручной ввод", "import": "импорт", "article": "статья 2019 г. (приблизительно)", "all-platforms": "все платформы",
		"total": "всего", "posts": "публикаций в неделю", "tracked": "%s в учёте с %s", "untracked": "%s не учитывается с %s", "page_likes": "отметки «Нравится», не подписчики", "rounded": "округлено YouTube"},
	"kk": {"all": "барлық уақыт", "30d": "соңғы 30 күн", "90d": "соңғы 90 күн", "1y": "соңғы жыл",
		"followers": "жазылушылар", "daily": "күндік өзгеріс", "growth": "өсу, %",
		"api": "платформа API", "page": "ашық беттер", "manual": "қолмен енгізу", "import": "импорт", "article": "2019 жылғы мақала (шамамен)", "all-platforms": "барлық платформалар",
		"total": "барлығы", "posts": "аптасына жарияланым", "tracked": "%s %s бастап есепте", "untracked": "%s %s бастап есептелмейді", "page_likes": "ұнатулар, жазылушылар емес", "rounded": "YouTube дөңгелектеген"},
}

func word(lang, key string) string {
	if w, ok := words[lang][key]; ok {
		return w
	}
	return words["en"][key]
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
	date := t.UTC().Format("02.01.2006")
	if lang == "en" {
		date = t.UTC().Format("2 Jan 2006")
	}
	return fmt.Sprintf(word(lang, key), p.Title(), date)
}
