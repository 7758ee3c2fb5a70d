package data

import (
	"fmt"
	"strings"
	"time"
)

// Account is one official's presence on one platform.
type Account struct {
	ID         int64
	OfficialID int64
	Platform   Platform
	// Handle is the username, channel name or numeric id the platform's API
	// takes. It is empty when the source (such as the article) names none.
	Handle string
	URL    string
	Active bool
	// Muted accounts are still refreshed and scanned, but raise no alerts.
	Muted bool
	// MutedUntil holds the account's alerts back until then (zero: not set).
	MutedUntil time.Time
	// LastCheck is when a refresh last tried this account (zero if never).
	LastCheck time.Time
	// LastError is the plain-words reason the last refresh failed, or "".
	LastError string
	// FailKind is what the last check's failure was (FailNone when it
	// succeeded); FailingSince is when the account began failing that way,
	// FailCount how many checks in a row failed so.
	FailKind     FailKind
	FailingSince time.Time
	FailCount    int
	// NextTry holds a still-failing account back until then (zero: the next
	// pass tries it).
	NextTry time.Time
	// PlatformID is the platform's own id once resolved (a YouTube
	// @handle's channel id), so the handle is looked up only once.
	PlatformID string
	// Metric is which count the account's series holds.
	Metric Metric
}

// Validate checks the fields a new or edited account must have.
func (a *Account) Validate() error {
	if a.OfficialID <= 0 {
		return fmt.Errorf("account has no official: %w", ErrInvalid)
	}
	if !a.Platform.Valid() {
		_, err := ParsePlatform(string(a.Platform))
		return err
	}
	if strings.ContainsAny(a.Handle, " \t\n,") {
		return fmt.Errorf("handle %q contains spaces or commas: %w", a.Handle, ErrInvalid)
	}
	return nil
}

// Silenced reports whether the account's alerts are held back at now:
// muted for good, or muted until a time still ahead.
func (a *Account) Silenced(now time.Time) bool {
	return silenced(a.Muted, a.MutedUntil, now)
}

// AlertTarget is what spike detection needs to know about an account.
type AlertTarget struct {
	ID         int64
	Platform   Platform
	Muted      bool
	MutedUntil time.Time // zero: not set
}

// Silenced reports whether the account's alerts are held back at now, as
// Account.Silenced does.
func (t AlertTarget) Silenced(now time.Time) bool {
	return silenced(t.Muted, t.MutedUntil, now)
}

func silenced(muted bool, until, now time.Time) bool {
	return muted || now.Before(until)
}
