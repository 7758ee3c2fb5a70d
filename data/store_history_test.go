package data_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

func TestEachHistory(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "Аким")
	var ids []int64
	for i, p := range []data.Platform{data.Instagram, data.Telegram, data.TikTok} {
		a := datatest.Account(t, s, o, p, "h"+string(rune('a'+i)))
		ids = append(ids, a.ID)
		if i == 2 {
			continue // an account with no readings
		}
		if err := s.AddSnapshots(ctx, datatest.Daily(a.ID, t0, 10, int64(100*(i+1)), 3)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		r     data.HistoryRange
		want  map[int64]int // readings per account
		first int64         // followers of the first reading of ids[0], when it is in want
	}{
		{"everything", data.HistoryRange{}, map[int64]int{ids[0]: 10, ids[1]: 10}, 100},
		{"from a time", data.HistoryRange{From: t0.AddDate(0, 0, 7)}, map[int64]int{ids[0]: 3, ids[1]: 3}, 121},
		{"one account", data.HistoryRange{FirstAccount: ids[1], LastAccount: ids[1]}, map[int64]int{ids[1]: 10}, 0},
		{"after the newest reading", data.HistoryRange{From: t0.AddDate(0, 0, 10)}, map[int64]int{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[int64]int{}
			var order []int64
			err := s.EachHistory(ctx, tt.r, func(id int64, rs []data.Reading) error {
				got[id] = len(rs)
				order = append(order, id)
				for i := 1; i < len(rs); i++ {
					if !rs[i].Time.After(rs[i-1].Time) || rs[i].Followers != rs[i-1].Followers+3 {
						t.Errorf("account %d readings out of order: %+v", id, rs)
					}
				}
				if id == ids[0] && rs[0].Followers != tt.first {
					t.Errorf("first reading %+v, want followers %d", rs[0], tt.first)
				}
				if rs[0].Time.Location() != time.UTC {
					t.Errorf("reading time %v is not UTC", rs[0].Time)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for id, n := range tt.want {
				if got[id] != n {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
			for i := 1; i < len(order); i++ {
				if order[i] <= order[i-1] {
					t.Fatalf("accounts out of order: %v", order)
				}
			}
		})
	}
	t.Run("an error from fn stops the walk", func(t *testing.T) {
		stop := errors.New("stop")
		calls := 0
		err := s.EachHistory(ctx, data.HistoryRange{}, func(int64, []data.Reading) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Fatalf("err %v after %d calls, want stop after 1", err, calls)
		}
	})
}
