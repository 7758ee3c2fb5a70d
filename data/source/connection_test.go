package source

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"akimwatch/data"
)

// debugTokenBody is debug_token's documented answer shape (the Graph API
// reference's example fields), with expires_at set per test.
func debugTokenBody(expires int64) string {
	return `{"data":{"app_id":"138483919580948","type":"USER","application":"Akimwatch","data_access_expires_at":0,"expires_at":` +
		strconv.FormatInt(expires, 10) + `,"is_valid":true,"scopes":["pages_read_engagement","instagram_basic"],"user_id":"10"}}`
}

// TestConnectionMakesOneRealCall: every platform's test sends exactly one
// request (TikTok: its client token, then one lookup) and reports what came
// back.
func TestConnectionMakesOneRealCall(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		body, _ := io.ReadAll(r.Body)
		switch {
		case r.URL.Path == "/telegram":
			_, _ = io.WriteString(w, `<div class="tgme_page_title">Telegram</div><div class="tgme_page_extra">10 234 567 subscribers</div>`)
		case strings.HasSuffix(r.URL.Path, "/debug_token"):
			_, _ = io.WriteString(w, debugTokenBody(testNow.Add(30*24*time.Hour).Unix()))
		case r.URL.Path == "/v1.0/me" || strings.HasSuffix(r.URL.Path, "/17841405309211844"):
			_, _ = io.WriteString(w, `{"username":"akimat_analyst","id":"1"}`)
		case r.URL.Path == "/youtube/v3/channels":
			_, _ = io.WriteString(w, `{"items":[{"id":"UC_x5XG1OV2P6uZZ5FSM9Ttw","statistics":{"subscriberCount":"2390000","videoCount":"1","viewCount":"1"}}]}`)
		case r.URL.Path == "/2/users/by":
			_, _ = io.WriteString(w, `{"data":[{"id":"1","username":"XDevelopers","public_metrics":{"followers_count":700000}}]}`)
		case r.URL.Path == "/method/users.get":
			_, _ = io.WriteString(w, `{"response":[{"id":1,"screen_name":"durov","followers_count":123}]}`)
		case r.URL.Path == "/v2/oauth/token/":
			if !strings.Contains(string(body), "grant_type=client_credentials") {
				t.Errorf("token request %s", body)
			}
			_, _ = io.WriteString(w, tiktokTokenBody)
		case r.URL.Path == "/v2/research/user/info/":
			if r.Header.Get("Authorization") != "Bearer clt.example12345Example12345Example" {
				t.Errorf("TikTok call without the fetched client token")
			}
			_, _ = io.WriteString(w, `{"data":{"follower_count":80000000},"error":{"code":"ok"}}`)
		default:
			t.Errorf("unexpected call %s", r.URL)
		}
	}))
	defer srv.Close()
	cfg := recordedConfig(srv)
	for _, p := range data.Platforms {
		calls.Store(0)
		rep := TestConnection(context.Background(), p, cfg)
		if rep.Err != nil || rep.Detail == "" {
			t.Errorf("%s: %+v", p, rep)
		}
		// The app says what was read in the UI language, from these.
		if (rep.Handle == "" || rep.Followers == 0) && rep.Own == "" && (rep.TokenType == "" || rep.Permissions == 0) {
			t.Errorf("%s: the report says what it read only in English: %+v", p, rep)
		}
		want := int64(1)
		if p == data.TikTok {
			want = 2
			if !rep.Expires.Equal(testNow.Add(2 * time.Hour)) {
				t.Errorf("TikTok token expiry %v", rep.Expires)
			}
		}
		if calls.Load() != want {
			t.Errorf("%s: %d calls, want %d", p, calls.Load(), want)
		}
		if strings.Contains(rep.Detail, "recorded-token-1") {
			t.Errorf("%s: token in %q", p, rep.Detail)
		}
	}
}

// TestMetaTokenExpiry warns a week ahead, not before.
func TestMetaTokenExpiry(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   time.Duration
		warn bool
	}{{"in 30 days", 30 * 24 * time.Hour, false}, {"in 6 days", 6 * 24 * time.Hour, true}, {"in 1 hour", time.Hour, true}} {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Query().Get("input_token") == "" {
					t.Error("debug_token without input_token")
				}
				_, _ = io.WriteString(w, debugTokenBody(testNow.Add(tt.in).Unix()))
			}))
			defer srv.Close()
			exp, err := MetaTokenExpiry(context.Background(), data.Facebook, recordedConfig(srv), testNow)
			if !exp.Equal(testNow.Add(tt.in).Truncate(time.Second)) {
				t.Errorf("expiry %v", exp)
			}
			if got := errors.Is(err, ErrTokenExpiring); got != tt.warn {
				t.Errorf("warn = %v (%v), want %v", got, err, tt.warn)
			}
			if err != nil && strings.Contains(err.Error(), "recorded-token-1") {
				t.Errorf("token in %v", err)
			}
		})
	}
}
