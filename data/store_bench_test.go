package data_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

// Benchmark fixture: 1,000 accounts × 2 years of daily snapshots (730,000 rows).
const (
	benchAccounts = 1000
	benchDays     = 730
)

var (
	benchOnce  sync.Once
	benchStore *data.SQLiteStore
	benchIDs   []int64
	benchStart = time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC)
)

func benchFixture(b *testing.B) (*data.SQLiteStore, []int64) {
	b.Helper()
	benchOnce.Do(func() {
		s := openBenchStore(b, "bench")
		benchStore = s
		benchIDs = datatest.Fill(b, s, benchAccounts, benchDays, benchStart)
	})
	return benchStore, benchIDs
}

// openBenchStore opens a store in a new temporary folder for a fixture kept
// for the whole benchmark run: it is built once and shared by several
// benchmarks, so no one benchmark's Cleanup may remove it. TestMain closes
// it and removes the folder when the test binary ends (benchAtExit).
func openBenchStore(tb testing.TB, name string) *data.SQLiteStore {
	tb.Helper()
	dir, err := os.MkdirTemp("", "akimwatch-"+name+"-*")
	if err != nil {
		tb.Fatal(err)
	}
	s, err := data.Open(context.Background(), filepath.Join(dir, name+".db"), data.Options{})
	if err != nil {
		os.RemoveAll(dir)
		tb.Fatal(err)
	}
	benchAtExit(func() error { return errors.Join(s.Close(), os.RemoveAll(dir)) })
	return s
}

// benchCleanups are what the shared fixtures leave to do when the test
// binary ends.
var benchCleanups struct {
	mu  sync.Mutex
	fns []func() error
}

// benchAtExit has f run by runBenchCleanups.
func benchAtExit(f func() error) {
	benchCleanups.mu.Lock()
	defer benchCleanups.mu.Unlock()
	benchCleanups.fns = append(benchCleanups.fns, f)
}

// runBenchCleanups runs (once) every function given to benchAtExit.
func runBenchCleanups() error {
	benchCleanups.mu.Lock()
	fns := benchCleanups.fns
	benchCleanups.fns = nil
	benchCleanups.mu.Unlock()
	var errs []error
	for _, f := range fns {
		errs = append(errs, f())
	}
	return errors.Join(errs...)
}

// TestMain removes the benchmarks' shared fixtures once everything has run.
func TestMain(m *testing.M) {
	code := m.Run()
	if err := runBenchCleanups(); err != nil {
		fmt.Fprintf(os.Stderr, "removing the benchmark fixtures: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// TestBenchStoreRemovedAtExit checks that a shared benchmark fixture's
// folder outlives the benchmark that made it (later ones read it) and is
// gone, with its database, -wal and lock files, after the cleanup TestMain
// runs; it was left in /tmp before.
func TestBenchStoreRemovedAtExit(t *testing.T) {
	s := openBenchStore(t, "probe")
	dir := filepath.Dir(s.Path())
	if _, err := s.Officials(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the fixture folder is gone before the end: %v", err)
	}
	if err := runBenchCleanups(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s is left behind (%v)", dir, err)
	}
}

// BenchmarkSeriesOneAccount reads 90 days of one account out of two years.
func BenchmarkSeriesOneAccount(b *testing.B) {
	s, ids := benchFixture(b)
	ctx := context.Background()
	from := benchStart.AddDate(1, 0, 0)
	to := from.AddDate(0, 0, 90)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		pts, err := s.Series(ctx, ids[i%len(ids)], from, to)
		if err != nil || len(pts) != 90 {
			b.Fatalf("series = %d points, %v", len(pts), err)
		}
	}
}

// BenchmarkSeriesOneAccountAll reads the whole two years of one account.
func BenchmarkSeriesOneAccountAll(b *testing.B) {
	s, ids := benchFixture(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		pts, err := s.Series(ctx, ids[i%len(ids)], time.Time{}, time.Time{})
		if err != nil || len(pts) != benchDays {
			b.Fatalf("series = %d points, %v", len(pts), err)
		}
	}
}

// BenchmarkLatestEveryAccount reads the newest snapshot of all 1,000 accounts.
func BenchmarkLatestEveryAccount(b *testing.B) {
	s, _ := benchFixture(b)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		l, err := s.Latest(ctx)
		if err != nil || len(l) != benchAccounts {
			b.Fatalf("latest = %d rows, %v", len(l), err)
		}
	}
}
