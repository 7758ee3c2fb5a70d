package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"akimwatch/data"
	"akimwatch/data/dbopen"
)

// copyCmd copies a whole database from one store to another (a file to the
// team server, the server to a file for a laptop on a trip), in one
// transaction on the target.
func copyCmd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	from := fs.String("from", "", "the database to copy: a file path or a postgres:// URL")
	to := fs.String("to", "", "the database to copy into (created when it is a new file)")
	merge := fs.Bool("merge", false, "merge into a target that already holds a watchlist (officials matched by name, accounts by platform and handle; a reading at the same second is the same reading)")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		if *from == "" || *to == "" {
			return usagef("give both --from and --to")
		}
		if sameTarget(*from, *to) {
			return usagef("--from and --to name the same database %s", dbopen.Display(*from))
		}
		src, err := dbopen.Open(ctx, *from, dbopen.Options{ReadOnly: true, Keyring: r.env.Keyring})
		if err != nil {
			return fmt.Errorf("copy: open the source: %w", err)
		}
		defer src.Close()
		dst, err := dbopen.Open(ctx, *to, dbopen.Options{Role: "akimwatch copy", Keyring: r.env.Keyring})
		if err != nil {
			return fmt.Errorf("copy: open the target: %w", err)
		}
		defer dst.Close()
		ld, ok := dst.(data.Loader)
		if !ok {
			return fmt.Errorf("copy: %s cannot take a copy: %w", dst.Path(), data.ErrInvalid)
		}
		d, err := data.ReadDump(ctx, src)
		if err != nil {
			return fmt.Errorf("copy: read %s: %w", src.Path(), err)
		}
		began := time.Now()
		st, err := ld.Load(ctx, d, data.LoadOptions{Merge: *merge, Progress: func(done, total int64) {
			pct := 100.0
			if total > 0 {
				pct = 100 * float64(done) / float64(total)
			}
			fmt.Fprintf(r.env.Stderr, "copy: %d of %d readings (%.0f%%)\n", done, total, pct)
		}})
		if errors.Is(err, data.ErrNotEmpty) {
			return fmt.Errorf("copy: %w", err)
		}
		if err != nil {
			return fmt.Errorf("copy %s to %s: %w", src.Path(), dst.Path(), err)
		}
		r.out("copied %s to %s: %d officials, %d accounts, %d readings, %d alerts", src.Path(), dst.Path(), st.Officials, st.Accounts, st.Snapshots, st.Alerts)
		if *merge {
			r.out(" (%d officials and %d accounts were there already)", st.MatchedOfficials, st.MatchedAccounts)
		}
		r.out(" in %s\n", time.Since(began).Round(time.Millisecond))
		return nil
	}
}

// sameTarget reports whether two --db values name the same database.
func sameTarget(a, b string) bool {
	if dbopen.IsServer(a) || dbopen.IsServer(b) {
		return dbopen.Display(a) == dbopen.Display(b)
	}
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}
