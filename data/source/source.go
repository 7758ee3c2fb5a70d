// Package source turns watched accounts into follower-count snapshots by
// asking each platform's official API (or, for Telegram, its public page).
//
// There is one Provider per platform, each in its own file. They share the
// HTTP plumbing in client.go: a per-platform rate limiter, retries with
// exponential backoff and jitter that honour Retry-After and
// x-rate-limit-reset, a timeout per call and a cap on the size of an answer.
// A bad answer (an HTML error page, a missing field, a truncated body, a
// 4xx/5xx status) always becomes an error on the account, never a snapshot.
//
// Tokens come from the OS keyring with an environment fallback (token.go),
// and never appear in errors or logs.
package source

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"akimwatch/data"
)

// Provider fetches the current counters of accounts on one platform.
type Provider interface {
	// Platform names the platform the provider serves.
	Platform() data.Platform
	// BatchSize is the most accounts one Fetch should be given; the refresh
	// engine splits a platform's accounts into batches of this size.
	BatchSize() int
	// Ready reports whether the provider can run at all: it returns an error
	// wrapping ErrNoToken when no token (or required setting) is configured.
	Ready(ctx context.Context) error
	// Fetch reads the counters of accounts (at most BatchSize of them). It
	// returns one Result per account, in any order. The error is non-nil
	// only when the whole platform must stop (StopsPlatform): the token
	// was rejected, the access level is too low, a daily quota is used up,
	// or ctx was cancelled.
	Fetch(ctx context.Context, accounts []data.Account) ([]Result, error)
}

// Result is the outcome for one account: a snapshot, or an error whose kind
// can be tested with errors.Is against ErrNotFound, ErrMalformed,
// ErrHTTPStatus and ErrRateLimited.
type Result struct {
	AccountID int64
	// Snapshot holds the counters read; its Time is left for the caller to
	// set. It is nil when Err is set.
	Snapshot *data.Snapshot
	Err      error
	// PlatformID, when set, is the platform's own id resolved for the
	// account (a YouTube @handle's channel id), to be kept for next time.
	PlatformID string
}

// Error kinds of a per-account Result, and of whole-platform failures.
var (
	// ErrNotFound means the platform says the account does not exist
	// (renamed or deleted). It is recorded on the account, which stays on
	// the watchlist: only the analyst deactivates one.
	ErrNotFound = errors.New("account not found")
	// ErrMalformed means the answer could not be read: not JSON, an HTML
	// page, a missing field, a truncated or oversized body.
	ErrMalformed = errors.New("malformed answer")
	// ErrHTTPStatus means the platform answered with an unexpected HTTP
	// status; errors.As with *StatusError gives the code.
	ErrHTTPStatus = errors.New("unexpected HTTP status")
	// ErrRateLimited means the platform kept refusing for too many requests
	// after the allowed retries.
	ErrRateLimited = errors.New("rate limited")
	// ErrTokenRejected means the platform refused the token; the whole
	// platform stops. errors.As with *TokenError gives the message.
	ErrTokenRejected = errors.New("token rejected")
	// ErrNoToken means no token (or required setting) is configured.
	ErrNoToken = errors.New("no token configured")
)

// StatusError is an unexpected HTTP status with a short, token-free excerpt
// of what the platform said.
type StatusError struct {
	Code   int
	Detail string
}

// Error describes the status in plain words.
func (e *StatusError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("HTTP status %d", e.Code)
	}
	return fmt.Sprintf("HTTP status %d: %s", e.Code, e.Detail)
}

// Is lets errors.Is(err, ErrHTTPStatus) match any StatusError.
func (e *StatusError) Is(target error) bool { return target == ErrHTTPStatus }

// TokenError is a rejected token on one platform. Its message tells the user
// where to set a new one.
type TokenError struct {
	Platform data.Platform
	Status   int // HTTP status, or 0 when the platform signalled it in the body
}

// Error returns a message such as "X: token rejected (401). Set it in
// Settings or AKIMWATCH_TOKEN_X".
func (e *TokenError) Error() string {
	st := ""
	if e.Status != 0 {
		st = fmt.Sprintf(" (%d)", e.Status)
	}
	return fmt.Sprintf("%s: token rejected%s. Set it in Settings or %s", e.Platform.Title(), st, TokenEnv(e.Platform))
}

// Is lets errors.Is(err, ErrTokenRejected) match any TokenError.
func (e *TokenError) Is(target error) bool { return target == ErrTokenRejected }

// TokenEnv returns the environment variable that holds p's token, such as
// AKIMWATCH_TOKEN_X.
func TokenEnv(p data.Platform) string { return "AKIMWATCH_TOKEN_" + strings.ToUpper(string(p)) }

// BaseURLEnv returns the environment variable that overrides p's API base
// URL, such as AKIMWATCH_API_X.
func BaseURLEnv(p data.Platform) string { return "AKIMWATCH_API_" + strings.ToUpper(string(p)) }

// InstagramAccountEnv is the environment fallback for the user's own
// Instagram professional account id, which business discovery runs on.
const InstagramAccountEnv = "AKIMWATCH_INSTAGRAM_ACCOUNT_ID"

// failAll gives every account the same error, for a call that failed as a
// whole (but not in a way that stops the platform).
func failAll(accounts []data.Account, err error) []Result {
	out := make([]Result, len(accounts))
	for i, a := range accounts {
		out[i] = Result{AccountID: a.ID, Err: err}
	}
	return out
}

// batchOutcome turns a whole-call error into Fetch's return values: a
// platform-stopping error is returned as is, any other fails every account.
func batchOutcome(accounts []data.Account, err error) ([]Result, error) {
	if StopsPlatform(err) {
		return nil, err
	}
	return failAll(accounts, err), nil
}

// handleOf returns the account's handle normalised for an API call.
func handleOf(a data.Account) string { return data.NormalizeHandle(a.Handle) }

// malformed wraps ErrMalformed with what was wrong.
func malformed(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrMalformed)
}

// notFound wraps ErrNotFound with the platform's own words.
func notFound(format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), ErrNotFound)
}

// eachAccount runs one call per account (for APIs without batching). A
// platform-stopping error ends the loop; others are recorded per account.
func eachAccount(ctx context.Context, accounts []data.Account, one func(context.Context, data.Account) (*data.Snapshot, error)) ([]Result, error) {
	out := make([]Result, 0, len(accounts))
	for _, a := range accounts {
		snap, err := one(ctx, a)
		if err != nil && StopsPlatform(err) {
			return nil, err
		}
		out = append(out, Result{AccountID: a.ID, Snapshot: snap, Err: err})
	}
	return out, nil
}

// clampBatch keeps a configured batch size within [1, apiMax].
func clampBatch(n, apiMax int) int {
	return max(1, min(n, apiMax))
}
