package data_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/fixture"
)

// The leaderboard benchmark's fixture: 900 accounts × 400 days (360,000
// rows), built on first use only, so plain "go test" never makes it. The
// national-scale figures (9,000 accounts × 5 years) come from "make bench".
var (
	boardOnce  sync.Once
	boardStore *data.SQLiteStore
	boardCfg   = func() fixture.Config {
		c := fixture.National(1)
		c.Officials, c.Days = 300, 400
		return c
	}()
)

func boardBenchStore(b *testing.B) *data.SQLiteStore {
	b.Helper()
	boardOnce.Do(func() {
		s := openBenchStore(b, "board")
		if _, err := fixture.Fill(context.Background(), s, boardCfg); err != nil {
			b.Fatal(err)
		}
		boardStore = s
	})
	if boardStore == nil {
		b.Skip("fixture failed in an earlier benchmark")
	}
	return boardStore
}

// BenchmarkLeaderboard builds the leaderboard of 900 accounts × 400 days of
// the national fixture's generator (not the national scale).
func BenchmarkLeaderboard(b *testing.B) {
	s := boardBenchStore(b)
	ctx := context.Background()
	at := boardCfg.End.Add(24 * time.Hour)
	for _, bb := range []struct {
		name string
		q    data.LeaderboardQuery
	}{
		{"all", data.LeaderboardQuery{At: at}},
		{"one region", data.LeaderboardQuery{At: at, Region: "pavlodar"}},
		{"one platform", data.LeaderboardQuery{At: at, Platform: data.Instagram}},
		{"by account", data.LeaderboardQuery{At: at, By: data.ByAccount}},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				rows, err := s.Leaderboard(ctx, bb.q)
				if err != nil || len(rows) == 0 {
					b.Fatalf("leaderboard = %d rows, %v", len(rows), err)
				}
			}
		})
	}
}

// BenchmarkEachHistory streams the whole history of the same 900 accounts
// × 400 days.
func BenchmarkEachHistory(b *testing.B) {
	s := boardBenchStore(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := s.EachHistory(ctx, data.HistoryRange{}, func(_ int64, rs []data.Reading) error { n += len(rs); return nil }); err != nil {
			b.Fatal(err)
		}
		if int64(n) != boardCfg.Rows() {
			b.Fatalf("read %d readings, want %d", n, boardCfg.Rows())
		}
	}
	b.ReportMetric(float64(boardCfg.Rows()*int64(b.N))/b.Elapsed().Seconds(), "readings/s")
}

// BenchmarkOverview measures the watchlist summary and its 30-day
// sparklines over the leaderboard fixture (300 officials, 900 accounts).
func BenchmarkOverview(b *testing.B) {
	s := boardBenchStore(b)
	ctx := context.Background()
	at := boardCfg.End.Add(24 * time.Hour)
	b.Run("overview", func(b *testing.B) {
		for b.Loop() {
			rows, err := s.Overview(ctx, at)
			if err != nil || len(rows) == 0 {
				b.Fatalf("overview = %d rows, %v", len(rows), err)
			}
		}
	})
	b.Run("sparklines", func(b *testing.B) {
		for b.Loop() {
			sp, err := s.Sparklines(ctx, at, 30)
			if err != nil || len(sp) == 0 {
				b.Fatalf("sparklines = %d, %v", len(sp), err)
			}
		}
	})
}
