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

// XProvider reads public metrics from the X API v2:
// GET {base}/2/users/by?usernames=a,b…&user.fields=public_metrics with
// Authorization: Bearer TOKEN, up to 100 usernames a call. Names that do
// not resolve come back in errors[] beside data[].
type XProvider struct {
	c   *client
	tok *tokenHolder
}

// xMaxBatch is the most usernames GET /2/users/by takes in one call.
const xMaxBatch = 100

// xUsername is what X accepts as a username; one bad name fails the whole
// call with 400, so bad names are refused before sending.
var xUsername = regexp.MustCompile(`^[A-Za-z0-9_]{1,15}$`)

// Platform returns data.X.
func (x *XProvider) Platform() data.Platform { return data.X }

// BatchSize is 100 usernames per call.
func (x *XProvider) BatchSize() int { return clampBatch(x.c.batch, xMaxBatch) }

// Ready checks that a bearer token is configured.
func (x *XProvider) Ready(ctx context.Context) error {
	_, err := x.tok.get(ctx)
	return err
}

// xUsers is the /2/users/by answer.
type xUsers struct {
	Data []struct {
		ID            string `json:"id"`
		Username      string `json:"username"`
		PublicMetrics *struct {
			Followers count `json:"followers_count"`
			Following count `json:"following_count"`
			Tweets    count `json:"tweet_count"`
			Likes     count `json:"like_count"`
		} `json:"public_metrics"`
	} `json:"data"`
	Errors []xProblem `json:"errors"`
	// Top-level problem fields, present on whole-request errors.
	Title  string `json:"title"`
	Detail string `json:"detail"`
	Type   string `json:"type"`
	// Reason and RequiredEnrollment come with a client-forbidden problem:
	// "client-not-enrolled" and the access level the app lacks.
	Reason             string `json:"reason"`
	RequiredEnrollment string `json:"required_enrollment"`
}

// xProblem is one entry of errors[].
type xProblem struct {
	Value      string `json:"value"`
	Detail     string `json:"detail"`
	Title      string `json:"title"`
	Type       string `json:"type"`
	ResourceID string `json:"resource_id"`
	Parameter  string `json:"parameter"`
}

// Fetch looks all usernames up in one call.
func (x *XProvider) Fetch(ctx context.Context, accounts []data.Account) ([]Result, error) {
	tok, err := x.tok.get(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(accounts))
	var send []data.Account
	for _, a := range accounts {
		h := handleOf(a)
		if !xUsername.MatchString(h) {
			out = append(out, Result{AccountID: a.ID, Err: malformed("%q is not an X username", a.Handle)})
			continue
		}
		send = append(send, a)
	}
	if len(send) == 0 {
		return out, nil
	}
	call := func(ctx context.Context, accs []data.Account) ([]Result, error) {
		names := make([]string, len(accs))
		for i, a := range accs {
			names[i] = handleOf(a)
		}
		resp, err := x.c.do(ctx, request{
			method: http.MethodGet,
			path:   "/2/users/by",
			query:  url.Values{"usernames": {strings.Join(names, ",")}, "user.fields": {"public_metrics"}},
			header: http.Header{"Authorization": {"Bearer " + tok}},
		})
		if err == nil && resp.status != http.StatusOK {
			err = x.failure(resp)
		}
		var users xUsers
		if err == nil {
			err = decodeJSON(resp.body, &users)
		}
		if err != nil {
			return nil, err
		}
		return matchX(accs, &users), nil
	}
	// A 400 for the whole call names one username X will not take: split.
	res, err := fetchSplitting(ctx, send, call, splitter{refused: xBatchRefused})
	if err != nil {
		return nil, err
	}
	return append(out, res...), nil
}

// xBatchRefused reports whether X refused the whole call over its input
// (400), which one bad username can cause.
func xBatchRefused(err error) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Code == http.StatusBadRequest
}

// matchX pairs accounts with data[] and errors[] by username.
func matchX(accounts []data.Account, users *xUsers) []Result {
	out := make([]Result, 0, len(accounts))
	for _, a := range accounts {
		h := handleOf(a)
		res := Result{AccountID: a.ID, Err: malformed("answer does not mention @%s", h)}
		found := false
		for _, u := range users.Data {
			if !strings.EqualFold(u.Username, h) {
				continue
			}
			found = true
			if u.PublicMetrics == nil {
				res.Err = malformed("@%s came without public_metrics", h)
				break
			}
			m := u.PublicMetrics
			res.Snapshot, res.Err = snapshot(a, data.SourceAPI, m.Followers, m.Following, m.Tweets, m.Likes, count{})
			break
		}
		if !found {
			for _, p := range users.Errors {
				if !strings.EqualFold(p.Value, h) && !strings.EqualFold(p.ResourceID, h) {
					continue
				}
				res.Err = xProblemErr(p)
				break
			}
		}
		out = append(out, res)
	}
	return out
}

// xProblemErr classifies one errors[] entry about a username. X gives a
// suspended user the resource-not-found type too ("User has been
// suspended: [name]", title "Forbidden"), so the detail decides first.
func xProblemErr(p xProblem) error {
	low := strings.ToLower(p.Detail)
	switch {
	case strings.Contains(low, "suspended"):
		return kindErr(ErrSuspended, "%s", p.Detail)
	case strings.Contains(low, "not authorized to see"):
		return kindErr(ErrPrivate, "%s", p.Detail)
	case strings.HasSuffix(p.Type, "/resource-not-found") || p.Title == "Not Found Error":
		return notFound("%s", p.Detail)
	}
	return fmt.Errorf("%s: %s", data.X.Title(), p.Detail)
}

// xAccessNeeded is what a client-forbidden answer asks for when it names
// no level of its own.
const xAccessNeeded = "an app attached to a Project with the Basic plan or higher (or pay-per-use credits)"

// failure classifies a non-200 answer: 401 rejects the token; 403
// client-forbidden (reason client-not-enrolled) means the app's access
// level cannot call users/by, which stops the platform with one message.
func (x *XProvider) failure(resp *response) error {
	var p xUsers
	_ = decodeJSON(resp.body, &p) // best effort: the status decides
	switch {
	case resp.status == http.StatusUnauthorized:
		return x.c.tokenRejected(resp.status)
	case resp.status == http.StatusForbidden && strings.Contains(p.Type, "unsupported-authentication"):
		return x.c.tokenRejected(resp.status)
	case resp.status == http.StatusForbidden &&
		(strings.HasSuffix(p.Type, "/client-forbidden") || strings.HasSuffix(p.Reason, "-not-enrolled")):
		need := xAccessNeeded
		if e := strings.TrimSpace(p.RequiredEnrollment); e != "" && !strings.EqualFold(e, "Appropriate Level of API Access") {
			need = fmt.Sprintf("the %q level: %s", x.c.scrub(e), xAccessNeeded)
		}
		reason := p.Reason
		if reason == "" {
			reason = "client-forbidden"
		}
		return &AccessError{Platform: data.X, Need: need, Detail: x.c.scrub(reason)}
	}
	if p.Detail != "" {
		return &StatusError{Code: resp.status, Detail: x.c.scrub(p.Detail)}
	}
	return x.c.statusError(resp)
}
