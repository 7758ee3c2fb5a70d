package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestHealthMigrationBringsBackAutoDeactivated: accounts an earlier version
// switched off on its own after a failed check come back active and
// failing; an account the analyst switched off without an error stays off.
func TestHealthMigrationBringsBackAutoDeactivated(t *testing.T) {
	ctx := context.Background()
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	at := -1
	for i, m := range ms {
		if strings.HasSuffix(m.name, "_account_health.sql") {
			at = i
		}
	}
	if at < 0 {
		t.Fatal("no account health migration")
	}
	db := oldSchemaDB(t, filepath.Join(t.TempDir(), "old.db"), at)
	for _, q := range []string{
		`INSERT INTO officials(id, name) VALUES (1, 'A')`,
		`INSERT INTO accounts(id, official_id, platform, handle, active, last_check, last_error) VALUES (1, 1, 'x', 'gone', 0, 1700000000, 'Could not find user with usernames: [gone]. (account not found)')`,
		`INSERT INTO accounts(id, official_id, platform, handle, active, last_check, last_error) VALUES (2, 1, 'x', 'off', 0, 1700000000, '')`,
		`INSERT INTO accounts(id, official_id, platform, handle, active) VALUES (3, 1, 'x', 'fine', 1)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range ms[at:] {
		if err := applyMigration(ctx, db, m); err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
	}
	want := map[int64]struct {
		active bool
		kind   string
	}{1: {true, "not_found"}, 2: {false, ""}, 3: {true, ""}}
	for id, w := range want {
		var active bool
		var kind string
		if err := db.QueryRowContext(ctx, "SELECT active, fail_kind FROM accounts WHERE id = ?", id).Scan(&active, &kind); err != nil {
			t.Fatal(err)
		}
		if active != w.active || kind != w.kind {
			t.Errorf("account %d: active %v kind %q, want %v %q", id, active, kind, w.active, w.kind)
		}
	}
}
