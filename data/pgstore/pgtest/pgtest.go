// Package pgtest gives tests a fresh schema on the PostgreSQL server named
// by AKIMWATCH_TEST_PG_DSN, or skips them with a message saying how to
// start one (.ci/pg). Developers without PostgreSQL still run every other
// test.
package pgtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"akimwatch/data/pgstore"
)

// EnvDSN names the server the PostgreSQL tests use.
const EnvDSN = "AKIMWATCH_TEST_PG_DSN"

// Require skips the test when no server is configured.
func Require(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		t.Skipf("no PostgreSQL server for the team-database tests: set %s (for example: eval \"$(.ci/pg start /tmp/akimwatch-pg)\")", EnvDSN)
	}
	return dsn
}

// DSN returns the URL of a new, empty schema on the test server, dropped
// when the test ends, or skips the test when no server is configured.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := Require(t)
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to %s: %v", pgstore.Redact(dsn), err)
	}
	defer admin.Close(ctx)
	schema := fmt.Sprintf("t_%d", rand.Int64())
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			t.Errorf("drop test schema: %v", err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop test schema: %v", err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
