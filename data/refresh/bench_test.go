package refresh

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// memStore keeps accounts and outcomes in memory, so the benchmark
// measures the providers, the HTTP plumbing and the engine, not SQLite.
type memStore struct {
	accounts []data.Account
	mu       sync.Mutex
	checks   int
}

func (m *memStore) Accounts(context.Context, data.AccountFilter) ([]data.Account, error) {
	return m.accounts, nil
}
func (m *memStore) Latest(context.Context) ([]data.Snapshot, error) { return nil, nil }
func (m *memStore) RecordCheck(context.Context, data.CheckResult) error {
	m.mu.Lock()
	m.checks++
	m.mu.Unlock()
	return nil
}

// benchAccounts spreads n accounts evenly over the platforms, all known to w.
func benchAccounts(w *sourcetest.World, n int) []data.Account {
	out := make([]data.Account, 0, n)
	for i := range n {
		p := data.Platforms[i%len(data.Platforms)]
		h := fmt.Sprintf("akim%d", i)
		if p == data.YouTube {
			h = fmt.Sprintf("UC%022d", i)
		}
		w.Set(p, h, int64(i))
		out = append(out, data.Account{ID: int64(i + 1), OfficialID: 1, Platform: p, Handle: h, Active: true})
	}
	return out
}

const benchN = 9000

// BenchmarkPass9000 is one pass over 9,000 accounts across all platforms
// against zero-latency local stand-ins with limits lifted, writing to an
// in-memory store: the cost of the app itself. Target ≥ 5,000 accounts/s.
func BenchmarkPass9000(b *testing.B) {
	w := sourcetest.New(b)
	st := &memStore{accounts: benchAccounts(w, benchN)}
	eng := New(Options{Store: st, Providers: testProviders(b, w, nil), Log: quietLog()})
	b.ResetTimer()
	for range b.N {
		sum, err := eng.Run(context.Background(), Filter{})
		if err != nil || sum.Fetched != benchN {
			b.Fatalf("pass: %+v %v", sum, err)
		}
	}
	b.ReportMetric(float64(benchN*b.N)/b.Elapsed().Seconds(), "accounts/s")
}

// BenchmarkPass9000RealStore is the same pass writing every outcome to a
// real SQLite store (one transaction per account, synchronous=FULL).
func BenchmarkPass9000RealStore(b *testing.B) {
	w := sourcetest.New(b)
	st := openStore(b)
	ctx := context.Background()
	off, err := st.CreateOfficial(ctx, data.Official{Name: "Bench"})
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range benchAccounts(w, benchN) {
		a.OfficialID = off.ID
		a.ID = 0
		if _, err := st.CreateAccount(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	eng := New(Options{Store: st, Providers: testProviders(b, w, nil), Log: quietLog()})
	b.ResetTimer()
	for range b.N {
		sum, err := eng.Run(ctx, Filter{})
		if err != nil || sum.Fetched+sum.Unchanged != benchN {
			b.Fatalf("pass: %+v %v", sum, err)
		}
	}
	b.ReportMetric(float64(benchN*b.N)/b.Elapsed().Seconds(), "accounts/s")
}
