// Command benchtable runs akimwatch's national-scale benchmarks (issue 8)
// and prints one table: each figure beside its baseline measured in the
// same run, and the ratio. It writes the table to docs/BENCHMARKS.md. It is
// what "make bench" runs; the big fixture is generated once into -dir and
// reused.
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
	probe := flag.String("probe-rss", "", "internal: open this database, build the leaderboard, print the resident memory")
	flag.Parse()
	ctx := context.Background()
	if *probe != "" {
		if err := probeRSS(ctx, *probe); err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(1)
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
