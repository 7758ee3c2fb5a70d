package pgstore_test

import (
	"context"
	"os"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/pgstore"
	"akimwatch/data/pgstore/pgtest"
)

// TestCopyThroughput times Load's COPY of generated readings (no source
// database: the dump streams from memory). AKIMWATCH_BENCH_COPY_ROWS sets
// how many; without it the test skips.
func TestCopyThroughput(t *testing.T) {
	if os.Getenv("AKIMWATCH_BENCH_COPY_ROWS") == "" {
		t.Skip("set AKIMWATCH_BENCH_COPY_ROWS to time Load's COPY")
	}
	n := 1_000_000
	ctx := context.Background()
	s := openAt(t, pgtest.DSN(t), pgstore.Options{})
	d := data.Dump{Officials: []data.Official{{ID: 1, Name: "A", Position: data.PosAkim, Level: data.LevelRegion}}, Snapshots: int64(n)}
	for i := 1; i <= 100; i++ {
		d.Accounts = append(d.Accounts, data.Account{ID: int64(i), OfficialID: 1, Platform: data.Telegram, Handle: "h" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Active: true})
	}
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	d.EachSnapshot = func(ctx context.Context, fn func(data.Snapshot) error) error {
		p := int64(5)
		for i := range n {
			if err := fn(data.Snapshot{AccountID: int64(i%100 + 1), Time: start.Add(time.Duration(i/100) * time.Hour), Followers: int64(i), Posts: &p, Source: data.SourceAPI}); err != nil {
				return err
			}
		}
		return nil
	}
	began := time.Now()
	if _, err := s.Load(ctx, d, data.LoadOptions{}); err != nil {
		t.Fatal(err)
	}
	el := time.Since(began)
	t.Logf("%d rows in %s: %.0f rows/s", n, el, float64(n)/el.Seconds())
}
