package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sirupsen/logrus"

	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/fixture"
	"akimwatch/data/report"
	"akimwatch/data/transfer"
)

type config struct {
	dir, out        string
	xvfb            string // display for Xvfb; empty picks a free one
	seed            uint64
	officials, days int
}

func (c config) fixture() fixture.Config {
	f := fixture.National(c.seed)
	f.Officials, f.Days = c.officials, c.days
	return f
}

// results holds every figure of one run.
type results struct {
	rows                             int64
	csvBytes                         int64
	goImport, shImport, shImportOnly time.Duration
	vacuum                           time.Duration
	dbBytes                          int64
	goBoard, shBoard, shBoardCPU     time.Duration
	boardRows                        int
	passReadings                     int // readings in one simulated refresh pass: one per account
	chart, bareChart, bareChartOurs  time.Duration
	bareChartCPU, bareChartOursCPU   time.Duration
	chartSeries, chartPoints         int
	rescan                           time.Duration
	rescanAlerts                     int
	incremental, readBack            time.Duration
	incPasses, readBackPasses        []time.Duration
	refreshWrite                     time.Duration
	catchUp, coldIncremental         time.Duration
	coldFlush                        time.Duration
	stateFlush                       time.Duration
	// CPU time (user + system) of the same work: on shared cores it shows
	// what the wall-clock figures would be without the other jobs.
	goImportCPU, shImportCPU, goBoardCPU, chartCPU, rescanCPU, incrementalCPU time.Duration
	app                                                                       appFigures
	loadBefore, loadAfter                                                     string
	cpu                                                                       string
	started                                                                   time.Time
	total                                                                     time.Duration
}

func step(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "[%s] %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, a...))
}

func run(ctx context.Context, cfg config) (*results, error) {
	if _, err := exec.LookPath("sqlite3"); err != nil {
		return nil, fmt.Errorf("the sqlite3 shell is needed for the baselines (apt-get install sqlite3): %w", err)
	}
	if err := os.MkdirAll(cfg.dir, 0o755); err != nil {
		return nil, fmt.Errorf("bench folder: %w", err)
	}
	res := &results{cpu: cpuModel(), loadBefore: loadAvg(), started: time.Now()}
	defer func() { res.loadAfter = loadAvg() }()
	fc := cfg.fixture()
	csvPath := filepath.Join(cfg.dir, fmt.Sprintf("national-v%d-s%d-%dx%d.csv", fixture.Version, fc.Seed, fc.Officials, fc.Days))
	if err := ensureCSV(csvPath, fc); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(csvPath); err == nil {
		res.csvBytes = fi.Size()
	}
	res.rows = fc.Rows()
	goDB := filepath.Join(cfg.dir, "go.db")
	shDB := filepath.Join(cfg.dir, "shell.db")
	for _, p := range []string{goDB, shDB} {
		if err := newSeeded(ctx, p, fc); err != nil {
			return nil, err
		}
	}
	if err := benchImport(ctx, res, goDB, shDB, csvPath); err != nil {
		return nil, err
	}
	os.Remove(shDB)
	os.Remove(shDB + "-wal")
	os.Remove(shDB + "-shm")
	if err := benchSize(res, goDB); err != nil {
		return nil, err
	}
	at := fc.End.Add(24 * time.Hour)
	if err := benchLeaderboard(ctx, res, goDB, at); err != nil {
		return nil, err
	}
	if err := benchChart(ctx, res, goDB, at); err != nil {
		return nil, err
	}
	benchApp(ctx, res, cfg.dir, goDB, cfg.xvfb)
	if err := benchScans(ctx, res, goDB); err != nil {
		return nil, err
	}
	return res, nil
}

func ensureCSV(path string, fc fixture.Config) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		step("reusing fixture %s", path)
		return nil
	}
	step("generating fixture %s (%d rows)", path, fc.Rows())
	tmp := path + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("fixture csv: %w", err)
	}
	if _, err := fixture.WriteCSV(f, fc); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("fixture csv: %w", err)
	}
	return os.Rename(tmp, path)
}

// newSeeded makes a fresh database at path holding the fixture's watchlist
// (officials and accounts, no history), marked demo.
func newSeeded(ctx context.Context, path string, fc fixture.Config) error {
	for _, suf := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suf); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove old %s: %w", path+suf, err)
		}
	}
	s, err := data.Open(ctx, path, data.Options{Role: "benchtable"})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetMeta(ctx, data.MetaDemo, "1"); err != nil {
		return err
	}
	return s.ApplySeed(ctx, fc.SeedWatchlist())
}

func benchImport(ctx context.Context, res *results, goDB, shDB, csvPath string) error {
	step("go import of %s", csvPath)
	s, err := data.Open(ctx, goDB, data.Options{Role: "benchtable"})
	if err != nil {
		return err
	}
	t0, c0 := time.Now(), cpuNow()
	st, err := transfer.ImportFile(ctx, s, csvPath, time.Now())
	res.goImport, res.goImportCPU = time.Since(t0), cpuNow()-c0
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if int64(st.Rows) != res.rows {
		return fmt.Errorf("go import stored %d rows, want %d", st.Rows, res.rows)
	}
	step("go import: %s; sqlite3 shell .import", res.goImport.Round(time.Millisecond))
	// The baseline does the same work as akimwatch's import: raw text in,
	// names resolved to account IDs, times parsed, rows in the snapshots
	// table. The name → ID map is a keyed temp table and CROSS JOIN keeps
	// the CSV as the outer loop, so rows are appended in key order (left to
	// itself, SQLite 3.40 sorts all 16 M staged rows into an automatic
	// index first, which would flatter akimwatch).
	script := fmt.Sprintf(`PRAGMA foreign_keys=ON;
CREATE TEMP TABLE stage(official TEXT, platform TEXT, handle TEXT, time TEXT, followers INTEGER, following, posts);
CREATE TEMP TABLE m(official TEXT, platform TEXT, handle TEXT, id INTEGER, PRIMARY KEY (official, platform, handle)) WITHOUT ROWID;
SELECT 'clock', (julianday('now') - 2440587.5) * 86400.0;
.import --csv --skip 1 %s stage
SELECT 'clock', (julianday('now') - 2440587.5) * 86400.0;
INSERT INTO m SELECT o.name, a.platform, a.handle, a.id FROM accounts a JOIN officials o ON o.id = a.official_id;
INSERT INTO snapshots(account_id, ts, followers, following, posts, likes, views, source, flags)
 SELECT m.id, unixepoch(s.time), s.followers, NULLIF(s.following, ''), NULLIF(s.posts, ''), NULL, NULL, %d, 0
 FROM stage s CROSS JOIN m ON m.official = s.official AND m.platform = s.platform AND m.handle = s.handle;
SELECT count(*) FROM snapshots;
`, csvPath, data.SourceImport)
	t0 = time.Now()
	out, cpu, err := sqliteCPU(shDB, script)
	res.shImport, res.shImportCPU = time.Since(t0), cpu
	if err != nil {
		return err
	}
	var clock []float64
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(line, "clock|"); ok {
			f, _ := strconv.ParseFloat(v, 64)
			clock = append(clock, f)
		}
	}
	if len(clock) != 2 {
		return fmt.Errorf("sqlite3 shell import: no .import timing in %q", out)
	}
	res.shImportOnly = time.Duration((clock[1] - clock[0]) * float64(time.Second))
	lines := strings.Fields(out)
	if n, _ := strconv.ParseInt(lines[len(lines)-1], 10, 64); n != res.rows {
		return fmt.Errorf("sqlite3 shell import stored %d rows, want %d", n, res.rows)
	}
	step("shell import: %s (.import alone %s)", res.shImport.Round(time.Millisecond), res.shImportOnly.Round(time.Millisecond))
	return nil
}

func benchSize(res *results, db string) error {
	step("vacuum and size")
	t0 := time.Now()
	out, err := sqlite(db, "VACUUM;\nPRAGMA wal_checkpoint(TRUNCATE);\nSELECT page_count * page_size FROM pragma_page_count(), pragma_page_size();\n")
	res.vacuum = time.Since(t0)
	if err != nil {
		return err
	}
	f := strings.Fields(out)
	res.dbBytes, err = strconv.ParseInt(f[len(f)-1], 10, 64)
	if err != nil {
		return fmt.Errorf("database size: %q: %w", out, err)
	}
	return nil
}

// leaderboardShellSQL is the leaderboard as one hand-written query: the same
// seeks, changes and both ranks, with window functions.
const leaderboardShellSQL = `WITH cur AS (
 SELECT a.id, o.name, a.platform, a.handle,
  (SELECT max(ts) FROM snapshots WHERE account_id = a.id AND ts <= %[1]d) AS ts,
  (SELECT followers FROM snapshots WHERE account_id = a.id AND ts <= %[1]d ORDER BY ts DESC LIMIT 1) AS f,
  (SELECT followers FROM snapshots WHERE account_id = a.id AND ts <= %[2]d ORDER BY ts DESC LIMIT 1) AS f7,
  (SELECT followers FROM snapshots WHERE account_id = a.id AND ts <= %[3]d ORDER BY ts DESC LIMIT 1) AS f30
 FROM accounts a JOIN officials o ON o.id = a.official_id)
SELECT id, name, platform, handle, ts, f, f - f7, 100.0 * (f - f7) / NULLIF(f7, 0), f - f30, 100.0 * (f - f30) / NULLIF(f30, 0),
 RANK() OVER (ORDER BY f DESC) AS r,
 CASE WHEN f7 IS NULL THEN NULL ELSE RANK() OVER (ORDER BY f7 IS NULL, f7 DESC) END AS pr
FROM cur WHERE ts IS NOT NULL ORDER BY r, id;
`

const boardRuns = 9

func benchLeaderboard(ctx context.Context, res *results, db string, at time.Time) error {
	step("leaderboard")
	s, err := data.Open(ctx, db, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	// One untimed run warms the page cache, as the shell's first run below
	// (left out of its median) does: testing.Benchmark would otherwise
	// report a single cold run when one takes a second on a loaded machine.
	if _, err := s.Leaderboard(ctx, data.LeaderboardQuery{At: at}); err != nil {
		return err
	}
	var n int
	var berr error
	r := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
			rows, err := s.Leaderboard(ctx, data.LeaderboardQuery{At: at})
			if err != nil {
				berr = err
				b.SkipNow()
			}
			n = len(rows)
		}
	})
	if berr != nil {
		return berr
	}
	res.goBoard, res.boardRows = time.Duration(r.NsPerOp()), n
	c0 := cpuNow()
	for range boardRuns {
		if _, err := s.Leaderboard(ctx, data.LeaderboardQuery{At: at}); err != nil {
			return err
		}
	}
	res.goBoardCPU = (cpuNow() - c0) / boardRuns
	q := fmt.Sprintf(leaderboardShellSQL, at.Unix(), at.Add(-data.LeaderboardWeek).Unix(), at.Add(-data.LeaderboardMonth).Unix())
	// The shell gets the page cache and memory mapping of akimwatch's readers.
	script := fmt.Sprintf("PRAGMA cache_size = -%d;\nPRAGMA mmap_size = %d;\n.output /dev/null\n.timer on\n", data.ReaderCacheKiB, data.MmapBytes) + strings.Repeat(q, boardRuns)
	out, err := sqlite(db, script)
	if err != nil {
		return err
	}
	times, cpus := runTimes(out)
	if len(times) != boardRuns {
		return fmt.Errorf("sqlite3 leaderboard: %d timings in %q", len(times), out)
	}
	res.shBoard = median(times[1:]) // the first run warms the page cache, as the Go benchmark's first loop does
	res.shBoardCPU = median(cpus[1:])
	step("leaderboard: go %s (%d rows), shell %s", res.goBoard, n, res.shBoard)
	return nil
}

func benchChart(ctx context.Context, res *results, db string, at time.Time) error {
	step("chart")
	s, err := data.Open(ctx, db, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	offs, err := s.Officials(ctx)
	if err != nil {
		return err
	}
	b := report.New(s)
	req := report.Request{Officials: []int64{offs[len(offs)/2].ID}, Mode: report.ModeFollowers, Range: report.RangeAll, Lang: "ru",
		Now: at, Width: charts.DefaultWidth, Height: charts.DefaultHeight, Scale: charts.DefaultScale}
	var berr error
	bench := func(f func() error) time.Duration {
		r := testing.Benchmark(func(bb *testing.B) {
			for bb.Loop() {
				if err := f(); err != nil {
					berr = err
					bb.SkipNow()
				}
			}
		})
		return time.Duration(r.NsPerOp())
	}
	appChart := func() error {
		spec, err := b.Spec(ctx, req)
		if err == nil {
			_, err = charts.Render(spec, charts.FormatPNG)
		}
		return err
	}
	if err := appChart(); err != nil { // warm, as the leaderboard's
		return err
	}
	res.chart = bench(appChart)
	if berr != nil {
		return berr
	}
	const chartRuns = 5
	c0 := cpuNow()
	for range chartRuns {
		if err := appChart(); err != nil {
			return err
		}
	}
	res.chartCPU = (cpuNow() - c0) / chartRuns
	// The baselines draw the very series of the app's chart (queried once,
	// outside the timing), at the same size and DPI.
	spec, err := b.Spec(ctx, req)
	if err != nil {
		return err
	}
	res.chartSeries = len(spec.Series)
	for _, se := range spec.Series {
		res.chartPoints += len(se.Points)
	}
	for _, bare := range []struct {
		wall, cpu *time.Duration
		ours      bool
	}{{&res.bareChart, &res.bareChartCPU, false}, {&res.bareChartOurs, &res.bareChartOursCPU, true}} {
		render := func() error { _, err := charts.RenderBare(spec, bare.ours); return err }
		*bare.wall = bench(render)
		if berr != nil {
			return berr
		}
		c0 := cpuNow()
		for range chartRuns {
			if err := render(); err != nil {
				return err
			}
		}
		*bare.cpu = (cpuNow() - c0) / chartRuns
	}
	step("chart: %s; bare go-chart %s (its encoder), %s (akimwatch's encoder)", res.chart, res.bareChart, res.bareChartOurs)
	return nil
}

// incrementalPasses is how many refresh passes each incremental figure is
// the median of.
const incrementalPasses = 3

// benchScans times the full re-scan, then refresh passes of 9,000 new
// readings: the running app's scan with the readings handed over in memory
// (Service.Accept, as the app's refresh engine does), the same service
// reading them back (as when another process wrote them), and a fresh
// service as "akimwatch refresh" runs it.
func benchScans(ctx context.Context, res *results, db string) error {
	step("full re-scan")
	s, err := data.Open(ctx, db, data.Options{Role: "benchtable"})
	if err != nil {
		return err
	}
	defer s.Close()
	log := logrus.New()
	log.SetOutput(io.Discard)
	svc := alerting.New(s, nil, log)
	svc.StateEvery = alerting.LongLivedStateEvery // as the app's service
	t0, c0 := time.Now(), cpuNow()
	added, err := svc.Rescan(ctx, nil)
	res.rescan, res.rescanCPU = time.Since(t0), cpuNow()-c0
	if err != nil {
		return err
	}
	res.rescanAlerts = len(added)
	step("re-scan: %s, %d alerts; incremental", res.rescan, len(added))
	latest, err := s.Latest(ctx)
	if err != nil {
		return err
	}
	res.passReadings = len(latest)
	pass := 0
	// write stores one refresh pass of new readings in one transaction,
	// as one group commit of the refresh engine.
	write := func() ([]data.Snapshot, error) {
		pass++
		snaps := make([]data.Snapshot, len(latest))
		for i, l := range latest {
			snaps[i] = data.Snapshot{AccountID: l.AccountID, Time: l.Time.AddDate(0, 0, pass), Followers: l.Followers + int64(pass*3), Source: data.SourceAPI}
		}
		t0 := time.Now()
		err := s.AddSnapshots(ctx, snaps)
		res.refreshWrite = max(res.refreshWrite, time.Since(t0))
		return snaps, err
	}
	var incCPU []time.Duration
	for range incrementalPasses {
		snaps, err := write()
		if err != nil {
			return err
		}
		svc.Accept(snaps)
		t0, c0 := time.Now(), cpuNow()
		if _, err := svc.Incremental(ctx, nil); err != nil {
			return err
		}
		res.incPasses = append(res.incPasses, time.Since(t0))
		incCPU = append(incCPU, cpuNow()-c0)
	}
	for range incrementalPasses {
		if _, err := write(); err != nil {
			return err
		}
		t0 := time.Now()
		if _, err := svc.Incremental(ctx, nil); err != nil {
			return err
		}
		res.readBackPasses = append(res.readBackPasses, time.Since(t0))
	}
	// What the running app's passes left unwritten: its states, as written
	// every StateEvery and when it quits.
	t0 = time.Now()
	if err := svc.Flush(ctx); err != nil {
		return err
	}
	res.stateFlush = time.Since(t0)
	res.incremental, res.readBack, res.incrementalCPU = median(res.incPasses), median(res.readBackPasses), median(incCPU)
	// A fresh process, as "akimwatch refresh": its detectors catch up with
	// the saved history before the pass, the pass hands its readings over,
	// the scan after the pass judges them, then the states are written.
	var catchUps, colds, flushes []time.Duration
	for range incrementalPasses {
		fresh := alerting.New(s, nil, log)
		fresh.StateEvery = alerting.LongLivedStateEvery
		t0 := time.Now()
		if _, err := fresh.Incremental(ctx, nil); err != nil {
			return err
		}
		catchUps = append(catchUps, time.Since(t0))
		snaps, err := write()
		if err != nil {
			return err
		}
		fresh.Accept(snaps)
		t0 = time.Now()
		if _, err := fresh.Incremental(ctx, nil); err != nil {
			return err
		}
		colds = append(colds, time.Since(t0))
		t0 = time.Now()
		if err := fresh.Flush(ctx); err != nil {
			return err
		}
		flushes = append(flushes, time.Since(t0))
	}
	res.catchUp, res.coldIncremental, res.coldFlush = median(catchUps), median(colds), median(flushes)
	step("incremental: in memory %v, read back %v; fresh process: catch-up %v, scan %v, states %v", res.incPasses, res.readBackPasses, catchUps, colds, flushes)
	return nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(line)
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// cpuNow is the CPU time (user + system) this process has used so far.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// sqliteCPU is sqlite that also returns the shell's CPU time.
func sqliteCPU(db, script string) (string, time.Duration, error) {
	cmd := exec.Command("sqlite3", "-batch", db)
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), 0, fmt.Errorf("sqlite3 %s: %w: %s", db, err, out)
	}
	return string(out), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

// sqlite runs a script in the sqlite3 shell on db and returns its output.
func sqlite(db, script string) (string, error) {
	cmd := exec.Command("sqlite3", "-batch", db)
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("sqlite3 %s: %w: %s", db, err, out)
	}
	return string(out), nil
}

// runTimes parses the "Run Time: real X user Y sys Z" lines of the
// shell's .timer: wall clock, and CPU time (user + sys).
func runTimes(out string) (real, cpu []time.Duration) {
	secs := func(v string) time.Duration {
		f, _ := strconv.ParseFloat(v, 64)
		return time.Duration(f * float64(time.Second))
	}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 8 && f[0] == "Run" && f[2] == "real" && f[4] == "user" && f[6] == "sys" {
			real = append(real, secs(f[3]))
			cpu = append(cpu, secs(f[5])+secs(f[7]))
		}
	}
	return real, cpu
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	model, n := "", 0
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "model name":
			model = strings.TrimSpace(v)
		case "processor":
			n++
		}
	}
	return fmt.Sprintf("%s, %d logical CPUs", model, n)
}
