package refresh

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
	"akimwatch/data/pgstore"
	"akimwatch/data/pgstore/pgtest"
	"akimwatch/data/source/sourcetest"
)

// TestConnectionKilledMidPass kills the team database connection of a
// refresh pass in the middle of writing a batch (the batch's reading is
// written and its account's update waits on a row another session holds;
// then pg_terminate_backend, as a restarted server or a cut network does):
// the batches committed before are kept, the killed batch leaves nothing
// (no reading without its account's check, no check without its reading),
// and no account gets two readings; the next pass completes the rest.
func TestConnectionKilledMidPass(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	st, err := pgstore.Open(ctx, dsn, pgstore.Options{Role: "pass under test"})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	w := sourcetest.New(t)
	seed(t, st, w, 6)
	accs, err := st.Accounts(ctx, data.AccountFilter{Platform: data.Telegram})
	if err != nil || len(accs) != 6 {
		t.Fatalf("%d Telegram accounts, %v", len(accs), err)
	}
	victim := accs[3].ID

	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	hold, err := admin.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// NO KEY: the reading's foreign key check passes; the account's update
	// after it, in the same transaction, waits.
	if _, err := hold.Exec(ctx, "SELECT 1 FROM accounts WHERE id = $1 FOR NO KEY UPDATE", victim); err != nil {
		t.Fatal(err)
	}
	watch, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close(ctx)
	killed := make(chan int, 1)
	go func() {
		// Wait until the pass's write has saved the reading and waits to
		// update the held account, then kill it.
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			var n int
			err := watch.QueryRow(ctx, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "+
				"WHERE application_name LIKE 'pass under test%' AND wait_event_type = 'Lock' AND query LIKE 'UPDATE accounts%' AND pid <> pg_backend_pid()").Scan(&n)
			if err != nil || n > 0 {
				killed <- n
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
		killed <- 0
	}()

	eng := New(Options{Store: st, Providers: testProviders(t, w, nil), Now: func() time.Time { return testNow }, Log: quietLog(), Workers: 1})
	sum, runErr := eng.Run(ctx, Filter{Platform: data.Telegram})
	if n := <-killed; n == 0 {
		t.Fatal("no write of the pass waited on the held row: the connection was never killed and the test proved nothing")
	}
	if err := hold.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("pass after the kill: %+v, %v", sum, runErr)

	check, err := pgstore.Open(ctx, dsn, pgstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer check.Close()
	accs, err = check.Accounts(ctx, data.AccountFilter{Platform: data.Telegram})
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for i, a := range accs {
		n, err := check.SnapshotCount(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		checked := a.LastCheck.Equal(testNow) && a.LastError == ""
		switch {
		case n > 1:
			t.Errorf("account %d: %d readings, want at most 1", a.ID, n)
		case (n == 1) != checked:
			t.Errorf("account %d: %d readings but checked = %v (last check %v, error %q): a half-written batch", a.ID, n, checked, a.LastCheck, a.LastError)
		case a.ID == victim && n != 0:
			t.Errorf("the killed batch's account %d has a reading", a.ID)
		case i < 3 && n != 1:
			t.Errorf("account %d, committed before the kill, has %d readings, want 1", a.ID, n)
		}
		kept += int(n)
	}
	if kept < 3 {
		t.Errorf("%d readings kept, want at least the 3 committed before the kill", kept)
	}
	// The next pass, on the pool's new connections, completes the rest.
	if _, err := eng.Run(ctx, Filter{Platform: data.Telegram}); err != nil {
		t.Fatalf("the pass after the kill: %v", err)
	}
	for _, a := range accs {
		if n, err := check.SnapshotCount(ctx, a.ID); err != nil || n != 1 {
			t.Errorf("after the next pass, account %d: %d readings (%v), want 1", a.ID, n, err)
		}
	}
}
