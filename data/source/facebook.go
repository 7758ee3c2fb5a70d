package source

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"akimwatch/data"
)

// Facebook reads Page counts from the Graph API, many Pages a call:
// GET {base}/v25.0/?ids=p1,p2…&fields=followers_count,fan_count&access_token=TOKEN
// answers {"p1":{…},"p2":{…}}. followers_count is stored as followers; a
// Page without it has its fan_count stored as page likes, a metric of its
// own (data.FlagPageLikes), never as followers.
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

// Fetch reads all Pages in one call. When the Graph API refuses the whole
// call because of some ids (error 803 for a personal profile or a missing
// alias, 100/33 for an object it will not read), those ids are isolated
// (fetchSplitting) and the other Pages are read in the same pass.
func (f *Facebook) Fetch(ctx context.Context, accounts []data.Account) ([]Result, error) {
	tok, err := f.tok.get(ctx)
	if err != nil {
		return nil, err
	}
	call := func(ctx context.Context, accs []data.Account) ([]Result, error) {
		pages, err := f.call(ctx, tok, accs)
		if err != nil {
			return nil, err
		}
		return matchFacebook(accs, pages), nil
	}
	return fetchSplitting(ctx, accounts, call, splitter{refused: graphBatchRefused, named: graphNamedIDs})
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
			res.Snapshot, res.Err = facebookSnapshot(a, p)
		}
		out = append(out, res)
	}
	return out
}

// facebookSnapshot reads a Page's count as what it is: followers_count as
// followers; where a Page gives no followers_count, its fan_count as page
// likes (flagged, so it never joins a follower series). Likes are kept in
// the likes column either way.
func facebookSnapshot(a data.Account, p facebookPage) (*data.Snapshot, error) {
	if p.Followers.ok {
		return snapshot(a, data.SourceAPI, p.Followers, count{}, count{}, p.Fans, count{})
	}
	if !p.Fans.ok {
		return nil, malformed("Page %s gave neither followers_count nor fan_count", handleOf(a))
	}
	snap, err := snapshot(a, data.SourceAPI, p.Fans, count{}, count{}, p.Fans, count{})
	if snap != nil {
		snap.Flags |= data.FlagPageLikes
	}
	return snap, err
}
