package data

import (
	"fmt"
	"strings"
	"time"

	"akimwatch/data/totals"
)

// Plausibility limits for a reading, with the reason for each.
const (
	// MaxCount is the largest count akimwatch stores: ten billion, above
	// the population of the Earth, so larger is a typo or a broken file.
	// It keeps an official's total far from int64 overflow as well.
	MaxCount = 10_000_000_000
	// MaxFuture is how far after now a reading may be dated: clocks and
	// time zones differ by hours, never by more than a day.
	MaxFuture = 24 * time.Hour
)

// MinTime is the earliest date a reading may have: no social-network
// follower count of a Kazakh official predates 2000.
var MinTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// CheckPlausible refuses a reading that cannot be real at now: dated more
// than MaxFuture ahead or before MinTime, or with a count above MaxCount.
// Errors wrap ErrInvalid and say what to do.
func (s *Snapshot) CheckPlausible(now time.Time) error {
	switch {
	case s.Time.Before(MinTime):
		return fmt.Errorf("time %s is before %s; no reading is that old (a missing or mistyped year?): %w",
			s.Time.UTC().Format(time.RFC3339), MinTime.Format("2006-01-02"), ErrInvalid)
	case s.Time.After(now.Add(MaxFuture)):
		return fmt.Errorf("time %s is in the future (now is %s); fix the date: %w",
			s.Time.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), ErrInvalid)
	}
	return checkCounts(s)
}

// checkCounts refuses counts above MaxCount.
func checkCounts(s *Snapshot) error {
	for _, c := range []struct {
		name string
		v    *int64
	}{{"followers", &s.Followers}, {"following", s.Following}, {"posts", s.Posts}, {"likes", s.Likes}, {"views", s.Views}} {
		if c.v != nil && *c.v > MaxCount {
			return fmt.Errorf("%s %d is above %d, more than any account can have: %w", c.name, *c.v, int64(MaxCount), ErrInvalid)
		}
	}
	return nil
}

// AddSat returns a+b, held at the int64 limits instead of wrapping around,
// so a sum of counts never turns negative.
func AddSat(a, b int64) int64 { return totals.AddSat(a, b) }

// flagNames are the names of the snapshot flags in history files, in bit order.
var flagNames = []struct {
	f    Flags
	name string
}{{FlagApproxTime, "approx_time"}, {FlagLowerBound, "lower_bound"}, {FlagApproxCount, "approx_count"}, {FlagDemo, "demo"}}

// flagSep joins flag names in a history file: neither a CSV separator nor a space.
const flagSep = "+"

// String returns the flags as names joined by "+" ("approx_time+lower_bound"),
// or "" for none.
func (f Flags) String() string {
	var names []string
	for _, n := range flagNames {
		if f.Has(n.f) {
			names = append(names, n.name)
			f &^= n.f
		}
	}
	if f != 0 {
		names = append(names, fmt.Sprintf("0x%x", uint8(f)))
	}
	return strings.Join(names, flagSep)
}

// ParseFlags reads flag names joined by "+" (as Flags.String writes them);
// "" is no flag.
func ParseFlags(s string) (Flags, error) {
	var f Flags
	for _, part := range strings.Split(strings.TrimSpace(s), flagSep) {
		part = strings.ToLower(strings.TrimSpace(part))
		if part == "" {
			continue
		}
		found := false
		for _, n := range flagNames {
			if n.name == part {
				f |= n.f
				found = true
				break
			}
		}
		if !found {
			return 0, fmt.Errorf("unknown flag %q (the flags are approx_time, lower_bound, approx_count and demo, joined by +): %w", part, ErrInvalid)
		}
	}
	return f, nil
}
