package storetest

import (
	"testing"
	"time"

	"akimwatch/data"
)

func testSnapshots(t *testing.T, s data.Store) {
	o := official(t, s, "Аким", "pavlodar")
	a := account(t, s, o, data.Instagram, "akim")
	b := account(t, s, o, data.Telegram, "akim")
	in := []data.Snapshot{snap(a.ID, 0, 100), snap(a.ID, 1, 110), snap(a.ID, 2, 120), snap(b.ID, 1, 50)}
	in[1].Following, in[1].Likes, in[1].Views, in[1].Flags = ptr(3), ptr(4), ptr(5), data.FlagRounded
	check(t, s.AddSnapshots(ctx, in))
	again := snap(a.ID, 2, 125) // same second: replaces
	check(t, s.AddSnapshots(ctx, []data.Snapshot{again}))
	equal(t, "series", r(s.Series(ctx, a.ID, time.Time{}, time.Time{})).must(t), []data.Snapshot{in[0], in[1], again})
	equal(t, "series [day 1, day 2)", r(s.Series(ctx, a.ID, t0.AddDate(0, 0, 1), t0.AddDate(0, 0, 2))).must(t), []data.Snapshot{in[1]})
	equal(t, "empty series", r(s.Series(ctx, a.ID, t0.AddDate(1, 0, 0), time.Time{})).must(t), []data.Snapshot{})
	equal(t, "count of one", r(s.SnapshotCount(ctx, a.ID)).must(t), int64(3))
	equal(t, "count of all", r(s.SnapshotCount(ctx, 0)).must(t), int64(4))
	var all []data.Snapshot
	check(t, s.EachSnapshot(ctx, func(sn data.Snapshot) error { all = append(all, sn); return nil }))
	equal(t, "every snapshot in account and time order", all, []data.Snapshot{in[0], in[1], again, in[3]})
	bad := snap(a.ID, 5, -1)
	err := s.AddSnapshots(ctx, []data.Snapshot{snap(a.ID, 4, 1), bad})
	wantErr(t, err, data.ErrInvalid, "negative followers")
	equal(t, "a refused batch keeps nothing", r(s.SnapshotCount(ctx, a.ID)).must(t), int64(3))
	err = s.AddSnapshots(ctx, []data.Snapshot{snap(a.ID, 6, 1), snap(9999, 6, 1)})
	if err == nil {
		t.Fatal("a snapshot of a missing account was stored")
	}
	equal(t, "a failed batch keeps nothing", r(s.SnapshotCount(ctx, a.ID)).must(t), int64(3))
}

func testLatest(t *testing.T, s data.Store) {
	o := official(t, s, "Аким", "pavlodar")
	a := account(t, s, o, data.Instagram, "akim")
	b := account(t, s, o, data.Telegram, "akim")
	account(t, s, o, data.X, "none") // no readings: left out
	in := []data.Snapshot{snap(a.ID, 0, 100), snap(a.ID, 3, 130), snap(b.ID, 1, 50), snap(b.ID, 2, 60)}
	check(t, s.AddSnapshots(ctx, in))
	equal(t, "latest", r(s.Latest(ctx)).must(t), []data.Snapshot{in[1], in[3]})
	equal(t, "latest at day 1", r(s.LatestAt(ctx, t0.AddDate(0, 0, 1))).must(t), []data.Snapshot{in[0], in[2]})
	equal(t, "latest before any", len(r(s.LatestAt(ctx, t0.Add(-time.Hour))).must(t)), 0)
}

func testRecordChecks(t *testing.T, s data.Store) {
	o := official(t, s, "Аким", "pavlodar")
	a := account(t, s, o, data.YouTube, "@akim")
	b := account(t, s, o, data.Instagram, "akim")
	at := t0
	sn := snap(a.ID, 0, 1000)
	check(t, s.RecordChecks(ctx, []data.CheckResult{
		{AccountID: a.ID, At: at, Snapshot: &sn, PlatformID: "UC123", Metric: data.MetricSubscribers},
		{AccountID: b.ID, At: at, Err: "private profile", Fail: data.FailPrivate},
	}))
	ga := r(s.Account(ctx, a.ID)).must(t)
	if !ga.LastCheck.Equal(at) || ga.PlatformID != "UC123" || ga.Metric != data.MetricSubscribers || ga.FailKind != data.FailNone {
		t.Errorf("healthy account after check: %+v", ga)
	}
	gb := r(s.Account(ctx, b.ID)).must(t)
	if gb.FailKind != data.FailPrivate || gb.FailCount != 1 || !gb.FailingSince.Equal(at) || gb.LastError != "private profile" || !gb.Active {
		t.Errorf("failing account after check: %+v", gb)
	}
	later := at.Add(24 * time.Hour)
	check(t, s.RecordCheck(ctx, data.CheckResult{AccountID: b.ID, At: later, Err: "still private", Fail: data.FailPrivate}))
	gb = r(s.Account(ctx, b.ID)).must(t)
	if gb.FailCount != 2 || !gb.FailingSince.Equal(at) || !gb.LastCheck.Equal(later) {
		t.Errorf("failing twice: count %d since %s last %s", gb.FailCount, gb.FailingSince, gb.LastCheck)
	}
	if want := data.RetryDelay(data.FailPrivate, 2, at, later); want > 0 && !gb.NextTry.Equal(later.Add(want)) {
		t.Errorf("next try %s, want %s", gb.NextTry, later.Add(want))
	}
	equal(t, "failing accounts", ids(r(s.FailingAccounts(ctx)).must(t)), []int64{b.ID})
	sn2 := snap(a.ID, 1, 1010)
	check(t, s.RecordCheck(ctx, data.CheckResult{AccountID: a.ID, At: later, Snapshot: &sn2}))
	if ga = r(s.Account(ctx, a.ID)).must(t); ga.PlatformID != "UC123" {
		t.Errorf("a check without an id forgot the resolved one: %q", ga.PlatformID)
	}
	err := s.RecordCheck(ctx, data.CheckResult{AccountID: a.ID, At: later, Fail: "nonsense", Err: "x"})
	wantErr(t, err, data.ErrInvalid, "unknown failure kind")
	equal(t, "snapshots written by checks", r(s.SnapshotCount(ctx, a.ID)).must(t), int64(2))
}

func testHistory(t *testing.T, s data.Store) {
	o := official(t, s, "Аким", "pavlodar")
	p := official(t, s, "Другой", "almaty")
	a := account(t, s, o, data.Instagram, "akim")
	b := account(t, s, p, data.Facebook, "page")
	likes := snap(b.ID, 2, 999)
	likes.Flags = data.FlagPageLikes
	in := []data.Snapshot{snap(a.ID, 0, 100), snap(a.ID, 5, 150), snap(a.ID, 9, 190), snap(b.ID, 1, 10), likes, snap(b.ID, 6, 20)}
	check(t, s.AddSnapshots(ctx, in))
	type hist struct {
		id int64
		rs []data.Reading
	}
	var got []hist
	check(t, s.EachHistory(ctx, data.HistoryRange{From: t0.AddDate(0, 0, 1)}, func(id int64, rs []data.Reading) error {
		got = append(got, hist{id, rs})
		return nil
	}))
	rd := func(sn data.Snapshot) data.Reading { return data.Reading{Time: sn.Time, Followers: sn.Followers} }
	equal(t, "history from day 1", got, []hist{{a.ID, []data.Reading{rd(in[1]), rd(in[2])}}, {b.ID, []data.Reading{rd(in[3]), rd(in[4]), rd(in[5])}}})
	got = nil
	check(t, s.EachHistory(ctx, data.HistoryRange{FirstAccount: b.ID, LastAccount: b.ID}, func(id int64, rs []data.Reading) error {
		got = append(got, hist{id, rs})
		return nil
	}))
	equal(t, "history of one account", len(got), 1)

	tl := r(s.Tallies(ctx, t0.AddDate(0, 0, 5), t0.AddDate(0, 0, 8))).must(t)
	ta := tl[a.ID]
	// (day 5, day 8] with the newest at or before day 5 as the base.
	wantA := data.TotalsAccount(a.ID, []data.Snapshot{in[1]})
	equal(t, "tally of a", ta.Account, wantA)
	if ta.OfficialID != o.ID || ta.Platform != data.Instagram || ta.Handle != "akim" || ta.Region != "pavlodar" {
		t.Errorf("tally of a describes %+v", ta)
	}
	wantB := data.TotalsAccount(b.ID, []data.Snapshot{in[3], in[5]}) // page likes are another metric
	equal(t, "tally of b", tl[b.ID].Account, wantB)
	only := r(s.TalliesOf(ctx, t0, t0.AddDate(0, 0, 9), data.TallyFilter{Region: "almaty"})).must(t)
	if _, ok := only[a.ID]; ok || len(only) != 1 {
		t.Errorf("region filter kept %d tallies", len(only))
	}
	equal(t, "nothing before the first reading", len(r(s.Tallies(ctx, time.Time{}, t0.Add(-time.Hour))).must(t)), 0)
}
