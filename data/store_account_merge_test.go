package data_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

func TestAddAccountFillsInHandleless(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name       string
		blank      int // handle-less instagram accounts the official has
		wantFilled bool
		wantErr    error
		wantAccs   int
	}{
		{"none: a new account", 0, false, nil, 1},
		{"one: filled in", 1, true, nil, 1},
		{"two: ask which", 2, false, data.ErrAmbiguous, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := datatest.NewStore(t)
			o := datatest.Official(t, s, "Булат Бакауов")
			var first data.Account
			for i := range tt.blank {
				a := datatest.Account(t, s, o, data.Instagram, "")
				if i == 0 {
					first = a
					base := data.Snapshot{AccountID: a.ID, Time: time.Date(2019, 4, 15, 0, 0, 0, 0, time.UTC), Followers: 40000, Source: data.SourceArticle, Flags: data.FlagLowerBound}
					if err := s.AddSnapshots(ctx, []data.Snapshot{base}); err != nil {
						t.Fatal(err)
					}
				}
			}
			got, filled, err := s.AddAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.Instagram, Handle: "@bakauov_b", Active: true})
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if filled != tt.wantFilled {
				t.Fatalf("filled = %v, want %v", filled, tt.wantFilled)
			}
			accs, _ := s.Accounts(ctx, data.AccountFilter{OfficialID: o.ID})
			if len(accs) != tt.wantAccs {
				t.Fatalf("%d accounts after add, want %d", len(accs), tt.wantAccs)
			}
			if tt.wantFilled {
				if got.ID != first.ID || got.Handle != "bakauov_b" || got.URL == "" {
					t.Fatalf("filled account = %+v, want id %d with handle bakauov_b", got, first.ID)
				}
				if n, _ := s.SnapshotCount(ctx, got.ID); n != 1 {
					t.Fatalf("the filled-in account has %d readings, want its baseline", n)
				}
			}
		})
	}
}

func TestSetHandleRefusesAnotherAccountsHandle(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "Булат Бакауов")
	blank := datatest.Account(t, s, o, data.Instagram, "")
	taken := datatest.Account(t, s, o, data.Instagram, "bakauov_b")
	h := "BAKAUOV_B"
	if _, err := s.SetHandle(ctx, blank.ID, &h, nil); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid naming account %d", err, taken.ID)
	}
	h = "https://instagram.com/bakauov.b/"
	off := false
	a, err := s.SetHandle(ctx, blank.ID, &h, &off)
	if err != nil || a.Handle != "bakauov.b" || a.Active || a.URL != data.Instagram.ProfileURL("bakauov.b") {
		t.Fatalf("SetHandle = %+v, %v", a, err)
	}
	if _, err := s.SetHandle(ctx, 999, &h, nil); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("unknown account: err = %v, want ErrNotFound", err)
	}
}

func TestMergeAccounts(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "Булат Бакауов")
	other := datatest.Official(t, s, "Данат Жумин")
	keep := datatest.Account(t, s, o, data.Instagram, "")
	gone := datatest.Account(t, s, o, data.Instagram, "bakauov_b")
	tg := datatest.Account(t, s, o, data.Telegram, "bakauov")
	foreign := datatest.Account(t, s, other, data.Instagram, "zhumin")
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	snaps := []data.Snapshot{
		{AccountID: keep.ID, Time: day(1), Followers: 100, Source: data.SourceArticle, Flags: data.FlagApproxCount}, // replaced by gone's API reading
		{AccountID: keep.ID, Time: day(2), Followers: 200, Source: data.SourceAPI},                                  // kept: gone's is an import
		{AccountID: keep.ID, Time: day(3), Followers: 300, Source: data.SourceManual},                               // alone
		{AccountID: gone.ID, Time: day(1), Followers: 110, Source: data.SourceAPI},
		{AccountID: gone.ID, Time: day(2), Followers: 210, Source: data.SourceImport},
		{AccountID: gone.ID, Time: day(4), Followers: 400, Source: data.SourcePage},
	}
	if err := s.AddSnapshots(ctx, snaps); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		name     string
		from, to int64
		want     error
	}{
		{"itself", keep.ID, keep.ID, data.ErrInvalid},
		{"other platform", tg.ID, keep.ID, data.ErrInvalid},
		{"other official", foreign.ID, keep.ID, data.ErrInvalid},
		{"unknown", 999, keep.ID, data.ErrNotFound},
	} {
		if _, err := s.MergeAccounts(ctx, bad.from, bad.to); !errors.Is(err, bad.want) {
			t.Fatalf("%s: err = %v, want %v", bad.name, err, bad.want)
		}
	}
	st, err := s.MergeAccounts(ctx, gone.ID, keep.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st != (data.MergeStats{Moved: 2, Replaced: 1, Dropped: 1}) {
		t.Fatalf("stats = %+v, want 2 moved, 1 replaced, 1 dropped", st)
	}
	series, err := s.Series(ctx, keep.ID, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		f   int64
		src data.Source
	}{{110, data.SourceAPI}, {200, data.SourceAPI}, {300, data.SourceManual}, {400, data.SourcePage}}
	if len(series) != len(want) {
		t.Fatalf("merged series has %d readings, want %d: %+v", len(series), len(want), series)
	}
	for i, w := range want {
		if series[i].Followers != w.f || series[i].Source != w.src {
			t.Fatalf("reading %d = %d/%s, want %d/%s", i, series[i].Followers, series[i].Source, w.f, w.src)
		}
	}
	if _, err := s.Account(ctx, gone.ID); !errors.Is(err, data.ErrNotFound) {
		t.Fatalf("merged account still there: %v", err)
	}
	a, err := s.Account(ctx, keep.ID)
	if err != nil || a.Handle != "bakauov_b" {
		t.Fatalf("kept account = %+v, %v; want it to take the handle bakauov_b", a, err)
	}
}
