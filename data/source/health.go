package source

import (
	"context"
	"errors"
	"fmt"
	"time"
	_ "time/tzdata" // Google's quota day is Pacific time, on any machine

	"akimwatch/data"
)

// Kinds of per-account failure besides ErrNotFound. Each maps to a
// data.FailKind (Classify); none of them deactivates the account.
var (
	// ErrPrivate means the account exists but shows its counts to nobody.
	ErrPrivate = errors.New("account is private")
	// ErrNotProfessional means the API reads only Pages or professional
	// accounts: a Facebook personal profile, or an Instagram personal
	// account (business discovery cannot tell it from a missing username).
	ErrNotProfessional = errors.New("not a Page or professional account")
	// ErrPermission means the token lacks a permission needed to read it.
	ErrPermission = errors.New("permission missing")
	// ErrSuspended means the platform suspended the account.
	ErrSuspended = errors.New("account suspended")
	// ErrHiddenCount means the account hides its follower count.
	ErrHiddenCount = errors.New("follower count hidden")
	// ErrNetwork means the platform could not be reached, or kept answering
	// with server errors, after the allowed retries.
	ErrNetwork = errors.New("platform unreachable")
	// ErrQuotaExhausted means a daily quota is used up: the platform stops
	// until it resets. errors.As with *QuotaError gives when.
	ErrQuotaExhausted = errors.New("daily quota used up")
	// ErrAccessLevel means the app's API access level (plan) cannot call the
	// endpoint: the platform stops. errors.As with *AccessError says which
	// level is needed.
	ErrAccessLevel = errors.New("API access level too low")
)

// QuotaError is a daily quota used up on one platform.
type QuotaError struct {
	Platform data.Platform
	// Until is when the quota resets (zero: unknown).
	Until time.Time
	// Detail is the platform's own words, token-free.
	Detail string
}

// Error says which quota ran out and when the platform can go on.
func (e *QuotaError) Error() string {
	when := "when the quota resets"
	if !e.Until.IsZero() {
		when = "after " + e.Until.UTC().Format("2006-01-02 15:04 UTC")
	}
	return fmt.Sprintf("%s: daily API quota used up (%s); the next pass goes on %s with the accounts not reached",
		e.Platform.Title(), e.Detail, when)
}

// Is lets errors.Is(err, ErrQuotaExhausted) match any QuotaError.
func (e *QuotaError) Is(target error) bool { return target == ErrQuotaExhausted }

// AccessError is an API plan or access level that cannot call the endpoint.
type AccessError struct {
	Platform data.Platform
	// Need names the access level needed, as the platform or its docs say.
	Need string
	// Detail is the platform's own words, token-free.
	Detail string
}

// Error names the access level needed and where to get it.
func (e *AccessError) Error() string {
	s := fmt.Sprintf("%s: your API access level cannot read accounts; it needs %s", e.Platform.Title(), e.Need)
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s + ". See \"Getting API access\" in the README"
}

// Is lets errors.Is(err, ErrAccessLevel) match any AccessError.
func (e *AccessError) Is(target error) bool { return target == ErrAccessLevel }

// StopsPlatform reports whether err must end the platform's pass instead of
// being recorded on each account: a refused token, a too-low access level,
// a used-up daily quota, or a cancelled pass.
func StopsPlatform(err error) bool {
	return errors.Is(err, ErrTokenRejected) || errors.Is(err, ErrAccessLevel) || errors.Is(err, ErrQuotaExhausted) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// Classify tells what kind of failure err is, for the account's health.
func Classify(err error) data.FailKind {
	var se *StatusError
	switch {
	case err == nil:
		return data.FailNone
	case errors.Is(err, ErrNotFound):
		return data.FailNotFound
	case errors.Is(err, ErrPrivate):
		return data.FailPrivate
	case errors.Is(err, ErrNotProfessional):
		return data.FailNotProfessional
	case errors.Is(err, ErrPermission), errors.Is(err, ErrAccessLevel):
		return data.FailPermission
	case errors.Is(err, ErrSuspended):
		return data.FailSuspended
	case errors.Is(err, ErrHiddenCount):
		return data.FailHiddenCount
	case errors.Is(err, ErrTokenRejected), errors.Is(err, ErrNoToken):
		return data.FailToken
	case errors.Is(err, ErrQuotaExhausted), errors.Is(err, ErrRateLimited):
		return data.FailQuota
	case errors.Is(err, ErrNetwork), errors.Is(err, context.DeadlineExceeded):
		return data.FailNetwork
	case errors.As(err, &se) && se.Code >= 500:
		return data.FailNetwork
	}
	return data.FailOther
}

// kindErr wraps kind with the platform's words.
func kindErr(kind error, format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), kind)
}

// nextMidnight returns the next midnight in loc after now: when Google's
// (Pacific time) and TikTok's (UTC) daily quotas reset.
func nextMidnight(now time.Time, loc *time.Location) time.Time {
	t := now.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
}

// pacific is Google's quota day (from the embedded time zone database).
var pacific = func() *time.Location {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		return time.FixedZone("PST", -8*3600) // an hour late in summer: the resume waits an hour more
	}
	return loc
}()
