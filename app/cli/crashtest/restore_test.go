package crashtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// restoreExtraRows is how many readings the database gains between its
// backup and the restore, so the two can be told apart.
const restoreExtraRows = 5

// restoreTimeOffset moves the readings added before a restore a year past
// those of the import rounds.
const restoreTimeOffset = 100_000

// killRestore backs the database up, adds a few readings, kills "akimwatch
// restore" of that backup at a random moment within window, and checks that
// the database is whole and is either the current one or the backup (never
// missing, which the next start would fill with an empty watchlist). Then
// it restores to the end. It reports whether the kill landed.
func (h *harness) killRestore(ctx context.Context, rng *rand.Rand, gen int, window time.Duration, tl *tally) bool {
	t := h.t
	t.Helper()
	backup := filepath.Join(h.dir, fmt.Sprintf("backup-%d.db", gen))
	h.mustRun("backup before restore", "backup", "--out", backup)
	inBackup := h.snapshotCount(ctx)
	// Times far from the import rounds' (which writeCSV spaces by gen), so
	// these readings are new rows.
	extra, _ := h.writeCSV(restoreTimeOffset+gen, 1, restoreExtraRows, 0)
	h.mustRun("import before restore", "import", extra)
	current := h.snapshotCount(ctx)
	if current == inBackup {
		t.Fatalf("round %d: the readings added before the restore were not new", gen)
	}

	o := h.run(randomDelay(rng, window), "restore", backup)
	if !o.killed && o.code != 0 {
		t.Fatalf("restore %d exit %d:\n%s", gen, o.code, o.stderr)
	}
	if _, err := os.Stat(h.db); err != nil {
		tl.partial++
		t.Errorf("restore %d killed after %s: the database is gone: %v", gen, o.took.Round(time.Millisecond), err)
	} else {
		db := h.openCheck()
		h.checkIntegrity(ctx, db, gen, tl)
		db.Close()
		if got := h.snapshotCount(ctx); got != current && got != inBackup {
			tl.partial++
			t.Errorf("restore %d killed after %s: %d snapshots, want %d (current) or %d (backup)",
				gen, o.took.Round(time.Millisecond), got, current, inBackup)
		}
	}
	if o.killed {
		tl.restoreKills++
	}
	h.mustRun(fmt.Sprintf("restore after kill %d", gen), "restore", backup)
	if got := h.snapshotCount(ctx); got != inBackup {
		t.Errorf("after restore %d ran to the end: %d snapshots, want %d", gen, got, inBackup)
	}
	// The copies kept aside are whole databases; drop them so a long run
	// does not fill the temp folder.
	aside, _ := filepath.Glob(h.db + ".before-restore-*")
	for _, p := range append(aside, backup, extra) {
		_ = os.Remove(p)
	}
	return o.killed
}

// snapshotCount counts the stored snapshots.
func (h *harness) snapshotCount(ctx context.Context) int64 {
	h.t.Helper()
	db := h.openCheck()
	defer db.Close()
	n, err := count(ctx, db, "SELECT count(*) FROM snapshots")
	if err != nil {
		h.t.Fatal(err)
	}
	return n
}
