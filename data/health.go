package data

import (
	"fmt"
	"time"
)

// FailKind says what went wrong the last time an account was checked. A
// failing account stays on the watchlist: only the analyst deactivates one.
// The values are stored in the database: never rename them.
type FailKind string

// Kinds of failed check.
const (
	// FailNone is a healthy account.
	FailNone FailKind = ""
	// FailNotFound: the platform says no such account (renamed or deleted).
	FailNotFound FailKind = "not_found"
	// FailPrivate: the account exists but shows its counts to nobody.
	FailPrivate FailKind = "private"
	// FailNotProfessional: Instagram business discovery reads only business
	// and creator accounts (a personal profile, or no such username).
	FailNotProfessional FailKind = "not_professional"
	// FailPermission: the token lacks a permission needed to read it.
	FailPermission FailKind = "permission"
	// FailSuspended: the platform suspended the account (often for a while).
	FailSuspended FailKind = "suspended"
	// FailHiddenCount: the account hides its follower count.
	FailHiddenCount FailKind = "hidden_count"
	// FailToken: the token was refused or has expired.
	FailToken FailKind = "token"
	// FailQuota: the platform's quota or rate limit was used up.
	FailQuota FailKind = "quota"
	// FailNetwork: the platform could not be reached or kept failing.
	FailNetwork FailKind = "network"
	// FailOther: an answer akimwatch could not read or did not expect.
	FailOther FailKind = "other"
)

// FailKinds lists every failure kind, in the order screens show them.
var FailKinds = []FailKind{FailNotFound, FailPrivate, FailNotProfessional, FailPermission, FailSuspended,
	FailHiddenCount, FailToken, FailQuota, FailNetwork, FailOther}

// Valid reports whether k is a known kind (FailNone included).
func (k FailKind) Valid() bool {
	if k == FailNone {
		return true
	}
	for _, x := range FailKinds {
		if k == x {
			return true
		}
	}
	return false
}

// AboutAccount reports whether the failure is about the account itself (so
// retrying it every pass is wasted), rather than about the token, the quota
// or the network, which the next pass may well get past.
func (k FailKind) AboutAccount() bool {
	switch k {
	case FailNotFound, FailPrivate, FailNotProfessional, FailPermission, FailSuspended, FailHiddenCount:
		return true
	}
	return false
}

// Backoff bounds for still-failing accounts, with the reason for each.
const (
	// RetryFirst is the wait after the first failure about the account: a
	// page renamed by mistake is often back within the hour.
	RetryFirst = time.Hour
	// RetryMax caps the wait: a failing account is still tried daily, so a
	// suspension that is lifted is noticed the next day.
	RetryMax = 24 * time.Hour
	// RetryDailyAfter is how long an account may fail before it is tried
	// no more than daily.
	RetryDailyAfter = 7 * 24 * time.Hour
	// AttentionAfter is how long a network, quota or token failure must last
	// before the account is listed as needing attention; failures about the
	// account itself are listed at once.
	AttentionAfter = 24 * time.Hour
)

// RetryDelay returns how long to hold a failing account back after its
// failCount-th failure in a row of kind k (failing since since). Failures
// not about the account are retried on the next pass (zero).
func RetryDelay(k FailKind, failCount int, since, now time.Time) time.Duration {
	if !k.AboutAccount() || failCount <= 0 {
		return 0
	}
	if !since.IsZero() && now.Sub(since) >= RetryDailyAfter {
		return RetryMax
	}
	d := RetryFirst
	for i := 1; i < failCount && d < RetryMax; i++ {
		d *= 2
	}
	return min(d, RetryMax)
}

// Failing reports whether the last check of a failed.
func (a *Account) Failing() bool { return a.FailKind != FailNone }

// NeedsAttention reports whether a has failed long enough (or in a way
// about the account itself) to be listed for the analyst at now.
func (a *Account) NeedsAttention(now time.Time) bool {
	if !a.Failing() {
		return false
	}
	return a.FailKind.AboutAccount() || now.Sub(a.FailingSince) >= AttentionAfter
}

// Metric names the count an account's followers column holds. Platforms
// count different things; a series holds one of them only.
type Metric string

// Metrics akimwatch stores. The values are stored in the database.
const (
	// MetricUnknown: no count read yet.
	MetricUnknown Metric = ""
	// MetricFollowers: people following the account.
	MetricFollowers Metric = "followers"
	// MetricSubscribers: YouTube and Telegram channel subscribers.
	MetricSubscribers Metric = "subscribers"
	// MetricMembers: members of a VK community or Telegram group.
	MetricMembers Metric = "members"
	// MetricPageLikes: a Facebook Page's likes (fan_count), given only where
	// the Page has no follower count. It is not a follower count.
	MetricPageLikes Metric = "page_likes"
)

// ParseMetric accepts a stored metric name.
func ParseMetric(s string) (Metric, error) {
	switch m := Metric(s); m {
	case MetricUnknown, MetricFollowers, MetricSubscribers, MetricMembers, MetricPageLikes:
		return m, nil
	}
	return "", fmt.Errorf("unknown metric %q: %w", s, ErrInvalid)
}

// MetricOf says which metric a snapshot's followers figure is: page likes
// when flagged so, else what the account's platform counts.
func MetricOf(p Platform, f Flags) Metric {
	switch {
	case f.Has(FlagPageLikes):
		return MetricPageLikes
	case f.Has(FlagMembers):
		return MetricMembers
	case p == YouTube || p == Telegram:
		return MetricSubscribers
	}
	return MetricFollowers
}

// SplitByMetric cuts a time-ordered series wherever its metric changes, so
// a chart never joins two different counts in one line.
func SplitByMetric(p Platform, s []Snapshot) [][]Snapshot {
	var out [][]Snapshot
	start := 0
	for i := 1; i <= len(s); i++ {
		if i == len(s) || MetricOf(p, s[i].Flags) != MetricOf(p, s[start].Flags) {
			out = append(out, s[start:i])
			start = i
		}
	}
	return out
}
