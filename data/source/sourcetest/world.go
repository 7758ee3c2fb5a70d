// Package sourcetest serves stand-ins for every platform's API on local
// httptest servers, answering with the documented JSON and HTML shapes. The
// provider tests, the refresh engine's tests and benchmark, and end-to-end
// tests of the CLI (through AKIMWATCH_API_* variables) all use it.
package sourcetest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"akimwatch/data"
)

// Token is the token every stand-in accepts.
const Token = "tok-sourcetest-5ecret"

// InstagramAccountID is the IG user id the Instagram stand-in serves.
const InstagramAccountID = "17841405309211844"

// Kind tells the VK stand-in whether a handle is a person or a community.
type Kind uint8

// Account kinds for VK.
const (
	Person Kind = iota
	Community
)

// Entry is one account a stand-in knows.
type Entry struct {
	Followers int64
	Kind      Kind
	ID        int64 // numeric id (VK) or "UC…" suffix seed (YouTube)
}

// fault is a canned answer given instead of the real one.
type fault struct {
	status int
	header http.Header
	body   string
}

// World is a set of stand-in servers, one per platform, with the accounts
// they know. Safe for concurrent use.
type World struct {
	servers map[data.Platform]*httptest.Server

	mu      sync.Mutex
	known   map[data.Platform]map[string]Entry
	faults  map[data.Platform][]fault
	calls   map[data.Platform]*atomic.Int64
	nextIDs int64
}

// New starts a stand-in for every platform; they stop when tb ends.
func New(tb testing.TB) *World {
	w := &World{
		servers: map[data.Platform]*httptest.Server{},
		known:   map[data.Platform]map[string]Entry{},
		faults:  map[data.Platform][]fault{},
		calls:   map[data.Platform]*atomic.Int64{},
	}
	for _, p := range data.Platforms {
		w.known[p] = map[string]Entry{}
		w.calls[p] = &atomic.Int64{}
		srv := httptest.NewServer(w.wrap(p, w.handler(p)))
		tb.Cleanup(srv.Close)
		w.servers[p] = srv
	}
	return w
}

// URL returns the base URL of p's stand-in.
func (w *World) URL(p data.Platform) string { return w.servers[p].URL }

// Env returns the AKIMWATCH_API_* and AKIMWATCH_TOKEN_* variables (and
// AKIMWATCH_INSTAGRAM_ACCOUNT_ID) that point akimwatch at the stand-ins.
func (w *World) Env() map[string]string {
	// The names match source.BaseURLEnv, source.TokenEnv and
	// source.InstagramAccountEnv (this package cannot import source: the
	// provider tests import it).
	env := map[string]string{"AKIMWATCH_INSTAGRAM_ACCOUNT_ID": InstagramAccountID}
	for _, p := range data.Platforms {
		up := strings.ToUpper(string(p))
		env["AKIMWATCH_API_"+up] = w.URL(p)
		env["AKIMWATCH_TOKEN_"+up] = Token
	}
	return env
}

// BaseURLs returns the stand-ins' URLs, for source.Config.BaseURLs.
func (w *World) BaseURLs() map[data.Platform]string {
	out := map[data.Platform]string{}
	for _, p := range data.Platforms {
		out[p] = w.URL(p)
	}
	return out
}

// Set makes p's stand-in know handle with followers (a person on VK).
func (w *World) Set(p data.Platform, handle string, followers int64) {
	w.SetEntry(p, handle, Entry{Followers: followers})
}

// SetEntry makes p's stand-in know handle as e.
func (w *World) SetEntry(p data.Platform, handle string, e Entry) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if e.ID == 0 {
		w.nextIDs++
		e.ID = w.nextIDs
	}
	w.known[p][strings.ToLower(handle)] = e
}

// lookup returns what p's stand-in knows of handle.
func (w *World) lookup(p data.Platform, handle string) (Entry, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	e, ok := w.known[p][strings.ToLower(handle)]
	return e, ok
}

// Calls returns how many requests p's stand-in has answered.
func (w *World) Calls(p data.Platform) int { return int(w.calls[p].Load()) }

// FailNext makes p's stand-in answer the next n requests with status,
// header and body instead of the real answer.
func (w *World) FailNext(p data.Platform, n int, status int, header http.Header, body string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for range n {
		w.faults[p] = append(w.faults[p], fault{status: status, header: header, body: body})
	}
}

// wrap counts calls and serves queued faults.
func (w *World) wrap(p data.Platform, h http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.calls[p].Add(1)
		w.mu.Lock()
		var f *fault
		if q := w.faults[p]; len(q) > 0 {
			f = &q[0]
			w.faults[p] = q[1:]
		}
		w.mu.Unlock()
		if f != nil {
			for k, vs := range f.header {
				rw.Header()[k] = vs
			}
			rw.WriteHeader(f.status)
			_, _ = rw.Write([]byte(f.body))
			return
		}
		h.ServeHTTP(rw, r)
	})
}

// handler returns p's stand-in.
func (w *World) handler(p data.Platform) http.Handler {
	switch p {
	case data.Telegram:
		return http.HandlerFunc(w.telegram)
	case data.YouTube:
		return http.HandlerFunc(w.youtube)
	case data.X:
		return http.HandlerFunc(w.x)
	case data.Facebook:
		return http.HandlerFunc(w.facebook)
	case data.Instagram:
		return http.HandlerFunc(w.instagram)
	case data.VK:
		return http.HandlerFunc(w.vk)
	case data.Threads:
		return http.HandlerFunc(w.threads)
	case data.TikTok:
		return http.HandlerFunc(w.tiktok)
	}
	return http.NotFoundHandler()
}

// TokenRejection returns the answer p gives for a bad token: status,
// and body in the platform's documented error shape.
func TokenRejection(p data.Platform) (int, string) {
	switch p {
	case data.YouTube:
		return 400, `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","errors":[{"message":"API key not valid. Please pass a valid API key.","domain":"global","reason":"badRequest"}],"status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}`
	case data.X:
		return 401, `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`
	case data.Facebook, data.Instagram, data.Threads:
		return 400, `{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"AbCdEf"}}`
	case data.VK:
		return 200, `{"error":{"error_code":5,"error_msg":"User authorization failed: invalid access_token (4).","request_params":[]}}`
	case data.TikTok:
		return 401, `{"error":{"code":"access_token_invalid","message":"The access token is invalid or not found in the request.","log_id":"20240101000000"}}`
	}
	return 401, ""
}
