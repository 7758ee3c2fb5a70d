package crashtest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Kill counts: the short form runs in every go test; the environment
// variable asks for the long form.
const (
	shortKills = 10
	killsEnv   = "AKIMWATCH_CRASH_KILLS"
)

// Import size of one killed import: importAccounts accounts × rows
// readings, plus importOfficials new officials (each with one account),
// so an import runs long enough to be killed in its transaction.
const (
	importAccounts  = 400
	importOfficials = 20
)

// importRows is the readings per account of one import (fewer under the
// race detector, which makes the import several times slower).
func importRows() int {
	if raceBuild {
		return 50
	}
	return 250
}

// tally counts what the kills found.
type tally struct {
	kills, refreshKills, importKills, restoreKills, finished int
	// midPass counts refresh kills that left some accounts updated and
	// some not: the kill landed between two batch transactions.
	midPass                    int
	integrityFailures, partial int
}

func killsWanted(t *testing.T) int {
	v := os.Getenv(killsEnv)
	if v == "" {
		return shortKills
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", killsEnv, v)
	}
	return n
}

// TestKillRefreshImportRestore SIGKILLs "akimwatch refresh", "akimwatch
// import" and "akimwatch restore" at random moments, one after the other on
// the same database, and checks the database after every kill.
func TestKillRefreshImportRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many processes")
	}
	want := killsWanted(t)
	ctx := context.Background()
	h := newHarness(t)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d (AKIMWATCH_CRASH_SEED to repeat)", seed)
	if v := os.Getenv("AKIMWATCH_CRASH_SEED"); v != "" {
		s, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		seed = s
	}
	rng := rand.New(rand.NewPCG(seed, 0))

	// Create the watchlist with one uninterrupted import, then time a full
	// refresh and a full import to know the window to kill in.
	setup, _ := h.writeCSV(0, len(h.accounts), 1, 0)
	h.mustRun("setup import", "import", setup)
	gen := 1
	h.serve(gen)
	refreshTook := h.mustRun("first refresh", "refresh").took
	path, _ := h.writeCSV(gen, importAccounts, importRows(), importOfficials)
	importTook := h.mustRun("first import", "import", path).took
	first := filepath.Join(h.dir, "first-backup.db")
	h.mustRun("first backup", "backup", "--out", first)
	restoreTook := h.mustRun("first restore", "restore", first).took
	t.Logf("uninterrupted: refresh of %d accounts %s, import of %d rows %s, restore %s",
		len(h.accounts), refreshTook.Round(time.Millisecond), (importAccounts+importOfficials)*importRows(),
		importTook.Round(time.Millisecond), restoreTook.Round(time.Millisecond))

	var tl tally
	for round := 0; tl.kills < want; round++ {
		gen += 2 // each round serves two generations: the killed run's and the next run's
		var killed bool
		switch round % 3 {
		case 0:
			killed = h.killRefresh(ctx, rng, gen, refreshTook, &tl)
		case 1:
			killed = h.killImport(ctx, rng, gen, importTook, &tl)
		default:
			killed = h.killRestore(ctx, rng, gen, restoreTook, &tl)
		}
		if killed {
			tl.kills++
		} else {
			tl.finished++
		}
		if t.Failed() && tl.integrityFailures+tl.partial > 3 {
			break
		}
	}
	t.Logf("kills: %d (refresh %d, %d of them between batches; import %d; restore %d), runs that finished before the kill: %d, integrity failures: %d, partial snapshots, imports or restores: %d",
		tl.kills, tl.refreshKills, tl.midPass, tl.importKills, tl.restoreKills, tl.finished, tl.integrityFailures, tl.partial)
}

// killRefresh serves new counts, kills a refresh at a random moment within
// window, checks the database, then runs a refresh to the end. It reports
// whether the kill landed before the run finished.
func (h *harness) killRefresh(ctx context.Context, rng *rand.Rand, gen int, window time.Duration, tl *tally) bool {
	t := h.t
	t.Helper()
	before := h.snapshotStates(ctx)
	h.serve(gen)
	o := h.run(randomDelay(rng, window), "refresh")
	if !o.killed && o.code != 0 {
		t.Fatalf("refresh %d exit %d:\n%s", gen, o.code, o.stderr)
	}
	db := h.openCheck()
	h.checkIntegrity(ctx, db, gen, tl)
	after, err := states(ctx, db)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	var partial, updated int
	for i, a := range h.accounts {
		k := string(a.platform) + "/" + a.handle
		if after[k].followers == followersFor(gen, i) {
			updated++
		}
		if err := wholeOrNone(before[k], after[k], followersFor(gen, i)); err != nil {
			partial++
			if partial <= 3 {
				t.Errorf("refresh %d killed after %s: %s: %v", gen, o.took.Round(time.Millisecond), k, err)
			}
		}
	}
	tl.partial += partial
	if o.killed {
		tl.refreshKills++
		if updated > 0 && updated < len(h.accounts) {
			tl.midPass++
		}
	}
	// The next run succeeds and brings every account up to date.
	gen++
	h.serve(gen)
	h.mustRun(fmt.Sprintf("refresh after kill %d", gen-1), "refresh")
	h.checkAllServed(ctx, gen)
	return o.killed
}

// wholeOrNone checks one account after a killed refresh: either it still
// has exactly what it had (snapshot and check), or it has the whole new
// snapshot (served followers, the same other counters) with its check.
func wholeOrNone(before, after accountState, served int64) error {
	switch {
	case after.followers == before.followers && after.ts == before.ts:
		if after.lastCheck != before.lastCheck || after.count != before.count {
			return fmt.Errorf("no new snapshot, but the check moved from %d to %d (snapshots %d → %d)",
				before.lastCheck, after.lastCheck, before.count, after.count)
		}
	case after.followers == served:
		if after.lastCheck != after.ts || after.lastError != "" {
			return fmt.Errorf("new snapshot at %d, but last check %d, error %q", after.ts, after.lastCheck, after.lastError)
		}
		if after.following != before.following || after.posts != before.posts || after.sources != before.sources {
			return fmt.Errorf("new snapshot is not whole: following %v posts %v source %v, before %v %v %v",
				after.following, after.posts, after.sources, before.following, before.posts, before.sources)
		}
		if after.count != before.count+1 && !(after.ts == before.ts && after.count == before.count) {
			return fmt.Errorf("%d snapshots, was %d: want one more", after.count, before.count)
		}
	default:
		return fmt.Errorf("newest followers %d at %d: neither the old %d nor the served %d", after.followers, after.ts, before.followers, served)
	}
	return nil
}

// killImport kills an import of a fresh file at a random moment within
// window, checks that all its rows or none are stored, then imports it
// again to the end.
func (h *harness) killImport(ctx context.Context, rng *rand.Rand, gen int, window time.Duration, tl *tally) bool {
	t := h.t
	t.Helper()
	path, rows := h.writeCSV(gen, importAccounts, importRows(), importOfficials)
	db := h.openCheck()
	snapsBefore, err := count(ctx, db, "SELECT count(*) FROM snapshots")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	o := h.run(randomDelay(rng, window), "import", path)
	if !o.killed && o.code != 0 {
		t.Fatalf("import %d exit %d:\n%s", gen, o.code, o.stderr)
	}
	db = h.openCheck()
	h.checkIntegrity(ctx, db, gen, tl)
	snaps, err := count(ctx, db, "SELECT count(*) FROM snapshots")
	if err != nil {
		t.Fatal(err)
	}
	offs, err := count(ctx, db, "SELECT count(*) FROM officials WHERE name LIKE ?", fmt.Sprintf("Импорт %d-%%", gen))
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	none := snaps == snapsBefore && offs == 0
	all := snaps == snapsBefore+int64(rows) && offs == importOfficials
	if !none && !all {
		tl.partial++
		t.Errorf("import %d killed after %s: %d of %d rows and %d of %d new officials stored",
			gen, o.took.Round(time.Millisecond), snaps-snapsBefore, rows, offs, importOfficials)
	}
	if o.killed {
		tl.importKills++
	}
	h.mustRun(fmt.Sprintf("import after kill %d", gen), "import", path)
	db = h.openCheck()
	defer db.Close()
	if snaps, err = count(ctx, db, "SELECT count(*) FROM snapshots"); err != nil || snaps != snapsBefore+int64(rows) {
		t.Errorf("after the import %d ran to the end: %d snapshots, want %d (%v)", gen, snaps, snapsBefore+int64(rows), err)
	}
	_ = os.Remove(path)
	return o.killed
}

// randomDelay picks a kill moment in [0, 1.1 × window).
func randomDelay(rng *rand.Rand, window time.Duration) time.Duration {
	return time.Duration(rng.Int64N(int64(window)*11/10)) + time.Microsecond
}

func (h *harness) checkIntegrity(ctx context.Context, db *sql.DB, gen int, tl *tally) {
	h.t.Helper()
	got, err := integrity(ctx, db)
	if err != nil || got != "ok" {
		tl.integrityFailures++
		h.t.Errorf("run %d: integrity_check = %q, %v", gen, got, err)
	}
}

func (h *harness) snapshotStates(ctx context.Context) map[string]accountState {
	h.t.Helper()
	db := h.openCheck()
	defer db.Close()
	st, err := states(ctx, db)
	if err != nil {
		h.t.Fatal(err)
	}
	return st
}

// checkAllServed checks that every account's newest snapshot is gen's.
func (h *harness) checkAllServed(ctx context.Context, gen int) {
	h.t.Helper()
	st := h.snapshotStates(ctx)
	bad := 0
	for i, a := range h.accounts {
		k := string(a.platform) + "/" + a.handle
		if got := st[k].followers; got != followersFor(gen, i) {
			bad++
			if bad <= 3 {
				h.t.Errorf("after refresh %d ran to the end, %s has %d followers, want %d", gen, k, got, followersFor(gen, i))
			}
		}
	}
}
