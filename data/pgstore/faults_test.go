package pgstore_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
	"akimwatch/data/pgstore"
	"akimwatch/data/pgstore/pgtest"
)

// TestConnectionKilledMidCopy kills the server side of a copy while its
// readings stream in (pg_terminate_backend, as a restarted server or a cut
// network does) and checks that nothing of it stays: the copy is one
// transaction.
func TestConnectionKilledMidCopy(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	s := openAt(t, dsn, pgstore.Options{Role: "copy under test"})
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	d := data.Dump{
		Officials: []data.Official{{ID: 1, Name: "Аким", Position: data.PosAkim, Level: data.LevelRegion}},
		Accounts:  []data.Account{{ID: 1, OfficialID: 1, Platform: data.Telegram, Handle: "akim", Active: true}},
		Snapshots: 1_000_000,
	}
	killed := false
	start := pgNow.AddDate(-2, 0, 0)
	d.EachSnapshot = func(ctx context.Context, fn func(data.Snapshot) error) error {
		for i := range 1_000_000 {
			if i == 20_000 && !killed {
				killed = true
				var n int
				err := admin.QueryRow(ctx, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name LIKE 'copy under test%' AND pid <> pg_backend_pid()").Scan(&n)
				if err != nil || n == 0 {
					t.Errorf("terminate the copy's connection: %d terminated, %v", n, err)
				}
			}
			if err := fn(data.Snapshot{AccountID: 1, Time: start.Add(time.Duration(i) * time.Minute), Followers: int64(i), Source: data.SourceImport}); err != nil {
				return err
			}
		}
		return nil
	}
	if _, err := s.Load(ctx, d, data.LoadOptions{}); err == nil {
		t.Fatal("the copy succeeded although its connection was killed")
	}
	if !killed {
		t.Fatal("the connection was never killed: the test proved nothing")
	}
	assertNothingKept(t, dsn, "copy")
	// The store recovers: the pool replaces the dead connection.
	d.EachSnapshot = func(ctx context.Context, fn func(data.Snapshot) error) error {
		return fn(data.Snapshot{AccountID: 1, Time: pgNow, Followers: 5, Source: data.SourceImport})
	}
	d.Snapshots = 1
	if _, err := s.Load(ctx, d, data.LoadOptions{}); err != nil {
		t.Fatalf("a copy after the failure: %v", err)
	}
}

// killRows is an import's rows that kill the import's connection after at
// rows (pg_terminate_backend), when several batches are already sent.
type killRows struct {
	t      *testing.T
	admin  *pgx.Conn
	n, at  int
	killed bool
}

func (k *killRows) Next() bool {
	if k.n == k.at && !k.killed {
		k.killed = true
		var n int
		err := k.admin.QueryRow(context.Background(), "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name LIKE 'import under test%' AND pid <> pg_backend_pid()").Scan(&n)
		if err != nil || n == 0 {
			k.t.Errorf("terminate the import's connection: %d terminated, %v", n, err)
		}
	}
	k.n++
	return k.n <= 2*k.at
}

func (k *killRows) Row() data.ImportRow {
	return data.ImportRow{Line: k.n + 1, Official: "Аким", Platform: data.Telegram, Handle: "akim",
		Snapshot: data.Snapshot{Time: pgNow.Add(-time.Duration(k.n) * time.Hour), Followers: int64(k.n), Source: data.SourceImport}}
}

func (k *killRows) Err() error { return nil }

// TestConnectionKilledMidImport kills the server side of an import after
// 5,000 of its 10,000 rows were sent (five batches): nothing of it stays,
// not the readings and not the official it created, and the store imports
// again afterwards.
func TestConnectionKilledMidImport(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	s := openAt(t, dsn, pgstore.Options{Role: "import under test"})
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	src := &killRows{t: t, admin: admin, at: 5000}
	if _, err := s.Import(ctx, src, ""); err == nil {
		t.Fatal("the import succeeded although its connection was killed")
	}
	if !src.killed {
		t.Fatal("the connection was never killed: the test proved nothing")
	}
	assertNothingKept(t, dsn, "import")
	st, err := s.Import(ctx, &killRows{t: t, at: 50, killed: true}, "")
	if err != nil || st.Rows != 100 {
		t.Fatalf("an import after the failure: %+v, %v", st, err)
	}
}

// proxy forwards TCP connections to the test server until stopped, so a
// test can take the server away from a store and bring it back on the
// same address.
type proxy struct {
	t      *testing.T
	to     string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
	closed bool
}

func (p *proxy) start(addr string) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.mu.Lock()
	p.ln, p.closed = ln, false
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", p.to)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }() //nolint:errcheck // a proxied stream ends either way
			go func() { io.Copy(c, s); c.Close() }() //nolint:errcheck // a proxied stream ends either way
		}
	}()
}

// stop closes the listener and every proxied connection: the server is gone.
func (p *proxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ln.Close()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestPingWhenServerGoes takes the server away from an open store (its
// address stops answering and its connections drop) and brings it back:
// Ping says unreachable, without the password, while it is away, and
// answers again once it is back, on new connections.
func TestPingWhenServerGoes(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{t: t, to: u.Host}
	p.start("127.0.0.1:0")
	addr := p.ln.Addr().String()
	t.Cleanup(p.stop)
	u.Host = addr
	s := openAt(t, u.String(), pgstore.Options{Password: "pw-4711"})
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("ping through the proxy: %v", err)
	}
	p.stop()
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	err = s.Ping(pctx)
	cancel()
	if !errors.Is(err, pgstore.ErrUnreachable) || strings.Contains(err.Error(), "pw-4711") {
		t.Fatalf("ping with the server away: %v; want ErrUnreachable without the password", err)
	}
	p.start(addr)
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("ping with the server back: %v", err)
	}
	if _, err := s.Officials(ctx); err != nil {
		t.Fatalf("read with the server back: %v", err)
	}
}

// assertNothingKept checks, on a fresh connection, that the database at dsn
// holds no reading and no official after a killed copy or import (what).
func assertNothingKept(t *testing.T, dsn, what string) {
	t.Helper()
	ctx := context.Background()
	check := openAt(t, dsn, pgstore.Options{})
	n, err := check.SnapshotCount(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	offs, err := check.Officials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 || len(offs) != 0 {
		t.Errorf("after the killed %s: %d readings and %d officials, want none", what, n, len(offs))
	}
}
