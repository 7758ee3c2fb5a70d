package crashtest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"akimwatch/data"
)

// TestLinksCannotPassTheLockBlackBox holds a database open for writing in
// this process and runs akimwatch (AKIMWATCH_CRASH_BIN runs the built
// binary) on a hard link and on a symbolic link to it: both writes are
// refused with exit 1 and the database keeps what it had.
func TestLinksCannotPassTheLockBlackBox(t *testing.T) {
	h := newHarness(t)
	h.mustRun("create", "officials", "list")
	ctx := context.Background()
	s, err := data.Open(ctx, h.db, data.Options{Role: "the akimwatch desktop app"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before, err := s.Officials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hard := filepath.Join(t.TempDir(), "hard.db")
	if err := os.Link(h.db, hard); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	sym := filepath.Join(t.TempDir(), "sym.db")
	if err := os.Symlink(h.db, sym); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	for _, link := range []string{hard, sym} {
		o := h.run(0, "--db", link, "officials", "add", "--name", "Аким Через Ссылку", "--position", "akim", "--region", "pavlodar")
		if o.code != 1 || !strings.Contains(o.stderr, "in use by") && !strings.Contains(o.stderr, "hard link") {
			t.Errorf("write through %s: exit %d, want 1 and the lock's message:\n%s", link, o.code, o.stderr)
		}
	}
	after, err := s.Officials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Errorf("officials %d, had %d: a write got past the lock", len(after), len(before))
	}
}
