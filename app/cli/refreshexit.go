package cli

import (
	"errors"
	"fmt"
	"strings"

	"akimwatch/data/refresh"
	"akimwatch/data/source"
)

// refreshOutcome turns a pass's summary into refresh's exit status, a
// contract for scheduled tasks: an error (exit 1) when a platform stopped
// (its token was rejected, its quota ran out…) or when every account that
// was asked for failed; nil (exit 0) otherwise. A platform that did not run
// because no token is set for it is only reported: leaving a platform out
// is a choice, not a failure. With strict, any failed account and any
// platform that did not run is an error.
func refreshOutcome(sum refresh.Summary, strict bool) error {
	var stopped, notSet []string
	for _, st := range sum.Stopped {
		if errors.Is(st.Err, source.ErrNoToken) {
			notSet = append(notSet, st.Platform.Title())
		} else {
			stopped = append(stopped, st.Platform.Title())
		}
	}
	attempted := sum.Fetched + sum.Unchanged + sum.Failed
	switch {
	case len(stopped) > 0:
		return fmt.Errorf("refresh: %s stopped (see \"stopped:\" above)", strings.Join(stopped, ", "))
	case attempted > 0 && sum.Failed == attempted:
		return fmt.Errorf("refresh: all %d accounts asked for failed (see \"failed:\" above)", attempted)
	case strict && sum.Failed > 0:
		return fmt.Errorf("refresh --strict: %d of %d accounts failed", sum.Failed, attempted)
	case strict && len(notSet) > 0:
		return fmt.Errorf("refresh --strict: %s did not run: no token is set", strings.Join(notSet, ", "))
	}
	return nil
}
