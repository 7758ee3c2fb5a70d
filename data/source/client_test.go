package source

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"akimwatch/data"
)

// rawClient is a client for one handler, limits lifted, waits recorded.
func rawClient(t *testing.T, h http.HandlerFunc, maxBody int64) (*client, *sleeps) {
	return testClient(t, h, func(c *Config) { c.MaxBody = maxBody })
}

// testClient is an X client for one handler with limits lifted and waits
// recorded; tune changes the rest of its Config.
func testClient(t *testing.T, h http.Handler, tune func(*Config)) (*client, *sleeps) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	sl := &sleeps{}
	cfg := Config{
		BaseURLs: map[data.Platform]string{data.X: srv.URL},
		Limits:   map[data.Platform]Limit{data.X: {Rate: rate.Inf, Batch: 100}},
		Retry:    Retry{Sleep: sl.sleep},
		Now:      func() time.Time { return testNow },
		Log:      quietLog(),
	}
	tune(&cfg)
	c, err := newClient(data.X, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, sl
}

func TestClientOversizedBody(t *testing.T) {
	c, _ := rawClient(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(strings.Repeat("x", 2048)))
	}, 1024)
	_, err := c.do(context.Background(), request{method: http.MethodGet, path: "/"})
	if !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want malformed", err)
	}
}

func TestClientTruncatedBody(t *testing.T) {
	calls := 0
	c, _ := rawClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Content-Length", "1000")
		_, _ = w.Write([]byte(`{"data":[`))
	}, 0)
	_, err := c.do(context.Background(), request{method: http.MethodGet, path: "/"})
	if !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want malformed", err)
	}
	if calls != DefaultMaxAttempts {
		t.Errorf("calls = %d, want %d (a cut answer is retried)", calls, DefaultMaxAttempts)
	}
}

func TestClientRetryAfterDate(t *testing.T) {
	first := true
	c, sl := rawClient(t, func(w http.ResponseWriter, r *http.Request) {
		if first {
			first = false
			w.Header().Set("Retry-After", testNow.Add(30*time.Second).Format(http.TimeFormat))
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}, 0)
	if _, err := c.do(context.Background(), request{method: http.MethodGet, path: "/"}); err != nil {
		t.Fatal(err)
	}
	if ds := sl.all(); len(ds) != 1 || ds[0] != 30*time.Second {
		t.Errorf("waits %v, want [30s]", ds)
	}
}

func TestClientBackoffGrowsWithJitter(t *testing.T) {
	c, sl := rawClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}, 0)
	_, err := c.do(context.Background(), request{method: http.MethodGet, path: "/"})
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 500 {
		t.Fatalf("err = %v", err)
	}
	ds := sl.all()
	if len(ds) != DefaultMaxAttempts-1 {
		t.Fatalf("waits %v", ds)
	}
	for i, d := range ds {
		base := DefaultInitialBackoff << i
		if d < base/2 || d > base*3/2 {
			t.Errorf("wait %d = %v, want %v ±50%%", i, d, base)
		}
	}
}

func TestClientCancelled(t *testing.T) {
	c, _ := rawClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}, 0)
	ctx, cancel := context.WithCancel(context.Background())
	c.retry.Sleep = func(context.Context, time.Duration) error { cancel(); return context.Canceled }
	_, err := c.do(ctx, request{method: http.MethodGet, path: "/"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want cancelled", err)
	}
}

func TestErrorsNeverCarryTheToken(t *testing.T) {
	const secret = "EAAB-very-secret-token"
	c, _ := rawClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"detail":"bad token ` + secret + `"}`))
	}, 0)
	c.setSecret(secret)
	c.base.Host = "127.0.0.1:1" // nothing listens: a transport error with the URL
	_, err := c.do(context.Background(), request{method: http.MethodGet, path: "/x", query: url.Values{"access_token": {secret}, "key": {secret}}})
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "access_token=REDACTED") {
		t.Errorf("err %q does not show the redacted URL", err)
	}
}

func TestRedactURL(t *testing.T) {
	u, _ := url.Parse("https://graph.facebook.com/v25.0/?ids=a,b&access_token=SECRET&fields=x")
	got := RedactURL(u)
	if strings.Contains(got, "SECRET") || !strings.Contains(got, "ids=a%2Cb") {
		t.Errorf("RedactURL = %q", got)
	}
	u, _ = url.Parse("https://www.googleapis.com/youtube/v3/channels?key=SECRET")
	if got := RedactURL(u); strings.Contains(got, "SECRET") {
		t.Errorf("RedactURL = %q", got)
	}
}

func TestBaseURLFromEnv(t *testing.T) {
	env := map[string]string{"AKIMWATCH_API_X": "http://127.0.0.1:8081/"}
	c, err := newClient(data.X, Config{Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.url(request{path: "/2/users/by"}).String(); got != "http://127.0.0.1:8081/2/users/by" {
		t.Errorf("url = %q", got)
	}
	env["AKIMWATCH_API_X"] = "ftp://nope"
	if _, err := newClient(data.X, Config{Getenv: func(k string) string { return env[k] }}); !errors.Is(err, data.ErrInvalid) {
		t.Errorf("bad override: %v", err)
	}
}
