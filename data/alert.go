package data

import "time"

// AlertKind says what kind of unusual change an alert reports.
type AlertKind string

// Alert kinds.
const (
	AlertJump     AlertKind = "jump"     // a sudden rise (bought followers, a viral day)
	AlertDrop     AlertKind = "drop"     // a sudden fall (mass unfollow, hacked or deleted account)
	AlertStall    AlertKind = "stall"    // steady growth that stopped dead
	AlertPlatform AlertKind = "platform" // many accounts on one platform dropped at once (a purge)
)

// Alert is one unusual change on one account (or, for AlertPlatform, on the
// account that represents the group).
type Alert struct {
	ID        int64
	AccountID int64
	Time      time.Time // UTC time of the snapshot that showed the change
	Kind      AlertKind
	// Size is the change in followers (negative for drops).
	Size int64
	// Pct is the change as a percentage of the count before it.
	Pct float64
	// Score is how unusual the change was (times the usual rate, or a robust z-score).
	Score float64
	// Detail is a plain-words explanation ("+19 705 in a day, about 1 300× its usual +15/day").
	Detail       string
	Acknowledged bool
	// AcknowledgedBy and AcknowledgedAt say who (the OS user) acknowledged
	// the alert and when, where the engine records it (the team database,
	// where one analyst's acknowledgement counts for all).
	AcknowledgedBy string
	AcknowledgedAt time.Time
}
