package pgstore_test

import (
	"context"
	"testing"
	"time"

	logtest "github.com/sirupsen/logrus/hooks/test"

	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/datatest"
	"akimwatch/data/pgstore"
	"akimwatch/data/pgstore/pgtest"
)

// TestChangeMark checks that the change mark counts each write transaction
// once, this Store's in Writes and another process's in Others, whatever
// tables it touches and however many statements it runs.
func TestChangeMark(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	mine, theirs := openAt(t, dsn, pgstore.Options{}), openAt(t, dsn, pgstore.Options{})
	o := datatest.Official(t, mine, "Аким")
	a := datatest.Account(t, mine, o, data.Instagram, "akim")
	at := pgNow
	next := func() time.Time { at = at.Add(time.Hour); return at }
	cases := []struct {
		name           string
		write          func() error
		others, writes int64
	}{
		{"own readings", func() error { return mine.AddSnapshots(ctx, datatest.Daily(a.ID, next(), 3, 10, 1)) }, 0, 1},
		{"own check (reading and account in one transaction)", func() error {
			sn := data.Snapshot{AccountID: a.ID, Time: next(), Followers: 20, Source: data.SourceAPI}
			return mine.RecordChecks(ctx, []data.CheckResult{{AccountID: a.ID, At: sn.Time, Snapshot: &sn}})
		}, 0, 1},
		{"own detector states only", func() error {
			_, err := mine.SaveDetection(ctx, nil, []data.DetectorState{{AccountID: a.ID, Sensitivity: "medium", State: []byte{1}}})
			return err
		}, 0, 1},
		{"own alert and states in one transaction", func() error {
			_, err := mine.SaveDetection(ctx, []data.Alert{{AccountID: a.ID, Time: next(), Kind: data.AlertJump, Size: 5}},
				[]data.DetectorState{{AccountID: a.ID, Sensitivity: "medium", State: []byte{2}}})
			return err
		}, 0, 1},
		{"another process's readings", func() error { return theirs.AddSnapshots(ctx, datatest.Daily(a.ID, next(), 2, 30, 1)) }, 1, 0},
		{"another process's mute", func() error { return theirs.SetMuted(ctx, a.ID, true) }, 1, 0},
		{"a read", func() error { _, err := mine.Latest(ctx); return err }, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, err := mine.ChangeMark(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.write(); err != nil {
				t.Fatal(err)
			}
			after, err := mine.ChangeMark(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if d := after.Others - before.Others; d != c.others {
				t.Errorf("others moved by %d, want %d", d, c.others)
			}
			if d := int64(after.Writes - before.Writes); d != c.writes {
				t.Errorf("own writes moved by %d, want %d", d, c.writes)
			}
		})
	}
	ro := openAt(t, dsn, pgstore.Options{ReadOnly: true})
	if _, err := ro.ChangeMark(ctx); err == nil {
		t.Error("a read-only store gave a change mark; want an error (it hands nothing over)")
	}
}

// TestScanJudgesHandedReadings checks that the spike scan after this
// process's own pass judges the readings handed over in memory on a team
// database too, and reads back as soon as another process wrote.
func TestScanJudgesHandedReadings(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	mine, theirs := openAt(t, dsn, pgstore.Options{}), openAt(t, dsn, pgstore.Options{})
	o := datatest.Official(t, mine, "Аким")
	a := datatest.Account(t, mine, o, data.Instagram, "akim")
	start := pgNow.AddDate(0, 0, -60)
	if err := mine.AddSnapshots(ctx, datatest.Daily(a.ID, start, 60, 1000, 10)); err != nil {
		t.Fatal(err)
	}
	log, hook := logtest.NewNullLogger()
	svc := alerting.New(mine, nil, log)
	svc.StateEvery = alerting.LongLivedStateEvery
	inMemory := func() bool {
		t.Helper()
		if _, err := svc.Incremental(ctx, nil); err != nil {
			t.Fatal(err)
		}
		e := hook.LastEntry()
		if e == nil || e.Message != "spike scan done" {
			t.Fatalf("no scan logged: %v", e)
		}
		v, _ := e.Data["in_memory"].(bool)
		return v
	}
	if inMemory() {
		t.Fatal("the first scan judged from memory; want a read of the history")
	}
	day := start.AddDate(0, 0, 60)
	cases := []struct {
		name   string
		others bool // another process writes after this pass
		want   bool
	}{
		{"own pass only", false, true},
		{"another process wrote too", true, false},
		{"own pass only again", false, true},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pass := []data.Snapshot{{AccountID: a.ID, Time: day.Add(time.Duration(i) * time.Hour), Followers: 1600 + int64(i), Source: data.SourceAPI}}
			if err := mine.AddSnapshots(ctx, pass); err != nil {
				t.Fatal(err)
			}
			svc.Accept(pass)
			if c.others {
				if err := theirs.AddSnapshots(ctx, []data.Snapshot{{AccountID: a.ID, Time: day.Add(time.Duration(i)*time.Hour + time.Minute), Followers: 1700, Source: data.SourceAPI}}); err != nil {
					t.Fatal(err)
				}
			}
			if got := inMemory(); got != c.want {
				t.Errorf("judged from memory: %v, want %v", got, c.want)
			}
		})
	}
}
