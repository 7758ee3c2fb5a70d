package storetest

import (
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/totals"
)

func testMetaSeed(t *testing.T, s data.Store) {
	equal(t, "unset meta", r(s.Meta(ctx, "nothing")).must(t), "")
	equal(t, "new database is not demo", r(s.IsDemo(ctx)).must(t), false)
	check(t, s.SetMeta(ctx, data.MetaDemo, "1"))
	check(t, s.SetMeta(ctx, data.MetaDemo, "1")) // twice: replaces
	equal(t, "demo", r(s.IsDemo(ctx)).must(t), true)
	sd := data.Seed{Name: "test seed", Time: t0, Officials: []data.SeedOfficial{{Name: "Аким Сид", Position: data.PosAkim, Level: data.LevelRegion, Region: "pavlodar",
		Accounts: []data.SeedAccount{{Platform: data.Instagram, Handle: "seed_ig", Followers: 5000, LowerBound: true}, {Platform: data.Telegram, Handle: "seed_tg"}}}}}
	check(t, s.ApplySeed(ctx, sd))
	equal(t, "seed name", r(s.Meta(ctx, data.MetaSeed)).must(t), "test seed")
	accs := r(s.Accounts(ctx, data.AccountFilter{})).must(t)
	equal(t, "seeded accounts", len(accs), 2)
	latest := r(s.Latest(ctx)).must(t)
	equal(t, "seed baseline", latest, []data.Snapshot{{AccountID: accs[0].ID, Time: t0, Followers: 5000, Source: data.SourceArticle, Flags: data.FlagApproxTime | data.FlagLowerBound}})
}

func testCascade(t *testing.T, s data.Store) {
	o := official(t, s, "Аким", "pavlodar")
	a := account(t, s, o, data.Instagram, "akim")
	check(t, s.AddSnapshots(ctx, []data.Snapshot{snap(a.ID, 0, 1), snap(a.ID, 1, 2)}))
	r(s.SaveDetection(ctx, []data.Alert{alert(a.ID, 1, data.AlertJump)}, []data.DetectorState{{AccountID: a.ID, Sensitivity: "n", State: []byte{1}}})).must(t)
	equal(t, "snapshots deleted with the official", r(s.DeleteOfficial(ctx, o.ID)).must(t), int64(2))
	equal(t, "snapshots left", r(s.SnapshotCount(ctx, 0)).must(t), int64(0))
	equal(t, "alerts left", len(r(s.Alerts(ctx, data.AlertFilter{})).must(t)), 0)
	equal(t, "states left", len(r(s.DetectorStates(ctx)).must(t)), 0)
}

// testViews builds a small watchlist and checks the leaderboard, overview
// and sparklines against totals computed here from the same readings with
// the one definition (data/totals).
func testViews(t *testing.T, s data.Store) {
	at := t0.AddDate(0, 0, 40)
	type acc struct {
		official string
		p        data.Platform
		start    int64
		step     int64
	}
	spec := []acc{{"Бірінші", data.Instagram, 1000, 10}, {"Бірінші", data.Telegram, 500, 3}, {"Екінші", data.X, 4000, -5}, {"Үшінші", data.YouTube, 200, 40}}
	offs := map[string]data.Official{}
	hist := map[int64][]totals.Account{}
	for i, a := range spec {
		o, ok := offs[a.official]
		if !ok {
			o = official(t, s, a.official, "pavlodar")
			offs[a.official] = o
		}
		ac := account(t, s, o, a.p, "h"+itoa(int64(i)))
		var snaps []data.Snapshot
		for d := 0; d <= 40; d++ {
			snaps = append(snaps, data.Snapshot{AccountID: ac.ID, Time: t0.AddDate(0, 0, d), Followers: a.start + a.step*int64(d), Posts: ptr(int64(d)), Source: data.SourceAPI})
		}
		check(t, s.AddSnapshots(ctx, snaps))
		hist[o.ID] = append(hist[o.ID], data.TotalsAccount(ac.ID, snaps))
	}
	rows := r(s.Leaderboard(ctx, data.LeaderboardQuery{At: at})).must(t)
	equal(t, "leaderboard rows", len(rows), 3)
	for i, r := range rows {
		want := totals.TotalAt(hist[r.OfficialID], at, totals.Options{})
		if r.Followers != want.Followers || r.Rank != i+1 {
			t.Errorf("row %d %s: followers %d rank %d, want %d rank %d", i, r.Official, r.Followers, r.Rank, want.Followers, i+1)
		}
		if i > 0 && rows[i-1].Followers < r.Followers {
			t.Errorf("not ranked by followers: %d before %d", rows[i-1].Followers, r.Followers)
		}
		ch := totals.Changes(hist[r.OfficialID], at, []time.Duration{data.LeaderboardWeek}, totals.Options{})
		if r.Week.Abs != ch[0].Abs {
			t.Errorf("%s week change %+v, want %+v", r.Official, r.Week, ch[0])
		}
	}
	ov := r(s.Overview(ctx, at)).must(t)
	equal(t, "overview rows", len(ov), 3)
	for _, r := range ov {
		want := totals.TotalAt(hist[r.Official.ID], at, totals.Options{})
		if r.Followers != want.Followers {
			t.Errorf("overview %s: %d, want %d", r.Official.Name, r.Followers, want.Followers)
		}
	}
	sp := r(s.Sparklines(ctx, at, 7)).must(t)
	for _, o := range offs {
		v := sp[o.ID]
		want := totals.TotalAt(hist[o.ID], at, totals.Options{})
		if len(v) == 0 || int64(v[len(v)-1]) != want.Followers {
			t.Errorf("sparkline of %s ends at %v, want %d", o.Name, v, want.Followers)
		}
	}
}
