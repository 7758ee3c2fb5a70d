package data_test

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

func TestAddSat(t *testing.T) {
	tests := []struct{ a, b, want int64 }{
		{1, 2, 3},
		{math.MaxInt64, 1, math.MaxInt64},
		{math.MaxInt64, math.MaxInt64, math.MaxInt64},
		{math.MinInt64, -1, math.MinInt64},
		{math.MaxInt64, -1, math.MaxInt64 - 1},
		{-5, 3, -2},
	}
	for _, tt := range tests {
		if got := data.AddSat(tt.a, tt.b); got != tt.want {
			t.Errorf("AddSat(%d, %d) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// Counts above the ceiling are refused wherever a reading is stored, and an
// official's total over readings stored before the ceiling existed never
// wraps around to a negative number.
func TestCountsCannotOverflow(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "Булат Бакауов")
	a1 := datatest.Account(t, s, o, data.Instagram, "a1")
	a2 := datatest.Account(t, s, o, data.Telegram, "a2")
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	if err := s.AddSnapshots(ctx, []data.Snapshot{{AccountID: a1.ID, Time: at, Followers: math.MaxInt64, Source: data.SourceAPI}}); err == nil {
		t.Fatal("a count of 2^63-1 was stored")
	}
	// An older akimwatch stored them: write them behind the store's back.
	db, err := sql.Open("sqlite3", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, id := range []int64{a1.ID, a2.ID} {
		if _, err := db.Exec("INSERT INTO snapshots(account_id, ts, followers, source) VALUES (?, ?, ?, 1)", id, at.Unix(), int64(math.MaxInt64)); err != nil {
			t.Fatal(err)
		}
	}
	sums, err := s.Overview(ctx, at.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 1 || sums[0].Followers != math.MaxInt64 {
		t.Fatalf("total = %d, want it held at %d, not wrapped", sums[0].Followers, int64(math.MaxInt64))
	}
}

// Text that is not UTF-8 is never stored as an official's name or notes,
// nor as a handle.
func TestOfficialRefusesInvalidUTF8(t *testing.T) {
	s := datatest.NewStore(t)
	ctx := context.Background()
	for _, o := range []data.Official{{Name: "\xc1\xf3\xeb\xe0\xf2"}, {Name: "Булат", Notes: "\xff"}} {
		if _, err := s.CreateOfficial(ctx, o); !errors.Is(err, data.ErrInvalid) {
			t.Fatalf("CreateOfficial(%q) = %v, want ErrInvalid", o.Name, err)
		}
	}
	o := datatest.Official(t, s, "Булат Бакауов")
	if _, err := s.CreateAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.X, Handle: "\xe0\xea"}); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("CreateAccount with a Windows-1251 handle = %v, want ErrInvalid", err)
	}
	a := datatest.Account(t, s, o, data.X, "")
	h := "\xe0\xea"
	if _, err := s.SetHandle(ctx, a.ID, &h, nil); !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("SetHandle with a Windows-1251 handle = %v, want ErrInvalid", err)
	}
}
