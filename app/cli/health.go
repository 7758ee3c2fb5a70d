package cli

import (
	"context"
	"fmt"
	"text/tabwriter"
	"time"

	"akimwatch/data"
	"akimwatch/data/source"
)

// failAdvice says what the analyst can do about each kind of failure.
var failAdvice = map[data.FailKind]string{
	data.FailNotFound:        "check the handle (renamed or deleted?); fix it with accounts edit, or deactivate it",
	data.FailPrivate:         "the account hides its counts; nothing to read until it is public",
	data.FailNotProfessional: "the API reads only Pages and business/creator accounts; ask for the official page, or deactivate",
	data.FailPermission:      "check the address, then the token's permissions (see Getting API access in the README)",
	data.FailSuspended:       "the platform suspended it; it is retried daily and recovers on its own if lifted",
	data.FailHiddenCount:     "the channel hides its subscriber count; nothing to read until it shows it",
	data.FailToken:           "set a new token in Settings or the AKIMWATCH_TOKEN_* variable",
	data.FailQuota:           "the platform's quota ran out; the next pass goes on (see refresh --plan)",
	data.FailNetwork:         "the platform could not be reached; the next pass tries again",
	data.FailOther:           "see the error; the next pass tries again",
}

// failingRow is the JSON shape of one account in "accounts list --failing --json".
type failingRow struct {
	ID           int64  `json:"id"`
	Official     string `json:"official"`
	Platform     string `json:"platform"`
	Handle       string `json:"handle"`
	Active       bool   `json:"active"`
	Kind         string `json:"fail_kind"`
	FailingSince string `json:"failing_since"`
	Failures     int    `json:"failures_in_a_row"`
	NextTry      string `json:"next_try,omitempty"`
	Error        string `json:"last_error"`
	Advice       string `json:"advice"`
}

// listFailing prints the accounts whose last check failed, longest failing
// first, with what failed, since when and what to do.
func listFailing(ctx context.Context, r *runner, s data.Store, f data.AccountFilter, asJSON bool) error {
	accs, err := s.FailingAccounts(ctx)
	if err != nil {
		return err
	}
	offs, err := s.Officials(ctx)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, o := range offs {
		names[o.ID] = o.Name
	}
	rows := make([]failingRow, 0, len(accs))
	for _, a := range accs {
		if (f.Platform != "" && a.Platform != f.Platform) || (f.OfficialID != 0 && a.OfficialID != f.OfficialID) {
			continue
		}
		row := failingRow{ID: a.ID, Official: names[a.OfficialID], Platform: string(a.Platform), Handle: a.Handle, Active: a.Active,
			Kind: string(a.FailKind), FailingSince: a.FailingSince.Format(time.RFC3339), Failures: a.FailCount,
			Error: a.LastError, Advice: failAdvice[a.FailKind]}
		if !a.NextTry.IsZero() {
			row.NextTry = a.NextTry.Format(time.RFC3339)
		}
		rows = append(rows, row)
	}
	if asJSON {
		return writeJSON(r, rows)
	}
	if len(rows) == 0 {
		r.out("no failing accounts\n")
		return nil
	}
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tOFFICIAL\tPLATFORM\tHANDLE\tREASON\tSINCE\tTRIES\tWHAT TO DO\tLAST ERROR")
	for _, row := range rows {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", row.ID, row.Official, row.Platform, dash(row.Handle), row.Kind,
			row.FailingSince[:10], row.Failures, row.Advice, row.Error)
	}
	return tw.Flush()
}

// printPlan prints the quota plan of the active watchlist; it builds no
// provider and calls no platform.
func printPlan(ctx context.Context, r *runner, p data.Platform) error {
	s, err := r.ReadStore(ctx)
	if err != nil {
		return err
	}
	accs, err := s.Accounts(ctx, data.AccountFilter{Platform: p, ActiveOnly: true})
	if err != nil {
		return err
	}
	plans := source.Plan(accs, nil)
	r.out("%s", source.FormatPlan(plans))
	for _, h := range []int{1, 6, 24} {
		if err := source.CheckSchedule(plans, time.Duration(h)*time.Hour); err != nil {
			r.out("schedule every %d h: not kept: %v\n", h, err)
		} else {
			r.out("schedule every %d h: fits\n", h)
		}
	}
	return nil
}
