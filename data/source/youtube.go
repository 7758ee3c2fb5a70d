package source

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"akimwatch/data"
)

// YouTube reads channel statistics from the YouTube Data API v3:
// GET {base}/youtube/v3/channels?part=statistics&id=ID1,ID2…&key=TOKEN for
// channel ids (up to 50 a call, 1 quota unit), and …&forHandle=@h for a
// handle, which the API takes one at a time (1 unit each). A handle is
// resolved once: its channel id is kept on the account (Result.PlatformID)
// and read in the id batches afterwards.
type YouTube struct {
	c   *client
	tok *tokenHolder
}

// youtubeMaxBatch is the most channel ids channels.list takes in one call.
const youtubeMaxBatch = 50

// channelIDPattern matches a YouTube channel id ("UC" + 22 characters).
var channelIDPattern = regexp.MustCompile(`^UC[A-Za-z0-9_-]{22}$`)

// Platform returns data.YouTube.
func (y *YouTube) Platform() data.Platform { return data.YouTube }

// BatchSize is 50 channel ids per call.
func (y *YouTube) BatchSize() int { return clampBatch(y.c.batch, youtubeMaxBatch) }

// Ready checks that an API key is configured.
func (y *YouTube) Ready(ctx context.Context) error {
	_, err := y.tok.get(ctx)
	return err
}

// youtubeList is the channels.list answer.
type youtubeList struct {
	Items []struct {
		ID         string `json:"id"`
		Statistics *struct {
			ViewCount       count `json:"viewCount"`
			SubscriberCount count `json:"subscriberCount"`
			Hidden          bool  `json:"hiddenSubscriberCount"`
			VideoCount      count `json:"videoCount"`
		} `json:"statistics"`
	} `json:"items"`
}

// youtubeError is the Google API error envelope.
type youtubeError struct {
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Errors  []struct {
			Reason string `json:"reason"`
		} `json:"errors"`
		Details []struct {
			Reason string `json:"reason"`
		} `json:"details"`
	} `json:"error"`
}

// channelID returns the channel id to read a by: the id resolved on an
// earlier pass, or the handle when it is an id; "" for an unresolved handle.
func channelID(a data.Account) string {
	if channelIDPattern.MatchString(a.PlatformID) {
		return a.PlatformID
	}
	if h := handleOf(a); channelIDPattern.MatchString(h) {
		return h
	}
	return ""
}

// Fetch reads all known channel ids in one call and resolves each
// unresolved @handle with its own forHandle call; the channel id it finds
// comes back in Result.PlatformID, so the next pass reads it by id.
func (y *YouTube) Fetch(ctx context.Context, accounts []data.Account) ([]Result, error) {
	key, err := y.tok.get(ctx)
	if err != nil {
		return nil, err
	}
	var ids, handles []data.Account
	for _, a := range accounts {
		if channelID(a) != "" {
			ids = append(ids, a)
		} else {
			handles = append(handles, a)
		}
	}
	out := make([]Result, 0, len(accounts))
	if len(ids) > 0 {
		names := make([]string, len(ids))
		for i, a := range ids {
			names[i] = channelID(a)
		}
		q := url.Values{"part": {"statistics"}, "id": {strings.Join(names, ",")}, "maxResults": {"50"}, "key": {key}}
		list, err := y.list(ctx, q)
		if err != nil {
			res, stop := batchOutcome(ids, err)
			if stop != nil {
				return nil, stop
			}
			out = append(out, res...)
		} else {
			out = append(out, matchYouTube(ids, list)...)
		}
	}
	for _, a := range handles {
		h := handleOf(a)
		if h == "" {
			out = append(out, Result{AccountID: a.ID, Err: malformed("empty handle")})
			continue
		}
		q := url.Values{"part": {"statistics"}, "forHandle": {"@" + h}, "key": {key}}
		list, err := y.list(ctx, q)
		if err != nil {
			if StopsPlatform(err) {
				return nil, err
			}
			out = append(out, Result{AccountID: a.ID, Err: err})
			continue
		}
		if len(list.Items) == 0 || !channelIDPattern.MatchString(list.Items[0].ID) {
			out = append(out, Result{AccountID: a.ID, Err: notFound("YouTube has no channel @%s", h)})
			continue
		}
		id := list.Items[0].ID
		res := matchYouTube([]data.Account{{ID: a.ID, Handle: id, Platform: a.Platform}}, list)[0]
		res.PlatformID = id
		out = append(out, res)
	}
	return out, nil
}

// list makes one channels.list call.
func (y *YouTube) list(ctx context.Context, q url.Values) (*youtubeList, error) {
	resp, err := y.c.do(ctx, request{method: http.MethodGet, path: "/youtube/v3/channels", query: q})
	if err != nil {
		return nil, err
	}
	if resp.status != http.StatusOK {
		return nil, y.failure(resp)
	}
	var list youtubeList
	if err := decodeJSON(resp.body, &list); err != nil {
		return nil, err
	}
	return &list, nil
}

// matchYouTube pairs accounts with the items of a channels.list answer by
// channel id. A channel missing from the answer is recorded as not found
// on the account (which stays watched).
func matchYouTube(accounts []data.Account, list *youtubeList) []Result {
	out := make([]Result, 0, len(accounts))
	for _, a := range accounts {
		id := channelID(a)
		res := Result{AccountID: a.ID, Err: notFound("YouTube has no channel %s (not in the answer)", id)}
		for _, it := range list.Items {
			if it.ID != id {
				continue
			}
			st := it.Statistics
			switch {
			case st == nil:
				res.Err = malformed("channel %s came without statistics", id)
			case st.Hidden:
				res.Err = kindErr(ErrHiddenCount, "channel %s hides its subscriber count", id)
			default:
				res.Err = nil
				res.Snapshot, res.Err = snapshot(a, data.SourceAPI, st.SubscriberCount, count{}, st.VideoCount, count{}, st.ViewCount)
				if res.Snapshot != nil {
					// YouTube gives subscribers rounded to 3 significant digits.
					res.Snapshot.Flags |= data.FlagRounded
				}
			}
			break
		}
		out = append(out, res)
	}
	return out
}

// Google error reasons that mean the key itself is refused.
var youtubeKeyReasons = map[string]bool{
	"keyInvalid": true, "API_KEY_INVALID": true, "keyExpired": true, "API_KEY_EXPIRED": true,
	"accessNotConfigured": true, "SERVICE_DISABLED": true, "ipRefererBlocked": true,
	"API_KEY_SERVICE_BLOCKED": true, "API_KEY_HTTP_REFERRER_BLOCKED": true, "API_KEY_IP_ADDRESS_BLOCKED": true,
}

// Google error reasons that mean a short-term rate limit.
var youtubeRateReasons = map[string]bool{
	"rateLimitExceeded": true, "userRateLimitExceeded": true, "RATE_LIMIT_EXCEEDED": true,
}

// Google error reasons that mean the daily quota (10,000 units) is used up;
// it resets at midnight Pacific time.
var youtubeDailyReasons = map[string]bool{"quotaExceeded": true, "dailyLimitExceeded": true}

// Google error reasons that mean the key may not read this resource.
var youtubeForbiddenReasons = map[string]bool{"forbidden": true, "channelForbidden": true}

// failure classifies a non-200 channels.list answer.
func (y *YouTube) failure(resp *response) error {
	if resp.status == http.StatusUnauthorized {
		return y.c.tokenRejected(resp.status)
	}
	var env youtubeError
	if err := decodeJSON(resp.body, &env); err != nil || env.Error == nil {
		if err == nil {
			err = errors.New("no error object")
		}
		return fmt.Errorf("HTTP status %d: %w", resp.status, err)
	}
	var reasons []string
	for _, e := range env.Error.Errors {
		reasons = append(reasons, e.Reason)
	}
	for _, d := range env.Error.Details {
		reasons = append(reasons, d.Reason)
	}
	for _, r := range reasons {
		if youtubeKeyReasons[r] {
			return y.c.tokenRejected(resp.status)
		}
	}
	for _, r := range reasons {
		switch {
		case youtubeDailyReasons[r]:
			return &QuotaError{Platform: data.YouTube, Until: nextMidnight(y.c.now(), pacific), Detail: r}
		case youtubeRateReasons[r]:
			return fmt.Errorf("%s (%s): %w", y.c.scrub(env.Error.Message), r, ErrRateLimited)
		case youtubeForbiddenReasons[r]:
			return kindErr(ErrPermission, "%s (%s)", y.c.scrub(env.Error.Message), r)
		}
	}
	return &StatusError{Code: resp.status, Detail: y.c.scrub(env.Error.Message)}
}
