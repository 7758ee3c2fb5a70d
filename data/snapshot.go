package data

import (
	"fmt"
	"strings"
	"time"
)

// Source says where a snapshot's numbers came from.
type Source uint8

// Snapshot sources. The numeric values are stored in the database: never
// renumber them.
const (
	SourceAPI     Source = 1 // a platform's official API
	SourcePage    Source = 2 // a platform's public web page
	SourceManual  Source = 3 // typed in by an analyst
	SourceImport  Source = 4 // a CSV/XLSX import
	SourceArticle Source = 5 // a figure quoted in a published article
)

var sourceNames = map[Source]string{
	SourceAPI: "api", SourcePage: "page", SourceManual: "manual",
	SourceImport: "import", SourceArticle: "article",
}

// String returns the source's name ("api", "page", "manual", "import", "article").
func (s Source) String() string {
	if n, ok := sourceNames[s]; ok {
		return n
	}
	return fmt.Sprintf("source(%d)", uint8(s))
}

// ParseSource accepts a source name.
func ParseSource(s string) (Source, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for src, n := range sourceNames {
		if n == k {
			return src, nil
		}
	}
	return 0, fmt.Errorf("unknown source %q (want api, page, manual, import or article): %w", s, ErrInvalid)
}

// Flags qualify a snapshot's figures. They are a bit set stored as one integer.
type Flags uint8

// Snapshot flags.
const (
	// FlagApproxTime marks a time known only roughly (such as "spring 2019").
	FlagApproxTime Flags = 1 << iota
	// FlagLowerBound marks a count quoted as "more than N": N is a lower bound.
	FlagLowerBound
	// FlagApproxCount marks a count quoted as "about N".
	FlagApproxCount
	// FlagDemo marks generated demo data that must never be shown as real.
	FlagDemo
	// FlagRounded marks a count the platform itself rounds (YouTube gives
	// subscribers to 3 significant digits).
	FlagRounded
	// FlagPageLikes marks a Facebook Page's likes (fan_count) read where
	// the Page gives no follower count: another metric, never joined to a
	// follower series.
	FlagPageLikes
	// FlagMembers marks a count of members (a VK community, a Telegram
	// group) rather than followers or subscribers.
	FlagMembers
)

// Has reports whether all bits of g are set in f.
func (f Flags) Has(g Flags) bool { return f&g == g }

// Snapshot is one reading of an account's counters at one moment.
// Optional counters are nil when the source did not give them.
type Snapshot struct {
	AccountID int64
	Time      time.Time // always UTC; stored with one-second resolution
	Followers int64
	Following *int64
	Posts     *int64
	Likes     *int64
	Views     *int64
	Source    Source
	Flags     Flags
}

// Validate checks that the counters are non-negative and at most MaxCount,
// and the time is set.
func (s *Snapshot) Validate() error {
	if s.AccountID <= 0 {
		return fmt.Errorf("snapshot has no account: %w", ErrInvalid)
	}
	if s.Time.IsZero() {
		return fmt.Errorf("snapshot time is missing: %w", ErrInvalid)
	}
	if s.Followers < 0 {
		return fmt.Errorf("followers %d is negative: %w", s.Followers, ErrInvalid)
	}
	for name, v := range map[string]*int64{"following": s.Following, "posts": s.Posts, "likes": s.Likes, "views": s.Views} {
		if v != nil && *v < 0 {
			return fmt.Errorf("%s %d is negative: %w", name, *v, ErrInvalid)
		}
	}
	if err := checkCounts(s); err != nil {
		return err
	}
	if _, ok := sourceNames[s.Source]; !ok {
		return fmt.Errorf("snapshot source %d is unknown: %w", s.Source, ErrInvalid)
	}
	return nil
}

// Int64 returns a pointer to v, for the optional counters of a Snapshot.
func Int64(v int64) *int64 { return &v }
