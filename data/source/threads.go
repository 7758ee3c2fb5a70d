package source

import (
	"context"
	"net/http"
	"net/url"
	"regexp"

	"akimwatch/data"
)

// Threads reads public profiles through the Threads profile discovery API:
// GET {base}/v1.0/profile_lookup?username=H&fields=…&access_token=TOKEN,
// which answers a flat object (follower_count, likes_count…). One username
// per call; it needs the threads_profile_discovery permission.
type Threads struct {
	c   *client
	tok *tokenHolder
}

// threadsMaxBatch: profile_lookup takes one username.
const threadsMaxBatch = 1

// threadsFields are the counters asked for.
const threadsFields = "username,follower_count,likes_count,views_count"

// threadsUsername is what Threads accepts as a username.
var threadsUsername = regexp.MustCompile(`^[A-Za-z0-9._]{1,30}$`)

// Platform returns data.Threads.
func (t *Threads) Platform() data.Platform { return data.Threads }

// BatchSize is 1.
func (t *Threads) BatchSize() int { return threadsMaxBatch }

// Ready checks that an access token is configured.
func (t *Threads) Ready(ctx context.Context) error {
	_, err := t.tok.get(ctx)
	return err
}

// threadsProfile is the profile_lookup answer.
type threadsProfile struct {
	Username  string `json:"username"`
	Followers count  `json:"follower_count"`
	Likes     count  `json:"likes_count"`
	Views     count  `json:"views_count"`
}

// Fetch looks each username up in its own call.
func (t *Threads) Fetch(ctx context.Context, accounts []data.Account) ([]Result, error) {
	tok, err := t.tok.get(ctx)
	if err != nil {
		return nil, err
	}
	return eachAccount(ctx, accounts, func(ctx context.Context, a data.Account) (*data.Snapshot, error) {
		h := handleOf(a)
		if !threadsUsername.MatchString(h) {
			return nil, malformed("%q is not a Threads username", a.Handle)
		}
		resp, err := t.c.do(ctx, request{
			method: http.MethodGet,
			path:   "/v1.0/profile_lookup",
			query:  url.Values{"username": {h}, "fields": {threadsFields}, "access_token": {tok}},
		})
		if err != nil {
			return nil, err
		}
		if resp.status != http.StatusOK || parseGraphError(resp.body) != nil {
			return nil, t.c.graphFailure(resp)
		}
		return parseThreads(a, resp.body)
	})
}

// parseThreads reads a profile_lookup answer.
func parseThreads(a data.Account, body []byte) (*data.Snapshot, error) {
	var p threadsProfile
	if err := decodeJSON(body, &p); err != nil {
		return nil, err
	}
	return snapshot(a, data.SourceAPI, p.Followers, count{}, count{}, p.Likes, p.Views)
}
