package source

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"

	"akimwatch/data"
)

// Instagram reads other professional accounts' counts through business
// discovery, run on the user's own professional account:
// GET {base}/v25.0/{IG_USER_ID}?fields=business_discovery.username(H){followers_count,follows_count,media_count}&access_token=TOKEN
// One username per call. Personal (non-professional) accounts cannot be
// read this way and come back as not found.
type Instagram struct {
	c         *client
	tok       *tokenHolder
	accountID string
}

// instagramMaxBatch: business discovery names one username per call.
const instagramMaxBatch = 1

// igUsername is what Instagram accepts as a username; anything else could
// break out of the field-expansion syntax, so it is refused before sending.
var igUsername = regexp.MustCompile(`^[A-Za-z0-9._]{1,30}$`)

// igAccountID is a numeric IG user id.
var igAccountID = regexp.MustCompile(`^[0-9]{1,30}$`)

// Platform returns data.Instagram.
func (ig *Instagram) Platform() data.Platform { return data.Instagram }

// BatchSize is 1.
func (ig *Instagram) BatchSize() int { return instagramMaxBatch }

// Ready checks that a token and the user's own IG account id are set.
func (ig *Instagram) Ready(ctx context.Context) error {
	if _, err := ig.tok.get(ctx); err != nil {
		return err
	}
	if !igAccountID.MatchString(ig.accountID) {
		return fmt.Errorf("%s: no valid id of your own professional account. Set it in Settings or %s: %w",
			data.Instagram.Title(), InstagramAccountEnv, ErrNoToken)
	}
	return nil
}

// instagramAnswer is the business discovery answer.
type instagramAnswer struct {
	BusinessDiscovery *struct {
		Followers count `json:"followers_count"`
		Follows   count `json:"follows_count"`
		Media     count `json:"media_count"`
	} `json:"business_discovery"`
}

// Fetch looks each username up in its own call.
func (ig *Instagram) Fetch(ctx context.Context, accounts []data.Account) ([]Result, error) {
	if err := ig.Ready(ctx); err != nil {
		return nil, err
	}
	tok, _ := ig.tok.get(ctx) // Ready has just looked it up
	return eachAccount(ctx, accounts, func(ctx context.Context, a data.Account) (*data.Snapshot, error) {
		h := handleOf(a)
		if !igUsername.MatchString(h) {
			return nil, malformed("%q is not an Instagram username", a.Handle)
		}
		resp, err := ig.c.do(ctx, request{
			method: http.MethodGet,
			path:   "/" + graphVersion + "/" + ig.accountID,
			query: url.Values{
				"fields":       {"business_discovery.username(" + h + "){followers_count,follows_count,media_count}"},
				"access_token": {tok},
			},
		})
		if err != nil {
			return nil, err
		}
		if resp.status != http.StatusOK || parseGraphError(resp.body) != nil {
			return nil, ig.c.graphFailure(resp)
		}
		return parseInstagram(a, resp.body)
	})
}

// parseInstagram reads a business discovery answer.
func parseInstagram(a data.Account, body []byte) (*data.Snapshot, error) {
	var ans instagramAnswer
	if err := decodeJSON(body, &ans); err != nil {
		return nil, err
	}
	bd := ans.BusinessDiscovery
	if bd == nil {
		return nil, malformed("answer has no business_discovery")
	}
	return snapshot(a, data.SourceAPI, bd.Followers, bd.Follows, bd.Media, count{}, count{})
}
