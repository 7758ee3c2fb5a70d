package pgstore_test

import (
	"context"
	"io"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/fixture"
	"akimwatch/data/pgstore"
	"akimwatch/data/report"
)

// TestNationalTiming times the team database's hot paths on the national
// fixture (synthetic, DEMO: 3,000 officials, 9,000 accounts, 16.5 M
// readings) beside the SQLite file holding the same data, in one run. It
// writes a refresh pass into both, so it runs only on copies made for it:
//
//	AKIMWATCH_BENCH_PG_DSN=postgres://…&search_path=national   (akimwatch copy of the fixture)
//	AKIMWATCH_BENCH_SQLITE=/tmp/…/back.db                       (a copy of the same data)
func TestNationalTiming(t *testing.T) {
	dsn, file := os.Getenv("AKIMWATCH_BENCH_PG_DSN"), os.Getenv("AKIMWATCH_BENCH_SQLITE")
	if dsn == "" || file == "" {
		t.Skip("national timing: set AKIMWATCH_BENCH_PG_DSN and AKIMWATCH_BENCH_SQLITE to copies of the national fixture")
	}
	ctx := context.Background()
	pg, err := pgstore.Open(ctx, dsn, pgstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	lite, err := data.Open(ctx, file, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	at := fixture.DefaultEnd
	for _, e := range []struct {
		name string
		s    data.Store
	}{{"PostgreSQL", pg}, {"SQLite", lite}} {
		board := median(t, 5, func() error { _, err := e.s.Leaderboard(ctx, data.LeaderboardQuery{At: at}); return err })
		offs, err := e.s.Officials(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b := report.New(e.s)
		req := report.Request{Officials: []int64{offs[len(offs)/2].ID}, Mode: report.ModeFollowers, Range: report.RangeAll, Lang: "ru",
			Now: at, Width: charts.DefaultWidth, Height: charts.DefaultHeight, Scale: charts.DefaultScale}
		chart := median(t, 5, func() error {
			spec, err := b.Spec(ctx, req)
			if err == nil {
				_, err = charts.Render(spec, charts.FormatPNG)
			}
			return err
		})
		log := logrus.New()
		log.SetOutput(io.Discard)
		svc := alerting.New(e.s, nil, log)
		began := time.Now()
		if _, err := svc.Incremental(ctx, nil); err != nil {
			t.Fatal(err)
		}
		catchUp := time.Since(began)
		latest, err := e.s.Latest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pass := make([]data.CheckResult, 0, len(latest))
		for _, sn := range latest {
			n := sn
			n.Time = sn.Time.Add(6 * time.Hour)
			n.Followers++
			pass = append(pass, data.CheckResult{AccountID: sn.AccountID, At: n.Time, Snapshot: &n})
		}
		began = time.Now()
		for i := 0; i < len(pass); i += 100 { // the refresh engine's batches
			if err := e.s.RecordChecks(ctx, pass[i:min(i+100, len(pass))]); err != nil {
				t.Fatal(err)
			}
		}
		write := time.Since(began)
		began = time.Now()
		if _, err := svc.Incremental(ctx, nil); err != nil {
			t.Fatal(err)
		}
		scan := time.Since(began)
		t.Logf("%s: leaderboard %s; chart (query + PNG) %s; spike catch-up over the history %s; pass of %d readings written %s; incremental scan after it (read back) %s",
			e.name, board.Round(100*time.Microsecond), chart.Round(100*time.Microsecond), catchUp.Round(time.Millisecond), len(pass), write.Round(time.Millisecond), scan.Round(100*time.Microsecond))
	}
}

// median runs f n times after one warm-up run and returns the median time.
func median(t *testing.T, n int, f func() error) time.Duration {
	t.Helper()
	if err := f(); err != nil {
		t.Fatal(err)
	}
	ds := make([]time.Duration, n)
	for i := range ds {
		began := time.Now()
		if err := f(); err != nil {
			t.Fatal(err)
		}
		ds[i] = time.Since(began)
	}
	slices.Sort(ds)
	return ds[n/2]
}
