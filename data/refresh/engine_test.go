package refresh

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/time/rate"

	"akimwatch/data"
	"akimwatch/data/source"
	"akimwatch/data/source/sourcetest"
)

var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func quietLog() logrus.FieldLogger {
	l := logrus.New()
	l.Out = io.Discard
	return l
}

// testProviders returns providers pointed at w with limits lifted; tokens
// maps platform to token ("" for none; absent means sourcetest.Token).
func testProviders(tb testing.TB, w *sourcetest.World, tokens map[data.Platform]string) []source.Provider {
	tb.Helper()
	limits := map[data.Platform]source.Limit{}
	for p, l := range source.DefaultLimits {
		limits[p] = source.Limit{Rate: rate.Inf, Burst: 1, Batch: l.Batch}
	}
	cfg := source.Config{
		Tokens: source.TokenFunc(func(_ context.Context, p data.Platform) (string, error) {
			if t, ok := tokens[p]; ok {
				return t, nil
			}
			return sourcetest.Token, nil
		}),
		InstagramAccountID: sourcetest.InstagramAccountID,
		BaseURLs:           w.BaseURLs(),
		Limits:             limits,
		Retry:              source.Retry{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }},
		Getenv:             func(string) string { return "" },
		Log:                quietLog(),
	}
	provs, err := source.DefaultProviders(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return provs
}

func openStore(tb testing.TB) *data.SQLiteStore {
	tb.Helper()
	st, err := data.Open(context.Background(), filepath.Join(tb.TempDir(), "akimwatch.db"), data.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// seed creates one official with perPlatform accounts on every platform,
// known to w with followers 500+i.
func seed(tb testing.TB, st data.Store, w *sourcetest.World, perPlatform int) map[int64]int64 {
	tb.Helper()
	ctx := context.Background()
	off, err := st.CreateOfficial(ctx, data.Official{Name: "Test Akim"})
	if err != nil {
		tb.Fatal(err)
	}
	want := map[int64]int64{}
	for _, p := range data.Platforms {
		for i := range perPlatform {
			h := fmt.Sprintf("%s_akim%d", p, i)
			if p == data.YouTube {
				h = fmt.Sprintf("UC%022d", i+1)
			}
			if p == data.Instagram || p == data.Threads || p == data.TikTok {
				h = fmt.Sprintf("%s.akim%d", p, i)
			}
			if p == data.X {
				h = fmt.Sprintf("x_akim%d", i)
			}
			a, err := st.CreateAccount(ctx, data.Account{OfficialID: off.ID, Platform: p, Handle: h, Active: true})
			if err != nil {
				tb.Fatal(err)
			}
			w.Set(p, h, int64(500+i))
			want[a.ID] = int64(500 + i)
		}
	}
	return want
}

func TestEngineRealStore(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	w := sourcetest.New(t)
	want := seed(t, st, w, 3)
	off, _ := st.Officials(ctx)
	// One account without a handle, one the platforms do not know.
	if _, err := st.CreateAccount(ctx, data.Account{OfficialID: off[0].ID, Platform: data.X, Active: true}); err != nil {
		t.Fatal(err)
	}
	gone, err := st.CreateAccount(ctx, data.Account{OfficialID: off[0].ID, Platform: data.X, Handle: "gone_akim", Active: true})
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	last := map[data.Platform]Progress{}
	eng := New(Options{
		Store: st, Providers: testProviders(t, w, nil), Now: func() time.Time { return testNow }, Log: quietLog(),
		OnProgress: func(p Progress) { mu.Lock(); last[p.Platform] = p; mu.Unlock() },
	})
	sum, err := eng.Run(ctx, Filter{})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if sum.Total != 26 || sum.Fetched != 24 || sum.Failed != 1 || sum.Skipped != 1 || sum.Skips[SkipNoHandle] != 1 {
		t.Fatalf("summary %+v", sum)
	}
	if len(sum.Failures) != 1 || sum.Failures[0].Account.ID != gone.ID || sum.Failures[0].Kind != data.FailNotFound || sum.FailKinds[data.FailNotFound] != 1 {
		t.Errorf("failures %+v", sum.Failures)
	}
	latest, err := st.Latest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(latest) != len(want) {
		t.Fatalf("%d snapshots, want %d", len(latest), len(want))
	}
	for _, s := range latest {
		if want[s.AccountID] != s.Followers || !s.Time.Equal(testNow) {
			t.Errorf("snapshot %+v, want followers %d at %v", s, want[s.AccountID], testNow)
		}
	}
	ga, err := st.Account(ctx, gone.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !ga.Active || ga.FailKind != data.FailNotFound || !ga.FailingSince.Equal(testNow) ||
		!strings.Contains(ga.LastError, "Could not find user") || !ga.LastCheck.Equal(testNow) {
		t.Errorf("not-found account: %+v", ga)
	}
	for _, p := range data.Platforms {
		pr := last[p]
		if !pr.Finished || pr.Done != pr.Total || pr.Total == 0 {
			t.Errorf("%s progress %+v", p, pr)
		}
	}
	if last[data.X].Failed != 1 {
		t.Errorf("X progress %+v, want 1 failed", last[data.X])
	}

	// A second pass half an hour later: same numbers are "unchanged"; the
	// not-found account is still watched, waits out its backoff, and is
	// counted as skipped for that reason (not hidden).
	eng.opts.Now = func() time.Time { return testNow.Add(30 * time.Minute) }
	sum, err = eng.Run(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Unchanged != 24 || sum.Fetched != 0 || sum.Total != 26 || sum.Skips[SkipBackoff] != 1 || sum.Failed != 0 {
		t.Errorf("second pass %+v", sum)
	}
	// An hour after the failure it is tried again, and fails the same way.
	eng.opts.Now = func() time.Time { return testNow.Add(time.Hour) }
	sum, err = eng.Run(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || sum.Skips[SkipBackoff] != 0 {
		t.Errorf("third pass %+v", sum)
	}
	if ga, _ := st.Account(ctx, gone.ID); ga.FailCount != 2 || !ga.FailingSince.Equal(testNow) || !ga.Active {
		t.Errorf("after the retry: %+v", ga)
	}
}

func TestEngineTokenRejectedStopsPlatform(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	w := sourcetest.New(t)
	seed(t, st, w, 120) // X: 2 batches of 100
	provs := testProviders(t, w, map[data.Platform]string{data.X: "bad-token-xyz", data.TikTok: ""})
	eng := New(Options{Store: st, Providers: provs, Now: func() time.Time { return testNow }, Log: quietLog(), Workers: 1})
	sum, err := eng.Run(ctx, Filter{})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if sum.Failed != 0 || sum.Skips[SkipStopped] != 120 || sum.Skips[SkipNoToken] != 120 {
		t.Errorf("summary %+v", sum)
	}
	if len(sum.Stopped) != 2 {
		t.Fatalf("stopped %+v", sum.Stopped)
	}
	for _, s := range sum.Stopped {
		switch s.Platform {
		case data.X:
			if s.Err.Error() != "X: token rejected (401). Set it in Settings or AKIMWATCH_TOKEN_X" {
				t.Errorf("X message %q", s.Err)
			}
		case data.TikTok:
			if !errors.Is(s.Err, source.ErrNoToken) {
				t.Errorf("TikTok: %v", s.Err)
			}
		}
	}
	if w.Calls(data.X) != 1 {
		t.Errorf("X calls = %d, want 1", w.Calls(data.X))
	}
	xs, _ := st.Accounts(ctx, data.AccountFilter{Platform: data.X})
	for _, a := range xs {
		if a.LastError != "" || !a.LastCheck.IsZero() {
			t.Fatalf("X account written after token stop: %+v", a)
		}
	}
}

func TestEngineFilterAndCancel(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	w := sourcetest.New(t)
	seed(t, st, w, 5)
	eng := New(Options{Store: st, Providers: testProviders(t, w, nil), Log: quietLog()})
	sum, err := eng.Run(ctx, Filter{Platform: data.Telegram})
	if err != nil || sum.Total != 5 || sum.Fetched != 5 {
		t.Fatalf("filtered run: %+v %v", sum, err)
	}
	for _, p := range data.Platforms {
		if p != data.Telegram && w.Calls(p) != 0 {
			t.Errorf("%s called during a telegram-only pass", p)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := eng.Run(cctx, Filter{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: %v", err)
	}
}

// TestEngineRefusesDemo checks that a database of generated demo data is
// never refreshed: its handles are made up, and real counts fetched for them
// would mix with the synthetic ones.
func TestEngineRefusesDemo(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	w := sourcetest.New(t)
	seed(t, st, w, 1)
	if err := st.SetMeta(ctx, data.MetaDemo, "1"); err != nil {
		t.Fatal(err)
	}
	eng := New(Options{Store: st, Providers: testProviders(t, w, nil), Now: func() time.Time { return testNow }, Log: quietLog()})
	sum, err := eng.Run(ctx, Filter{})
	if !errors.Is(err, ErrDemo) || !strings.Contains(err.Error(), "DEMO") {
		t.Fatalf("Run on a demo database: %+v, %v; want ErrDemo", sum, err)
	}
	if latest, err := st.Latest(ctx); err != nil || len(latest) != 0 {
		t.Fatalf("a refused pass stored %d snapshots (%v)", len(latest), err)
	}
}
