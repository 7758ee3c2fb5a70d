package growth

import (
	"fmt"
	"strings"
	"time"

	"akimwatch/data"
)

// Sensitivity is the analyst's setting for how readily alerts are raised.
type Sensitivity uint8

// The three sensitivities. Medium is the default of the app and the CLI.
const (
	Medium Sensitivity = iota // the default: rare alerts, every bought jump
	Low                       // only blatant events
	High                      // smaller events too, at the cost of more noise
)

// String returns "low", "medium" or "high".
func (s Sensitivity) String() string {
	switch s {
	case Low:
		return "low"
	case High:
		return "high"
	case Medium:
		return "medium"
	}
	return fmt.Sprintf("sensitivity(%d)", uint8(s))
}

// ParseSensitivity accepts "low", "medium" or "high" (any case); "" is Medium.
func ParseSensitivity(s string) (Sensitivity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "low":
		return Low, nil
	case "medium", "":
		return Medium, nil
	case "high":
		return High, nil
	}
	return Medium, fmt.Errorf("unknown sensitivity %q (want low, medium or high): %w", s, data.ErrInvalid)
}

// Params tunes the detector. Get them from Sensitivity.Params; the fields are
// exported so a test or an expert setting can adjust one.
type Params struct {
	// MinScore is the robust z-score (excess change over the usual day-to-day
	// wobble) a change must reach to alert.
	MinScore float64
	// MinAbs is the fewest followers, beyond the usual change, that can alert,
	// so small accounts do not alert on +3 followers.
	MinAbs int64
	// MinPct is the smallest excess change, in percent of the account, that
	// can alert, so large accounts do not alert on their daily wobble.
	MinPct float64
	// MinDays is the smallest rise, in days of the account's usual daily
	// gain, that can alert when it is under MinPct of the account: a count
	// whose total is large against its recent activity (a cumulative count
	// of posts or views, read for years) alerts on what is large for that
	// activity. Drops always need MinPct.
	MinDays float64
	// Cooldown is how long after an alert another of the same kind on the
	// same account is held back, so one event makes one alert.
	Cooldown time.Duration
	// BurstScore is the robust z-score, in log rate against the hour's or
	// the weekday's usual rate, a rise must reach to alert (see burst).
	BurstScore float64
	// StallDays is how long a steadily growing account must show the very same
	// count before a stall alert.
	StallDays float64
	// StallScore is how many times the usual wobble the growth missed during
	// the stall must be.
	StallScore float64
	// WeakScore and WeakPct bound the drops, too small to alert alone, that
	// still count as evidence for a platform-wide purge.
	WeakScore float64
	WeakPct   float64
	// PlatformMinAccounts and PlatformMinShare are how many accounts of one
	// platform, and what share of those reporting, must drop in one
	// PlatformWindow to make a platform alert.
	PlatformMinAccounts int
	PlatformMinShare    float64
	PlatformWindow      time.Duration
}

// sensitivityTable holds every default in one place. The reasons:
//   - MinScore 8 for medium keeps organic data at well under one false alert
//     per account-year on the evaluation set while catching every bought jump;
//     low and high move it by the spread between blatant and merely visible.
//   - MinAbs/MinPct: +50 and +0.2% are the smallest changes an analyst said are
//     worth a look; a viral day starts at +0.3%.
//   - MinDays 3: a rise under 0.2% of a count that is huge against its recent
//     activity (a cumulative count of posts or views) still alerts when it is
//     three usual days' gain in excess; on follower accounts, whose daily
//     gain is a small share of the total, the 0.2% rule nearly always binds
//     first. Chosen on synthetic count series read one reading a day (see
//     counts_test.go), where the lifetime-total rule let 22 of 177 labelled
//     windows through and this one 117.
//   - Cooldown 3 days: bought followers are often delivered over two days.
//   - StallDays 4: a dead source shows up within a working week.
//   - Weak drops and the platform rule: a purge removes 0.5–2.2% from many
//     accounts in one day; five accounts and a quarter of those reporting
//     cannot be a coincidence of individual unfollows.
var sensitivityTable = map[Sensitivity]Params{
	Low: {MinScore: 12, BurstScore: 9, MinAbs: 200, MinPct: 0.5, MinDays: 6, Cooldown: 7 * day, StallDays: 7, StallScore: 8,
		WeakScore: 3, WeakPct: 0.4, PlatformMinAccounts: 8, PlatformMinShare: 0.3, PlatformWindow: platformWindow},
	Medium: {MinScore: 8, BurstScore: 6, MinAbs: 50, MinPct: 0.2, MinDays: 3, Cooldown: 3 * day, StallDays: 4, StallScore: 6,
		WeakScore: 2.5, WeakPct: 0.3, PlatformMinAccounts: 5, PlatformMinShare: 0.25, PlatformWindow: platformWindow},
	High: {MinScore: 6, BurstScore: 4.5, MinAbs: 20, MinPct: 0.1, MinDays: 2, Cooldown: day, StallDays: 2, StallScore: 4,
		WeakScore: 2, WeakPct: 0.2, PlatformMinAccounts: 4, PlatformMinShare: 0.2, PlatformWindow: platformWindow},
}

// Params returns the documented defaults for s (Medium's for an unknown s).
func (s Sensitivity) Params() Params {
	if p, ok := sensitivityTable[s]; ok {
		return p
	}
	return sensitivityTable[Medium]
}

// Internal constants of the detector; they do not change with sensitivity.
const (
	// platformWindow is how close in time drops must be to group: accounts
	// read once a day at different hours see a one-time purge within a day,
	// plus half a day of slack for late readings.
	platformWindow = 36 * time.Hour
	// windowSize is how many recent daily rates form the baseline: four weeks,
	// long enough for a stable median, short enough to follow a new pace.
	windowSize = 28
	// weekdayDepth is how many weeks of each weekday the weekly rhythm uses.
	weekdayDepth = 6
	// weekdayMin is how many samples a weekday needs before it adjusts.
	weekdayMin = 3
	// warmupSamples is how many daily rates an account needs before it can
	// alert: one week, so the first alerts already know the weekly pace.
	warmupSamples = 7
	// minSampleDays merges sub-day readings into about-daily rates, so hourly
	// counts do not turn rounding into noise.
	minSampleDays = 0.75
	// maxSpreadDays is the longest span whose residual still tells about the
	// day-to-day wobble; longer gaps only update the pace.
	maxSpreadDays = 7.0
	// weekdayMaxDays is the longest interval adjusted for its weekday.
	weekdayMaxDays = 1.5
	// relFloor is the least day-to-day wobble assumed, as a share of the
	// account: large accounts move by a few hundredths of a percent a day even
	// when nothing happens, and a perfectly smooth history must not make every
	// small bump an alert.
	relFloor = 0.0004
	// absFloor is the least day-to-day wobble assumed, in followers.
	absFloor = 2.0
	// paceDrift is how much the pace may drift per day of a gap (as a share of
	// the usual daily change) before a change over the gap looks unusual.
	paceDrift = 0.3
	// coarseRunMin is how many counts in a row rounded to three significant
	// digits mark a series as coarse (as YouTube shows them).
	coarseRunMin = 5
	// steadyShare is the share of recent daily rates that must be positive for
	// an account to count as growing steadily (for stall alerts).
	steadyShare = 0.9
	// localOffset is Kazakhstan's time zone (UTC+5 nationwide since March
	// 2024); the weekly rhythm follows local weekdays.
	localOffset = 5 * time.Hour
)
