package storetest

import (
	"context"
	"errors"
	"testing"

	"akimwatch/data"
)

// testLoad checks akimwatch copy's Load: IDs and readings kept into an
// empty store, a non-empty one refused without Merge, a merge matching what
// is there, and a load that fails part way leaving nothing.
func testLoad(t *testing.T, s data.Store) {
	ld, ok := s.(data.Loader)
	if !ok {
		t.Fatalf("%T is not a data.Loader", s)
	}
	snaps := []data.Snapshot{snap(7, 0, 100), snap(7, 1, 110), snap(9, 0, 5)}
	stream := func(fail bool) func(context.Context, func(data.Snapshot) error) error {
		return func(ctx context.Context, fn func(data.Snapshot) error) error {
			for i, sn := range snaps {
				if fail && i == 2 {
					return errors.New("source went away")
				}
				if err := fn(sn); err != nil {
					return err
				}
			}
			return nil
		}
	}
	d := data.Dump{
		Officials: []data.Official{{ID: 3, Name: "Аким", NameLatin: "Akim", Position: data.PosAkim, Level: data.LevelRegion, Region: "pavlodar"}},
		Accounts: []data.Account{{ID: 7, OfficialID: 3, Platform: data.Instagram, Handle: "akim", URL: "https://instagram.com/akim", Active: true, FailKind: data.FailPrivate, FailingSince: t0, FailCount: 2},
			{ID: 9, OfficialID: 3, Platform: data.X, Active: true}},
		Alerts:    []data.Alert{{ID: 4, AccountID: 7, Time: t0, Kind: data.AlertJump, Size: 10, Acknowledged: true}},
		States:    []data.DetectorState{{AccountID: 7, Sensitivity: "normal", State: []byte{1}}},
		Meta:      map[string]string{data.MetaDemo: "1"},
		Snapshots: int64(len(snaps)),
	}
	d.EachSnapshot = stream(true)
	if _, err := ld.Load(ctx, d, data.LoadOptions{}); err == nil {
		t.Fatal("a load whose source failed part way succeeded")
	}
	equal(t, "officials after a failed load", len(r(s.Officials(ctx)).must(t)), 0)
	equal(t, "readings after a failed load", r(s.SnapshotCount(ctx, 0)).must(t), int64(0))

	d.EachSnapshot = stream(false)
	var reported int64
	st := r(ld.Load(ctx, d, data.LoadOptions{Progress: func(done, total int64) { reported = done }})).must(t)
	equal(t, "load stats", st, data.LoadStats{Officials: 1, Accounts: 2, Snapshots: 3, Alerts: 1})
	equal(t, "progress at the end", reported, int64(3))
	equal(t, "official keeps its ID", r(s.Official(ctx, 3)).must(t), d.Officials[0])
	a := r(s.Account(ctx, 7)).must(t)
	if a.FailKind != data.FailPrivate || a.FailCount != 2 || !a.FailingSince.Equal(t0) || a.Handle != "akim" {
		t.Errorf("account after load: %+v", a)
	}
	equal(t, "readings of account 7", r(s.Series(ctx, 7, t0.AddDate(-1, 0, 0), t0.AddDate(1, 0, 0))).must(t), snaps[:2])
	if al := r(s.Alerts(ctx, data.AlertFilter{})).must(t); len(al) != 1 || al[0].ID != 4 || !al[0].Acknowledged {
		t.Errorf("alerts after load: %+v", al)
	}
	equal(t, "demo mark", r(s.IsDemo(ctx)).must(t), true)
	// New rows after a load get new IDs (the sequences moved past the copy).
	o := official(t, s, "Жаңа", "almaty")
	if o.ID <= 3 {
		t.Errorf("a new official after the load got ID %d", o.ID)
	}

	_, err := ld.Load(ctx, d, data.LoadOptions{})
	wantErr(t, err, data.ErrNotEmpty, "a second load without merge")
	st = r(ld.Load(ctx, d, data.LoadOptions{Merge: true})).must(t)
	equal(t, "merge of the same dump", st, data.LoadStats{Snapshots: 3, MatchedOfficials: 1, MatchedAccounts: 2})
	equal(t, "readings after merging the same dump", r(s.SnapshotCount(ctx, 0)).must(t), int64(3))
}
