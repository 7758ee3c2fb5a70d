package source

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// faultCallTimeout is the per-call timeout of the fault tests: short, so a
// server that never finishes costs the test little.
const faultCallTimeout = 150 * time.Millisecond

// faultClient is a client for h with limits lifted, waits recorded and a
// short call timeout.
func faultClient(t *testing.T, h http.Handler) (*client, *sleeps) {
	return testClient(t, h, func(c *Config) { c.CallTimeout = faultCallTimeout })
}

// stall writes the headers and a first chunk, then holds the connection
// until the client gives up.
func stall(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"data":[`))
	w.(http.Flusher).Flush()
	<-r.Context().Done()
}

// reset closes the connection with an RST instead of answering.
func reset(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0) // close sends RST, not FIN
	}
	_ = conn.Close()
}

// endless streams up to n bytes of JSON-looking filler, counting what the
// client took before it hung up.
func endless(n int64, sent *atomic.Int64) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := bytes.Repeat([]byte(" "), 64<<10)
		for sent.Load() < n {
			k, err := w.Write(chunk)
			sent.Add(int64(k))
			if err != nil {
				return
			}
		}
	}
}

// gzipBomb answers with a small gzip stream that inflates to n bytes.
func gzipBomb(t *testing.T, n int) http.HandlerFunc {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zero := make([]byte, 1<<20)
	for range n >> 20 {
		if _, err := zw.Write(zero); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	body := buf.Bytes()
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(body)
	}
}

// TestClientFaultyNetworks runs the client against servers that misbehave
// on the wire: every case ends in an error of the right kind, after the
// right number of tries, without hanging.
func TestClientFaultyNetworks(t *testing.T) {
	var bigSent atomic.Int64
	cases := []struct {
		name      string
		h         http.HandlerFunc
		wantKind  error // nil: any error that is not a context error
		wantCalls int
		minWait   time.Duration // each recorded backoff wait at least this
		// roomy gives the call a long timeout: reading megabytes on a
		// loaded machine must not turn into a timeout.
		roomy bool
	}{
		{name: "slow body times out", h: stall, wantKind: ErrMalformed, wantCalls: DefaultMaxAttempts},
		{name: "no answer at all times out", h: func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, wantCalls: DefaultMaxAttempts},
		{name: "connection reset", h: reset, wantCalls: DefaultMaxAttempts},
		{name: "429 storm", h: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusTooManyRequests)
		}, wantKind: ErrRateLimited, wantCalls: DefaultMaxAttempts, minWait: 2 * time.Second},
		{name: "503 storm", h: func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) },
			wantKind: ErrHTTPStatus, wantCalls: DefaultMaxAttempts},
		{name: "gigantic body", h: endless(256<<20, &bigSent), wantKind: ErrMalformed, wantCalls: 1, roomy: true},
		{name: "gzip bomb", h: gzipBomb(t, 64<<20), wantKind: ErrMalformed, wantCalls: 1, roomy: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int64
			c, sl := faultClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				tc.h(w, r)
			}))
			if tc.roomy {
				c.timeout = time.Minute
			}
			start := time.Now()
			_, err := c.do(context.Background(), request{method: http.MethodGet, path: "/2/users/by"})
			took := time.Since(start)
			if err == nil || errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v", err)
			}
			if tc.wantKind != nil && !errors.Is(err, tc.wantKind) {
				t.Errorf("err = %v, want %v", err, tc.wantKind)
			}
			if got := calls.Load(); got != int64(tc.wantCalls) {
				t.Errorf("calls = %d, want %d", got, tc.wantCalls)
			}
			for _, d := range sl.all() {
				if d < tc.minWait {
					t.Errorf("waited %v, want at least %v", d, tc.minWait)
				}
			}
			if limit := time.Duration(tc.wantCalls)*faultCallTimeout + 10*time.Second; took > limit {
				t.Errorf("took %v, want under %v", took, limit)
			}
		})
	}
	// The client stopped reading the gigantic body soon after its cap.
	if sent := bigSent.Load(); sent > DefaultMaxBody+32<<20 { // socket buffers hold some
		t.Errorf("server sent %d bytes of a gigantic body, want the read to stop near %d", sent, DefaultMaxBody)
	}
}

// TestProvidersWrongContentType serves each provider an answer whose type
// is not what it expects: a picture, and an HTML page labelled JSON. Both
// are malformed answers, never a snapshot.
func TestProvidersWrongContentType(t *testing.T) {
	png := string([]byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'})
	answers := []struct {
		name, ctype, body string
	}{
		{"png", "image/png", png},
		{"html labelled json", "application/json", `<html><body><h1>502 Bad Gateway</h1></body></html>`},
		{"empty json", "application/json", ``},
	}
	for _, pc := range platformCases {
		for _, a := range answers {
			t.Run(string(pc.p)+"/"+a.name, func(t *testing.T) {
				w := sourcetest.New(t)
				pr, _ := newTestProvider(t, w, pc.p, sourcetest.Token)
				accs := pc.accounts(w, 1)
				w.FailNext(pc.p, 1, http.StatusOK, http.Header{"Content-Type": {a.ctype}}, a.body)
				res, err := pr.Fetch(context.Background(), accs)
				if err != nil {
					t.Fatalf("Fetch: %v", err)
				}
				if len(res) != 1 || res[0].Snapshot != nil || !errors.Is(res[0].Err, ErrMalformed) {
					t.Errorf("got %+v, want one malformed result", res)
				}
			})
		}
	}
}

// TestProvidersRefuseRedirectsToOtherHosts makes every platform's stand-in
// answer with a redirect to another server: the provider must not follow
// it, so its token never reaches that server, and the account fails.
func TestProvidersRefuseRedirectsToOtherHosts(t *testing.T) {
	for _, pc := range platformCases {
		for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
			t.Run(string(pc.p)+"/"+http.StatusText(status), func(t *testing.T) {
				var stolen atomic.Int64
				evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					stolen.Add(1)
					_, _ = w.Write([]byte(`{}`))
				}))
				defer evil.Close()
				w := sourcetest.New(t)
				pr, _ := newTestProvider(t, w, pc.p, sourcetest.Token)
				accs := pc.accounts(w, 1)
				w.FailNext(pc.p, 1, status, http.Header{"Location": {evil.URL + "/collect?from=akimwatch"}}, "")
				res, err := pr.Fetch(context.Background(), accs)
				if err != nil {
					t.Fatalf("Fetch: %v", err)
				}
				if stolen.Load() != 0 {
					t.Fatalf("the other host got %d requests", stolen.Load())
				}
				if len(res) != 1 || res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "redirect") {
					t.Fatalf("got %+v, want a failed account naming the redirect", res)
				}
				if w.Calls(pc.p) != 1 {
					t.Errorf("calls = %d, want 1 (a refused redirect is not retried)", w.Calls(pc.p))
				}
			})
		}
	}
}

// TestCheckRedirect covers the redirect rule: same host only, no https to
// http downgrade, and a bounded chain.
func TestCheckRedirect(t *testing.T) {
	base, _ := url.Parse("https://api.x.com")
	c := &client{platform: data.X, base: base}
	via := func(n int) []*http.Request {
		out := make([]*http.Request, n)
		for i := range out {
			out[i] = &http.Request{URL: base}
		}
		return out
	}
	cases := []struct {
		to   string
		hops int
		ok   bool
	}{
		{"https://api.x.com/2/users/by?usernames=a", 1, true},
		{"https://API.X.COM/2/users/by", 1, true},
		{"http://api.x.com/2/users/by", 1, false},
		{"https://evil.example/2/users/by", 1, false},
		{"https://api.x.com.evil.example/", 1, false},
		{"https://api.x.com:8443/", 1, false},
		{"https://api.x.com/loop", maxRedirects, false},
	}
	for _, tc := range cases {
		u, _ := url.Parse(tc.to)
		err := c.checkRedirect(&http.Request{URL: u}, via(tc.hops))
		if (err == nil) != tc.ok || (err != nil && !errors.Is(err, errRedirectRefused)) {
			t.Errorf("redirect to %s after %d: err = %v, want ok=%v", tc.to, tc.hops, err, tc.ok)
		}
	}
}

// TestClientFollowsSameHostRedirect checks a redirect within the base host
// is still followed.
func TestClientFollowsSameHostRedirect(t *testing.T) {
	c, _ := faultClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new?"+r.URL.RawQuery, http.StatusMovedPermanently)
			return
		}
		_, _ = w.Write([]byte(`{"path":"` + r.URL.Path + `"}`))
	}))
	resp, err := c.do(context.Background(), request{method: http.MethodGet, path: "/old", query: url.Values{"a": {"1"}}})
	if err != nil || !strings.Contains(string(resp.body), "/new") {
		t.Fatalf("resp %v, err %v", resp, err)
	}
}

// TestErrorsAreScrubbedWhateverTheProvider checks the last line of defence:
// a platform that echoes the token in any per-account message (here X's
// per-user problem detail) still yields token-free errors with their kinds.
func TestErrorsAreScrubbedWhateverTheProvider(t *testing.T) {
	w := sourcetest.New(t)
	pr, _ := newTestProvider(t, w, data.X, sourcetest.Token)
	accs := platformCases[2].accounts(w, 1)
	w.FailNext(data.X, 1, http.StatusOK, nil,
		`{"errors":[{"value":"`+accs[0].Handle+`","detail":"Could not find user; your token is `+sourcetest.Token+`","title":"Not Found Error","type":"https://api.twitter.com/2/problems/resource-not-found"}]}`)
	res, err := pr.Fetch(context.Background(), accs)
	if err != nil || len(res) != 1 || res[0].Err == nil {
		t.Fatalf("Fetch = %+v, %v", res, err)
	}
	if msg := res[0].Err.Error(); strings.Contains(msg, sourcetest.Token) || !strings.Contains(msg, redacted) {
		t.Errorf("error %q", msg)
	}
	if !errors.Is(res[0].Err, ErrNotFound) {
		t.Errorf("error %v lost its kind", res[0].Err)
	}
	if errors.Unwrap(res[0].Err) != nil {
		t.Error("the scrubbed error unwraps to the original text")
	}
}
