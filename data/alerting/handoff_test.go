package alerting_test

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
	"testing"

	_ "github.com/mattn/go-sqlite3"

	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/datatest"
)

// countingStore counts the history reads of the service.
type countingStore struct {
	data.Store
	reads atomic.Int64
}

func (c *countingStore) EachHistory(ctx context.Context, r data.HistoryRange, fn func(int64, []data.Reading) error) error {
	c.reads.Add(1)
	return c.Store.EachHistory(ctx, r, fn)
}

// TestHandedReadingsJudgedFromMemory checks that readings handed over with
// Accept are judged without reading history back, and that any write the
// service was not told about (by this process or another connection) makes
// it read back, so that no reading goes unjudged.
func TestHandedReadingsJudgedFromMemory(t *testing.T) {
	ctx := context.Background()
	const accounts, days = 40, 60
	day := start.AddDate(0, 0, days)
	const jump = 40000
	tests := []struct {
		name string
		// pass writes the day's readings (jumped: account 3 gains jump)
		// and tells svc what it is meant to; it returns nothing.
		pass     func(t *testing.T, s data.Store, svc *alerting.Service, snaps []data.Snapshot)
		readBack bool
	}{
		{"handed over in one transaction", func(t *testing.T, s data.Store, svc *alerting.Service, snaps []data.Snapshot) {
			add(t, s, snaps)
			svc.Accept(snaps)
		}, false},
		{"handed over in two transactions and one without snapshots", func(t *testing.T, s data.Store, svc *alerting.Service, snaps []data.Snapshot) {
			add(t, s, snaps[:10])
			svc.Accept(snaps[:10])
			add(t, s, snaps[10:])
			svc.Accept(snaps[10:])
			if err := s.RecordChecks(ctx, []data.CheckResult{{AccountID: snaps[0].AccountID, At: day, Err: "timeout"}}); err != nil {
				t.Fatal(err)
			}
			svc.Accept(nil)
		}, false},
		{"written by this process without handing over", func(t *testing.T, s data.Store, svc *alerting.Service, snaps []data.Snapshot) {
			add(t, s, snaps)
		}, true},
		{"handed over, then another write of this process", func(t *testing.T, s data.Store, svc *alerting.Service, snaps []data.Snapshot) {
			add(t, s, snaps)
			svc.Accept(snaps)
			if err := s.SetMeta(ctx, "note", "x"); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"the jump written by another connection", func(t *testing.T, s data.Store, svc *alerting.Service, snaps []data.Snapshot) {
			var quiet []data.Snapshot
			for _, sn := range snaps {
				if sn.Followers < jump {
					quiet = append(quiet, sn)
				}
			}
			add(t, s, quiet)
			svc.Accept(quiet)
			other, err := sql.Open("sqlite3", "file:"+s.Path()+"?_busy_timeout=5000")
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			for _, sn := range snaps {
				if sn.Followers >= jump {
					if _, err := other.ExecContext(ctx, "INSERT INTO snapshots(account_id, ts, followers, source, flags) VALUES (?, ?, ?, ?, 0)",
						sn.AccountID, sn.Time.Unix(), sn.Followers, int(sn.Source)); err != nil {
						t.Fatal(err)
					}
				}
			}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := datatest.NewStore(t)
			o := datatest.Official(t, s, "A")
			var snaps, history []data.Snapshot
			for i := range accounts {
				a := datatest.Account(t, s, o, data.Platforms[i%len(data.Platforms)], fmt.Sprintf("h%d", i))
				h := steady(a.ID, start, days, int64(3000+i))
				history = append(history, h...)
				f := h[days-1].Followers + 15
				if i == 3 {
					f += jump
				}
				snaps = append(snaps, data.Snapshot{AccountID: a.ID, Time: day, Followers: f, Source: data.SourceAPI})
			}
			add(t, s, history)
			cs := &countingStore{Store: s}
			svc := alerting.New(cs, nil, nil)
			svc.StateEvery = alerting.LongLivedStateEvery
			if _, err := svc.Rescan(ctx, nil); err != nil {
				t.Fatal(err)
			}
			tt.pass(t, s, svc, snaps)
			cs.reads.Store(0)
			got, err := svc.Incremental(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if read := cs.reads.Load() > 0; read != tt.readBack {
				t.Errorf("read history back: %v, want %v", read, tt.readBack)
			}
			if len(got) != 1 || got[0].AccountID != snaps[3].AccountID || !got[0].Time.Equal(day) {
				t.Fatalf("raised %+v, want one alert on account %d at %s", got, snaps[3].AccountID, day)
			}
			// A fresh service over the same store agrees that nothing is left.
			again, err := alerting.New(s, nil, nil).Incremental(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(again) != 0 {
				t.Errorf("a fresh service raised %+v after the scan", again)
			}
		})
	}
}

func add(t *testing.T, s data.Store, snaps []data.Snapshot) {
	t.Helper()
	if err := s.AddSnapshots(context.Background(), snaps); err != nil {
		t.Fatal(err)
	}
}
