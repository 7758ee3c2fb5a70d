package data_test

import (
	"context"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

// A Facebook Page's likes are another metric: no total sums them, on the
// watchlist, the sparklines or the leaderboard, whether the Page's likes
// fall inside the compared span or just before it.
func TestPageLikesStayOutOfTotals(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name   string
		likeAt []time.Time
	}{
		{"likes through the span", []time.Time{now.AddDate(0, 0, -40), now.AddDate(0, 0, -20), now.AddDate(0, 0, -1)}},
		{"likes just before the span", []time.Time{now.AddDate(0, 0, -31)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := datatest.NewStore(t)
			o := datatest.Official(t, s, "Аким Страниц")
			ig := datatest.Account(t, s, o, data.Instagram, "ig_akim")
			fb := datatest.Account(t, s, o, data.Facebook, "fb_akim")
			if err := s.AddSnapshots(ctx, datatest.Daily(ig.ID, now.AddDate(0, 0, -45), 45, 1000, 10)); err != nil {
				t.Fatal(err)
			}
			var likes []data.Snapshot
			for i, at := range tt.likeAt {
				likes = append(likes, data.Snapshot{AccountID: fb.ID, Time: at, Followers: 500000 + int64(i), Source: data.SourceAPI, Flags: data.FlagPageLikes})
			}
			if err := s.AddSnapshots(ctx, likes); err != nil {
				t.Fatal(err)
			}
			want := int64(1000 + 44*10)
			sums, err := s.Overview(ctx, now)
			if err != nil {
				t.Fatal(err)
			}
			if len(sums) != 1 || sums[0].Followers != want {
				t.Fatalf("watchlist total %+v, want %d (Instagram only)", sums, want)
			}
			rows, err := s.Leaderboard(ctx, data.LeaderboardQuery{At: now})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || rows[0].Followers != want {
				t.Fatalf("leaderboard %+v, want %d", rows, want)
			}
			sp, err := s.Sparklines(ctx, now, 30)
			if err != nil {
				t.Fatal(err)
			}
			if line := sp[o.ID]; len(line) == 0 || line[len(line)-1] != float64(want) {
				t.Fatalf("sparkline ends %v, want %d", line, want)
			}
		})
	}
}
