package main

import (
	_ "embed"
	"fmt"
	"strings"
	"time"
)

// notes explains how each figure is measured and what each verdict means;
// it follows the table in docs/BENCHMARKS.md.
//
//go:embed notes.md
var notes string

// row is one line of the table.
type row struct {
	path, figure, baseline, ratio, target, verdict string
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func sec(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func (r *results) rows_() []row {
	rate := func(d time.Duration) float64 { return float64(r.rows) / d.Seconds() }
	goRate, shRate, rawRate := rate(r.goImport), rate(r.shImport), rate(r.shImportOnly)
	cpuRatio := float64(r.shImportCPU) / float64(r.goImportCPU)
	perRow := float64(r.dbBytes) / float64(r.rows)
	boardRatio := float64(r.goBoard) / float64(r.shBoard)
	return []row{
		{"import of the CSV (rows/s)", fmt.Sprintf("%.0f k rows/s (%s; CPU %s)", goRate/1000, sec(r.goImport), sec(r.goImportCPU)),
			fmt.Sprintf("sqlite3 shell .import + INSERT…SELECT into snapshots: %.0f k rows/s (%s; CPU %s)", shRate/1000, sec(r.shImport), sec(r.shImportCPU)),
			fmt.Sprintf("%.2f× (by CPU time %.2f×)", goRate/shRate, cpuRatio), "≥ 0.5×", met(goRate/shRate >= 0.5)},
		{"import, against the bare .import into a text staging table", fmt.Sprintf("%.0f k rows/s", goRate/1000),
			fmt.Sprintf("sqlite3 shell .import alone: %.0f k rows/s (%s)", rawRate/1000, sec(r.shImportOnly)),
			fmt.Sprintf("%.2f×", goRate/rawRate), "(stricter reading of the same target)", met(goRate/rawRate >= 0.5)},
		{"database size after VACUUM (bytes per snapshot row, all tables and indexes)", fmt.Sprintf("%.1f B/row (%.0f MB)", perRow, float64(r.dbBytes)/1e6),
			"target 32 B/row", fmt.Sprintf("%.2f×", perRow/32), "≤ 32 B/row", met(perRow <= 32)},
		{fmt.Sprintf("leaderboard over %d accounts (7/30-day change, rank change)", r.boardRows), ms(r.goBoard) + " (CPU " + ms(r.goBoardCPU) + ")",
			"same computation as one SQL query in the sqlite3 shell: " + ms(r.shBoard), fmt.Sprintf("%.2f×", boardRatio),
			"< 150 ms and ≤ 1.5×", met(r.goBoard < 150*time.Millisecond && boardRatio <= 1.5)},
		{"one official's chart, 5 years, 3 accounts (query + PNG render)", ms(r.chart) + " (CPU " + ms(r.chartCPU) + ")",
			"go-chart bare render of one 5-year series (BenchmarkRenderBare): " + ms(r.bareChart), fmt.Sprintf("%.2f×", float64(r.chart)/float64(r.bareChart)),
			"< 100 ms", met(r.chart < 100*time.Millisecond)},
		{"full spike re-scan of all history", sec(r.rescan) + " (CPU " + sec(r.rescanCPU) + " over 2 cores)", "target 6 s", fmt.Sprintf("%.2f×", r.rescan.Seconds()/6), "< 6 s", met(r.rescan < 6*time.Second)},
		{"incremental scan after one refresh pass, running app (median of 3; detector states written every 6 h, not in these passes)", ms(r.incremental) + " (CPU " + ms(r.incrementalCPU) + ")", "target 100 ms", fmt.Sprintf("%.2f×", float64(r.incremental)/float64(100*time.Millisecond)),
			"< 100 ms", met(r.incremental < 100*time.Millisecond)},
		{"incremental scan, fresh process (akimwatch refresh; median of 3)", ms(r.coldIncremental), "target 100 ms", fmt.Sprintf("%.2f×", float64(r.coldIncremental)/float64(100*time.Millisecond)),
			"< 100 ms", met(r.coldIncremental < 100*time.Millisecond)},
		{"running app: writing its 9,000 detector states (every 6 h and on quit, off the refresh pass)", ms(r.stateFlush), "–", "–", "–", "–"},
		{"resident memory, big database open, leaderboard built", fmt.Sprintf("%.0f MB (peak %.0f MB)", float64(r.rss)/1024, float64(r.hwm)/1024),
			"target 250 MB", fmt.Sprintf("%.2f×", float64(r.rss)/1024/250), "≤ 250 MB", met(float64(r.hwm)/1024 <= 250)},
	}
}

func (r *results) markdown(cfg config) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Benchmarks at national scale\n\n")
	fmt.Fprintf(&b, "Produced by `make bench` (app/benchtable) on %s.\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- CPU: %s\n", r.cpu)
	fmt.Fprintf(&b, "- Fixture: seed %d, %d officials, %d accounts, %d days → %d snapshot rows; CSV %.0f MB\n",
		cfg.seed, cfg.officials, cfg.officials*3, cfg.days, r.rows, float64(r.csvBytes)/1e6)
	fmt.Fprintf(&b, "- Whole run: %s (VACUUM %s; writing one refresh pass of snapshots %s); load average %s at the start, %s at the end (the 2 cores are shared with other jobs)\n\n",
		r.total.Round(time.Second), sec(r.vacuum), ms(r.refreshWrite), r.loadBefore, r.loadAfter)
	b.WriteString("| path | akimwatch | baseline (same run) | ratio | target | |\n|---|---|---|---|---|---|\n")
	for _, x := range r.rows_() {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", x.path, x.figure, x.baseline, x.ratio, x.target, x.verdict)
	}
	if r.winNote != "" {
		fmt.Fprintf(&b, "| open the database and show the window, leaderboard ready | %s | bare Fyne window | – | < 1.5 s, ≤ 1.5× | see notes |\n", r.winNote)
	} else {
		ratio := float64(r.winApp) / float64(r.winBare)
		fmt.Fprintf(&b, "| open the database and show a window with the leaderboard ready (probe window, Xvfb; median of %d) | %s | bare Fyne window start-up: %s | %.2f× | < 1.5 s, ≤ 1.5× | %s |\n",
			windowRuns, ms(r.winApp), ms(r.winBare), ratio, met(r.winApp < 1500*time.Millisecond && ratio <= 1.5))
	}
	b.WriteString("\n")
	b.WriteString(notes)
	return b.String()
}
