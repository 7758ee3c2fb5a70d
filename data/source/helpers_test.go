package source

import (
	"context"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/time/rate"

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// testNow is the fixed clock of the provider tests.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// sleeps records the waits the retry loop asked for, without waiting.
type sleeps struct {
	mu sync.Mutex
	ds []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ds = append(s.ds, d)
	return ctx.Err()
}

func (s *sleeps) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.ds...)
}

func quietLog() logrus.FieldLogger {
	l := logrus.New()
	l.Out = io.Discard
	return l
}

// testConfig points every provider at w, with limits lifted, a fixed token
// and retry waits recorded instead of slept.
func testConfig(w *sourcetest.World, token string) (Config, *sleeps) {
	sl := &sleeps{}
	limits := map[data.Platform]Limit{}
	for p, l := range DefaultLimits {
		limits[p] = Limit{Rate: rate.Inf, Burst: 1, Batch: l.Batch}
	}
	return Config{
		Tokens:             TokenFunc(func(context.Context, data.Platform) (string, error) { return token, nil }),
		InstagramAccountID: sourcetest.InstagramAccountID,
		BaseURLs:           w.BaseURLs(),
		Limits:             limits,
		Retry:              Retry{Sleep: sl.sleep},
		Getenv:             func(string) string { return "" },
		Now:                func() time.Time { return testNow },
		Log:                quietLog(),
	}, sl
}

func newTestProvider(t *testing.T, w *sourcetest.World, p data.Platform, token string) (Provider, *sleeps) {
	t.Helper()
	cfg, sl := testConfig(w, token)
	pr, err := NewProvider(p, cfg)
	if err != nil {
		t.Fatalf("NewProvider(%s): %v", p, err)
	}
	return pr, sl
}

// platformCase describes how to make valid accounts on one platform.
type platformCase struct {
	p      data.Platform
	handle func(i int) string
	// bigN accounts take wantCalls calls.
	bigN, wantCalls int
}

var platformCases = []platformCase{
	{data.Telegram, func(i int) string { return fmt.Sprintf("akimat_chan%d", i) }, 3, 3},
	{data.YouTube, func(i int) string { return fmt.Sprintf("UC%022d", i+1) }, 120, 3},
	{data.X, func(i int) string { return fmt.Sprintf("akim_%d", i) }, 150, 2},
	{data.Facebook, func(i int) string { return fmt.Sprintf("akimat.page%d", i) }, 120, 3},
	{data.Instagram, func(i int) string { return fmt.Sprintf("akim.ig%d", i) }, 3, 3},
	{data.VK, func(i int) string { return fmt.Sprintf("akim_person%d", i) }, 1500, 2},
	{data.Threads, func(i int) string { return fmt.Sprintf("akim.th%d", i) }, 3, 3},
	{data.TikTok, func(i int) string { return fmt.Sprintf("akim.tt%d", i) }, 3, 3},
}

// accounts makes n accounts of pc's platform that w knows, with followers
// 1000+i, ids from 1.
func (pc platformCase) accounts(w *sourcetest.World, n int) []data.Account {
	out := make([]data.Account, n)
	for i := range n {
		h := pc.handle(i)
		w.Set(pc.p, h, int64(1000+i))
		out[i] = data.Account{ID: int64(i + 1), OfficialID: 1, Platform: pc.p, Handle: h, Active: true}
	}
	return out
}

// fetchAll runs accounts through pr in batches, as the engine does.
func fetchAll(ctx context.Context, pr Provider, accounts []data.Account) ([]Result, error) {
	var out []Result
	size := pr.BatchSize()
	for i := 0; i < len(accounts); i += size {
		res, err := pr.Fetch(ctx, accounts[i:min(i+size, len(accounts))])
		if err != nil {
			return out, err
		}
		out = append(out, res...)
	}
	return out, nil
}

func byAccount(rs []Result) map[int64]Result {
	m := make(map[int64]Result, len(rs))
	for _, r := range rs {
		m[r.AccountID] = r
	}
	return m
}
