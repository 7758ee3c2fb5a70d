package alerting_test

import (
	"context"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/datatest"
	"akimwatch/data/growth"
)

// TestStatesWrittenLater checks a long-lived service that writes detector
// states only every StateEvery: between writes the stored states stay as
// they were, a restart replays the missed readings without raising or
// announcing anything twice, and the clock or Flush write them.
func TestStatesWrittenLater(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "A")
	const n, days = 6, 60
	var ids []int64
	var hist []data.Snapshot
	for i := range n {
		a := datatest.Account(t, s, o, data.Telegram, "h"+string(rune('a'+i)))
		ids = append(ids, a.ID)
		hist = append(hist, steady(a.ID, start, days, int64(3000+100*i))...)
	}
	if err := s.AddSnapshots(ctx, hist); err != nil {
		t.Fatal(err)
	}
	clock := start.AddDate(0, 0, days)
	now := func() time.Time { return clock }
	// savedUpTo returns the latest reading each stored state has learnt.
	savedUpTo := func() map[int64]time.Time {
		t.Helper()
		states, err := s.DetectorStates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]time.Time{}
		for id, st := range states {
			d := growth.NewDetector(growth.Options{AccountID: id})
			if err := d.UnmarshalBinary(st.State); err != nil {
				t.Fatal(err)
			}
			out[id] = d.Last()
		}
		return out
	}
	wantSaved := func(step string, want time.Time) {
		t.Helper()
		got := savedUpTo()
		for _, id := range ids {
			if !got[id].Equal(want) {
				t.Fatalf("%s: account %d's stored state has learnt up to %v, want %v", step, id, got[id], want)
			}
		}
	}
	followers := map[int64]int64{}
	for _, sn := range hist {
		followers[sn.AccountID] = sn.Followers
	}
	day := 0
	// pass adds one reading per account, bought followers on jumpOn.
	pass := func(jumpOn int64) time.Time {
		t.Helper()
		day++
		at := start.AddDate(0, 0, days-1+day)
		var snaps []data.Snapshot
		for _, id := range ids {
			followers[id] += 15
			if id == jumpOn {
				followers[id] += 19705
			}
			snaps = append(snaps, data.Snapshot{AccountID: id, Time: at, Followers: followers[id], Source: data.SourceAPI})
		}
		if err := s.AddSnapshots(ctx, snaps); err != nil {
			t.Fatal(err)
		}
		clock = at.Add(time.Hour)
		return at
	}
	var announced []data.Alert
	svc := alerting.New(s, func(a []data.Alert) { announced = append(announced, a...) }, nil)
	svc.StateEvery, svc.Now = 3*24*time.Hour, now

	if _, err := svc.Rescan(ctx, nil); err != nil {
		t.Fatal(err)
	}
	lastHist := start.AddDate(0, 0, days-1)
	wantSaved("after the re-scan", lastHist)

	pass(ids[2])
	added, err := svc.Incremental(ctx, nil)
	if err != nil || len(added) != 1 || added[0].AccountID != ids[2] {
		t.Fatalf("first pass raised %+v (%v), want the jump on account %d", added, err, ids[2])
	}
	wantSaved("within StateEvery", lastHist)

	// A crash now: the next process replays the pass from the older states.
	restarted := alerting.New(s, func(a []data.Alert) { t.Fatalf("a restart announced %+v again", a) }, nil)
	restarted.StateEvery, restarted.Now = svc.StateEvery, now
	if again, err := restarted.Incremental(ctx, nil); err != nil || len(again) != 0 {
		t.Fatalf("after a restart the replay raised %+v (%v), want nothing", again, err)
	}
	second := pass(0)
	wantSaved("the restart's cold scan writes its states", second.AddDate(0, 0, -1))

	// Back to the long-lived service: two more quiet passes, then the clock
	// passes StateEvery since its last write and the states are written.
	if _, err := svc.Incremental(ctx, nil); err != nil {
		t.Fatal(err)
	}
	wantSaved("a warm pass within StateEvery", second.AddDate(0, 0, -1))
	third := pass(0)
	clock = start.AddDate(0, 0, days).Add(svc.StateEvery)
	if _, err := svc.Incremental(ctx, nil); err != nil {
		t.Fatal(err)
	}
	wantSaved("StateEvery after the last write", third)

	fourth := pass(ids[4])
	if added, err := svc.Incremental(ctx, nil); err != nil || len(added) != 1 {
		t.Fatalf("fourth pass raised %+v (%v), want one jump", added, err)
	}
	wantSaved("just after a write", third)
	if err := svc.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	wantSaved("after Flush", fourth)
	if err := svc.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if len(announced) != 2 {
		t.Fatalf("announced %d alerts, want the 2 jumps once each: %+v", len(announced), announced)
	}
	stored, err := s.Alerts(ctx, data.AlertFilter{})
	if err != nil || len(stored) != 2 {
		t.Fatalf("stored %d alerts (%v), want 2", len(stored), err)
	}
}
