package main

import (
	"fmt"
	"runtime"
	"strings"
	"time"

	"akimwatch/charts"
	"akimwatch/data"
)

// Settings of the app that the rows name.
const (
	cacheMiB   = data.ReaderCacheKiB / 1024
	chartW     = charts.DefaultWidth
	chartH     = charts.DefaultHeight
	chartScale = charts.DefaultScale
)

// row is one line of the table: every cell is computed from this run.
type row struct {
	path, figure, baseline, ratio, target, verdict string
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func sec(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mb(kb int64) string { return fmt.Sprintf("%.0f MB", float64(kb)/1024) }

func times(r float64) string { return fmt.Sprintf("%.2f×", r) }

func durations(ds []time.Duration) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = fmt.Sprintf("%.0f", float64(d)/float64(time.Millisecond))
	}
	return strings.Join(s, ", ") + " ms"
}

// atMost is the verdict on "figure ≤ limit" (or < limit when strict):
// "met", or by how much it was missed.
func atMost(figure, limit float64, strict bool) string {
	if figure < limit || !strict && figure == limit {
		return "met"
	}
	return fmt.Sprintf("**missed** by %.0f %%", 100*(figure/limit-1))
}

// atLeast is the verdict on "figure ≥ limit".
func atLeast(figure, limit float64) string {
	if figure >= limit {
		return "met"
	}
	return fmt.Sprintf("**missed** by %.0f %%", 100*(1-figure/limit))
}

// both joins two verdicts of one row.
func both(a, b string) string {
	if a == "met" && b == "met" {
		return "met"
	}
	return a + "; " + b
}

func (r *results) tableRows() []row {
	rate := func(d time.Duration) float64 { return float64(r.rows) / d.Seconds() }
	goRate, shRate, rawRate := rate(r.goImport), rate(r.shImport), rate(r.shImportOnly)
	perRow := float64(r.dbBytes) / float64(r.rows)
	boardRatio := float64(r.goBoard) / float64(r.shBoard)
	msOf := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	rows := []row{
		{"import of the CSV (rows/s)", fmt.Sprintf("%.0f k rows/s (%s; CPU %s)", goRate/1000, sec(r.goImport), sec(r.goImportCPU)),
			fmt.Sprintf("sqlite3 shell .import + INSERT…SELECT into snapshots: %.0f k rows/s (%s; CPU %s)", shRate/1000, sec(r.shImport), sec(r.shImportCPU)),
			fmt.Sprintf("%s (by CPU time %s)", times(goRate/shRate), times(float64(r.shImportCPU)/float64(r.goImportCPU))), "≥ 0.5×", atLeast(goRate/shRate, 0.5)},
		{"import, against the bare .import into a text staging table", fmt.Sprintf("%.0f k rows/s", goRate/1000),
			fmt.Sprintf("sqlite3 shell .import alone: %.0f k rows/s (%s)", rawRate/1000, sec(r.shImportOnly)),
			times(goRate / rawRate), "≥ 0.5× (stricter reading)", atLeast(goRate/rawRate, 0.5)},
		{"database size after VACUUM (bytes per snapshot row, all tables and indexes)", fmt.Sprintf("%.1f B/row (%.0f MB)", perRow, float64(r.dbBytes)/1e6),
			"–", "–", "≤ 32 B/row", atMost(perRow, 32, false)},
		{fmt.Sprintf("leaderboard of %d officials (chain-linked 7/30-day change, rank change)", r.boardRows), ms(r.goBoard) + " (CPU " + ms(r.goBoardCPU) + ")",
			fmt.Sprintf("every account ranked by three key seeks each (7/30-day change, rank change; less work than the officials' chain-linked totals) as one SQL query in the sqlite3 shell, with akimwatch's page cache (%d MiB) and mmap_size: %s (CPU %s)", cacheMiB, ms(r.shBoard), ms(r.shBoardCPU)),
			fmt.Sprintf("%s (by CPU time %s)", times(boardRatio), times(float64(r.goBoardCPU)/float64(r.shBoardCPU))), "< 150 ms and ≤ 1.5×", both(atMost(msOf(r.goBoard), 150, true), atMost(boardRatio, 1.5, false))},
		{fmt.Sprintf("one official's chart over all years, query + PNG render (%d series, %d points, %d×%d at scale %g)", r.chartSeries, r.chartPoints, chartW, chartH, chartScale),
			ms(r.chart) + " (CPU " + ms(r.chartCPU) + ")",
			fmt.Sprintf("go-chart alone drawing the same series at the same size, no query: %s (CPU %s) with akimwatch's PNG encoder, %s (CPU %s) with go-chart's own",
				ms(r.bareChartOurs), ms(r.bareChartOursCPU), ms(r.bareChart), ms(r.bareChartCPU)),
			fmt.Sprintf("%s (by CPU time %s; against go-chart's encoder %s)", times(float64(r.chart)/float64(r.bareChartOurs)),
				times(float64(r.chartCPU)/float64(r.bareChartOursCPU)), times(float64(r.chart)/float64(r.bareChart))),
			"< 100 ms", atMost(msOf(r.chart), 100, true)},
		{"full spike re-scan of all history", sec(r.rescan) + fmt.Sprintf(" (CPU %s over %d cores; %d alerts)", sec(r.rescanCPU), runtime.NumCPU(), r.rescanAlerts),
			"–", "–", "< 6 s", atMost(r.rescan.Seconds(), 6, true)},
		{fmt.Sprintf("running app: spike scan after one refresh pass of %d readings, handed over in memory (median of %d)", r.passReadings, incrementalPasses),
			ms(r.incremental) + " (" + durations(r.incPasses) + "; CPU " + ms(r.incrementalCPU) + ")",
			"the same service reading the pass's readings back, as when another process wrote them: " + ms(r.readBack) + " (" + durations(r.readBackPasses) + ")",
			times(float64(r.incremental) / float64(r.readBack)), "< 100 ms", atMost(msOf(r.incremental), 100, true)},
		{fmt.Sprintf("fresh process (akimwatch refresh): spike scan after the pass, readings handed over (median of %d)", incrementalPasses), ms(r.coldIncremental),
			"before the pass, the same process's detectors catch up with the saved history: " + ms(r.catchUp) + "; after the scan it writes 9,000 detector states: " + ms(r.coldFlush),
			"–", "< 150 ms", atMost(msOf(r.coldIncremental), 150, true)},
		{"running app: writing its 9,000 detector states (every 6 h and on quit, off the refresh pass)", ms(r.stateFlush), "–", "–", "–", "–"},
	}
	return append(rows, r.appRows()...)
}

// appRows are the real app's rows.
func (r *results) appRows() []row {
	a := r.app
	if a.note != "" {
		return []row{{"real app (start-up, memory, idle CPU)", a.note, "bare Fyne window", "–", "see docs/PERFORMANCE.md", "not measured"}}
	}
	app, bare := median(a.startApp), median(a.startBare)
	ratio := float64(app) / float64(bare)
	return []row{
		{fmt.Sprintf("real app: from exec until the main window is shown with the watchlist's rows filled (median of %d)", windowRuns),
			ms(app) + " (" + durations(a.startApp) + "; CPU " + ms(median(a.cpuApp)) + "); their sparklines followed at " + ms(median(a.startSparks)),
			"bare Fyne window of the same size, from exec until shown: " + ms(bare) + " (" + durations(a.startBare) + "; CPU " + ms(median(a.cpuBare)) + ")",
			fmt.Sprintf("%s (by CPU time %s)", times(ratio), times(float64(median(a.cpuApp))/float64(median(a.cpuBare)))), "≤ 1.0 s and ≤ 1.5×", both(atMost(app.Seconds(), 1, false), atMost(ratio, 1.5, false))},
		{fmt.Sprintf("real app: resident memory after start-up, window open, idle (VmRSS after %.0f s; most seen in them; VmHWM)", a.idleSeconds),
			fmt.Sprintf("%s (most %s; peak %s)", mb(a.rssIdle), mb(a.rssIdleMax), mb(a.hwmIdle)),
			fmt.Sprintf("bare Fyne window: %s (peak %s)", mb(a.rssBare), mb(a.hwmBare)),
			times(float64(a.rssIdle) / float64(a.rssBare)), "≤ 200 MB", atMost(float64(a.rssIdle)/1024, 200, false)},
		{fmt.Sprintf("real app: resident memory after opening an official's chart over all years (VmRSS %.0f s after; most seen; VmHWM)", a.chartSecs),
			fmt.Sprintf("%s (most %s; peak %s); the chart was on screen %s after the click", mb(a.rssChart), mb(a.rssChartMax), mb(a.hwmChart), ms(a.chartShown)),
			fmt.Sprintf("bare Fyne window: %s", mb(a.rssBare)),
			times(float64(a.rssChart) / float64(a.rssBare)), "≤ 250 MB", atMost(float64(a.rssChart)/1024, 250, false)},
		{fmt.Sprintf("real app: CPU with the window open and nothing running (%.0f s, /proc/PID/stat)", a.idleSeconds),
			fmt.Sprintf("%.2f %% of one core", 100*a.cpuIdle), fmt.Sprintf("bare Fyne window: %.2f %% of one core", 100*a.cpuIdleBare),
			times(a.cpuIdle / a.cpuIdleBare), "< 1 % of one core", atMost(100*a.cpuIdle, 1, true)},
	}
}

// goBenchmarks says what each Go benchmark of the repository runs on, as
// its doc comment does; "make bench" does not run them (go test -bench).
var goBenchmarks = [][2]string{
	{"data/growth BenchmarkScan", "9,000 fresh detectors, each over one of 300 generated 5-year daily series (the accounts cycle through the 300), 16.4 M points a scan; no SQLite"},
	{"data/growth BenchmarkRefresh", "9,000 detectors restored from states saved after 120 days of one of 9,000 generated series, one new reading each, state saved again; no SQLite"},
	{"data/growth BenchmarkWindowPush, BenchmarkWeekRingPush", "the rolling windows alone, fed generated values"},
	{"data/refresh BenchmarkPass9000", "one pass over 9,000 accounts against zero-latency local stand-ins of the platforms, limits lifted, writing to an in-memory store"},
	{"data/refresh BenchmarkPass9000RealStore", "the same pass writing to a real SQLite store in a temporary folder"},
	{"data BenchmarkLeaderboard, BenchmarkEachHistory", "900 accounts × 400 days from the national fixture's generator (360,000 rows), not the national scale"},
	{"data BenchmarkSeriesOneAccount, BenchmarkSeriesOneAccountAll, BenchmarkLatestEveryAccount", "1,000 accounts × 2 years of daily snapshots (730,000 rows)"},
	{"charts BenchmarkRenderApp, BenchmarkRenderBare", "one generated 5-year series (1,825 points), 1600×900 at scale 2; RenderBare is go-chart alone with its own PNG encoder"},
}

func (r *results) markdown(cfg config) string {
	var b strings.Builder
	b.WriteString("# Benchmarks at national scale\n\n")
	b.WriteString("Generated by `make bench` (app/benchtable): every figure, ratio and verdict below comes from the one run described here; " +
		"nothing is carried over from an earlier run. What the figures mean, how they are measured and why a target is missed: " +
		"[PERFORMANCE.md](PERFORMANCE.md).\n\n")
	fmt.Fprintf(&b, "- Run: %s, %s in all\n", r.started.UTC().Format("2006-01-02 15:04 MST"), r.total.Round(time.Second))
	fmt.Fprintf(&b, "- Machine: %s\n", r.cpu)
	fmt.Fprintf(&b, "- Load average (1, 5, 15 min): %s at the start, %s at the end. With a load above the number of cores, other jobs share them and wall-clock figures grow; "+
		"the baselines beside each figure ran in this run under the same load, and CPU times are given where they help.\n", r.loadBefore, r.loadAfter)
	fmt.Fprintf(&b, "- Fixture (synthetic, DEMO): seed %d, %d officials, %d accounts, %d days → %d snapshot rows; CSV %.0f MB\n",
		cfg.seed, cfg.officials, cfg.officials*3, cfg.days, r.rows, float64(r.csvBytes)/1e6)
	fmt.Fprintf(&b, "- Also timed: VACUUM %s; writing one refresh pass of %d readings (slowest of %d) %s\n", sec(r.vacuum), r.passReadings, 3*incrementalPasses, ms(r.refreshWrite))
	if r.app.note == "" {
		fmt.Fprintf(&b, "- Real app: `akimwatch --db` on the benchmark database on %s, driven by its bench hook (`AKIMWATCH_BENCH=1`); the bare window is app/benchtable/fyneprobe\n", r.app.display)
	}
	b.WriteString("\n| path | akimwatch | baseline (same run) | ratio | target | verdict |\n|---|---|---|---|---|---|\n")
	for _, x := range r.tableRows() {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", x.path, x.figure, x.baseline, x.ratio, x.target, x.verdict)
	}
	b.WriteString("\n## What the Go benchmarks run on\n\n`go test -bench` (not part of this run); their inputs, as their doc comments say:\n\n")
	for _, gb := range goBenchmarks {
		fmt.Fprintf(&b, "- `%s`: %s\n", gb[0], gb[1])
	}
	return b.String()
}
