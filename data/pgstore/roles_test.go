package pgstore_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
	"akimwatch/data/datatest"
	"akimwatch/data/pgstore"
	"akimwatch/data/pgstore/pgtest"
)

// rolesSQL is the README's roles section for the schema the test uses (the
// README grants on public): %[1]s is the schema, %[2]s a suffix that keeps
// the cluster-wide role names apart between runs. The owner creates the
// tables on its first start; the default privileges hand them on.
const rolesSQL = `
CREATE ROLE akimwatch_owner%[2]s LOGIN;
GRANT USAGE, CREATE ON SCHEMA %[1]s TO akimwatch_owner%[2]s;
CREATE ROLE akimwatch_editor%[2]s NOLOGIN;
GRANT USAGE ON SCHEMA %[1]s TO akimwatch_editor%[2]s;
ALTER DEFAULT PRIVILEGES FOR ROLE akimwatch_owner%[2]s IN SCHEMA %[1]s
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO akimwatch_editor%[2]s;
ALTER DEFAULT PRIVILEGES FOR ROLE akimwatch_owner%[2]s IN SCHEMA %[1]s
  GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO akimwatch_editor%[2]s;
CREATE ROLE akimwatch_reader%[2]s NOLOGIN;
GRANT USAGE ON SCHEMA %[1]s TO akimwatch_reader%[2]s;
ALTER DEFAULT PRIVILEGES FOR ROLE akimwatch_owner%[2]s IN SCHEMA %[1]s
  GRANT SELECT ON TABLES TO akimwatch_reader%[2]s;
ALTER DEFAULT PRIVILEGES FOR ROLE akimwatch_owner%[2]s IN SCHEMA %[1]s
  GRANT SELECT ON SEQUENCES TO akimwatch_reader%[2]s;
CREATE ROLE aigerim%[2]s LOGIN IN ROLE akimwatch_editor%[2]s;
CREATE ROLE daniyar%[2]s LOGIN IN ROLE akimwatch_reader%[2]s;
`

// TestRoles runs the README's roles: the owner creates the tables, an
// editor writes, acknowledges and takes refresh locks, a reader reads (and
// polls the change counter), and its store is read-only and says why.
func TestRoles(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	sfx := fmt.Sprintf("_%d", rand.Uint32())
	admin, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, fmt.Sprintf(rolesSQL, schema, sfx)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), dsn)
		if err != nil {
			return
		}
		defer c.Close(context.Background())
		for _, r := range []string{"aigerim", "daniyar", "akimwatch_editor", "akimwatch_reader", "akimwatch_owner"} {
			c.Exec(context.Background(), fmt.Sprintf("DROP OWNED BY %s%s CASCADE; DROP ROLE %s%s", r, sfx, r, sfx)) //nolint:errcheck // best effort
		}
	})
	as := func(user string) string {
		v := *u
		v.User = url.User(user + sfx)
		return v.String()
	}
	owner := openAt(t, as("akimwatch_owner"), pgstore.Options{}) // creates the tables
	o := datatest.Official(t, owner, "Аким")
	a := datatest.Account(t, owner, o, data.Instagram, "akim")
	if _, err := owner.AddAlerts(ctx, []data.Alert{{AccountID: a.ID, Time: pgNow, Kind: data.AlertJump}}); err != nil {
		t.Fatal(err)
	}
	t.Run("editor", func(t *testing.T) {
		s := openAt(t, as("aigerim"), pgstore.Options{})
		if s.ReadOnly() {
			t.Fatalf("the editor's store is read-only: %s", s.ReadOnlyWhy())
		}
		if _, err := s.CreateOfficial(ctx, data.Official{Name: "Жаңа", Position: data.PosAkim, Level: data.LevelCity}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddSnapshots(ctx, datatest.Daily(a.ID, pgNow, 3, 100, 5)); err != nil {
			t.Fatal(err)
		}
		al, err := s.Alerts(ctx, data.AlertFilter{})
		if err != nil || len(al) != 1 {
			t.Fatalf("alerts %v %v", al, err)
		}
		if err := s.AcknowledgeAlert(ctx, al[0].ID, true); err != nil {
			t.Fatal(err)
		}
		unlock, _, ok, err := s.LockPlatform(ctx, data.Instagram)
		if err != nil || !ok {
			t.Fatalf("refresh lock: %v %v", ok, err)
		}
		unlock()
	})
	t.Run("reader", func(t *testing.T) {
		s := openAt(t, as("daniyar"), pgstore.Options{})
		if !s.ReadOnly() || !strings.Contains(s.ReadOnlyWhy(), "daniyar") {
			t.Fatalf("the reader's store: read-only %v, why %q", s.ReadOnly(), s.ReadOnlyWhy())
		}
		offs, err := s.Officials(ctx)
		if err != nil || len(offs) != 2 {
			t.Fatalf("officials %d %v", len(offs), err)
		}
		if _, err := s.Leaderboard(ctx, data.LeaderboardQuery{At: pgNow.AddDate(0, 0, 5)}); err != nil {
			t.Fatal(err)
		}
		var seq int64
		if err := pgxQueryChangeSeq(ctx, as("daniyar"), &seq); err != nil {
			t.Errorf("the reader cannot read the change counter the app polls: %v", err)
		}
		err = s.AcknowledgeAlert(ctx, 1, false)
		if !errors.Is(err, data.ErrReadOnly) || !strings.Contains(err.Error(), "may only read") {
			t.Errorf("a reader's write: %v", err)
		}
	})
}

// pgNow is the fixed moment the role tests write at.
var pgNow = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// pgxQueryChangeSeq reads the change counter as the user of dsn.
func pgxQueryChangeSeq(ctx context.Context, dsn string, v *int64) error {
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer c.Close(ctx)
	return c.QueryRow(ctx, "SELECT last_value FROM akimwatch_change_seq").Scan(v)
}
