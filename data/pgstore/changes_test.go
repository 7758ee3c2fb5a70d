package pgstore_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
	"akimwatch/data/datatest"
	"akimwatch/data/pgstore"
	"akimwatch/data/pgstore/pgtest"
)

// TestChangeFeed checks that an app sees another analyst's change within
// seconds (LISTEN/NOTIFY) and is not woken by its own writes, and that the
// polling fallback sees changes too.
func TestChangeFeed(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dsn := pgtest.DSN(t)
	mine, theirs := openAt(t, dsn, pgstore.Options{}), openAt(t, dsn, pgstore.Options{})
	o := datatest.Official(t, mine, "Аким")
	a := datatest.Account(t, mine, o, data.Instagram, "akim")
	ready := make(chan struct{})
	pgstore.OnListening(mine, func() { close(ready) })
	woken := make(chan struct{}, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		mine.WatchChanges(ctx, func() { woken <- struct{}{} })
	}()
	<-ready
	// Its own write: no wake-up within the settle time and a margin.
	if err := mine.AddSnapshots(ctx, datatest.Daily(a.ID, pgNow, 1, 10, 1)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-woken:
		t.Error("woken by its own write")
	case <-time.After(3 * time.Second):
	}
	// Another analyst's acknowledgement and readings: one wake-up.
	began := time.Now()
	if err := theirs.AddSnapshots(ctx, datatest.Daily(a.ID, pgNow.AddDate(0, 0, 1), 3, 20, 1)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-woken:
		if d := time.Since(began); d > 5*time.Second {
			t.Errorf("seen after %s", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("another process's change was not seen within 10 s")
	}
	cancel()
	<-done

	// The fallback: polling the change counter.
	pctx, pcancel := context.WithCancel(context.Background())
	defer pcancel()
	polled := make(chan struct{}, 16)
	first := make(chan struct{})
	go func() {
		pgstore.Poll(mine, pctx, func() { polled <- struct{}{} }, time.Now().Add(time.Minute), 50*time.Millisecond)
		close(first)
	}()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(10 * time.Second)
	for n := 0; ; n++ {
		// Write until the poller has a base and sees one move.
		if err := theirs.SetMuted(pctx, a.ID, n%2 == 0); err != nil {
			t.Fatal(err)
		}
		select {
		case <-polled:
			pcancel()
			<-first
			return
		case <-deadline:
			t.Fatal("the poller saw no change within 10 s")
		case <-tick.C:
		}
	}
}

// TestChangeFeedAnySearchPath writes through a session whose search path
// does not hold the store's schema (a DBA's psql): the change trigger still
// finds its counter.
func TestChangeFeedAnySearchPath(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	s := openAt(t, dsn, pgstore.Options{})
	datatest.Official(t, s, "Аким")
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	admin, err := pgx.Connect(ctx, pgtest.Require(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "UPDATE "+schema+".officials SET notes = 'edited by hand'"); err != nil {
		t.Fatalf("a write from another search path: %v", err)
	}
}
