package storetest

import (
	"testing"
	"time"

	"akimwatch/data"
)

// testMerge joins two accounts of one official: a fetched reading wins over
// another kind at the same second, into's wins between equals, alerts move
// unless into has the same one, and into takes from's handle.
func testMerge(t *testing.T, s data.Store) {
	o := official(t, s, "Аким", "pavlodar")
	from := account(t, s, o, data.Telegram, "akim_old")
	into := r(s.CreateAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.Telegram, Active: true})).must(t)
	at := func(id int64, day int, f int64, src data.Source) data.Snapshot {
		return data.Snapshot{AccountID: id, Time: t0.AddDate(0, 0, day), Followers: f, Source: src}
	}
	check(t, s.AddSnapshots(ctx, []data.Snapshot{
		at(from.ID, 0, 100, data.SourceAPI), at(from.ID, 1, 110, data.SourceManual), at(from.ID, 2, 120, data.SourceAPI),
		at(into.ID, 1, 111, data.SourceAPI), at(into.ID, 2, 121, data.SourceManual), at(into.ID, 3, 130, data.SourceArticle),
	}))
	r(s.AddAlerts(ctx, []data.Alert{alert(from.ID, 1, data.AlertJump), alert(from.ID, 2, data.AlertDrop), alert(into.ID, 1, data.AlertJump)})).must(t)
	st := r(s.MergeAccounts(ctx, from.ID, into.ID)).must(t)
	equal(t, "merge stats", st, data.MergeStats{Moved: 2, Replaced: 1, Dropped: 1})
	equal(t, "merged series", r(s.Series(ctx, into.ID, time.Time{}, time.Time{})).must(t), []data.Snapshot{
		at(into.ID, 0, 100, data.SourceAPI), at(into.ID, 1, 111, data.SourceAPI), at(into.ID, 2, 120, data.SourceAPI), at(into.ID, 3, 130, data.SourceArticle)})
	equal(t, "alerts of the kept account", len(r(s.Alerts(ctx, data.AlertFilter{AccountID: into.ID})).must(t)), 2)
	equal(t, "alerts in all", len(r(s.Alerts(ctx, data.AlertFilter{})).must(t)), 2)
	kept := r(s.Account(ctx, into.ID)).must(t)
	if kept.Handle != "akim_old" {
		t.Errorf("the kept account's handle is %q, want the merged one's", kept.Handle)
	}
	_, err := s.Account(ctx, from.ID)
	wantErr(t, err, data.ErrNotFound, "the merged account")
	other := account(t, s, official(t, s, "Другой", "almaty"), data.Telegram, "other")
	_, err = s.MergeAccounts(ctx, other.ID, into.ID)
	wantErr(t, err, data.ErrInvalid, "accounts of two officials")
	_, err = s.MergeAccounts(ctx, into.ID, into.ID)
	wantErr(t, err, data.ErrInvalid, "an account into itself")
}
