package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"akimwatch/data"
)

// secretParams are query parameters that carry credentials.
var secretParams = []string{"access_token", "key", "token", "client_secret", "api_key"}

const redacted = "REDACTED"

// RedactURL returns u as text with every credential-bearing query parameter
// replaced, so it can go into an error or a log line.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	q := c.Query()
	changed := false
	for _, k := range secretParams {
		if q.Has(k) {
			q.Set(k, redacted)
			changed = true
		}
	}
	if changed {
		c.RawQuery = q.Encode()
	}
	return c.String()
}

// minSecret is the shortest secret scrub looks for: a shorter string would
// match ordinary words in a platform's answer.
const minSecret = 4

// scrub removes secret from s (for text that came back from a platform and
// might echo it), in every form a platform may echo it in: as sent,
// URL-encoded (query or path) and JSON-escaped. It must see the whole text:
// a secret cut in two by a shortened message can no longer be matched, so
// every cut comes after scrub (see excerpt).
func scrub(s, secret string) string {
	if len(secret) < minSecret {
		return s
	}
	for _, form := range secretForms(secret) {
		s = strings.ReplaceAll(s, form, redacted)
	}
	return s
}

// secretForms returns secret as sent and as a platform may have encoded it
// when echoing it back, longest first so no form is left half-replaced.
func secretForms(secret string) []string {
	forms := []string{secret}
	add := func(f string) {
		if !slices.Contains(forms, f) {
			forms = append(forms, f)
		}
	}
	add(url.QueryEscape(secret))
	add(url.PathEscape(secret))
	if b, err := json.Marshal(secret); err == nil {
		j := string(b[1 : len(b)-1])
		add(j)
		add(strings.ReplaceAll(j, "/", `\/`)) // PHP-style JSON escapes "/"
	}
	slices.SortStableFunc(forms, func(a, b string) int { return len(b) - len(a) })
	return forms
}

// maxExcerpt bounds a platform's answer quoted in an error, in bytes.
const maxExcerpt = 200

// excerpt shortens a platform's answer for an error message: one line, at
// most maxExcerpt bytes, with the secret removed. The secret is removed
// from the whole answer before it is cut, so a secret that straddles the
// cut cannot leave its first part behind.
func excerpt(b []byte, secret string) string {
	s := strings.Join(strings.Fields(scrub(string(b), secret)), " ")
	s = scrub(s, secret) // collapsing white space may join an echoed secret back together
	if len(s) > maxExcerpt {
		cut := maxExcerpt
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// maxRedirects bounds the redirects one call follows (within the base host).
const maxRedirects = 5

// errRedirectRefused marks a redirect away from the platform's configured
// base: following it would send the query (and its token) to another host.
var errRedirectRefused = errors.New("redirect to another host refused")

// checkRedirect lets a call follow a redirect only to the configured base's
// host, and never from https down to http, so no token leaves for a host
// other than the platform's base. It runs before the redirected request is
// sent.
func (c *client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("%s: more than %d redirects: %w", c.platform.Title(), maxRedirects, errRedirectRefused)
	}
	if !strings.EqualFold(req.URL.Host, c.base.Host) || (c.base.Scheme == "https" && req.URL.Scheme != "https") {
		return fmt.Errorf("%s answered with a redirect to %s://%s, not its configured base %s://%s: %w",
			c.platform.Title(), req.URL.Scheme, req.URL.Host, c.base.Scheme, c.base.Host, errRedirectRefused)
	}
	return nil
}

// scrubbing wraps a provider so every error it returns is scrubbed of the
// token, whatever text a platform put into it: a last line of defence
// behind the scrubbing each provider does, since these errors are stored
// in the database and written to the log.
type scrubbing struct {
	Provider
	c *client
}

// Ready checks the provider can run; the error is token-free.
func (s *scrubbing) Ready(ctx context.Context) error { return s.c.scrubErr(s.Provider.Ready(ctx)) }

// Fetch reads the accounts' counters; every error is token-free.
func (s *scrubbing) Fetch(ctx context.Context, accounts []data.Account) ([]Result, error) {
	res, err := s.Provider.Fetch(ctx, accounts)
	for i := range res {
		res[i].Err = s.c.scrubErr(res[i].Err)
	}
	return res, s.c.scrubErr(err)
}

// scrubErr returns err, or an error with the same kinds (errors.Is and
// errors.As still match) whose text has the token removed.
func (c *client) scrubErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := c.scrub(msg); clean != msg {
		return &scrubbedError{msg: clean, err: err}
	}
	return err
}

// scrubbedError is an error whose text was scrubbed of the token. It has no
// Unwrap, so the original text cannot be reached by unwrapping; Is and As
// still see the original's kinds.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string        { return e.msg }
func (e *scrubbedError) Is(target error) bool { return errors.Is(e.err, target) }
func (e *scrubbedError) As(target any) bool   { return errors.As(e.err, target) }
