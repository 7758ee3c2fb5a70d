package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/sirupsen/logrus"

	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/refresh"
	"akimwatch/data/source"
)

func refreshCmd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	platform := fs.String("platform", "", "refresh only this platform")
	official := fs.String("official", "", "refresh only this official's accounts (ID or name)")
	noScan := fs.Bool("no-scan", false, "do not run spike detection on the new snapshots")
	strict := fs.Bool("strict", false, "exit 1 on any failure: a failed account or a platform that did not run (by default only a stopped platform or every account failing does)")
	plan := fs.Bool("plan", false, "print the quota plan (calls, pass time, shortest schedule per platform) and fetch nothing")
	retry := fs.Bool("retry-failing", false, "also retry failing accounts that are waiting out their backoff")
	every := &everyFlag{}
	fs.Var(every, "every", "run a pass every DURATION (such as 6h) until stopped; SIGINT/SIGTERM finish the batches in flight and exit 0")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		f := refresh.Filter{Retry: *retry}
		var err error
		if f.Platform, err = platformFlag(*platform); err != nil {
			return err
		}
		if every.set && *plan {
			return usagef("--every and --plan do not go together: --plan fetches nothing")
		}
		if *plan {
			return printPlan(ctx, r, f.Platform)
		}
		po := passOptions{filter: f, official: *official, scan: !*noScan, strict: *strict}
		if every.set {
			if err := every.check(); err != nil {
				return err
			}
			return r.refreshEvery(ctx, every.d, po)
		}
		sum, err := r.refreshPass(ctx, nil, po)
		if err != nil {
			return err
		}
		return refreshOutcome(sum, *strict)
	}
}

// passOptions are what one refresh pass is asked to do.
type passOptions struct {
	filter   refresh.Filter
	official string // --official, resolved against the store each pass
	scan     bool   // spike detection on the new readings
	strict   bool   // --strict: judge a pass's outcome strictly
}

// refreshPass runs one pass on the store: spike detection catches up, the
// engine fetches, the summary and new alerts are printed, and the daily
// backup is made. Closing stop ends the pass early but cleanly (see
// refresh.Options.Stop).
func (r *runner) refreshPass(ctx context.Context, stop <-chan struct{}, po passOptions) (refresh.Summary, error) {
	f := po.filter
	s, err := r.Store(ctx)
	if err != nil {
		return refresh.Summary{}, err
	}
	if f.OfficialID, err = officialFlag(ctx, s, po.official); err != nil {
		return refresh.Summary{}, err
	}
	provs, err := source.DefaultProviders(source.Config{
		Getenv: r.env.Getenv,
		Tokens: &source.Tokens{Getenv: r.env.Getenv, Keyring: r.env.Keyring},
	})
	if err != nil {
		return refresh.Summary{}, err
	}
	pl := newPlatformProgress(r.env.Stderr)
	opts := refresh.Options{Store: s, Providers: provs, Now: r.env.Now, OnProgress: pl.update, Stop: stop}
	var scan *alerting.Service
	var caughtUp []data.Alert
	demo, err := s.IsDemo(ctx)
	if err != nil {
		return refresh.Summary{}, err
	}
	if po.scan && !demo { // a DEMO database is refused by the pass below
		// The detectors catch up with the saved history before the pass,
		// and the pass hands its new readings over as it commits them, so
		// the scan after the pass judges them from memory. Their states
		// are written once, after that scan (Flush).
		scan = alerting.New(s, nil, nil)
		scan.StateEvery = alerting.LongLivedStateEvery
		if caughtUp, err = scan.Incremental(ctx, nil); err != nil {
			return refresh.Summary{}, fmt.Errorf("spike detection before the refresh failed: %w", err)
		}
		opts.OnWritten = scan.Accept
	}
	eng := refresh.New(opts)
	sum, err := eng.Run(ctx, f)
	pl.done()
	if err != nil {
		return sum, err
	}
	printSummary(r.env.Stdout, sum)
	if scan != nil {
		added, err := scan.Incremental(ctx, nil)
		if err != nil {
			return sum, fmt.Errorf("refresh done, but spike detection failed: %w", err)
		}
		if err := scan.Flush(ctx); err != nil {
			return sum, fmt.Errorf("refresh done, but saving the spike detectors' states failed: %w", err)
		}
		added = append(caughtUp, added...)
		if len(added) > 0 {
			r.out("\n%d new alert(s):\n", len(added))
			if err := printAlerts(ctx, r, s, added); err != nil {
				return sum, err
			}
		}
	}
	if path, err := s.AutoBackup(ctx, r.env.Now()); err != nil {
		logrus.WithError(err).Warn("daily backup failed")
		fmt.Fprintf(r.env.Stderr, "akimwatch: warning: daily backup failed: %v\n", err)
	} else if path != "" {
		logrus.WithField("path", path).Info("daily backup written")
	}
	return sum, nil
}

// printSummary writes the pass's counts, the stopped platforms and every failure.
func printSummary(w io.Writer, sum refresh.Summary) {
	fmt.Fprintf(w, "refresh: %d accounts: %d fetched, %d unchanged, %d failed, %d skipped (%s) in %s\n",
		sum.Total, sum.Fetched, sum.Unchanged, sum.Failed, sum.Skipped, skipWords(sum.Skips), sum.Duration.Round(1e6))
	for _, st := range sum.Stopped {
		fmt.Fprintf(w, "stopped: %v\n", st.Err)
	}
	for _, b := range sum.Busy {
		fmt.Fprintf(w, "busy: %s is being refreshed by %s; left to it\n", b.Platform.Title(), b.Holder)
	}
	if len(sum.FailKinds) > 0 {
		fmt.Fprintf(w, "failed by reason: %s (accounts stay watched; see akimwatch accounts list --failing)\n", kindWords(sum.FailKinds))
	}
	for _, fl := range sum.Failures {
		fmt.Fprintf(w, "failed: %s %s (account %d) [%s]: %v\n", fl.Account.Platform, fl.Account.Handle, fl.Account.ID, fl.Kind, fl.Err)
	}
}

// kindWords lists failure counts by kind, in data.FailKinds order.
func kindWords(m map[data.FailKind]int) string {
	var parts []string
	for _, k := range data.FailKinds {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s: %d", k, m[k]))
		}
	}
	return strings.Join(parts, ", ")
}

func skipWords(m map[refresh.SkipReason]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%s: %d", k, v))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// platformProgress keeps one line per platform up to date on stderr.
type platformProgress struct {
	mu    sync.Mutex
	w     io.Writer
	shown bool
}

func newPlatformProgress(w io.Writer) *platformProgress { return &platformProgress{w: w} }

func (p *platformProgress) update(ev refresh.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !ev.Finished {
		return // one line per platform when it finishes keeps logs readable
	}
	p.shown = true
	fmt.Fprintf(p.w, "%-9s %d/%d done, %d failed, %d skipped\n", ev.Platform, ev.Done, ev.Total, ev.Failed, ev.Skipped)
}

func (p *platformProgress) done() {}
