package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"akimwatch/data"
	"akimwatch/data/fixture"
)

// devGenCmd is the hidden "dev gen" command: it makes a synthetic
// national-scale watchlist for benchmarks and demos, as a CSV history file
// or as a new database marked demo.
func devGenCmd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	def := fixture.National(1)
	seed := fs.Uint64("seed", def.Seed, "random seed: the same seed gives the same data")
	officials := fs.Int("officials", def.Officials, "how many officials to make")
	perOfficial := fs.Int("accounts-per-official", def.AccountsPerOfficial, "accounts (platforms) per official")
	days := fs.Int("days", def.Days, "daily readings per account, ending on --end")
	spikes := fs.Int("spikes", def.Spikes, "how many accounts get an injected jump")
	end := fs.String("end", def.End.Format(time.DateOnly), "day of the newest reading (YYYY-MM-DD)")
	csvOut := fs.String("csv", "", "write a history CSV (the import format) to this file instead of filling a database")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		e, err := time.Parse(time.DateOnly, *end)
		if err != nil {
			return usagef("--end %q: want YYYY-MM-DD", *end)
		}
		c := fixture.Config{Seed: *seed, Officials: *officials, AccountsPerOfficial: *perOfficial, Days: *days, End: e, Spikes: *spikes}
		if err := c.Validate(); err != nil {
			return usagef("%v", err)
		}
		start := time.Now()
		if *csvOut != "" {
			return devGenCSV(r, c, *csvOut, start)
		}
		return devGenDB(ctx, r, c, start)
	}
}

func devGenCSV(r *runner, c fixture.Config, path string, start time.Time) error {
	var n int64
	err := data.WriteOutput(r.g.db, path, data.OutputOptions{}, func(w io.Writer) error {
		var err error
		n, err = fixture.WriteCSV(w, c)
		return err
	})
	if err != nil {
		return fmt.Errorf("dev gen: %w", err)
	}
	r.out("wrote %d synthetic rows (%d officials, %d accounts) to %s in %s\n", n, c.Officials, c.Accounts(), path, time.Since(start).Round(time.Millisecond))
	return nil
}

// devGenDB fills a new database: generated names must never mix with a real
// watchlist, so an existing file is refused.
func devGenDB(ctx context.Context, r *runner, c fixture.Config, start time.Time) error {
	if err := needFile(r, "dev gen", "generate into a new file with --db FILE"); err != nil {
		return err
	}
	if _, err := os.Stat(r.g.db); err == nil {
		return fmt.Errorf("dev gen: %s already exists; give a new --db path (generated data must not mix with a real watchlist): %w", r.g.db, data.ErrInvalid)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("dev gen: %w", err)
	}
	s, err := data.Open(ctx, r.g.db, data.Options{Role: "akimwatch dev gen"})
	if err != nil {
		return err
	}
	r.store = s
	st, err := fixture.Fill(ctx, s, c)
	if err != nil {
		return err
	}
	r.out("filled %s with %d synthetic rows (%d officials, %d accounts), marked DEMO, in %s\n", s.Path(), st.Rows, c.Officials, c.Accounts(), time.Since(start).Round(time.Millisecond))
	return nil
}
