package alerting_test

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/datatest"
)

// TestWarmScansMatchColdScans checks that a long-lived service, which keeps
// its detectors between scans, raises exactly what a fresh service (reading
// the saved states) raises, pass after pass, across more accounts than one
// scan chunk holds.
func TestWarmScansMatchColdScans(t *testing.T) {
	ctx := context.Background()
	const accounts, days = 300, 60
	type world struct {
		s   data.Store
		ids []int64
	}
	mk := func() world {
		s := datatest.NewStore(t)
		o := datatest.Official(t, s, "A")
		var ids []int64
		var snaps []data.Snapshot
		for i := range accounts {
			a := datatest.Account(t, s, o, data.Platforms[i%len(data.Platforms)], fmt.Sprintf("h%d", i))
			ids = append(ids, a.ID)
			snaps = append(snaps, steady(a.ID, start, days, int64(3000+i))...)
		}
		if err := s.AddSnapshots(ctx, snaps); err != nil {
			t.Fatal(err)
		}
		return world{s, ids}
	}
	warmW, coldW := mk(), mk()
	warm := alerting.New(warmW.s, nil, nil)
	if _, err := warm.Rescan(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := alerting.New(coldW.s, nil, nil).Rescan(ctx, nil); err != nil {
		t.Fatal(err)
	}
	passes := []struct {
		name  string
		jumps map[int]int64 // account index → bought followers that day
	}{
		{"quiet day", nil},
		{"two jumps", map[int]int64{7: 19705, 250: 40000}},
		{"no reading for some accounts", map[int]int64{}},
		{"another jump", map[int]int64{100: 50000}},
	}
	followers := make([]int64, accounts)
	for i := range followers {
		followers[i] = steady(0, start, days, int64(3000+i))[days-1].Followers
	}
	for p, pass := range passes {
		t.Run(pass.name, func(t *testing.T) {
			at := start.AddDate(0, 0, days+p)
			for _, w := range []world{warmW, coldW} {
				var snaps []data.Snapshot
				for i, id := range w.ids {
					if pass.jumps != nil && len(pass.jumps) == 0 && i%3 == 0 {
						continue
					}
					snaps = append(snaps, data.Snapshot{AccountID: id, Time: at, Followers: followers[i] + 15 + pass.jumps[i], Source: data.SourceAPI})
				}
				if err := w.s.AddSnapshots(ctx, snaps); err != nil {
					t.Fatal(err)
				}
			}
			for i := range followers {
				followers[i] += 15 + pass.jumps[i]
			}
			gotWarm, err := warm.Incremental(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			gotCold, err := alerting.New(coldW.s, nil, nil).Incremental(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			byAccount := func(as []data.Alert) {
				sort.Slice(as, func(i, j int) bool { return as[i].AccountID < as[j].AccountID })
			}
			byAccount(gotWarm)
			byAccount(gotCold)
			if len(gotWarm) != len(gotCold) {
				t.Fatalf("warm service raised %d alerts, a fresh one %d:\n%+v\n%+v", len(gotWarm), len(gotCold), gotWarm, gotCold)
			}
			want := 0
			for _, j := range pass.jumps {
				if j > 0 {
					want++
				}
			}
			if len(gotWarm) != want {
				t.Fatalf("raised %d alerts, want %d: %+v", len(gotWarm), want, gotWarm)
			}
			for i := range gotWarm {
				a, b := gotWarm[i], gotCold[i]
				if a.Kind != b.Kind || a.Size != b.Size || !a.Time.Equal(b.Time) {
					t.Fatalf("alert %d differs: warm %+v, fresh %+v", i, a, b)
				}
			}
		})
	}
}
