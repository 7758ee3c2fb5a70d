package storetest

import (
	"errors"
	"testing"

	"akimwatch/data"
)

// rows is a RowSource over a slice; err is reported after the last row (a
// file with a bad line somewhere).
type rows struct {
	rs  []data.ImportRow
	i   int
	err error
}

func (r *rows) Next() bool          { r.i++; return r.i <= len(r.rs) }
func (r *rows) Row() data.ImportRow { return r.rs[r.i-1] }
func (r *rows) Err() error          { return r.err }

func row(line int, official string, p data.Platform, handle string, day int, followers int64) data.ImportRow {
	return data.ImportRow{Line: line, Official: official, Platform: p, Handle: handle,
		Snapshot: data.Snapshot{Time: t0.AddDate(0, 0, day), Followers: followers, Source: data.SourceImport}}
}

// testImport imports a history: a row of an official on the watchlist
// (named in other letter case) gives his handle-less account its handle, a
// new name makes an official and an account, and a file with a bad line or
// a handle of another official keeps nothing at all.
func testImport(t *testing.T, s data.Store) {
	akim := official(t, s, "Аким Алматы", "almaty_city")
	blank := r(s.CreateAccount(ctx, data.Account{OfficialID: akim.ID, Platform: data.Telegram, Active: true})).must(t)
	other := official(t, s, "Аким Астаны", "astana")
	account(t, s, other, data.Instagram, "astana.akim")

	good := &rows{rs: []data.ImportRow{
		row(2, "аким алматы", data.Telegram, "@akim_almaty", 0, 1000),
		row(3, "Аким Алматы", data.Telegram, "akim_almaty", 1, 1010),
		row(4, "Новый Аким", data.Instagram, "new.akim", 0, 500),
		row(5, "Новый Аким", data.Instagram, "new.akim", 0, 505), // the same second: replaced
	}}
	st := r(s.Import(ctx, good, "imported")).must(t)
	equal(t, "stats", st, data.ImportStats{Rows: 4, OfficialsCreated: 1, AccountsCreated: 1, AccountsFilled: 1})
	filled := r(s.Account(ctx, blank.ID)).must(t)
	equal(t, "filled handle", filled.Handle, "akim_almaty")
	equal(t, "readings of the filled account", r(s.SnapshotCount(ctx, blank.ID)).must(t), int64(2))
	newOff := r(s.FindOfficial(ctx, "Новый Аким")).must(t)
	equal(t, "new official's note", newOff.Notes, "imported")
	accs := r(s.Accounts(ctx, data.AccountFilter{OfficialID: newOff.ID})).must(t)
	if len(accs) != 1 {
		t.Fatalf("new official has %d accounts, want 1", len(accs))
	}
	series := r(s.Series(ctx, accs[0].ID, t0, t0.AddDate(0, 0, 1))).must(t)
	if len(series) != 1 || series[0].Followers != 505 {
		t.Errorf("new account's readings %+v, want one of 505", series)
	}
	before := r(s.SnapshotCount(ctx, 0)).must(t)
	offsBefore := len(r(s.Officials(ctx)).must(t))

	for _, tc := range []struct {
		name string
		src  *rows
	}{
		{"a bad line", &rows{rs: []data.ImportRow{row(2, "Третий Аким", data.VK, "third", 0, 1), row(3, "Аким Алматы", data.Telegram, "akim_almaty", 2, 1020)},
			err: errors.New("line 4: followers: not a number")}},
		{"another official's handle", &rows{rs: []data.ImportRow{row(2, "Третий Аким", data.VK, "third", 0, 1), row(3, "Аким Алматы", data.Instagram, "astana.akim", 0, 9)}}},
	} {
		if _, err := s.Import(ctx, tc.src, ""); err == nil {
			t.Errorf("%s: the import succeeded", tc.name)
		}
		equal(t, tc.name+": readings", r(s.SnapshotCount(ctx, 0)).must(t), before)
		equal(t, tc.name+": officials", len(r(s.Officials(ctx)).must(t)), offsBefore)
	}
}
