package crashtest

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3" // the checker reads the database directly

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// watched is one account the stand-ins serve.
type watched struct {
	official string
	platform data.Platform
	handle   string
}

// fleetPart is how many accounts of one platform the harness watches.
type fleetPart struct {
	platform data.Platform
	n        int
	handle   func(i int) string
}

// fleet is the watched accounts. The counts are whole batches, and the
// platforms are the ones whose default rate limits let a pass finish in
// about a second (YouTube 5 calls/s of 50, VK 1000 per call, Facebook a
// burst of 5 calls of 50, X one call of 100, Telegram a burst of 2 pages),
// so the defaults need no lifting. Under the race detector every run is
// several times slower, so the fleet is smaller.
func fleet() []fleetPart {
	yt, vk, fb := 500, 1000, 250
	if raceBuild {
		yt, vk, fb = 150, 300, 100
	}
	return []fleetPart{
		{data.YouTube, yt, func(i int) string { return fmt.Sprintf("UC%022d", i+1) }},
		{data.VK, vk, func(i int) string { return fmt.Sprintf("akim_person%d", i) }},
		{data.Facebook, fb, func(i int) string { return fmt.Sprintf("akimat.page%d", i) }},
		{data.X, 100, func(i int) string { return fmt.Sprintf("akim_x%d", i) }},
		{data.Telegram, 2, func(i int) string { return fmt.Sprintf("akimat_chan%d", i) }},
	}
}

// harness runs akimwatch as a child process on one database, against the
// sourcetest stand-ins.
type harness struct {
	t        *testing.T
	bin      []string // program and leading arguments
	env      []string
	dir, db  string
	world    *sourcetest.World
	accounts []watched
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	h := &harness{t: t, world: sourcetest.New(t), dir: t.TempDir()}
	h.db = filepath.Join(h.dir, "crash.db")
	h.bin = childCommand(t)
	// A clean environment: no keyring (tokens come from AKIMWATCH_TOKEN_*),
	// logs and data under the temp dir, no proxy for the local stand-ins.
	h.env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + h.dir,
		"XDG_DATA_HOME=" + filepath.Join(h.dir, "xdg"),
		"DBUS_SESSION_BUS_ADDRESS=disabled:",
		"AKIMWATCH_DB=" + h.db,
	}
	for k, v := range h.world.Env() {
		h.env = append(h.env, k+"="+v)
	}
	for _, f := range fleet() {
		for i := range f.n {
			h.accounts = append(h.accounts, watched{
				official: fmt.Sprintf("Аким %s %d", f.platform, i/4),
				platform: f.platform,
				handle:   f.handle(i),
			})
		}
	}
	return h
}

// childCommand is the akimwatch to run: AKIMWATCH_CRASH_BIN, or this test
// binary re-executed as the CLI (see TestMain).
func childCommand(t *testing.T) []string {
	if p := os.Getenv("AKIMWATCH_CRASH_BIN"); p != "" {
		return []string{p}
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatalf("find the test binary: %v", err)
	}
	return []string{self}
}

// serve makes every stand-in answer with followers derived from gen, so
// each pass writes values that tell it apart from the one before.
func (h *harness) serve(gen int) {
	for i, a := range h.accounts {
		h.world.Set(a.platform, a.handle, followersFor(gen, i))
	}
}

func followersFor(gen, i int) int64 { return int64(10_000 + i*10 + gen) }

// outcome is how one child run ended.
type outcome struct {
	killed bool
	code   int
	stderr string
	took   time.Duration
}

// run starts akimwatch with args and, when killAfter > 0, sends SIGKILL
// after that long (if it is still running).
func (h *harness) run(killAfter time.Duration, args ...string) outcome {
	h.t.Helper()
	cmd := exec.Command(h.bin[0], append(h.bin[1:], args...)...)
	cmd.Env = append(append([]string(nil), h.env...), childEnv+"=1")
	var errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &errOut, &errOut
	start := time.Now()
	if err := cmd.Start(); err != nil {
		h.t.Fatalf("start akimwatch: %v", err)
	}
	var timer *time.Timer
	if killAfter > 0 {
		timer = time.AfterFunc(killAfter, func() { _ = cmd.Process.Signal(syscall.SIGKILL) })
	}
	err := cmd.Wait()
	if timer != nil {
		timer.Stop()
	}
	o := outcome{stderr: errOut.String(), took: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			o.killed = true
		}
		o.code = ee.ExitCode()
	default:
		h.t.Fatalf("wait for akimwatch: %v", err)
	}
	return o
}

// mustRun runs args to the end and fails the test unless they succeed.
func (h *harness) mustRun(what string, args ...string) outcome {
	h.t.Helper()
	o := h.run(0, args...)
	if o.killed || o.code != 0 {
		h.t.Fatalf("%s: akimwatch %s: exit %d:\n%s", what, strings.Join(args, " "), o.code, o.stderr)
	}
	return o
}

// writeCSV writes an import file with rows readings per account of the
// first nAccounts accounts plus newOfficials accounts of new officials;
// gen makes its times (and new names) unique.
func (h *harness) writeCSV(gen, nAccounts, rows, newOfficials int) (path string, total int) {
	h.t.Helper()
	path = filepath.Join(h.dir, fmt.Sprintf("import-%d.csv", gen))
	var b bytes.Buffer
	b.WriteString("official,platform,handle,time,followers,following,posts\n")
	base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(gen) * time.Duration(rows) * time.Minute)
	line := func(off string, p data.Platform, handle string, j int) {
		ts := base.Add(time.Duration(j) * time.Minute).Format(time.RFC3339)
		fmt.Fprintf(&b, "%s,%s,%s,%s,%d,%d,%d\n", off, p, handle, ts, 1000+j, j%50, j%900)
		total++
	}
	for _, a := range h.accounts[:nAccounts] {
		for j := range rows {
			line(a.official, a.platform, a.handle, j)
		}
	}
	for k := range newOfficials {
		for j := range rows {
			line(newOfficialName(gen, k), data.VK, importedHandle(gen, k), j)
		}
		// Later refreshes find the new accounts (VK takes them in the same call).
		h.world.Set(data.VK, importedHandle(gen, k), 500)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		h.t.Fatal(err)
	}
	return path, total
}

func newOfficialName(gen, k int) string { return fmt.Sprintf("Импорт %d-%d", gen, k) }

func importedHandle(gen, k int) string { return fmt.Sprintf("imp_%d_%d", gen, k) }

// openCheck opens the database directly, as SQLite itself sees it.
func (h *harness) openCheck() *sql.DB {
	h.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+h.db+"?_busy_timeout=5000")
	if err != nil {
		h.t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

// integrity runs PRAGMA integrity_check and returns its answer.
func integrity(ctx context.Context, db *sql.DB) (string, error) {
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return "", fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", fmt.Errorf("integrity check: %w", err)
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "; "), rows.Err()
}

// accountState is what the database holds for one watched account.
type accountState struct {
	id                        int64
	lastCheck                 int64
	lastError                 string
	ts, followers             int64
	following, posts, sources sql.NullInt64
	count                     int64
}

// states reads every watched account's check and newest snapshot.
func states(ctx context.Context, db *sql.DB) (map[string]accountState, error) {
	rows, err := db.QueryContext(ctx, `SELECT a.platform, a.handle, a.id, coalesce(a.last_check, 0), a.last_error,
 coalesce(s.ts, 0), coalesce(s.followers, -1), s.following, s.posts, s.source,
 (SELECT count(*) FROM snapshots WHERE account_id = a.id)
FROM accounts a LEFT JOIN snapshots s ON s.account_id = a.id
 AND s.ts = (SELECT max(ts) FROM snapshots WHERE account_id = a.id)
WHERE a.handle <> ''`)
	if err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	defer rows.Close()
	out := map[string]accountState{}
	for rows.Next() {
		var p, handle string
		var st accountState
		if err := rows.Scan(&p, &handle, &st.id, &st.lastCheck, &st.lastError, &st.ts, &st.followers,
			&st.following, &st.posts, &st.sources, &st.count); err != nil {
			return nil, fmt.Errorf("read accounts: %w", err)
		}
		out[p+"/"+handle] = st
	}
	return out, rows.Err()
}

// count runs a one-number query.
func count(ctx context.Context, db *sql.DB, q string, args ...any) (int64, error) {
	var n int64
	if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("%s: %w", q, err)
	}
	return n, nil
}
