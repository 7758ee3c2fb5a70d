package source

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/sirupsen/logrus"

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// straddleToken is shaped like a YouTube API key (39 characters); every
// 8-character piece of it is distinct from the padding around it.
const straddleToken = "AIzaSyB7kQ2mW9xR4tV1nP6sL3hJ8dF5gC0eZuY"

// tokenPieces returns every n-character piece of tok.
func tokenPieces(tok string, n int) []string {
	var out []string
	for i := 0; i+n <= len(tok); i++ {
		out = append(out, tok[i:i+n])
	}
	return out
}

// leakedPiece returns the first 8-character piece of tok found in text, or "".
func leakedPiece(text, tok string) string {
	for _, p := range tokenPieces(tok, 8) {
		if strings.Contains(text, p) {
			return p
		}
	}
	return ""
}

// TestTokenStraddlingTheCutNeverSurvives has every provider's stand-in
// answer 500 with an error that echoes the token at every offset from well
// before to well after the 200-byte excerpt cut, in a JSON envelope and as
// plain text, and checks that no 8-character piece of the token is left in
// any error or log line.
func TestTokenStraddlingTheCutNeverSurvives(t *testing.T) {
	bodies := map[string]func(n int) string{
		"json":  func(n int) string { return `{"error":{"message":"` + strings.Repeat("x", n) + straddleToken + `"}}` },
		"plain": func(n int) string { return strings.Repeat("x", n) + straddleToken },
		"spaced": func(n int) string {
			return strings.Repeat("x ", n/2) + straddleToken + "\n\t" + strings.Repeat("y", 40)
		},
	}
	for _, pc := range platformCases {
		if pc.p == data.Telegram {
			continue // Telegram's public pages take no token
		}
		t.Run(string(pc.p), func(t *testing.T) {
			w := sourcetest.New(t)
			cfg, _ := testConfig(w, straddleToken)
			var logBuf bytes.Buffer
			l := logrus.New()
			l.Out = &logBuf
			l.Level = logrus.DebugLevel
			cfg.Log = l
			cfg.Retry.MaxAttempts = 2
			pr, err := NewProvider(pc.p, cfg)
			if err != nil {
				t.Fatal(err)
			}
			accs := pc.accounts(w, 1)
			for kind, body := range bodies {
				for n := 100; n <= 260; n++ {
					w.FailNext(pc.p, 2, http.StatusInternalServerError, nil, body(n))
					res, err := pr.Fetch(context.Background(), accs)
					texts := []string{fmt.Sprint(err)}
					for _, r := range res {
						texts = append(texts, fmt.Sprint(r.Err))
					}
					if err == nil && (len(res) != 1 || res[0].Err == nil) {
						t.Fatalf("%s n=%d: the 500 answer was not an error: %+v", kind, n, res)
					}
					for _, s := range texts {
						if p := leakedPiece(s, straddleToken); p != "" {
							t.Fatalf("%s n=%d: error %q holds %q of the token", kind, n, s, p)
						}
					}
				}
			}
			if p := leakedPiece(logBuf.String(), straddleToken); p != "" {
				t.Errorf("the log holds %q of the token", p)
			}
			if !strings.Contains(logBuf.String(), "retrying API call") {
				t.Error("the retries were not logged: the log check saw nothing")
			}
		})
	}
}

// TestScrubForms checks that the token is removed in the forms a platform
// may echo it in: as sent, URL-encoded and JSON-escaped.
func TestScrubForms(t *testing.T) {
	const tok = "ab/cd+ef=gh&ij<kl>"
	tests := []struct {
		name, in string
	}{
		{"raw", "bad token " + tok + " given"},
		{"query-escaped", "GET /x?access_token=ab%2Fcd%2Bef%3Dgh%26ij%3Ckl%3E failed"},
		{"path-escaped", "no route /ab%2Fcd+ef=gh&ij%3Ckl%3E"},
		{"json-escaped", `{"message":"ab\/cd+ef=gh\u0026ij\u003ckl\u003e"}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := scrub(tc.in, tok)
			if !strings.Contains(got, redacted) || strings.Contains(got, "cd") {
				t.Errorf("scrub(%q) = %q", tc.in, got)
			}
		})
	}
}
