package data

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// timeLayouts are the time formats history files and series accept; those
// without a zone are read as UTC.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"}

// ParseTime reads a time as RFC 3339, "YYYY-MM-DD HH:MM:SS" (UTC) or
// "YYYY-MM-DD" (midnight UTC). Errors wrap ErrInvalid.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q (want RFC 3339 such as 2026-11-26T09:00:00Z, or YYYY-MM-DD HH:MM:SS, or YYYY-MM-DD): %w", s, ErrInvalid)
}

// ParseCount reads a non-negative whole number such as a follower count;
// spaces used as thousands separators ("12 345", also no-break spaces) are
// accepted. name says which count, for the error. Errors wrap ErrInvalid.
func ParseCount(name, s string) (int64, error) {
	clean := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
	if clean == "" {
		return 0, fmt.Errorf("%s is empty: %w", name, ErrInvalid)
	}
	n, err := strconv.ParseInt(clean, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a whole number: %w", name, s, ErrInvalid)
	}
	if n < 0 {
		return 0, fmt.Errorf("%s %d is negative: %w", name, n, ErrInvalid)
	}
	return n, nil
}
