package report

import (
	"fmt"

	"akimwatch/charts"
	"akimwatch/data"
)

// sortWords say, per language, what a leaderboard is ordered by.
var sortWords = map[string]map[data.LeaderboardSort]string{
	"en": {data.SortRank: "followers", data.SortFollowers: "followers", data.SortOfficial: "name", data.SortRegion: "region (followers shown)",
		data.SortPlatform: "platform (followers shown)", data.SortChange7d: "7-day change", data.SortChange7dPct: "7-day change, %",
		data.SortChange30d: "30-day change", data.SortChange30dPct: "30-day change, %", data.SortRankChange: "rank change since a week ago",
		data.SortPosts7d: "posts in 7 days", data.SortPosts30d: "posts in 30 days"},
	"ru": {data.SortRank: "подписчикам", data.SortFollowers: "подписчикам", data.SortOfficial: "имени", data.SortRegion: "региону (показаны подписчики)",
		data.SortPlatform: "платформе (показаны подписчики)", data.SortChange7d: "изменению за 7 дней", data.SortChange7dPct: "изменению за 7 дней, %",
		data.SortChange30d: "изменению за 30 дней", data.SortChange30dPct: "изменению за 30 дней, %", data.SortRankChange: "изменению места за неделю",
		data.SortPosts7d: "публикациям за 7 дней", data.SortPosts30d: "публикациям за 30 дней"},
	"kk": {data.SortRank: "жазылушылар", data.SortFollowers: "жазылушылар", data.SortOfficial: "аты", data.SortRegion: "өңір (жазылушылар көрсетілген)",
		data.SortPlatform: "платформа (жазылушылар көрсетілген)", data.SortChange7d: "7 күндегі өзгеріс", data.SortChange7dPct: "7 күндегі өзгеріс, %",
		data.SortChange30d: "30 күндегі өзгеріс", data.SortChange30dPct: "30 күндегі өзгеріс, %", data.SortRankChange: "апта ішіндегі орын өзгерісі",
		data.SortPosts7d: "7 күндегі жарияланымдар", data.SortPosts30d: "30 күндегі жарияланымдар"},
}

// topTitle is the "Top N by …" title pattern per language.
var topTitle = map[string]string{"en": "Top %d by %s", "ru": "Топ-%d по %s", "kk": "Үздік %d: %s"}

// TopTitle says what a top-n chart of rows ordered by k shows, e.g.
// "Top 20 by 7-day change".
func TopTitle(n int, k data.LeaderboardSort, lang string) string {
	l := lang
	if _, ok := topTitle[l]; !ok {
		l = "en"
	}
	return fmt.Sprintf(topTitle[l], n, sortWords[l][k])
}

// TopBars draws the first n rows exactly in the order given, each bar the
// row's value of k (followers for a text key or rank, 0 when unknown), titled by what the
// rows are ordered by.
func TopBars(rows []data.LeaderboardRow, n int, k data.LeaderboardSort, lang string) charts.BarSpec {
	rows = rows[:min(n, len(rows))]
	bars := make([]charts.Bar, len(rows))
	for i, r := range rows {
		label := r.Official
		key := OfficialKey(r.OfficialID)
		if r.AccountID != 0 {
			label += " · " + r.Platform.Title()
		}
		v := float64(r.Followers)
		if k.Numeric() && k != data.SortRank {
			v, _ = r.Value(k) // 0 when the row has no such figure
		}
		bars[i] = charts.Bar{Label: label, Key: key, Value: v}
	}
	return charts.BarSpec{Spec: charts.Spec{Title: TopTitle(len(bars), k, lang), Lang: lang}, Bars: bars}
}
