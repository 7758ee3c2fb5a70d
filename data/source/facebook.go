package source

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"akimwatch/data"
)

// Facebook reads Page counts from the Graph API, many Pages a call:
// GET {base}/v25.0/?ids=p1,p2…&fields=followers_count,fan_count&access_token=TOKEN
// answers {"p1":{…},"p2":{…}}. followers_count is used, fan_count (likes)
// when a Page has no followers_count.
type Facebook struct {
	c   *client
	tok *tokenHolder
}

// Graph API version and batch limit.
const (
	graphVersion     = "v25.0"
	facebookMaxBatch = 50 // the Graph API's limit on ids= in one call
)

// Platform returns data.Facebook.
func (f *Facebook) Platform() data.Platform { return data.Facebook }

// BatchSize is 50 ids per call.
func (f *Facebook) BatchSize() int { return clampBatch(f.c.batch, facebookMaxBatch) }

// Ready checks that an access token is configured.
func (f *Facebook) Ready(ctx context.Context) error {
	_, err := f.tok.get(ctx)
	return err
}

// facebookPage is one entry of the ?ids= answer.
type facebookPage struct {
	ID        string `json:"id"`
	Followers count  `json:"followers_count"`
	Fans      count  `json:"fan_count"`
}

// Fetch reads all Pages in one call. When the Graph API refuses the call
// because some ids do not exist (error 803), those are marked not found
// and the rest are asked for once more.
func (f *Facebook) Fetch(ctx context.Context, accounts []data.Account) ([]Result, error) {
	tok, err := f.tok.get(ctx)
	if err != nil {
		return nil, err
	}
	var out []Result
	pending := accounts
	for try := 0; try < 2 && len(pending) > 0; try++ {
		pages, err := f.call(ctx, tok, pending)
		if err == nil {
			return append(out, matchFacebook(pending, pages)...), nil
		}
		missing := missingAliases(err)
		if missing == nil || try == 1 {
			res, stop := batchOutcome(pending, err)
			if stop != nil {
				return nil, stop
			}
			return append(out, res...), nil
		}
		var rest []data.Account
		for _, a := range pending {
			if missing[strings.ToLower(handleOf(a))] {
				out = append(out, Result{AccountID: a.ID, Err: err})
			} else {
				rest = append(rest, a)
			}
		}
		if len(rest) == len(pending) { // the message named none of ours
			res, stop := batchOutcome(pending, err)
			if stop != nil {
				return nil, stop
			}
			return append(out, res...), nil
		}
		pending = rest
	}
	return out, nil
}

// call makes one ?ids= request.
func (f *Facebook) call(ctx context.Context, tok string, accounts []data.Account) (map[string]json.RawMessage, error) {
	ids := make([]string, len(accounts))
	for i, a := range accounts {
		ids[i] = handleOf(a)
	}
	resp, err := f.c.do(ctx, request{
		method: http.MethodGet,
		path:   "/" + graphVersion + "/",
		query:  url.Values{"ids": {strings.Join(ids, ",")}, "fields": {"followers_count,fan_count"}, "access_token": {tok}},
	})
	if err != nil {
		return nil, err
	}
	if resp.status != http.StatusOK || parseGraphError(resp.body) != nil {
		return nil, f.c.graphFailure(resp)
	}
	var pages map[string]json.RawMessage
	if err := decodeJSON(resp.body, &pages); err != nil {
		return nil, err
	}
	return pages, nil
}

// matchFacebook pairs accounts with the answer's keys (the ids as asked).
func matchFacebook(accounts []data.Account, pages map[string]json.RawMessage) []Result {
	lower := make(map[string]json.RawMessage, len(pages))
	for k, v := range pages {
		lower[strings.ToLower(k)] = v
	}
	out := make([]Result, 0, len(accounts))
	for _, a := range accounts {
		h := handleOf(a)
		res := Result{AccountID: a.ID}
		raw, ok := lower[strings.ToLower(h)]
		if !ok {
			res.Err = malformed("answer does not mention %s", h) // missing ids come back as error 803
			out = append(out, res)
			continue
		}
		var p facebookPage
		if err := decodeJSON(raw, &p); err != nil {
			res.Err = err
		} else {
			followers := p.Followers
			if !followers.ok {
				followers = p.Fans
			}
			res.Snapshot, res.Err = snapshot(a, data.SourceAPI, followers, count{}, count{}, p.Fans, count{})
		}
		out = append(out, res)
	}
	return out
}

// missingAliases reads the ids named by a Graph error 803 ("Some of the
// aliases you requested do not exist: a,b"), lower-cased; nil otherwise.
func missingAliases(err error) map[string]bool {
	if !errors.Is(err, ErrNotFound) {
		return nil
	}
	msg := err.Error()
	const marker = "do not exist:"
	i := strings.Index(msg, marker)
	if i < 0 {
		return nil
	}
	rest := msg[i+len(marker):]
	if j := strings.Index(rest, "(code"); j >= 0 {
		rest = rest[:j]
	}
	out := map[string]bool{}
	for _, s := range strings.Split(rest, ",") {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			out[s] = true
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
