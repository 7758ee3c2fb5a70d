package source

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

func TestProvidersSuccess(t *testing.T) {
	for _, pc := range platformCases {
		t.Run(string(pc.p), func(t *testing.T) {
			w := sourcetest.New(t)
			pr, _ := newTestProvider(t, w, pc.p, sourcetest.Token)
			if err := pr.Ready(context.Background()); err != nil {
				t.Fatalf("Ready: %v", err)
			}
			accs := pc.accounts(w, 2)
			res, err := fetchAll(context.Background(), pr, accs)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			got := byAccount(res)
			for i, a := range accs {
				r := got[a.ID]
				if r.Err != nil || r.Snapshot == nil {
					t.Fatalf("account %s: err %v, snapshot %v", a.Handle, r.Err, r.Snapshot)
				}
				if r.Snapshot.Followers != int64(1000+i) || r.Snapshot.AccountID != a.ID {
					t.Errorf("account %s: got %+v", a.Handle, r.Snapshot)
				}
				wantSrc := data.SourceAPI
				if pc.p == data.Telegram {
					wantSrc = data.SourcePage
				}
				if r.Snapshot.Source != wantSrc {
					t.Errorf("source = %v, want %v", r.Snapshot.Source, wantSrc)
				}
			}
		})
	}
}

func TestProvidersBatching(t *testing.T) {
	for _, pc := range platformCases {
		t.Run(string(pc.p), func(t *testing.T) {
			w := sourcetest.New(t)
			pr, _ := newTestProvider(t, w, pc.p, sourcetest.Token)
			accs := pc.accounts(w, pc.bigN)
			res, err := fetchAll(context.Background(), pr, accs)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if len(res) != pc.bigN {
				t.Fatalf("got %d results, want %d", len(res), pc.bigN)
			}
			for _, r := range res {
				if r.Err != nil {
					t.Fatalf("account %d: %v", r.AccountID, r.Err)
				}
			}
			if got := w.Calls(pc.p); got != pc.wantCalls {
				t.Errorf("%d accounts took %d calls, want %d", pc.bigN, got, pc.wantCalls)
			}
		})
	}
}

func TestProviders429RetryAfter(t *testing.T) {
	for _, pc := range platformCases {
		t.Run(string(pc.p), func(t *testing.T) {
			w := sourcetest.New(t)
			pr, sl := newTestProvider(t, w, pc.p, sourcetest.Token)
			accs := pc.accounts(w, 1)
			w.FailNext(pc.p, 1, http.StatusTooManyRequests, http.Header{"Retry-After": {"7"}}, `{"error":"slow down"}`)
			res, err := pr.Fetch(context.Background(), accs)
			if err != nil || len(res) != 1 || res[0].Err != nil {
				t.Fatalf("Fetch: %v %+v", err, res)
			}
			ds := sl.all()
			if len(ds) != 1 || ds[0] < 7*time.Second {
				t.Errorf("waits %v, want one of at least 7s", ds)
			}
			if w.Calls(pc.p) != 2 {
				t.Errorf("calls = %d, want 2", w.Calls(pc.p))
			}
		})
	}
}

func TestXRateLimitReset(t *testing.T) {
	w := sourcetest.New(t)
	pc := platformCases[2]
	pr, sl := newTestProvider(t, w, data.X, sourcetest.Token)
	accs := pc.accounts(w, 3)
	reset := strconv.FormatInt(testNow.Add(40*time.Second).Unix(), 10)
	w.FailNext(data.X, 1, http.StatusTooManyRequests, http.Header{"X-Rate-Limit-Reset": {reset}, "X-Rate-Limit-Remaining": {"0"}}, `{"title":"Too Many Requests"}`)
	res, err := pr.Fetch(context.Background(), accs)
	if err != nil || res[0].Err != nil {
		t.Fatalf("Fetch: %v %+v", err, res)
	}
	if ds := sl.all(); len(ds) != 1 || ds[0] != 40*time.Second {
		t.Errorf("waits %v, want [40s]", ds)
	}
}

func TestRateLimitLongerThanMaxWaitFails(t *testing.T) {
	w := sourcetest.New(t)
	pc := platformCases[2]
	pr, sl := newTestProvider(t, w, data.X, sourcetest.Token)
	accs := pc.accounts(w, 2)
	reset := strconv.FormatInt(testNow.Add(15*time.Minute).Unix(), 10)
	w.FailNext(data.X, 1, http.StatusTooManyRequests, http.Header{"X-Rate-Limit-Reset": {reset}}, ``)
	res, err := pr.Fetch(context.Background(), accs)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	for _, r := range res {
		if !errors.Is(r.Err, ErrRateLimited) || r.Snapshot != nil {
			t.Errorf("account %d: err %v, want rate limited", r.AccountID, r.Err)
		}
	}
	if len(sl.all()) != 0 {
		t.Errorf("slept %v, want no wait", sl.all())
	}
}

func TestProviders5xxThenSuccess(t *testing.T) {
	for _, pc := range platformCases {
		t.Run(string(pc.p), func(t *testing.T) {
			w := sourcetest.New(t)
			pr, sl := newTestProvider(t, w, pc.p, sourcetest.Token)
			accs := pc.accounts(w, 1)
			w.FailNext(pc.p, 2, http.StatusServiceUnavailable, nil, `<html><body>503 Service Unavailable</body></html>`)
			res, err := pr.Fetch(context.Background(), accs)
			if err != nil || res[0].Err != nil || res[0].Snapshot == nil {
				t.Fatalf("Fetch: %v %+v", err, res)
			}
			if w.Calls(pc.p) != 3 || len(sl.all()) != 2 {
				t.Errorf("calls %d, waits %v; want 3 calls, 2 waits", w.Calls(pc.p), sl.all())
			}
		})
	}
}

func TestProviders5xxExhausted(t *testing.T) {
	w := sourcetest.New(t)
	pc := platformCases[1]
	pr, _ := newTestProvider(t, w, pc.p, sourcetest.Token)
	accs := pc.accounts(w, 2)
	w.FailNext(pc.p, DefaultMaxAttempts, http.StatusBadGateway, nil, `bad gateway`)
	res, err := pr.Fetch(context.Background(), accs)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	for _, r := range res {
		var se *StatusError
		if !errors.As(r.Err, &se) || se.Code != http.StatusBadGateway || r.Snapshot != nil {
			t.Errorf("account %d: %v, want status 502", r.AccountID, r.Err)
		}
	}
}

// malformedBodies are answers with status 200 that must not become
// snapshots: an HTML error page and a shape with the count missing.
func malformedBodies(p data.Platform, h string) []string {
	html := `<!DOCTYPE html><html><body><h1>Something went wrong</h1></body></html>`
	missing := map[data.Platform]string{
		data.Telegram:  sourcetest.TelegramPage(h, "@"+h),
		data.YouTube:   `{"items":[{"id":"` + h + `","statistics":{"viewCount":"5","videoCount":"1"}}]}`,
		data.X:         `{"data":[{"id":"1","username":"` + h + `","public_metrics":{"following_count":1}}]}`,
		data.Facebook:  `{"` + h + `":{"id":"1"}}`,
		data.Instagram: `{"business_discovery":{"id":"1","media_count":3}}`,
		data.VK:        `{"response":[{"id":1,"screen_name":"` + h + `"}]}`,
		data.Threads:   `{"username":"` + h + `"}`,
		data.TikTok:    `{"data":{"video_count":3},"error":{"code":"ok","message":""}}`,
	}[p]
	if p == data.Telegram {
		html = `<html><body>Service temporarily unavailable</body></html>`
	}
	return []string{html, missing, `{"truncated": `}
}

func TestProvidersMalformed(t *testing.T) {
	for _, pc := range platformCases {
		t.Run(string(pc.p), func(t *testing.T) {
			for i, body := range malformedBodies(pc.p, pc.handle(0)) {
				w := sourcetest.New(t)
				pr, _ := newTestProvider(t, w, pc.p, sourcetest.Token)
				accs := pc.accounts(w, 1)
				w.FailNext(pc.p, 1, http.StatusOK, nil, body)
				res, err := pr.Fetch(context.Background(), accs)
				if err != nil {
					t.Fatalf("body %d: Fetch: %v", i, err)
				}
				if len(res) != 1 || res[0].Snapshot != nil || !errors.Is(res[0].Err, ErrMalformed) {
					t.Errorf("body %d: got %+v (err %v), want malformed", i, res, res[0].Err)
				}
			}
		})
	}
}

func TestProvidersNotFound(t *testing.T) {
	// What each stand-in's "no such account" answer is classified as:
	// Instagram's 110/2207013 cannot tell a personal account from a missing
	// one, and Threads' 100/33 cannot tell a missing object from a missing
	// permission, so neither is called "not found".
	want := map[data.Platform]error{data.Instagram: ErrNotProfessional, data.Threads: ErrPermission}
	for _, pc := range platformCases {
		t.Run(string(pc.p), func(t *testing.T) {
			w := sourcetest.New(t)
			pr, _ := newTestProvider(t, w, pc.p, sourcetest.Token)
			accs := pc.accounts(w, 2)
			gone := data.Account{ID: 99, OfficialID: 1, Platform: pc.p, Handle: pc.handle(98), Active: true}
			accs = append(accs, gone)
			res, err := fetchAll(context.Background(), pr, accs)
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			got := byAccount(res)
			kind, ok := want[pc.p]
			if !ok {
				kind = ErrNotFound
			}
			if r := got[gone.ID]; !errors.Is(r.Err, kind) || r.Snapshot != nil {
				t.Errorf("unknown account: %+v (err %v), want %v", r, r.Err, kind)
			}
			for _, a := range accs[:2] {
				if r := got[a.ID]; r.Err != nil {
					t.Errorf("known account %s: %v", a.Handle, r.Err)
				}
			}
		})
	}
}

func TestProvidersTokenRejected(t *testing.T) {
	const wrong = "wrong-token-Zq81xx"
	for _, pc := range platformCases {
		if pc.p == data.Telegram {
			continue // no token
		}
		t.Run(string(pc.p), func(t *testing.T) {
			w := sourcetest.New(t)
			pr, _ := newTestProvider(t, w, pc.p, wrong)
			accs := pc.accounts(w, 3)
			res, err := pr.Fetch(context.Background(), accs)
			if !errors.Is(err, ErrTokenRejected) || res != nil {
				t.Fatalf("Fetch = %v, %v; want ErrTokenRejected and no results", res, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, pc.p.Title()+": token rejected") || !strings.Contains(msg, "Set it in Settings or "+TokenEnv(pc.p)) {
				t.Errorf("message %q", msg)
			}
			if strings.Contains(msg, wrong) {
				t.Errorf("message leaks the token: %q", msg)
			}
			if w.Calls(pc.p) != 1 {
				t.Errorf("calls = %d, want 1 (no retries on a rejected token)", w.Calls(pc.p))
			}
		})
	}
}

func TestProvidersNoToken(t *testing.T) {
	for _, pc := range platformCases {
		if pc.p == data.Telegram {
			continue
		}
		w := sourcetest.New(t)
		pr, _ := newTestProvider(t, w, pc.p, "")
		err := pr.Ready(context.Background())
		if !errors.Is(err, ErrNoToken) || !strings.Contains(err.Error(), TokenEnv(pc.p)) {
			t.Errorf("%s: Ready = %v, want ErrNoToken naming %s", pc.p, err, TokenEnv(pc.p))
		}
	}
}
