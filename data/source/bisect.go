package source

import (
	"context"
	"strings"

	"akimwatch/data"
)

// batchCall reads many accounts in one API call. It returns per-account
// results, or an error for the whole call.
type batchCall func(ctx context.Context, accounts []data.Account) ([]Result, error)

// splitter tells, for a whole-call error, whether some id in the batch
// caused it (refused), and which ids the platform named, lower-cased
// (named may return nil when it named none).
type splitter struct {
	refused func(error) bool
	named   func(error) map[string]bool
}

// fetchSplitting runs call on accounts. When the platform rejects the whole
// call because of some ids, it leaves out the ids the error names, or else
// splits the batch in halves, until the bad ids are isolated: each gets the
// error, and the good ones are read in the same pass. One bad id in 50
// costs about 2·log2(50) ≈ 12 extra calls. Errors that are not about an id
// (network, throttling) fail the whole batch as before, and errors that
// stop the platform are returned.
func fetchSplitting(ctx context.Context, accounts []data.Account, call batchCall, sp splitter) ([]Result, error) {
	if len(accounts) == 0 {
		return nil, nil
	}
	res, err := call(ctx, accounts)
	if err == nil {
		return res, nil
	}
	if StopsPlatform(err) {
		return nil, err
	}
	if !sp.refused(err) {
		return failAll(accounts, err), nil
	}
	if len(accounts) == 1 {
		return []Result{{AccountID: accounts[0].ID, Err: err}}, nil
	}
	if sp.named != nil {
		if names := sp.named(err); len(names) > 0 {
			var bad, rest []data.Account
			for _, a := range accounts {
				if names[strings.ToLower(handleOf(a))] || (a.PlatformID != "" && names[strings.ToLower(a.PlatformID)]) {
					bad = append(bad, a)
				} else {
					rest = append(rest, a)
				}
			}
			if len(bad) > 0 {
				out := make([]Result, 0, len(accounts))
				for _, a := range bad {
					out = append(out, Result{AccountID: a.ID, Err: err})
				}
				more, err := fetchSplitting(ctx, rest, call, sp)
				if err != nil {
					return nil, err
				}
				return append(out, more...), nil
			}
		}
	}
	half := len(accounts) / 2
	left, err := fetchSplitting(ctx, accounts[:half], call, sp)
	if err != nil {
		return nil, err
	}
	right, err := fetchSplitting(ctx, accounts[half:], call, sp)
	if err != nil {
		return nil, err
	}
	return append(left, right...), nil
}
