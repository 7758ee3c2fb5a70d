package pgstore

import (
	"cmp"
	"slices"
	"strings"

	"akimwatch/data"
)

// asciiLower folds A–Z only, as SQLite's NOCASE collation does, so both
// engines list officials in the same order (whatever the server's locale).
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}

// sortOfficials orders officials by name (NOCASE), then ID.
func sortOfficials(os []data.Official) {
	slices.SortFunc(os, func(a, b data.Official) int {
		if c := strings.Compare(asciiLower(a.Name), asciiLower(b.Name)); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}
