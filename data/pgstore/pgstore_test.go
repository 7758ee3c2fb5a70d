package pgstore_test

import (
	"context"
	"errors"
	"os/user"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
	"akimwatch/data/pgstore"
	"akimwatch/data/pgstore/pgtest"
	"akimwatch/data/storetest"
)

func openAt(t testing.TB, dsn string, opts pgstore.Options) *pgstore.Store {
	t.Helper()
	s, err := pgstore.Open(context.Background(), dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestConformance runs the conformance suite on the PostgreSQL engine.
func TestConformance(t *testing.T) {
	pgtest.Require(t)
	storetest.Run(t, func(t *testing.T) data.Store { return openAt(t, pgtest.DSN(t), pgstore.Options{}) })
}

// TestAcknowledgedForEveryone acknowledges an alert through one connection
// pool (one analyst's app) and reads it through another: acknowledged, with
// the OS user and the time.
func TestAcknowledgedForEveryone(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	mine, theirs := openAt(t, dsn, pgstore.Options{Role: "desktop app"}), openAt(t, dsn, pgstore.Options{Role: "desktop app"})
	o := datatest.Official(t, mine, "Аким")
	a := datatest.Account(t, mine, o, data.Instagram, "akim")
	added, err := mine.AddAlerts(ctx, []data.Alert{{AccountID: a.ID, Time: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Kind: data.AlertJump, Size: 500}})
	if err != nil || len(added) != 1 {
		t.Fatalf("add alert: %v %v", added, err)
	}
	before := time.Now().Add(-time.Second)
	if err := mine.AcknowledgeAlert(ctx, added[0].ID, true); err != nil {
		t.Fatal(err)
	}
	open, err := theirs.Alerts(ctx, data.AlertFilter{OpenOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(open) != 0 {
		t.Fatalf("the other app still sees %d open alerts", len(open))
	}
	all, err := theirs.Alerts(ctx, data.AlertFilter{})
	if err != nil {
		t.Fatal(err)
	}
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	got := all[0]
	if !got.Acknowledged || got.AcknowledgedBy != me.Username || got.AcknowledgedAt.Before(before.Truncate(time.Second)) || got.AcknowledgedAt.After(time.Now()) {
		t.Errorf("read by the other app: acknowledged %v by %q at %s; want true by %q about now", got.Acknowledged, got.AcknowledgedBy, got.AcknowledgedAt, me.Username)
	}
}

// TestPlatformLock checks that a platform's refresh lock is held by one
// session at a time, that the second is told who holds it, and that it is
// free again after unlock and after the holder's connections close.
func TestPlatformLock(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	a := openAt(t, dsn, pgstore.Options{Role: "akimwatch refresh"})
	b, err := pgstore.Open(ctx, dsn, pgstore.Options{Role: "akimwatch refresh"})
	if err != nil {
		t.Fatal(err)
	}
	unlock, _, ok, err := a.LockPlatform(ctx, data.Instagram)
	if err != nil || !ok {
		t.Fatalf("first lock: ok %v, %v", ok, err)
	}
	_, holder, ok, err := b.LockPlatform(ctx, data.Instagram)
	if err != nil || ok {
		t.Fatalf("second lock of the same platform: ok %v, %v", ok, err)
	}
	if !strings.Contains(holder, "akimwatch refresh") || !strings.Contains(holder, "since") {
		t.Errorf("holder %q does not say who and since when", holder)
	}
	ub, _, ok, err := b.LockPlatform(ctx, data.Telegram)
	if err != nil || !ok {
		t.Fatalf("another platform: ok %v, %v", ok, err)
	}
	unlock()
	ua, _, ok, err := b.LockPlatform(ctx, data.Instagram)
	if err != nil || !ok {
		t.Fatalf("after unlock: ok %v, %v", ok, err)
	}
	ua()
	ub()
	// A holder that goes away (its process dies) frees the lock.
	if _, _, ok, err := b.LockPlatform(ctx, data.VK); err != nil || !ok {
		t.Fatalf("lock VK: ok %v, %v", ok, err)
	}
	b.Close()
	// The server frees the lock when the holder's session has ended, which
	// it notices a moment after the connection closes.
	deadline := time.Now().Add(10 * time.Second)
	for {
		u, _, ok, err := a.LockPlatform(ctx, data.VK)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			u()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the lock of a holder that closed was not free after 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestEnginesAgree fills an SQLite file and a team database with the same
// watchlist and readings, and checks that every view and history read gives
// the same answer on both.
func TestEnginesAgree(t *testing.T) {
	ctx := context.Background()
	lite, err := data.Open(ctx, filepath.Join(t.TempDir(), "agree.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg := openAt(t, pgtest.DSN(t), pgstore.Options{})
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, s := range []data.Store{lite, pg} {
		datatest.Fill(t, s, 30, 50, start)
		// Figures apart: an article quote and a Facebook Page's likes.
		extra := []data.Snapshot{
			{AccountID: 1, Time: start.AddDate(0, 0, 20).Add(time.Hour), Followers: 9000, Source: data.SourceArticle, Flags: data.FlagApproxTime},
			{AccountID: 3, Time: start.AddDate(0, 0, 30).Add(time.Hour), Followers: 777, Source: data.SourceAPI, Flags: data.FlagPageLikes},
		}
		if err := s.AddSnapshots(ctx, extra); err != nil {
			t.Fatal(err)
		}
	}
	at := start.AddDate(0, 0, 40)
	type read func(s data.Store) (any, error)
	reads := []struct {
		name string
		read read
	}{
		{"officials", func(s data.Store) (any, error) { return s.Officials(ctx) }},
		{"accounts", func(s data.Store) (any, error) { return s.Accounts(ctx, data.AccountFilter{}) }},
		{"latest", func(s data.Store) (any, error) { return s.Latest(ctx) }},
		{"latest at", func(s data.Store) (any, error) { return s.LatestAt(ctx, at.AddDate(0, 0, -10)) }},
		{"tallies", func(s data.Store) (any, error) { return s.Tallies(ctx, at.AddDate(0, 0, -30), at) }},
		{"leaderboard", func(s data.Store) (any, error) { return s.Leaderboard(ctx, data.LeaderboardQuery{At: at}) }},
		{"leaderboard by account", func(s data.Store) (any, error) {
			return s.Leaderboard(ctx, data.LeaderboardQuery{At: at, By: data.ByAccount, IncludeApart: true})
		}},
		{"overview", func(s data.Store) (any, error) { return s.Overview(ctx, at) }},
		{"sketches", func(s data.Store) (any, error) {
			return s.(data.Sketcher).Sketches(ctx, at.AddDate(0, 0, -30), at.AddDate(0, 0, -7), at, data.TallyFilter{})
		}},
		{"sketches of one region since the start", func(s data.Store) (any, error) {
			return s.(data.Sketcher).Sketches(ctx, time.Time{}, at.AddDate(0, 0, -25), at.AddDate(0, 0, -15), data.TallyFilter{Region: "pavlodar"})
		}},
		{"sparklines", func(s data.Store) (any, error) { return s.Sparklines(ctx, at, 30) }},
		{"history", func(s data.Store) (any, error) {
			out := map[int64][]data.Reading{}
			err := s.EachHistory(ctx, data.HistoryRange{From: at.AddDate(0, 0, -5)}, func(id int64, rs []data.Reading) error { out[id] = rs; return nil })
			return out, err
		}},
	}
	for _, r := range reads {
		t.Run(r.name, func(t *testing.T) {
			want, err := r.read(lite)
			if err != nil {
				t.Fatal(err)
			}
			got, err := r.read(pg)
			if err != nil {
				t.Fatal(err)
			}
			if reflect.ValueOf(want).Len() == 0 {
				t.Fatal("the fixture gives nothing to compare")
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("PostgreSQL:\n%+v\nSQLite:\n%+v", got, want)
			}
		})
	}
}

// TestPasswordNeverShown opens a URL whose password is wrong and checks
// that neither the error nor Path shows it.
func TestPasswordNeverShown(t *testing.T) {
	dsn := pgtest.Require(t)
	const secret = "s3cr3t-Passw0rd"
	u := strings.Replace(dsn, "akimwatch@", "nobody_here:"+secret+"@", 1)
	_, err := pgstore.Open(context.Background(), u, pgstore.Options{})
	if err == nil {
		t.Fatal("opened with a user that does not exist")
	}
	if strings.Contains(err.Error(), secret) {
		t.Errorf("the error shows the password: %v", err)
	}
	if got := pgstore.Redact(u); strings.Contains(got, secret) || !strings.Contains(got, "nobody_here@") {
		t.Errorf("Redact(%q) = %q", "…", got)
	}
	if !errors.Is(err, pgstore.ErrUnreachable) && !strings.Contains(err.Error(), "nobody_here") {
		t.Errorf("the error does not name the user: %v", err)
	}
}

// TestPlatformLockPerSchema checks that two watchlists in two schemas of
// one database (advisory locks belong to the database) refresh the same
// platform independently.
func TestPlatformLockPerSchema(t *testing.T) {
	ctx := context.Background()
	a, b := openAt(t, pgtest.DSN(t), pgstore.Options{}), openAt(t, pgtest.DSN(t), pgstore.Options{})
	ua, _, ok, err := a.LockPlatform(ctx, data.Instagram)
	if err != nil || !ok {
		t.Fatalf("first schema: ok %v, %v", ok, err)
	}
	defer ua()
	ub, holder, ok, err := b.LockPlatform(ctx, data.Instagram)
	if err != nil || !ok {
		t.Fatalf("second schema: ok %v (held by %q), %v", ok, holder, err)
	}
	ub()
}
