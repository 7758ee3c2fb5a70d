package transfer

import "strings"

// columnLabels are the history columns' headers in an XLSX export, per UI
// language, in the order of Columns. An import accepts them as well as the
// column codes.
var columnLabels = map[string][]string{
	"en": {"Official", "Platform", "Handle", "Time (UTC)", "Followers", "Following", "Posts", "Likes", "Views", "Source", "Flags"},
	"ru": {"Чиновник", "Платформа", "Ник", "Время (UTC)", "Подписчики", "Подписки", "Публикации", "Лайки", "Просмотры", "Источник", "Отметки"},
	"kk": {"Шенеунік", "Платформа", "Аккаунт аты", "Уақыт (UTC)", "Жазылушылар", "Жазылымдар", "Жарияланымдар", "Лайктар", "Қаралымдар", "Дереккөз", "Белгілер"},
}

// demoBanners mark an XLSX export of demo data, per UI language. Each
// starts with "DEMO", which is how an import knows the row is no header.
var demoBanners = map[string]string{
	"en": "DEMO: synthetic officials and numbers, not real ones",
	"ru": "DEMO (демо): вымышленные чиновники и числа, не настоящие",
	"kk": "DEMO (демо): ойдан шығарылған шенеуніктер мен сандар, нақты емес",
}

// demoMark starts every demo banner.
const demoMark = "DEMO"

// labelLang returns lang when there are labels for it, else English.
func labelLang(lang string) string {
	if _, ok := columnLabels[lang]; ok {
		return lang
	}
	return "en"
}

// ColumnLabels returns the history columns' headers in lang (ru, kk or
// en; English for any other), in the order of Columns.
func ColumnLabels(lang string) []string { return columnLabels[labelLang(lang)] }

// columnFor maps a header cell (a column code, or a label in any language)
// to its column code.
func columnFor(name string) (string, bool) {
	k := strings.ToLower(strings.TrimSpace(name))
	for _, c := range Columns {
		if c == k {
			return c, true
		}
	}
	for _, labels := range columnLabels {
		for i, l := range labels {
			if strings.ToLower(l) == k {
				return Columns[i], true
			}
		}
	}
	return "", false
}
