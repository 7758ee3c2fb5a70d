package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/growth"
	"akimwatch/data/growth/seriescsv"
)

func scanCmd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	csvPath := fs.String("csv", "", "scan a time,followers CSV file (or - for stdin) without any database; prints time,kind,followers,change,score")
	sensFlag := fs.String("sensitivity", "", "low, medium or high (default: the database's setting, else medium)")
	full := fs.Bool("full", true, "re-scan all history (false: only snapshots newer than the last scan)")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		var sens growth.Sensitivity
		if *sensFlag != "" {
			var err error
			if sens, err = growth.ParseSensitivity(*sensFlag); err != nil {
				return usagef("%v", err)
			}
		}
		if *csvPath != "" {
			return scanCSV(r, *csvPath, sens)
		}
		s, err := r.Store(ctx)
		if err != nil {
			return err
		}
		if *sensFlag != "" {
			if err := s.SetMeta(ctx, alerting.MetaSensitivity, sens.String()); err != nil {
				return err
			}
		}
		svc := alerting.New(s, nil, nil)
		progress := newProgressLine(r.env.Stderr, "scan")
		var added []data.Alert
		if *full {
			added, err = svc.Rescan(ctx, progress.update)
		} else {
			added, err = svc.Incremental(ctx, progress.update)
		}
		progress.done()
		if err != nil {
			return err
		}
		return printAlerts(ctx, r, s, added)
	}
}

func scanCSV(r *runner, path string, sens growth.Sensitivity) error {
	var in io.Reader = r.env.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("scan %s: %w", path, err)
		}
		defer f.Close()
		in = f
	}
	if err := seriescsv.Scan(in, r.env.Stdout, sens); err != nil {
		return fmt.Errorf("scan %s: %w", path, err)
	}
	return nil
}

// printAlerts lists alerts with the official and account they belong to.
func printAlerts(ctx context.Context, r *runner, s data.Store, alerts []data.Alert) error {
	if len(alerts) == 0 {
		r.out("no new alerts\n")
		return nil
	}
	rows, err := accountRows(ctx, s, data.AccountFilter{})
	if err != nil {
		return err
	}
	byID := map[int64]accountRow{}
	for _, a := range rows {
		byID[a.ID] = a
	}
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tKIND\tOFFICIAL\tPLATFORM\tHANDLE\tCHANGE\tPCT\tSCORE\tDETAIL")
	for _, a := range alerts {
		acc := byID[a.AccountID]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%+d\t%+.1f%%\t%.1f\t%s\n", a.Time.Format("2006-01-02T15:04:05Z"), a.Kind,
			acc.Official, acc.Platform, dash(acc.Handle), a.Size, a.Pct, a.Score, growth.Explain(a.Detail))
	}
	return tw.Flush()
}

// progressLine redraws one "scan 120/9000" line on stderr, at most every 1%.
type progressLine struct {
	w     io.Writer
	label string
	last  int
	shown bool
}

func newProgressLine(w io.Writer, label string) *progressLine {
	return &progressLine{w: w, label: label, last: -1}
}

func (p *progressLine) update(done, total int) {
	if total == 0 {
		return
	}
	pct := done * 100 / total
	if pct == p.last {
		return
	}
	p.last, p.shown = pct, true
	fmt.Fprintf(p.w, "\r%s %d/%d (%d%%)", p.label, done, total, pct)
}

func (p *progressLine) done() {
	if p.shown {
		fmt.Fprintln(p.w)
	}
}
