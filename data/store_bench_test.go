package data_test

import (
	"context"
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
// for the whole benchmark run (it is built once, so it is not cleaned up per
// benchmark).
func openBenchStore(b *testing.B, name string) *data.SQLiteStore {
	b.Helper()
	dir, err := os.MkdirTemp("", "akimwatch-"+name+"-*")
	if err != nil {
		b.Fatal(err)
	}
	s, err := data.Open(context.Background(), filepath.Join(dir, name+".db"), data.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return s
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
