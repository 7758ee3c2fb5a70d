package data_test

import (
	"context"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

// boardFixture makes four accounts with known counts today, a week ago and
// a month ago:
//
//	akim A (pavlodar, region)  instagram: 100 → 150 → 200 (month, week, now)
//	akim A                     telegram:  500 → 500 → 180
//	akim B (astana, city)      instagram: 170 → 190 → 200 (ties with A's instagram now)
//	akim B                     tiktok:    only a reading 3 days ago: 50
func boardFixture(t *testing.T) (data.Store, time.Time, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	s := datatest.NewStore(t)
	at := t0.AddDate(0, 3, 0)
	a, err := s.CreateOfficial(ctx, data.Official{Name: "Аким А", Position: data.PosAkim, Level: data.LevelRegion, Region: "pavlodar"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.CreateOfficial(ctx, data.Official{Name: "Аким Б", Position: data.PosAkim, Level: data.LevelCity, Region: "astana"})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{
		"a-ig": datatest.Account(t, s, a, data.Instagram, "a_ig").ID,
		"a-tg": datatest.Account(t, s, a, data.Telegram, "a_tg").ID,
		"b-ig": datatest.Account(t, s, b, data.Instagram, "b_ig").ID,
		"b-tt": datatest.Account(t, s, b, data.TikTok, "b_tt").ID,
	}
	snap := func(id int64, daysAgo int, f int64) data.Snapshot {
		return data.Snapshot{AccountID: id, Time: at.AddDate(0, 0, -daysAgo).Add(-time.Hour), Followers: f, Source: data.SourceAPI}
	}
	snaps := []data.Snapshot{
		snap(ids["a-ig"], 40, 100), snap(ids["a-ig"], 10, 150), snap(ids["a-ig"], 0, 200),
		snap(ids["a-tg"], 31, 500), snap(ids["a-tg"], 8, 500), snap(ids["a-tg"], 1, 180),
		snap(ids["b-ig"], 30, 170), snap(ids["b-ig"], 7, 190), snap(ids["b-ig"], 0, 200),
		snap(ids["b-tt"], 3, 50),
		// A reading after At must not count.
		snap(ids["a-ig"], -2, 999),
	}
	if err := s.AddSnapshots(ctx, snaps); err != nil {
		t.Fatal(err)
	}
	return s, at, ids
}

func TestLeaderboard(t *testing.T) {
	s, at, ids := boardFixture(t)
	ctx := context.Background()
	type want struct {
		account        string
		followers      int64
		rank, prevRank int
		week, month    *data.Change
		climbed        int
		hasRankChange  bool
	}
	ch := func(abs int64, pct float64) *data.Change { return &data.Change{Abs: abs, Pct: pct} }
	tests := []struct {
		name string
		q    data.LeaderboardQuery
		want []want
	}{
		{"everyone", data.LeaderboardQuery{By: data.ByAccount, At: at}, []want{
			{"a-ig", 200, 1, 3, ch(50, 100.0/3), ch(100, 100), 2, true},
			{"b-ig", 200, 1, 2, ch(10, 100.0*10/190), ch(30, 100.0*30/170), 1, true},
			{"a-tg", 180, 3, 1, ch(-320, -64), ch(-320, -64), -2, true},
			{"b-tt", 50, 4, 0, nil, nil, 0, false},
		}},
		{"one region", data.LeaderboardQuery{By: data.ByAccount, At: at, Region: "astana"}, []want{
			{"b-ig", 200, 1, 1, ch(10, 100.0*10/190), ch(30, 100.0*30/170), 0, true},
			{"b-tt", 50, 2, 0, nil, nil, 0, false},
		}},
		{"one level", data.LeaderboardQuery{By: data.ByAccount, At: at, Level: data.LevelRegion}, []want{
			{"a-ig", 200, 1, 2, ch(50, 100.0/3), ch(100, 100), 1, true},
			{"a-tg", 180, 2, 1, ch(-320, -64), ch(-320, -64), -1, true},
		}},
		{"one platform", data.LeaderboardQuery{By: data.ByAccount, At: at, Platform: data.Instagram}, []want{
			{"a-ig", 200, 1, 2, ch(50, 100.0/3), ch(100, 100), 1, true},
			{"b-ig", 200, 1, 1, ch(10, 100.0*10/190), ch(30, 100.0*30/170), 0, true},
		}},
		{"before any history", data.LeaderboardQuery{By: data.ByAccount, At: at.AddDate(-1, 0, 0)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := s.Leaderboard(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(tt.want) {
				t.Fatalf("got %d rows, want %d: %+v", len(rows), len(tt.want), rows)
			}
			for i, w := range tt.want {
				r := rows[i]
				if r.AccountID != ids[w.account] || r.Followers != w.followers || r.Rank != w.rank || r.PrevRank != w.prevRank {
					t.Errorf("row %d = account %d, %d followers, rank %d (prev %d); want %s, %d, rank %d (prev %d)",
						i, r.AccountID, r.Followers, r.Rank, r.PrevRank, w.account, w.followers, w.rank, w.prevRank)
				}
				if !sameChange(r.Week, w.week) || !sameChange(r.Month, w.month) {
					t.Errorf("row %d (%s): week %+v month %+v, want %+v %+v", i, w.account, r.Week, r.Month, w.week, w.month)
				}
				if c, ok := r.RankChange(); c != w.climbed || ok != w.hasRankChange {
					t.Errorf("row %d (%s): rank change %d %v, want %d %v", i, w.account, c, ok, w.climbed, w.hasRankChange)
				}
				if r.Time.After(tt.q.At) || r.Official == "" || r.Region == "" {
					t.Errorf("row %d (%s): time %s, official %q, region %q", i, w.account, r.Time, r.Official, r.Region)
				}
			}
		})
	}
}

func sameChange(a, b *data.Change) bool {
	if a == nil || b == nil {
		return a == b
	}
	d := a.Pct - b.Pct
	return a.Abs == b.Abs && d < 1e-9 && d > -1e-9
}

func TestLeaderboardOfOfficials(t *testing.T) {
	s, at, _ := boardFixture(t)
	rows, err := s.Leaderboard(context.Background(), data.LeaderboardQuery{At: at})
	if err != nil || len(rows) != 2 {
		t.Fatalf("leaderboard = %+v, %v; want the two officials", rows, err)
	}
	a, b := rows[0], rows[1]
	// A: instagram 200 + telegram 180; B: instagram 200 + tiktok 50.
	if a.Official != "Аким А" || a.Followers != 380 || a.Rank != 1 || a.Accounts != 2 || b.Followers != 250 || b.Rank != 2 {
		t.Fatalf("rows %+v; want А 380 first, Б 250 second", rows)
	}
	// A's week: telegram 500 → 180 on a base of 650, then instagram
	// 150 → 200 on a base of 330: chain-linked 380/650 − 1.
	if !sameChange(a.Week, &data.Change{Abs: -270, Pct: 100 * (380.0/650 - 1)}) {
		t.Errorf("А week %+v", a.Week)
	}
	// B's TikTok starts 3 days ago: not growth. Only instagram's +10 counts,
	// on the base of both accounts tracked at that step (190 + 50).
	if !sameChange(b.Week, &data.Change{Abs: 10, Pct: 100 * 10.0 / 240}) {
		t.Errorf("Б week %+v", b.Week)
	}
	// a week ago: А 150 + 500 = 650, Б 190 (tiktok not yet tracked)
	if a.PrevRank != 1 || b.PrevRank != 2 {
		t.Errorf("previous ranks %d, %d; want 1, 2", a.PrevRank, b.PrevRank)
	}
}

func TestLeaderboardKeepsApartFiguresOutOfRanks(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	at := t0.AddDate(0, 3, 0)
	live := datatest.Account(t, s, datatest.Official(t, s, "Live"), data.Instagram, "live")
	quoted := datatest.Account(t, s, datatest.Official(t, s, "Quoted"), data.Instagram, "")
	if err := s.AddSnapshots(ctx, []data.Snapshot{
		{AccountID: live.ID, Time: at.Add(-time.Hour), Followers: 100, Source: data.SourceAPI},
		{AccountID: quoted.ID, Time: at.AddDate(-6, 0, 0), Followers: 40000, Source: data.SourceArticle, Flags: data.FlagApproxTime | data.FlagLowerBound},
	}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		include bool
		first   string
		ranks   []int
	}{
		{"apart by default", false, "Live", []int{1, 0}},
		{"included on request", true, "Quoted", []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := s.Leaderboard(ctx, data.LeaderboardQuery{At: at, IncludeApart: tt.include})
			if err != nil || len(rows) != 2 {
				t.Fatalf("leaderboard = %+v, %v", rows, err)
			}
			if rows[0].Official != tt.first || rows[0].Rank != tt.ranks[0] || rows[1].Rank != tt.ranks[1] {
				t.Fatalf("rows %+v; want %s first, ranks %v", rows, tt.first, tt.ranks)
			}
			for _, r := range rows {
				if (r.Official == "Quoted") != r.Apart {
					t.Fatalf("row %s apart = %v", r.Official, r.Apart)
				}
			}
		})
	}
}
