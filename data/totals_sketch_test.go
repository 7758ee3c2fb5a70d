package data_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
	"akimwatch/data/totals"
)

// TestSketchesMatchReadings checks what the store's sketch query reads (three
// key seeks, counts and the index of odd readings) against the sketch made
// from every reading, on a randomised history with joins, leaves, gaps,
// article figures, approximate and zero counts and post counts that come
// and go.
func TestSketchesMatchReadings(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t).(*data.SQLiteStore)
	rng := rand.New(rand.NewPCG(7, 18))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var snaps []data.Snapshot
	off := datatest.Official(t, s, "Случайный")
	for k := range 40 {
		a := datatest.Account(t, s, off, data.Platforms[k%len(data.Platforms)], fmt.Sprintf("sk%d", k))
		if rng.IntN(4) == 0 {
			snaps = append(snaps, data.Snapshot{AccountID: a.ID, Time: start.AddDate(-6, 0, 0), Followers: 4000,
				Source: data.SourceArticle, Flags: data.FlagApproxTime})
		}
		first, last := rng.IntN(120), 120
		if rng.IntN(4) == 0 {
			last = first + rng.IntN(121-first)
		}
		f := int64(rng.IntN(3000))
		if k%5 == 0 {
			f = int64(rng.IntN(30)) // often down to no followers
		}
		for d := first; d <= last; d++ {
			if rng.IntN(5) == 0 {
				continue
			}
			if rng.IntN(60) == 0 {
				d += 20 + rng.IntN(30)
			}
			f = max(0, f+int64(rng.IntN(41)-20))
			sn := data.Snapshot{AccountID: a.ID, Time: start.AddDate(0, 0, d).Add(time.Duration(rng.IntN(86400)) * time.Second),
				Followers: f, Source: data.SourceAPI}
			if rng.IntN(150) == 0 {
				sn.Flags = data.FlagApproxCount
			}
			if k%3 != 0 && rng.IntN(8) > 0 {
				sn.Posts = data.Int64(int64(d))
			}
			snaps = append(snaps, sn)
		}
	}
	if err := s.AddSnapshots(ctx, snaps); err != nil {
		t.Fatal(err)
	}
	all, err := s.Tallies(ctx, time.Time{}, start.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, hi := range []time.Time{start.AddDate(0, 0, 20), start.AddDate(0, 0, 61).Add(5 * time.Hour), start.AddDate(0, 0, 125)} {
		lo, mid := hi.AddDate(0, 0, -30), hi.AddDate(0, 0, -7)
		got, err := s.SketchesForTest(ctx, lo, mid, hi)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, g := range got {
			want := totals.SketchOf(all[g.Account.ID].Account, lo, hi, mid)
			gw, ww := g.Window, want.Window
			firstOK := (ww.N == 0 && gw.First.IsZero()) || (ww.N > 0 && !gw.First.Before(ww.First) && !gw.First.After(hi))
			gw.First, ww.First = time.Time{}, time.Time{}
			if !slices.Equal(g.Account.Readings, want.Account.Readings) || gw != ww || !firstOK {
				t.Fatalf("account %d over (%v, %v]: the store sketches %+v, the readings give %+v", g.Account.ID, lo, hi, g, want)
			}
			if g.Window.N > 0 {
				n++
			}
		}
		if n == 0 {
			t.Fatalf("no account had readings in (%v, %v]: the test checked nothing", lo, hi)
		}
	}
}
