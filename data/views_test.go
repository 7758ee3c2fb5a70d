package data_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

// plainSource hides the SQLite store's own sketches, so the views take the
// path every other engine takes: sketches made from the span's tallies.
type plainSource struct{ data.ViewSource }

// TestViewsAgreeWithoutSketches checks that the leaderboard, the overview
// and the sparklines come out the same whether the engine reads sketches
// itself (SQLite) or the views make them from its tallies (PostgreSQL).
func TestViewsAgreeWithoutSketches(t *testing.T) {
	ctx := context.Background()
	board, at, _ := boardFixture(t)
	filled := datatest.NewStore(t)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	datatest.Fill(t, filled, 24, 60, start)
	stores := []struct {
		name string
		s    data.Store
		at   time.Time
	}{
		{"board fixture", board, at},
		{"filled daily", filled, start.AddDate(0, 0, 45)},
	}
	for _, st := range stores {
		for _, q := range []data.LeaderboardQuery{
			{At: st.at},
			{At: st.at, By: data.ByAccount},
			{At: st.at, IncludeApart: true},
			{At: st.at, Platform: data.Instagram},
		} {
			t.Run(st.name+"/leaderboard "+string(q.By)+"/"+string(q.Platform), func(t *testing.T) {
				want, err := st.s.Leaderboard(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				got, err := data.LeaderboardOf(ctx, plainSource{st.s}, q)
				if err != nil {
					t.Fatal(err)
				}
				if len(want) == 0 {
					t.Fatal("the fixture ranks nobody: the comparison would prove nothing")
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("without sketches:\n%+v\nwith:\n%+v", got, want)
				}
			})
		}
		t.Run(st.name+"/overview", func(t *testing.T) {
			want, err := st.s.Overview(ctx, st.at)
			if err != nil {
				t.Fatal(err)
			}
			got, err := data.OverviewOf(ctx, plainSource{st.s}, st.at)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("without sketches:\n%+v\nwith:\n%+v", got, want)
			}
		})
		t.Run(st.name+"/sparklines", func(t *testing.T) {
			want, err := st.s.Sparklines(ctx, st.at, 30)
			if err != nil {
				t.Fatal(err)
			}
			got, err := data.SparklinesOf(ctx, plainSource{st.s}, st.at, 30)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("without sketches:\n%+v\nwith:\n%+v", got, want)
			}
		})
	}
}
