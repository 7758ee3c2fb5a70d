package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cenkalti/backoff/v5"
	"github.com/sirupsen/logrus"
	"golang.org/x/time/rate"

	"akimwatch/data"
)

// Retry tunes how a failed call is tried again.
type Retry struct {
	// MaxAttempts bounds the tries of one call, the first included.
	MaxAttempts int
	// Initial is the first backoff wait; each next one grows by Multiplier
	// up to Max, with ±50% jitter.
	Initial    time.Duration
	Multiplier float64
	Max        time.Duration
	// MaxWait is the longest wait the client accepts (a platform's
	// Retry-After included); a longer one fails the call as rate limited.
	MaxWait time.Duration
	// Sleep waits d or until ctx is done; nil means a real timer. Tests
	// pass a function that records d and returns at once.
	Sleep func(ctx context.Context, d time.Duration) error
}

// withDefaults fills zero fields from the documented defaults.
func (r Retry) withDefaults() Retry {
	if r.MaxAttempts <= 0 {
		r.MaxAttempts = DefaultMaxAttempts
	}
	if r.Initial <= 0 {
		r.Initial = DefaultInitialBackoff
	}
	if r.Multiplier < 1 {
		r.Multiplier = DefaultBackoffMultiplier
	}
	if r.Max <= 0 {
		r.Max = DefaultMaxBackoff
	}
	if r.MaxWait <= 0 {
		r.MaxWait = DefaultMaxRetryWait
	}
	if r.Sleep == nil {
		r.Sleep = sleep
	}
	return r
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// client is the HTTP plumbing one provider uses: base URL, limiter,
// retries, timeout and body cap.
type client struct {
	platform data.Platform
	base     *url.URL
	hc       *http.Client
	lim      *rate.Limiter
	retry    Retry
	timeout  time.Duration
	maxBody  int64
	now      func() time.Time
	log      logrus.FieldLogger
	batch    int
	// secret is the token, kept only to scrub it from any text that goes
	// into an error.
	secret atomic.Pointer[string]
}

// setSecret records the token so errors can be scrubbed of it.
func (c *client) setSecret(tok string) { c.secret.Store(&tok) }

// scrub removes the token from s.
func (c *client) scrub(s string) string { return scrub(s, c.secretText()) }

// secretText returns the token, or "" before one is known.
func (c *client) secretText() string {
	if p := c.secret.Load(); p != nil {
		return *p
	}
	return ""
}

// excerpt shortens a platform's answer for an error message, token-free:
// the token is removed from the whole answer before it is cut.
func (c *client) excerpt(b []byte) string { return excerpt(b, c.secretText()) }

// request is one API call.
type request struct {
	method string
	path   string // appended to the base URL's path
	query  url.Values
	header http.Header
	body   []byte
	// check, when set, inspects an answer that came back without a
	// transport error, 429 or 5xx; it may return retryLater(...) for
	// platforms that signal throttling in the body (VK error 6).
	check func(*response) error
}

// response is a platform's answer, body fully read.
type response struct {
	status int
	header http.Header
	body   []byte
}

// retryError marks an error worth another try, after at least after.
type retryError struct {
	err   error
	after time.Duration
}

func (e *retryError) Error() string { return e.err.Error() }
func (e *retryError) Unwrap() error { return e.err }

// retryLater marks err as transient.
func retryLater(err error, after time.Duration) error { return &retryError{err: err, after: after} }

// do sends r, trying again on transport errors, 429 and 5xx answers (and
// whatever r.check marks) with exponential backoff and jitter, honouring
// Retry-After and x-rate-limit-reset. Non-retryable statuses come back as a
// response for the provider to classify.
func (c *client) do(ctx context.Context, r request) (*response, error) {
	b := &backoff.ExponentialBackOff{
		InitialInterval:     c.retry.Initial,
		RandomizationFactor: 0.5,
		Multiplier:          c.retry.Multiplier,
		MaxInterval:         c.retry.Max,
	}
	b.Reset()
	for attempt := 1; ; attempt++ {
		resp, err := c.once(ctx, r)
		if err == nil && r.check != nil {
			err = r.check(resp)
		}
		if err == nil {
			return resp, nil
		}
		var re *retryError
		if !errors.As(err, &re) {
			return nil, err
		}
		if attempt >= c.retry.MaxAttempts {
			return nil, fmt.Errorf("after %d tries: %w", attempt, re.err)
		}
		wait := b.NextBackOff()
		if re.after > wait {
			wait = re.after
		}
		if wait > c.retry.MaxWait {
			return nil, fmt.Errorf("platform asks to wait %s: %w", wait.Round(time.Second), re.err)
		}
		c.log.WithFields(logrus.Fields{"platform": c.platform, "attempt": attempt, "wait": wait, "reason": c.scrub(re.err.Error())}).Debug("retrying API call")
		if err := c.retry.Sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// once makes one try of r.
func (c *client) once(ctx context.Context, r request) (*response, error) {
	if err := c.lim.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("%s rate limiter: %w", c.platform.Title(), err)
	}
	u := c.url(r)
	cctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(cctx, r.method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("build request %s: %s", RedactURL(u), c.scrub(err.Error()))
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	req.Header.Set("User-Agent", "akimwatch/1 (+https://github.com/akimwatch)")
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		if errors.Is(err, errRedirectRefused) {
			return nil, fmt.Errorf("%s %s: %w", r.method, RedactURL(u), err) // not worth another try
		}
		return nil, retryLater(fmt.Errorf("%s %s: %s: %w", r.method, RedactURL(u), c.scrub(err.Error()), ErrNetwork), 0)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, retryLater(fmt.Errorf("read answer of %s: %s: %w", RedactURL(u), c.scrub(err.Error()), ErrMalformed), 0)
	}
	if int64(len(raw)) > c.maxBody {
		return nil, malformed("answer of %s is larger than %d bytes", RedactURL(u), c.maxBody)
	}
	out := &response{status: resp.StatusCode, header: resp.Header, body: raw}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return nil, retryLater(fmt.Errorf("%s answered 429: %w", c.platform.Title(), ErrRateLimited), c.retryAfter(resp.Header))
	case resp.StatusCode >= 500:
		return nil, retryLater(&StatusError{Code: resp.StatusCode, Detail: c.excerpt(raw)}, c.retryAfter(resp.Header))
	}
	return out, nil
}

// url joins the base URL with r's path and query.
func (c *client) url(r request) *url.URL {
	u := *c.base
	u.Path = strings.TrimSuffix(u.Path, "/") + r.path
	u.RawPath = ""
	if r.query != nil {
		u.RawQuery = r.query.Encode()
	}
	return &u
}

// retryAfter reads how long the platform asks us to wait: Retry-After
// (seconds or an HTTP date) or x-rate-limit-reset (Unix seconds, as X
// sends). Zero when neither is present or both are in the past.
func (c *client) retryAfter(h http.Header) time.Duration {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if s, err := strconv.ParseInt(v, 10, 64); err == nil && s > 0 {
			return time.Duration(min(s, maxHeaderWait)) * time.Second
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(c.now()), 0)
		}
	}
	if v := strings.TrimSpace(h.Get("X-Rate-Limit-Reset")); v != "" {
		if s, err := strconv.ParseInt(v, 10, 64); err == nil && s > 0 && s < maxUnixSeconds {
			return max(time.Unix(s, 0).Sub(c.now()), 0)
		}
	}
	return 0
}

// Bounds that keep header arithmetic from overflowing on hostile input.
const (
	maxHeaderWait  = 365 * 24 * 3600 // one year, in seconds
	maxUnixSeconds = 1 << 40
)

// statusError classifies a non-2xx answer nobody recognised.
func (c *client) statusError(resp *response) error {
	return &StatusError{Code: resp.status, Detail: c.excerpt(resp.body)}
}

// tokenRejected is the whole-platform stop for a refused token.
func (c *client) tokenRejected(status int) error {
	return &TokenError{Platform: c.platform, Status: status}
}
