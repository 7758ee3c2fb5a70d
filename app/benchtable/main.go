// Command benchtable runs akimwatch's national-scale benchmarks (issues 8
// and 18) and prints one table: each figure beside its baseline measured in
// the same run, the ratio, the target and the verdict, all computed from
// this run. It writes the table to docs/BENCHMARKS.md (generated: nothing
// in it comes from an earlier run; the explanations live in the
// hand-written docs/PERFORMANCE.md). It is what "make bench" runs; the big
// fixture is generated once into -dir and reused. Memory, start-up and idle
// CPU are measured on the real akimwatch binary under Xvfb.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

func main() {
	cfg := config{}
	flag.StringVar(&cfg.dir, "dir", filepath.Join(os.TempDir(), "akimwatch-bench"), "folder for the fixture CSV and the benchmark databases")
	flag.StringVar(&cfg.out, "out", "docs/BENCHMARKS.md", "markdown file to write the table to")
	flag.Uint64Var(&cfg.seed, "seed", 1, "fixture seed")
	flag.IntVar(&cfg.officials, "officials", 3000, "fixture officials (3 accounts each)")
	flag.IntVar(&cfg.days, "days", 5*365+1, "fixture days of history")

	flag.StringVar(&cfg.xvfb, "xvfb-display", "", "X display to start Xvfb on for the real app (\":98\"); empty picks a free one")
	appOnly := flag.String("app-only", "", "measure only the real app on this database and print its rows (docs/BENCHMARKS.md is not written)")
	flag.Parse()
	ctx := context.Background()
	if *appOnly != "" {
		res := &results{}
		benchApp(ctx, res, cfg.dir, *appOnly, cfg.xvfb)
		for _, r := range res.appRows() {
			fmt.Printf("| %s | %s | %s | %s | %s | %s |\n", r.path, r.figure, r.baseline, r.ratio, r.target, r.verdict)
		}
		return
	}
	start := time.Now()
	res, err := run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
	res.total = time.Since(start)
	table := res.markdown(cfg)
	fmt.Print(table)
	if err := os.WriteFile(cfg.out, []byte(table), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}
