package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"akimwatch/data"
)

// TikTok reads public user counts from the TikTok Research API:
// POST {base}/v2/research/user/info/?fields=follower_count,… with
// Authorization: Bearer TOKEN (a client access token) and the body
// {"username":"H"}. The answer is {"data":{…},"error":{"code":"ok",…}}.
// Client access tokens last 2 hours: with the app's client key and secret
// set (keyring or AKIMWATCH_TIKTOK_CLIENT_KEY/_SECRET) a fresh one is
// fetched when needed (tiktokAuth); a token pasted by hand is the fallback.
type TikTok struct {
	c    *client
	auth *tiktokAuth
}

// tiktokMaxBatch: user info takes one username.
const tiktokMaxBatch = 1

// tiktokFields are the counters asked for.
const tiktokFields = "follower_count,following_count,video_count,likes_count"

// tiktokUsername is what TikTok accepts as a username.
var tiktokUsername = regexp.MustCompile(`^[A-Za-z0-9._]{1,24}$`)

// Platform returns data.TikTok.
func (t *TikTok) Platform() data.Platform { return data.TikTok }

// BatchSize is 1.
func (t *TikTok) BatchSize() int { return tiktokMaxBatch }

// Ready checks that a client key and secret, or a client access token,
// are configured.
func (t *TikTok) Ready(ctx context.Context) error {
	return t.auth.ready(ctx)
}

// tiktokAnswer is the user info answer.
type tiktokAnswer struct {
	Data *struct {
		Followers count `json:"follower_count"`
		Following count `json:"following_count"`
		Videos    count `json:"video_count"`
		Likes     count `json:"likes_count"`
		Private   bool  `json:"is_private"`
	} `json:"data"`
	Error *tiktokError `json:"error"`
}

// tiktokError is TikTok's ErrorStructV2.
type tiktokError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	LogID   string `json:"log_id"`
}

// Fetch looks each username up in its own call. A token TikTok calls
// invalid or expired is renewed once from the client key and secret.
func (t *TikTok) Fetch(ctx context.Context, accounts []data.Account) ([]Result, error) {
	if _, err := t.auth.token(ctx); err != nil {
		return nil, err
	}
	return eachAccount(ctx, accounts, func(ctx context.Context, a data.Account) (*data.Snapshot, error) {
		h := handleOf(a)
		if !tiktokUsername.MatchString(h) {
			return nil, malformed("%q is not a TikTok username", a.Handle)
		}
		snap, err := t.one(ctx, a, h)
		if errors.Is(err, ErrTokenRejected) && t.auth.renew() {
			snap, err = t.one(ctx, a, h)
		}
		if errors.Is(err, ErrRateLimited) {
			// The research API's only limit is its daily request quota
			// (1,000 a day, reset at 00:00 UTC): still refused after the
			// retries, the platform stops until then.
			err = &QuotaError{Platform: data.TikTok, Until: nextMidnight(t.c.now(), time.UTC), Detail: "rate_limit_exceeded"}
		}
		return snap, err
	})
}

// one makes a single user info call.
func (t *TikTok) one(ctx context.Context, a data.Account, h string) (*data.Snapshot, error) {
	tok, err := t.auth.token(ctx)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(map[string]string{"username": h})
	if err != nil {
		return nil, fmt.Errorf("encode TikTok request: %w", err)
	}
	resp, err := t.c.do(ctx, request{
		method: http.MethodPost,
		path:   "/v2/research/user/info/",
		query:  url.Values{"fields": {tiktokFields}},
		header: http.Header{"Authorization": {"Bearer " + tok}, "Content-Type": {"application/json"}},
		body:   body,
	})
	if err != nil {
		return nil, err
	}
	return t.parse(a, resp)
}

// parse classifies and reads a user info answer.
func (t *TikTok) parse(a data.Account, resp *response) (*data.Snapshot, error) {
	var ans tiktokAnswer
	decErr := decodeJSON(resp.body, &ans)
	if e := ans.Error; decErr == nil && e != nil && e.Code != "" && e.Code != "ok" {
		return nil, t.failure(resp.status, e) // the code decides, whatever the status
	}
	if resp.status == http.StatusUnauthorized {
		return nil, t.c.tokenRejected(resp.status)
	}
	if decErr != nil {
		if resp.status != http.StatusOK {
			return nil, fmt.Errorf("HTTP status %d: %w", resp.status, decErr)
		}
		return nil, decErr
	}
	if e := ans.Error; e != nil && e.Code != "" && e.Code != "ok" {
		return nil, t.failure(resp.status, e)
	}
	if resp.status != http.StatusOK {
		return nil, t.c.statusError(resp)
	}
	return parseTikTokData(a, &ans)
}

// parseTikTokData reads the data object of an "ok" answer.
func parseTikTokData(a data.Account, ans *tiktokAnswer) (*data.Snapshot, error) {
	if ans.Data == nil {
		return nil, malformed("answer has no data")
	}
	d := ans.Data
	if !d.Followers.ok && d.Private {
		return nil, kindErr(ErrPrivate, "TikTok user %s is private", handleOf(a))
	}
	return snapshot(a, data.SourceAPI, d.Followers, d.Following, d.Videos, d.Likes, count{})
}

// TikTok error codes akimwatch tells apart (the code decides, never the
// wording of the message, except to tell a private user from a missing one
// under invalid_params).
const (
	tiktokCodeTokenInvalid = "access_token_invalid"
	tiktokCodeScopeMissing = "scope_not_authorized"
	tiktokCodeScopeMissed  = "scope_permission_missed"
	tiktokCodeRateLimit    = "rate_limit_exceeded" // the research API's daily quota (1,000 requests)
	tiktokCodeInvalidParam = "invalid_params"
	tiktokCodeNotFound     = "user_not_found"
)

// tiktokAccessNeeded names what a research client needs.
const tiktokAccessNeeded = "an approved TikTok Research API project (client credentials with the research.data.basic scope)"

// failure classifies TikTok's error object.
func (t *TikTok) failure(status int, e *tiktokError) error {
	msg := t.c.scrub(e.Message)
	switch e.Code {
	case tiktokCodeTokenInvalid:
		return t.c.tokenRejected(status)
	case tiktokCodeScopeMissing, tiktokCodeScopeMissed:
		return &AccessError{Platform: data.TikTok, Need: tiktokAccessNeeded, Detail: e.Code}
	case tiktokCodeRateLimit:
		// The research API counts requests per day and resets at 00:00 UTC.
		return &QuotaError{Platform: data.TikTok, Until: nextMidnight(t.c.now(), time.UTC), Detail: e.Code}
	case tiktokCodeNotFound:
		return notFound("%s (%s)", msg, e.Code)
	case tiktokCodeInvalidParam:
		low := strings.ToLower(msg)
		switch {
		case strings.Contains(low, "private"):
			return kindErr(ErrPrivate, "%s (%s)", msg, e.Code)
		case strings.Contains(low, "not exist") || strings.Contains(low, "not found"):
			return notFound("%s (%s)", msg, e.Code)
		}
	}
	return &StatusError{Code: status, Detail: fmt.Sprintf("%s (%s)", msg, e.Code)}
}
