package source

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"akimwatch/data"
)

// TikTok reads public user counts from the TikTok Research API:
// POST {base}/v2/research/user/info/?fields=follower_count,… with
// Authorization: Bearer TOKEN (a client access token) and the body
// {"username":"H"}. The answer is {"data":{…},"error":{"code":"ok",…}}.
type TikTok struct {
	c   *client
	tok *tokenHolder
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

// Ready checks that a client access token is configured.
func (t *TikTok) Ready(ctx context.Context) error {
	_, err := t.tok.get(ctx)
	return err
}

// tiktokAnswer is the user info answer.
type tiktokAnswer struct {
	Data *struct {
		Followers count `json:"follower_count"`
		Following count `json:"following_count"`
		Videos    count `json:"video_count"`
		Likes     count `json:"likes_count"`
	} `json:"data"`
	Error *tiktokError `json:"error"`
}

// tiktokError is TikTok's ErrorStructV2.
type tiktokError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	LogID   string `json:"log_id"`
}

// Fetch looks each username up in its own call.
func (t *TikTok) Fetch(ctx context.Context, accounts []data.Account) ([]Result, error) {
	tok, err := t.tok.get(ctx)
	if err != nil {
		return nil, err
	}
	return eachAccount(ctx, accounts, func(ctx context.Context, a data.Account) (*data.Snapshot, error) {
		h := handleOf(a)
		if !tiktokUsername.MatchString(h) {
			return nil, malformed("%q is not a TikTok username", a.Handle)
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
	})
}

// parse classifies and reads a user info answer.
func (t *TikTok) parse(a data.Account, resp *response) (*data.Snapshot, error) {
	var ans tiktokAnswer
	decErr := decodeJSON(resp.body, &ans)
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
	return snapshot(a, data.SourceAPI, d.Followers, d.Following, d.Videos, d.Likes, count{})
}

// failure classifies TikTok's error object.
func (t *TikTok) failure(status int, e *tiktokError) error {
	msg := t.c.scrub(e.Message)
	low := strings.ToLower(e.Code + " " + e.Message)
	switch {
	case strings.Contains(e.Code, "access_token") || e.Code == "scope_not_authorized" || e.Code == "scope_permission_missed":
		return t.c.tokenRejected(status)
	case e.Code == "rate_limit_exceeded":
		return fmt.Errorf("%s (%s): %w", msg, e.Code, ErrRateLimited)
	case strings.Contains(low, "not_found") || strings.Contains(low, "not found") || strings.Contains(low, "does not exist"):
		return notFound("%s (%s)", msg, e.Code)
	}
	return &StatusError{Code: status, Detail: fmt.Sprintf("%s (%s)", msg, e.Code)}
}
