package refresh

import (
	"context"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// lockingStore is a store shared by several refreshers: busy platforms are
// held by someone else; the others are locked and must be given back.
type lockingStore struct {
	*data.SQLiteStore
	busy     map[data.Platform]bool
	held     map[data.Platform]bool
	unlocked map[data.Platform]bool
}

func (s *lockingStore) LockPlatform(ctx context.Context, p data.Platform) (func(), string, bool, error) {
	if s.busy[p] {
		return nil, "akimwatch refresh (colleague) since 09:00 UTC", false, nil
	}
	s.held[p] = true
	return func() { s.unlocked[p] = true }, "", true, nil
}

// TestBusyPlatformsLeftToTheirRefresher checks a pass on a shared store:
// a platform another refresher holds is not fetched and is reported with
// its holder; accounts checked since the pass began are not fetched again;
// every lock taken is given back.
func TestBusyPlatformsLeftToTheirRefresher(t *testing.T) {
	ctx := context.Background()
	w := sourcetest.New(t)
	st := &lockingStore{SQLiteStore: openStore(t), busy: map[data.Platform]bool{data.Instagram: true},
		held: map[data.Platform]bool{}, unlocked: map[data.Platform]bool{}}
	seed(t, st, w, 2)
	// One Telegram account was checked by the other refresher after this
	// pass began (the same second counts).
	tg, err := st.Accounts(ctx, data.AccountFilter{Platform: data.Telegram})
	if err != nil {
		t.Fatal(err)
	}
	sn := data.Snapshot{AccountID: tg[0].ID, Time: testNow, Followers: 500, Source: data.SourceAPI}
	if err := st.RecordCheck(ctx, data.CheckResult{AccountID: tg[0].ID, At: testNow.Add(500 * time.Millisecond), Snapshot: &sn}); err != nil {
		t.Fatal(err)
	}
	eng := New(Options{Store: st, Providers: testProviders(t, w, nil), Now: func() time.Time { return testNow.Add(400 * time.Millisecond) }, Log: quietLog()})
	sum, err := eng.Run(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Busy) != 1 || sum.Busy[0].Platform != data.Instagram || sum.Busy[0].Holder == "" {
		t.Errorf("busy %+v, want Instagram with its holder", sum.Busy)
	}
	if w.Calls(data.Instagram) != 0 {
		t.Errorf("Instagram, held by another refresher, answered %d calls", w.Calls(data.Instagram))
	}
	if got := sum.Skips[SkipBusy]; got != 3 {
		t.Errorf("skipped as busy: %d, want 3 (2 Instagram, 1 Telegram checked by the other)", got)
	}
	if n, err := st.SnapshotCount(ctx, tg[0].ID); err != nil || n != 1 {
		t.Errorf("the Telegram account checked by the other refresher has %d snapshots (%v), want 1", n, err)
	}
	if len(sum.Stopped) != 0 {
		t.Errorf("stopped: %+v", sum.Stopped)
	}
	for p := range st.held {
		if !st.unlocked[p] {
			t.Errorf("%s lock not given back", p)
		}
	}
	if st.held[data.Instagram] || !st.held[data.Telegram] {
		t.Errorf("locks taken: %v", st.held)
	}
}
