package data

import (
	"strings"
	"unicode"
)

// cyrToLat maps Russian and Kazakh Cyrillic letters to a plain Latin
// spelling close to Kazakhstan's passport transliteration.
var cyrToLat = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ё': "e", 'ж': "zh",
	'з': "z", 'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o",
	'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu",
	'я': "ia",
	// Kazakh letters.
	'ә': "a", 'ғ': "g", 'қ': "q", 'ң': "n", 'ө': "o", 'ұ': "u", 'ү': "u", 'һ': "h", 'і': "i",
}

// Transliterate returns a Latin spelling of a Russian or Kazakh name, for
// search ("Булат Бакауов" → "Bulat Bakauov"). Latin text passes unchanged.
func Transliterate(s string) string {
	var b strings.Builder
	for _, r := range s {
		lower := unicode.ToLower(r)
		lat, ok := cyrToLat[lower]
		if !ok {
			b.WriteRune(r)
			continue
		}
		if lower != r && lat != "" { // upper-case Cyrillic letter
			lat = strings.ToUpper(lat[:1]) + lat[1:]
		}
		b.WriteString(lat)
	}
	return b.String()
}

// FoldForSearch lower-cases s and maps it to Latin, so that "бакауов",
// "Bakauov" and "BAKAUOV" all fold to the same key.
func FoldForSearch(s string) string {
	return strings.ToLower(Transliterate(s))
}
