// Package storetest is the conformance suite every engine of data.Store
// passes: the SQLite store (run by this package's own test) and the
// PostgreSQL store (run by data/pgstore's test when AKIMWATCH_TEST_PG_DSN
// names a server). One table of cases, the same for both engines.
package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"akimwatch/data"
)

// Opener returns a new, empty, migrated store for one test; the store is
// closed by the test's cleanup.
type Opener func(t *testing.T) data.Store

// Case is one behaviour every engine must have.
type Case struct {
	Name string
	Run  func(t *testing.T, s data.Store)
}

// Cases is the suite.
var Cases = []Case{
	{"officials", testOfficials},
	{"find official", testFindOfficial},
	{"accounts", testAccounts},
	{"add account fills a handleless one", testAddAccount},
	{"snapshots", testSnapshots},
	{"latest", testLatest},
	{"record checks", testRecordChecks},
	{"alerts", testAlerts},
	{"detection and mutes", testDetection},
	{"meta and seed", testMetaSeed},
	{"history and tallies", testHistory},
	{"views", testViews},
	{"cascade delete", testCascade},
	{"load (akimwatch copy)", testLoad},
	{"merge accounts", testMerge},
	{"import (all or nothing)", testImport},
}

// Run runs every case against a fresh store from open.
func Run(t *testing.T, open Opener) {
	for _, c := range Cases {
		t.Run(c.Name, func(t *testing.T) { c.Run(t, open(t)) })
	}
}

var ctx = context.Background()

// t0 is the fixture's first moment (a fixed time, so results repeat).
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// res carries a call's value and error to must.
type res[T any] struct {
	v   T
	err error
}

// r wraps a call's two results: r(s.Officials(ctx)).must(t).
func r[T any](v T, err error) res[T] { return res[T]{v, err} }

// must returns the value, failing the test on an error.
func (x res[T]) must(t *testing.T) T {
	t.Helper()
	if x.err != nil {
		t.Fatal(x.err)
	}
	return x.v
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantErr(t *testing.T, err, target error, what string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: error %v, want %v", what, err, target)
	}
}

func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %+v\nwant %+v", what, got, want)
	}
}

func official(t *testing.T, s data.Store, name string, region data.Region) data.Official {
	t.Helper()
	return r(s.CreateOfficial(ctx, data.Official{Name: name, Position: data.PosAkim, Level: data.LevelRegion, Region: region})).must(t)
}

func account(t *testing.T, s data.Store, o data.Official, p data.Platform, handle string) data.Account {
	t.Helper()
	return r(s.CreateAccount(ctx, data.Account{OfficialID: o.ID, Platform: p, Handle: handle, Active: true})).must(t)
}

func ptr(v int64) *int64 { return &v }

func snap(id int64, day int, followers int64) data.Snapshot {
	return data.Snapshot{AccountID: id, Time: t0.AddDate(0, 0, day), Followers: followers, Posts: ptr(int64(10 + day)), Source: data.SourceAPI}
}
