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
	goBoard, shBoard                 time.Duration
	boardRows                        int
	chart, bareChart                 time.Duration
	rss, hwm                         int64
	rescan                           time.Duration
	rescanAlerts                     int
	incremental, refreshWrite        time.Duration
	coldIncremental                  time.Duration
	stateFlush                       time.Duration
	// CPU time (user + system) of the same work: on shared cores it shows
	// what the wall-clock figures would be without the other jobs.
	goImportCPU, shImportCPU, goBoardCPU, chartCPU, rescanCPU, incrementalCPU time.Duration
	winBare, winApp                                                           time.Duration
	winNote                                                                   string
	loadBefore, loadAfter                                                     string
	cpu                                                                       string
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
	res := &results{cpu: cpuModel(), loadBefore: loadAvg()}
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
	if err := benchRSS(res, goDB); err != nil {
		return nil, err
	}
	benchWindow(res, cfg.dir, goDB, at)
	if err := benchScans(ctx, res, goDB, fc); err != nil {
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
	script := ".output /dev/null\n.timer on\n" + strings.Repeat(q, boardRuns)
	out, err := sqlite(db, script)
	if err != nil {
		return err
	}
	times := runTimes(out)
	if len(times) != boardRuns {
		return fmt.Errorf("sqlite3 leaderboard: %d timings in %q", len(times), out)
	}
	res.shBoard = median(times[1:]) // the first run warms the page cache, as the Go benchmark's first loop does
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
	r := testing.Benchmark(func(bb *testing.B) {
		for bb.Loop() {
			spec, err := b.Spec(ctx, req)
			if err == nil {
				_, err = charts.Render(spec, charts.FormatPNG)
			}
			if err != nil {
				berr = err
				bb.SkipNow()
			}
		}
	})
	if berr != nil {
		return berr
	}
	res.chart = time.Duration(r.NsPerOp())
	const chartRuns = 5
	c0 := cpuNow()
	for range chartRuns {
		spec, err := b.Spec(ctx, req)
		if err == nil {
			_, err = charts.Render(spec, charts.FormatPNG)
		}
		if err != nil {
			return err
		}
	}
	res.chartCPU = (cpuNow() - c0) / chartRuns
	out, err := exec.Command("go", "test", "-run", "^$", "-bench", "^BenchmarkRenderBare$", "-benchtime", "10x", "./charts/").CombinedOutput()
	if err != nil {
		return fmt.Errorf("go-chart bare render benchmark: %w\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 4 && strings.HasPrefix(f[0], "BenchmarkRenderBare") && f[3] == "ns/op" {
			ns, _ := strconv.ParseFloat(f[2], 64)
			res.bareChart = time.Duration(ns)
		}
	}
	if res.bareChart == 0 {
		return fmt.Errorf("go-chart bare render benchmark: no result in %s", out)
	}
	step("chart: %s, bare go-chart %s", res.chart, res.bareChart)
	return nil
}

func benchRSS(res *results, db string) error {
	step("resident memory")
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("rss probe: %w", err)
	}
	out, err := exec.Command(self, "-probe-rss", db).Output()
	if err != nil {
		return fmt.Errorf("rss probe: %w", err)
	}
	if _, err := fmt.Sscan(string(out), &res.rss, &res.hwm); err != nil {
		return fmt.Errorf("rss probe output %q: %w", out, err)
	}
	return nil
}

// probeRSS is the child process of benchRSS: open the database as the app
// does (writer and readers), build the leaderboard, report VmRSS and VmHWM
// in kB.
func probeRSS(ctx context.Context, db string) error {
	s, err := data.Open(ctx, db, data.Options{Role: "benchtable rss probe"})
	if err != nil {
		return err
	}
	defer s.Close()
	rows, err := s.Leaderboard(ctx, data.LeaderboardQuery{At: fixture.DefaultEnd.Add(24 * time.Hour)})
	if err != nil {
		return err
	}
	runtime.KeepAlive(rows)
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return fmt.Errorf("read /proc/self/status: %w", err)
	}
	var rss, hwm int64
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "VmRSS:" {
			rss, _ = strconv.ParseInt(f[1], 10, 64)
		}
		if len(f) >= 2 && f[0] == "VmHWM:" {
			hwm, _ = strconv.ParseInt(f[1], 10, 64)
		}
	}
	fmt.Println(rss, hwm)
	return nil
}

// incrementalPasses is how many refresh passes the incremental scan is timed over.
const incrementalPasses = 3

func benchScans(ctx context.Context, res *results, db string, fc fixture.Config) error {
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
	var incs, colds, writes, incCPU []time.Duration
	for pass := 1; pass <= 2*incrementalPasses; pass++ {
		snaps := make([]data.Snapshot, len(latest))
		for i, l := range latest {
			snaps[i] = data.Snapshot{AccountID: l.AccountID, Time: l.Time.AddDate(0, 0, pass), Followers: l.Followers + int64(pass*3), Source: data.SourceAPI}
		}
		t0 := time.Now()
		if err := s.AddSnapshots(ctx, snaps); err != nil {
			return err
		}
		writes = append(writes, time.Since(t0))
		// The first passes use the long-lived service, as the running app
		// does; the others a fresh one, as "akimwatch refresh" does.
		scan := svc
		if pass > incrementalPasses {
			scan = alerting.New(s, nil, log)
		}
		t0, c0 := time.Now(), cpuNow()
		if _, err := scan.Incremental(ctx, nil); err != nil {
			return err
		}
		if pass > incrementalPasses {
			colds = append(colds, time.Since(t0))
		} else {
			incs = append(incs, time.Since(t0))
			incCPU = append(incCPU, cpuNow()-c0)
		}
	}
	// What the running app's passes left unwritten: its states, as written
	// every StateEvery and when it quits.
	t0 = time.Now()
	if err := svc.Flush(ctx); err != nil {
		return err
	}
	res.stateFlush = time.Since(t0)
	res.incremental, res.coldIncremental, res.refreshWrite, res.incrementalCPU = median(incs), median(colds), median(writes), median(incCPU)
	step("incremental: %s (passes %v); fresh service %v; writing the running app's states %v", res.incremental, incs, colds, res.stateFlush)
	return nil
}

// windowRuns is how many times each window start-up is timed.
const windowRuns = 5

// benchWindow times a bare Fyne window and a window showing the big
// leaderboard (app/benchtable/fyneprobe) under Xvfb. Without a display it
// leaves a note instead of failing the run.
func benchWindow(res *results, dir, db string, at time.Time) {
	step("window start-up")
	xvfb, err := exec.LookPath("xvfb-run")
	if err != nil && os.Getenv("DISPLAY") == "" {
		res.winNote = "not measured: no display and no xvfb-run (apt-get install xvfb)"
		return
	}
	probe := filepath.Join(dir, "fyneprobe")
	if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", probe, "./app/benchtable/fyneprobe").CombinedOutput(); err != nil {
		res.winNote = fmt.Sprintf("not measured: building the probe failed: %v %s", err, firstLine(string(out)))
		return
	}
	once := func(args ...string) (time.Duration, error) {
		cmdArgs := append([]string{probe}, args...)
		name := cmdArgs[0]
		if os.Getenv("DISPLAY") == "" {
			name, cmdArgs = xvfb, append([]string{"-a"}, cmdArgs...)
		}
		cmd := exec.Command(name, cmdArgs...)
		cmd.Env = append(os.Environ(), "LANG=en_US.UTF-8")
		out, _ := cmd.Output() // Fyne may crash while quitting under Xvfb; the figure is printed first
		msec, err := strconv.ParseInt(firstLine(string(out)), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("window probe printed %q", out)
		}
		return time.Duration(msec) * time.Millisecond, nil
	}
	var bare, full []time.Duration
	for range windowRuns {
		b, err := once()
		if err != nil {
			res.winNote = "not measured: " + err.Error()
			return
		}
		f, err := once("-db", db, "-at", strconv.FormatInt(at.Unix(), 10))
		if err != nil {
			res.winNote = "not measured: " + err.Error()
			return
		}
		bare, full = append(bare, b), append(full, f)
	}
	res.winBare, res.winApp = median(bare), median(full)
	step("window: bare %v, with leaderboard %v", bare, full)
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

// runTimes parses the "Run Time: real X" lines of the shell's .timer.
func runTimes(out string) []time.Duration {
	var ts []time.Duration
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 4 && f[0] == "Run" && f[2] == "real" {
			if v, err := strconv.ParseFloat(f[3], 64); err == nil {
				ts = append(ts, time.Duration(v*float64(time.Second)))
			}
		}
	}
	return ts
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
