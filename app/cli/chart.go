package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/report"
	"akimwatch/data/transfer"
)

func chartCmd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	official := fs.String("official", "", "the official's ID or name (required)")
	compare := fs.String("compare", "", "other officials to compare with, comma-separated IDs or names")
	platform := fs.String("platform", "", "only this platform (default: all accounts)")
	mode := fs.String("mode", "followers", "followers, daily (change per day), growth (% from the range start, chain-linked) or posts (posts per week)")
	rng := fs.String("range", "90d", "30d, 90d, 1y or all")
	from := fs.String("from", "", "custom range start, YYYY-MM-DD (with --to)")
	to := fs.String("to", "", "custom range end, YYYY-MM-DD")
	out := fs.String("out", "", "output .png or .svg, or .csv for the series as drawn (time,series,value) (default: a PNG in the Pictures/akimwatch folder, named after official, platform, range and date, never overwriting); an existing --out file is refused without --force")
	force := fs.Bool("force", false, "replace the --out file if it exists")
	lang := fs.String("lang", "ru", "chart language: ru, kk or en")
	width := fs.Int("width", charts.DefaultWidth, "image width in pixels")
	height := fs.Int("height", charts.DefaultHeight, "image height in pixels")
	scale := fs.Float64("scale", charts.DefaultScale, "text and line scale (2 = crisp report image)")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		if *official == "" {
			return usagef("--official is required")
		}
		req := report.Request{Lang: *lang, Now: r.env.Now(), Width: *width, Height: *height, Scale: *scale}
		var err error
		if req.Mode, err = report.ParseMode(*mode); err != nil {
			return usagef("%v", err)
		}
		if req.Range, err = report.ParseRange(*rng); err != nil {
			return usagef("%v", err)
		}
		if *from != "" || *to != "" {
			if *from == "" || *to == "" {
				return usagef("give both --from and --to")
			}
			if req.From, err = transfer.ParseTime(*from); err != nil {
				return usagef("--from: %v", err)
			}
			if req.To, err = transfer.ParseTime(*to); err != nil {
				return usagef("--to: %v", err)
			}
			req.Range = report.RangeCustom
		}
		if req.Platform, err = platformFlag(*platform); err != nil {
			return err
		}
		if *out != "" && !charts.IsCSVPath(*out) {
			if _, err := charts.FormatForPath(*out); err != nil {
				return usagef("--out %s: %v (or .csv for the data)", *out, err)
			}
		}
		s, err := r.ReadStore(ctx)
		if err != nil {
			return err
		}
		for _, q := range append([]string{*official}, splitList(*compare)...) {
			o, err := s.FindOfficial(ctx, q)
			if err != nil {
				return err
			}
			req.Officials = append(req.Officials, o.ID)
		}
		b := report.New(s)
		spec, err := b.Spec(ctx, req)
		if err != nil {
			return err
		}
		if *out != "" {
			return r.writeChart(s.Path(), *out, *force, spec)
		}
		path := *out
		if path == "" {
			dir, err := charts.DefaultDir()
			if err != nil {
				return err
			}
			name, err := b.FileName(ctx, req, ".png")
			if err != nil {
				return err
			}
			path = filepath.Join(dir, name)
		}
		written, err := charts.Export(path, spec)
		if err != nil {
			return err
		}
		r.out("%s\n", written)
		return nil
	}
}

// writeChart draws spec into the file the analyst named, through the
// shared output checks (never the database, never an existing file unless
// force).
func (r *runner) writeChart(db, path string, force bool, spec charts.Spec) error {
	render := func() ([]byte, error) { return charts.SeriesCSV(spec) }
	if !charts.IsCSVPath(path) {
		format, err := charts.FormatForPath(path)
		if err != nil {
			return usagef("--out %s: %v", path, err)
		}
		render = func() ([]byte, error) { return charts.Render(spec, format) }
	}
	if err := writeRendered(db, path, force, render); err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	r.out("%s\n", path)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// writeRendered writes what render makes into path through the shared
// output checks (never the database db, its companions or backups; an
// existing file only with force), beside the target and renamed into place.
func writeRendered(db, path string, force bool, render func() ([]byte, error)) error {
	return data.WriteOutput(db, path, data.OutputOptions{Force: force}, func(w io.Writer) error {
		b, err := render()
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
}
