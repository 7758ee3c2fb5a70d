package pgstore_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	logtest "github.com/sirupsen/logrus/hooks/test"

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
// writes six refresh passes into both (three handed over to the spike scan
// in memory, as the process that refreshes does, and three read back, as
// after another process's pass), so it runs only on copies made for it:
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
		log, hook := logtest.NewNullLogger()
		svc := alerting.New(e.s, nil, log)
		svc.StateEvery = alerting.LongLivedStateEvery // as the app and "refresh" run it
		began := time.Now()
		if _, err := svc.Incremental(ctx, nil); err != nil {
			t.Fatal(err)
		}
		catchUp := time.Since(began)
		latest, err := e.s.Latest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var handed, readBack, writes []time.Duration
		for pass := range 2 * nationalPasses {
			inMemory := pass < nationalPasses // then passes "another process" wrote
			w, err := writePass(ctx, e.s, latest, pass+1, func(snaps []data.Snapshot) {
				if inMemory {
					svc.Accept(snaps) // as refresh.Options.OnWritten after each commit
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			writes = append(writes, w)
			began := time.Now()
			if _, err := svc.Incremental(ctx, nil); err != nil {
				t.Fatal(err)
			}
			took := time.Since(began)
			if got, _ := hook.LastEntry().Data["in_memory"].(bool); got != inMemory {
				t.Fatalf("%s pass %d: scan judged from memory %v, want %v", e.name, pass+1, got, inMemory)
			}
			if inMemory {
				handed = append(handed, took)
			} else {
				readBack = append(readBack, took)
			}
		}
		t.Logf("%s: leaderboard %s; chart (query + PNG) %s; spike catch-up over the history %s; pass of %d readings written %s; incremental scan after it: handed over in memory %s %v, read back %s %v; load %s",
			e.name, board.Round(100*time.Microsecond), chart.Round(100*time.Microsecond), catchUp.Round(time.Millisecond), len(latest),
			medianOf(writes).Round(time.Millisecond), medianOf(handed).Round(100*time.Microsecond), handed, medianOf(readBack).Round(100*time.Microsecond), readBack, loadAvg())
	}
}

// nationalPasses is how many refresh passes each incremental figure is the
// median of.
const nationalPasses = 3

// writePass writes one refresh pass (a reading newer than each latest one)
// in the refresh engine's batches of 100, calling written after each commit
// with its readings, and returns how long the writes took.
func writePass(ctx context.Context, s data.Store, latest []data.Snapshot, pass int, written func([]data.Snapshot)) (time.Duration, error) {
	checks := make([]data.CheckResult, 0, len(latest))
	for _, sn := range latest {
		n := sn
		n.Time = sn.Time.Add(time.Duration(pass) * 6 * time.Hour)
		n.Followers += int64(pass)
		checks = append(checks, data.CheckResult{AccountID: sn.AccountID, At: n.Time, Snapshot: &n})
	}
	began := time.Now()
	for i := 0; i < len(checks); i += 100 {
		batch := checks[i:min(i+100, len(checks))]
		if err := s.RecordChecks(ctx, batch); err != nil {
			return 0, err
		}
		snaps := make([]data.Snapshot, len(batch))
		for k, c := range batch {
			snaps[k] = *c.Snapshot
		}
		written(snaps)
	}
	return time.Since(began), nil
}

// medianOf returns the median of ds.
func medianOf(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// loadAvg is the machine's load average (1, 5, 15 minutes).
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
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
