// Package datatest builds stores and fixtures for tests of packages that use
// the data store.
package datatest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"akimwatch/data"
)

// NewStore opens a fresh, empty, migrated store in t.TempDir and closes it
// when the test ends.
func NewStore(t testing.TB) data.Store {
	t.Helper()
	s, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), data.Options{})
	if err != nil {
		t.Fatalf("open test store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Official adds an official in Pavlodar region with the given name.
func Official(t testing.TB, s data.Store, name string) data.Official {
	t.Helper()
	o, err := s.CreateOfficial(context.Background(), data.Official{Name: name, Position: data.PosAkim, Level: data.LevelRegion, Region: "pavlodar"})
	if err != nil {
		t.Fatalf("add official %q: %v", name, err)
	}
	return o
}

// Account adds an active account for official o.
func Account(t testing.TB, s data.Store, o data.Official, p data.Platform, handle string) data.Account {
	t.Helper()
	a, err := s.CreateAccount(context.Background(), data.Account{OfficialID: o.ID, Platform: p, Handle: handle, Active: true})
	if err != nil {
		t.Fatalf("add account %s/%s: %v", p, handle, err)
	}
	return a
}

// Daily returns n daily snapshots of account id starting at start, with
// followers growing by step a day from first.
func Daily(id int64, start time.Time, n int, first, step int64) []data.Snapshot {
	out := make([]data.Snapshot, n)
	for i := range out {
		out[i] = data.Snapshot{AccountID: id, Time: start.AddDate(0, 0, i), Followers: first + int64(i)*step, Source: data.SourceAPI}
	}
	return out
}

// Fill adds accounts officials with perOfficial accounts each and days of
// daily snapshots per account, for benchmarks. It returns the account IDs.
func Fill(t testing.TB, s data.Store, accounts, days int, start time.Time) []int64 {
	t.Helper()
	ctx := context.Background()
	ids := make([]int64, 0, accounts)
	for i := range accounts {
		o := Official(t, s, fmt.Sprintf("Аким %d", i))
		a := Account(t, s, o, data.Platforms[i%len(data.Platforms)], fmt.Sprintf("akim%d", i))
		ids = append(ids, a.ID)
		if err := s.AddSnapshots(ctx, Daily(a.ID, start, days, int64(1000+i), int64(1+i%7))); err != nil {
			t.Fatalf("fill account %d: %v", a.ID, err)
		}
	}
	return ids
}
