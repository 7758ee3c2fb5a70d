package refresh

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"akimwatch/data"
	"akimwatch/data/source"
)

// recordedAnswer reads one answer kept in data/source/testdata/recorded
// (header lines, a blank line, the body): its status and body.
func recordedAnswer(t *testing.T, name string) (int, string) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "source", "testdata", "recorded", name))
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := bytes.Cut(raw, []byte("\n\n"))
	for _, line := range strings.Split(string(head), "\n") {
		if v, ok := strings.CutPrefix(line, "# status: "); ok {
			st, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatal(err)
			}
			return st, string(bytes.TrimSpace(body))
		}
	}
	t.Fatalf("%s has no status", name)
	return 0, ""
}

// providersAt returns providers for the platforms in base, pointed at those
// servers, with pacing lifted, no real sleeps, a fixed token and the given
// batch sizes (0: the documented one).
func providersAt(t *testing.T, base map[data.Platform]string, batch map[data.Platform]int) []source.Provider {
	t.Helper()
	limits := map[data.Platform]source.Limit{}
	for p, l := range source.DefaultLimits {
		b := l.Batch
		if n := batch[p]; n > 0 {
			b = n
		}
		limits[p] = source.Limit{Rate: rate.Inf, Burst: 1, Batch: b}
	}
	cfg := source.Config{
		Tokens:             source.TokenFunc(func(context.Context, data.Platform) (string, error) { return "tok-realworld-1", nil }),
		InstagramAccountID: "17841405309211844",
		BaseURLs:           base,
		Limits:             limits,
		Retry:              source.Retry{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }},
		Getenv:             func(string) string { return "" },
		Now:                func() time.Time { return testNow },
		Log:                quietLog(),
	}
	var out []source.Provider
	for p := range base {
		pr, err := source.NewProvider(p, cfg)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, pr)
	}
	return out
}

// addAccounts creates one official's accounts on p with the handles given.
func addAccounts(t *testing.T, st data.Store, p data.Platform, handles ...string) []data.Account {
	t.Helper()
	ctx := context.Background()
	off, err := st.CreateOfficial(ctx, data.Official{Name: "Akim " + string(p) + handles[0]})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]data.Account, len(handles))
	for i, h := range handles {
		if out[i], err = st.CreateAccount(ctx, data.Account{OfficialID: off.ID, Platform: p, Handle: h, Active: true}); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestFacebookBatchWithPersonalProfile: a batch of 50 where one username is
// a personal profile (error 803 for the whole call) stores the other 49
// Pages' counts in the same pass; the profile stays watched, with why.
func TestFacebookBatchWithPersonalProfile(t *testing.T) {
	for _, named := range []bool{true, false} {
		t.Run(fmt.Sprintf("named=%v", named), func(t *testing.T) {
			ctx := context.Background()
			st := openStore(t)
			handles := make([]string, 50)
			for i := range handles {
				handles[i] = fmt.Sprintf("akimat.page%d", i)
			}
			handles[17] = "personal.profile"
			accs := addAccounts(t, st, data.Facebook, handles...)
			var calls atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				ids := strings.Split(r.URL.Query().Get("ids"), ",")
				for _, id := range ids {
					if id == "personal.profile" {
						st, body := recordedAnswer(t, "facebook_803_personal_profile.txt")
						if named {
							body = strings.Replace(body, "(zuck)", "(personal.profile)", 1)
						} else {
							body = strings.Replace(body, " (zuck)", "", 1)
						}
						w.WriteHeader(st)
						_, _ = io.WriteString(w, body)
						return
					}
				}
				out := map[string]any{}
				for _, id := range ids {
					n, _ := strconv.Atoi(strings.TrimPrefix(id, "akimat.page"))
					out[id] = map[string]any{"id": "10" + strconv.Itoa(n), "followers_count": 1000 + n, "fan_count": 900 + n}
				}
				_ = json.NewEncoder(w).Encode(out)
			}))
			defer srv.Close()
			eng := New(Options{Store: st, Providers: providersAt(t, map[data.Platform]string{data.Facebook: srv.URL}, nil),
				Now: func() time.Time { return testNow }, Log: quietLog()})
			sum, err := eng.Run(ctx, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Fetched != 49 || sum.Failed != 1 || sum.FailKinds[data.FailNotProfessional] != 1 {
				t.Fatalf("summary %+v", sum)
			}
			latest, _ := st.Latest(ctx)
			if len(latest) != 49 {
				t.Fatalf("%d snapshots stored, want 49", len(latest))
			}
			for _, s := range latest {
				if s.Flags.Has(data.FlagPageLikes) {
					t.Fatalf("page likes stored for a Page with followers_count: %+v", s)
				}
			}
			bad, _ := st.Account(ctx, accs[17].ID)
			if !bad.Active || bad.FailKind != data.FailNotProfessional || !strings.Contains(bad.LastError, "803") {
				t.Fatalf("personal profile account: %+v", bad)
			}
			// Named: the profile is left out at once (2 calls); unnamed: the
			// batch is bisected (at most 2·log2(50)+1 calls).
			if max := map[bool]int64{true: 2, false: 13}[named]; calls.Load() > max {
				t.Errorf("%d calls, want at most %d", calls.Load(), max)
			}
		})
	}
}

// TestFacebookFanCountIsPageLikes: a Page without followers_count has its
// fan_count stored as page likes (flagged, the account says so), never as
// followers.
func TestFacebookFanCountIsPageLikes(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	accs := addAccounts(t, st, data.Facebook, "oldpage", "newpage")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"oldpage":{"id":"1","fan_count":5000},"newpage":{"id":"2","followers_count":7000,"fan_count":6000}}`)
	}))
	defer srv.Close()
	eng := New(Options{Store: st, Providers: providersAt(t, map[data.Platform]string{data.Facebook: srv.URL}, nil),
		Now: func() time.Time { return testNow }, Log: quietLog()})
	if _, err := eng.Run(ctx, Filter{}); err != nil {
		t.Fatal(err)
	}
	old, _ := st.Account(ctx, accs[0].ID)
	cur, _ := st.Account(ctx, accs[1].ID)
	if old.Metric != data.MetricPageLikes || cur.Metric != data.MetricFollowers {
		t.Fatalf("metrics %q and %q", old.Metric, cur.Metric)
	}
	latest, _ := st.Latest(ctx)
	for _, s := range latest {
		if s.AccountID == old.ID && !s.Flags.Has(data.FlagPageLikes) {
			t.Fatalf("fan_count stored without the page-likes flag: %+v", s)
		}
	}
}

// TestXClientForbiddenStopsPlatform: X's 403 client-forbidden stops X with
// one message naming the access level; no account is marked failing.
func TestXClientForbiddenStopsPlatform(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	handles := make([]string, 150)
	for i := range handles {
		handles[i] = fmt.Sprintf("akim_%d", i)
	}
	accs := addAccounts(t, st, data.X, handles...)
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		status, body := recordedAnswer(t, "x_client_forbidden.txt")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	defer srv.Close()
	eng := New(Options{Store: st, Providers: providersAt(t, map[data.Platform]string{data.X: srv.URL}, nil),
		Now: func() time.Time { return testNow }, Log: quietLog(), Workers: 1})
	sum, err := eng.Run(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Stopped) != 1 || sum.Failed != 0 || sum.Skipped != 150 {
		t.Fatalf("summary %+v", sum)
	}
	msg := sum.Stopped[0].Err.Error()
	for _, want := range []string{"X:", "access level", "Basic", "client-not-enrolled"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stop message %q lacks %q", msg, want)
		}
	}
	if calls.Load() != 1 {
		t.Errorf("%d calls after the stop, want 1", calls.Load())
	}
	if a, _ := st.Account(ctx, accs[0].ID); a.Failing() || !a.Active {
		t.Errorf("account after a platform stop: %+v", a)
	}
}

// TestYouTubeHandleResolvedOnce: the first refresh of an @handle resolves
// it with forHandle and keeps the channel id; the second makes no forHandle
// call and reads the channel by id.
func TestYouTubeHandleResolvedOnce(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	accs := addAccounts(t, st, data.YouTube, "@GoogleDevelopers", "UC0000000000000000000001")
	const resolved = "UC_x5XG1OV2P6uZZ5FSM9Ttw"
	var forHandle, byID atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var ids []string
		if q.Has("forHandle") {
			forHandle.Add(1)
			if q.Get("forHandle") != "@GoogleDevelopers" {
				t.Errorf("forHandle=%q", q.Get("forHandle"))
			}
			ids = []string{resolved}
		} else {
			byID.Add(1)
			ids = strings.Split(q.Get("id"), ",")
		}
		var items []string
		for _, id := range ids {
			items = append(items, fmt.Sprintf(`{"kind":"youtube#channel","id":%q,"statistics":{"viewCount":"245315694","subscriberCount":"2390000","hiddenSubscriberCount":false,"videoCount":"6590"}}`, id))
		}
		_, _ = io.WriteString(w, `{"kind":"youtube#channelListResponse","items":[`+strings.Join(items, ",")+`]}`)
	}))
	defer srv.Close()
	eng := New(Options{Store: st, Providers: providersAt(t, map[data.Platform]string{data.YouTube: srv.URL}, nil),
		Now: func() time.Time { return testNow }, Log: quietLog()})
	for pass := 1; pass <= 2; pass++ {
		sum, err := eng.Run(ctx, Filter{})
		if err != nil || sum.Failed != 0 || sum.Fetched+sum.Unchanged != 2 {
			t.Fatalf("pass %d: %+v, %v", pass, sum, err)
		}
		eng.opts.Now = func() time.Time { return testNow.Add(time.Hour) }
	}
	if forHandle.Load() != 1 || byID.Load() != 2 {
		t.Fatalf("forHandle calls %d (want 1), id calls %d (want 2)", forHandle.Load(), byID.Load())
	}
	a, _ := st.Account(ctx, accs[0].ID)
	if a.PlatformID != resolved || a.Metric != data.MetricSubscribers {
		t.Fatalf("account after resolving: %+v", a)
	}
	latest, _ := st.Latest(ctx)
	for _, s := range latest {
		if !s.Flags.Has(data.FlagRounded) {
			t.Errorf("YouTube count not flagged rounded: %+v", s)
		}
	}
}

// canned is one account's answer on a platform stand-in that answers by
// handle (one account per call).
type canned struct {
	handle string
	status int
	body   string
	file   string // a recorded answer instead of status and body
	want   data.FailKind
}

// TestEveryFailureKeepsAccountsActive: every platform answers "not
// found", "private", "suspended" or "permission missing" (each as it
// really does, where it has such an answer); every account stays active
// with its reason stored and listed as needing attention.
func TestEveryFailureKeepsAccountsActive(t *testing.T) {
	const noSuchTelegram = `<html><body><div class="tgme_page"><div class="tgme_page_description">If you have <strong>Telegram</strong>, you can contact <a class="tgme_username_link" href="tg://resolve?domain=tg_gone">@tg_gone</a> right away.</div></div></body></html>`
	cases := map[data.Platform][]canned{
		data.Telegram: {{handle: "tg_gone", status: 200, body: noSuchTelegram, want: data.FailNotFound}},
		data.YouTube: {
			{handle: "UCgone00000000000000000a", status: 200, body: `{"kind":"youtube#channelListResponse","items":[]}`, want: data.FailNotFound},
			{handle: "UCforbidden0000000000000", status: 403, body: `{"error":{"code":403,"message":"The caller does not have permission","errors":[{"message":"The caller does not have permission","domain":"youtube.parameter","reason":"forbidden"}]}}`, want: data.FailPermission},
			{handle: "UC_x5XG1OV2P6uZZ5FSM9Ttw", file: "youtube_hidden.txt", want: data.FailHiddenCount},
		},
		data.X: {
			{handle: "akim_gone", file: "x_not_found.txt", want: data.FailNotFound},
			{handle: "akim_suspended", file: "x_suspended.txt", want: data.FailSuspended},
			{handle: "akim_private", file: "x_private.txt", want: data.FailPrivate},
		},
		data.Facebook: {
			{handle: "zuck", file: "facebook_803_personal_profile.txt", want: data.FailNotProfessional},
			{handle: "akimat.page", file: "facebook_100_33.txt", want: data.FailPermission},
			{handle: "akimat.gone", status: 404, body: `{"error":{"message":"(#803) Some of the aliases you requested do not exist: akimat.gone","type":"OAuthException","code":803,"fbtrace_id":"A"}}`, want: data.FailNotFound},
		},
		data.Instagram: {
			{handle: "akim.personal", file: "instagram_110_2207013.txt", want: data.FailNotProfessional},
			{handle: "akim.noperm", status: 403, body: `{"error":{"message":"(#10) Application does not have permission for this action","type":"OAuthException","code":10,"fbtrace_id":"A"}}`, want: data.FailPermission},
		},
		data.VK: {
			{handle: "12345", file: "vk_banned.txt", want: data.FailSuspended},
			{handle: "akim_closed", file: "vk_closed.txt", want: data.FailPrivate},
			{handle: "akim_denied", file: "vk_access_denied.txt", want: data.FailPermission},
		},
		data.Threads: {{handle: "akim.threads", file: "threads_100_33.txt", want: data.FailPermission}},
		data.TikTok: {
			// Shape from docs (ErrorStructV2); the messages are assumed, the
			// codes decide.
			{handle: "akim.gone", status: 404, body: `{"data":{},"error":{"code":"user_not_found","message":"user not found","log_id":"1"}}`, want: data.FailNotFound},
			{handle: "akim.private", status: 400, body: `{"data":{},"error":{"code":"invalid_params","message":"The user is private","log_id":"2"}}`, want: data.FailPrivate},
		},
	}
	ctx := context.Background()
	st := openStore(t)
	base := map[data.Platform]string{}
	batch := map[data.Platform]int{}
	ids := map[int64]canned{}
	for p, cs := range cases {
		handles := make([]string, len(cs))
		for i, c := range cs {
			if c.file != "" {
				cs[i].status, cs[i].body = recordedAnswer(t, c.file)
			}
			handles[i] = c.handle
		}
		for i, a := range addAccounts(t, st, p, handles...) {
			ids[a.ID] = cs[i]
		}
		srv := httptest.NewServer(cannedHandler(t, cs))
		t.Cleanup(srv.Close)
		base[p], batch[p] = srv.URL, 1
	}
	eng := New(Options{Store: st, Providers: providersAt(t, base, batch), Now: func() time.Time { return testNow }, Log: quietLog()})
	sum, err := eng.Run(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != len(ids) || len(sum.Stopped) != 0 {
		t.Fatalf("summary %+v", sum)
	}
	for id, c := range ids {
		a, err := st.Account(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !a.Active || a.FailKind != c.want || a.LastError == "" || !a.FailingSince.Equal(testNow) || !a.NeedsAttention(testNow) {
			t.Errorf("%s %s: active %v kind %q (want %q) error %q since %v", a.Platform, a.Handle, a.Active, a.FailKind, c.want, a.LastError, a.FailingSince)
		}
	}
	failing, err := st.FailingAccounts(ctx)
	if err != nil || len(failing) != len(ids) {
		t.Fatalf("failing accounts: %d, %v; want %d", len(failing), err, len(ids))
	}
}

// cannedHandler answers each call with the canned answer of the handle
// the request names (in its path, query or body).
func cannedHandler(t *testing.T, cs []canned) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v2/oauth/token/" {
			_, _ = io.WriteString(w, `{"access_token":"clt.x","expires_in":7200,"token_type":"Bearer"}`)
			return
		}
		body, _ := io.ReadAll(r.Body)
		req, _ := url.QueryUnescape(r.URL.String() + " " + string(body))
		for _, c := range cs {
			h := strings.TrimPrefix(c.handle, "@")
			if strings.Contains(req, h) {
				w.WriteHeader(c.status)
				_, _ = io.WriteString(w, c.body)
				return
			}
		}
		t.Errorf("no canned answer for %s", req)
		w.WriteHeader(http.StatusNotFound)
	})
}

// TestDailyQuotaStopsAndResumes: YouTube's quotaExceeded on the second
// batch stops YouTube with the time it resets; a pass before then skips
// YouTube; the first pass after it starts with the accounts not reached.
func TestDailyQuotaStopsAndResumes(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	handles := make([]string, 120)
	for i := range handles {
		handles[i] = fmt.Sprintf("UC%022d", i+1)
	}
	addAccounts(t, st, data.YouTube, handles...)
	var calls atomic.Int64
	var quotaGone atomic.Bool
	var firstIDs atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		ids := strings.Split(r.URL.Query().Get("id"), ",")
		if firstIDs.Load() == nil || (quotaGone.Load() && n == 3) {
			firstIDs.Store(ids)
		}
		if n == 2 && !quotaGone.Load() {
			status, body := recordedAnswer(t, "youtube_quota_exceeded.txt")
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
			return
		}
		var items []string
		for _, id := range ids {
			items = append(items, fmt.Sprintf(`{"id":%q,"statistics":{"subscriberCount":"1230","videoCount":"1","viewCount":"1"}}`, id))
		}
		_, _ = io.WriteString(w, `{"items":[`+strings.Join(items, ",")+`]}`)
	}))
	defer srv.Close()
	clock := testNow // 12:00 UTC = 04:00 Pacific: the quota resets at 08:00 UTC next day
	eng := New(Options{Store: st, Providers: providersAt(t, map[data.Platform]string{data.YouTube: srv.URL}, nil),
		Now: func() time.Time { return clock }, Log: quietLog(), Workers: 1})
	sum, err := eng.Run(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Fetched != 50 || sum.Skips[SkipStopped] != 70 || len(sum.Stopped) != 1 || !strings.Contains(sum.Stopped[0].Err.Error(), "daily API quota used up") {
		t.Fatalf("first pass %+v", sum)
	}
	// An hour later: still used up, YouTube is skipped without a call.
	clock = testNow.Add(time.Hour)
	before := calls.Load()
	sum, err = eng.Run(ctx, Filter{})
	if err != nil || sum.Skips[SkipQuota] != 120 || calls.Load() != before {
		t.Fatalf("pass before the reset: %+v, %v, %d calls", sum, err, calls.Load()-before)
	}
	// After the reset: the 70 not reached go first.
	clock = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	quotaGone.Store(true)
	calls.Store(2)
	sum, err = eng.Run(ctx, Filter{})
	if err != nil || sum.Fetched+sum.Unchanged != 120 {
		t.Fatalf("pass after the reset: %+v, %v", sum, err)
	}
	first := firstIDs.Load().([]string)
	for _, id := range first {
		n := 0
		_, _ = fmt.Sscanf(strings.TrimLeft(strings.TrimPrefix(id, "UC"), "0"), "%d", &n)
		if n <= 50 {
			t.Fatalf("after the reset the first batch holds %s, already read before the stop", id)
		}
	}
}
