package refresh

import (
	"sort"
	"time"

	"akimwatch/data"
)

// Progress is one platform's state during a pass. Done counts accounts
// finished one way or another (fetched, failed or skipped after a stop).
type Progress struct {
	Platform data.Platform
	Done     int
	Total    int
	Failed   int
	// Skipped counts accounts not asked for because the platform stopped
	// or the pass was asked to stop.
	Skipped int
	// Finished is set on the platform's last event.
	Finished bool
	// Err is why the platform stopped or never ran (no token, token
	// rejected), or nil.
	Err error
}

// BusyPlatform is a platform another process was refreshing.
type BusyPlatform struct {
	Platform data.Platform
	// Holder says who ("akimwatch refresh (aigerim) since ...").
	Holder string
}

// SkipReason says why an account was not asked for.
type SkipReason string

// Reasons an account is skipped.
const (
	SkipNoHandle   SkipReason = "no handle"
	SkipNoToken    SkipReason = "no token"
	SkipNoProvider SkipReason = "no provider"
	SkipStopped    SkipReason = "platform stopped"
	// SkipQuota: the platform's daily quota is used up until it resets.
	SkipQuota SkipReason = "daily quota used up"
	// SkipBackoff: the account has been failing and waits for its next
	// try (data.RetryDelay); it is still watched and counted here.
	SkipBackoff SkipReason = "failing, retried later"
	// SkipInterrupted: the pass was asked to stop (Options.Stop) before
	// this account's batch was sent; the next pass starts with it.
	SkipInterrupted SkipReason = "pass interrupted"
	// SkipBusy: another refresher sharing the database holds the
	// platform, or checked the account after this pass began.
	SkipBusy SkipReason = "refreshed by another process"
)

// Failure is one account whose refresh failed. The account stays active:
// its health records Kind and since when.
type Failure struct {
	Account data.Account
	Err     error
	// Kind is what failed (not found, private, suspended…).
	Kind data.FailKind
}

// PlatformError is a platform that did not run or stopped part way, with
// the one message that says why (such as "X: token rejected (401). Set it
// in Settings or AKIMWATCH_TOKEN_X").
type PlatformError struct {
	Platform data.Platform
	Err      error
}

// Summary is the outcome of one pass. Fetched, Unchanged, Failed and
// Skipped are disjoint and add up to Total.
type Summary struct {
	// Total is how many active accounts matched the filter.
	Total int
	// Fetched counts new snapshots whose follower count differs from the
	// account's latest (or that are its first).
	Fetched int
	// Unchanged counts new snapshots with the same follower count as the
	// account's latest.
	Unchanged int
	// Failed counts accounts whose refresh failed; Failures lists them.
	Failed int
	// Skipped counts accounts not asked for; Skips breaks it down.
	Skipped int
	Skips   map[SkipReason]int
	// FailKinds counts this pass's failures by kind.
	FailKinds map[data.FailKind]int
	Failures  []Failure
	// Stopped lists platforms that did not run or stopped part way.
	Stopped []PlatformError
	// Busy lists platforms another refresher was fetching (a shared team
	// database), left to it: not a failure.
	Busy []BusyPlatform
	// Platforms holds each platform's final progress.
	Platforms []Progress
	Duration  time.Duration
}

func newSummary(total int) Summary {
	return Summary{Total: total, Skips: map[SkipReason]int{}, FailKinds: map[data.FailKind]int{}}
}

func sortFailures(fs []Failure) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Account.Platform != fs[j].Account.Platform {
			return fs[i].Account.Platform < fs[j].Account.Platform
		}
		return fs[i].Account.ID < fs[j].Account.ID
	})
}

func sortProgress(ps []Progress) {
	sort.Slice(ps, func(i, j int) bool { return ps[i].Platform < ps[j].Platform })
}
