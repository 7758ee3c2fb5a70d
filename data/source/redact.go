package source

import (
	"net/url"
	"strings"
	"unicode/utf8"
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

// scrub removes secret from s (for text that came back from a platform and
// might echo it).
func scrub(s, secret string) string {
	if secret == "" || len(secret) < 4 {
		return s
	}
	return strings.ReplaceAll(s, secret, redacted)
}

// excerpt shortens a platform's answer for an error message: one line, at
// most maxExcerpt bytes, with the secret removed.
func excerpt(b []byte, secret string) string {
	const maxExcerpt = 200
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > maxExcerpt {
		cut := maxExcerpt
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return scrub(s, secret)
}
