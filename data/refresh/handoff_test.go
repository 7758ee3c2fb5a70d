package refresh

import (
	"context"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// TestOnWrittenHandsOverEveryCommit checks that OnWritten is called once per
// committed write transaction with exactly the snapshots the pass stored,
// which is what lets the spike scan judge them from memory.
func TestOnWrittenHandsOverEveryCommit(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	w := sourcetest.New(t)
	want := seed(t, st, w, 3)
	before, err := st.ChangeMark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	got := map[int64]data.Snapshot{}
	eng := New(Options{Store: st, Providers: testProviders(t, w, nil), Now: func() time.Time { return testNow }, Log: quietLog(),
		OnWritten: func(snaps []data.Snapshot) {
			calls++
			for _, s := range snaps {
				if _, dup := got[s.AccountID]; dup {
					t.Errorf("account %d handed over twice", s.AccountID)
				}
				got[s.AccountID] = s
			}
		}})
	if _, err := eng.Run(ctx, Filter{}); err != nil {
		t.Fatal(err)
	}
	after, err := st.ChangeMark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if txs := after.Writes - before.Writes; uint64(calls) != txs || calls == 0 {
		t.Errorf("OnWritten called %d times for %d committed write transactions", calls, txs)
	}
	if len(got) != len(want) {
		t.Fatalf("handed over %d snapshots, want %d", len(got), len(want))
	}
	for id, f := range want {
		if s := got[id]; s.Followers != f || !s.Time.Equal(testNow) {
			t.Errorf("account %d: handed over %+v, want %d followers at %s", id, s, f, testNow)
		}
	}
}
