package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sirupsen/logrus"

	"akimwatch/data"
	"akimwatch/data/refresh"
	"akimwatch/data/source"
)

// minEvery is the shortest schedule "refresh --every" accepts: the app's
// own schedule is counted in whole hours, follower counts move slowly, and
// the tight quotas (Instagram: 200 calls an hour) make a pass over a real
// watchlist take longer than that anyway. A variable only so the tests can
// run passes a few milliseconds apart (export_test.go).
var minEvery = time.Hour

// stopGrace bounds how long a stop (SIGINT/SIGTERM) waits for the batches
// in flight: long enough for a batch waiting on a slow platform's limiter,
// well inside systemd's default 90 s before it kills the service. Batches
// still in flight then are abandoned; nothing of them is written.
const stopGrace = time.Minute

// everyFlag is --every: a schedule given as a Go duration (6h, 90m).
type everyFlag struct {
	d   time.Duration
	set bool
}

func (e *everyFlag) String() string {
	if e == nil || !e.set {
		return ""
	}
	return e.d.String()
}

// Set parses the duration; the flag package puts the error after the
// value and the flag's name.
func (e *everyFlag) Set(v string) error {
	d, err := time.ParseDuration(v)
	if err != nil {
		return fmt.Errorf("want a duration with a unit, such as 6h, 90m or 24h")
	}
	e.d, e.set = d, true
	return nil
}

// check refuses a schedule shorter than minEvery.
func (e *everyFlag) check() error {
	if e.d < minEvery {
		return usagef("--every %s is too short: the shortest schedule is %s (such as --every 6h)", e.d, minEvery)
	}
	return nil
}

// refreshEvery runs a pass every period until ctx ends (SIGINT/SIGTERM in
// main). The store is opened for each pass and closed after it, so the
// desktop app can open the database between passes; a pass that finds the
// database in use is skipped. A stop during a pass finishes the batches in
// flight, writes them, and returns nil (exit 0). An error that keeps the
// first pass from running at all (a DEMO database, an unknown --official)
// ends the command, so a mistake shows at once; later ones are reported and
// the schedule goes on.
func (r *runner) refreshEvery(ctx context.Context, period time.Duration, po passOptions) error {
	r.warnSchedule(ctx, period, po.filter.Platform)
	logrus.WithField("every", period).Info("scheduled refresh started")
	for n := 1; ; n++ {
		start := time.Now()
		sum, err := r.scheduledPass(ctx, po)
		r.closeStore()
		switch {
		case ctx.Err() != nil && errors.Is(err, context.Canceled):
			r.out("stopped: the batches in flight did not finish within %s and were abandoned; nothing of them was written\n", stopGrace)
			return nil
		case errors.Is(err, data.ErrLocked):
			logrus.WithError(err).WithField("pass", n).Warn("refresh pass skipped: database in use")
			r.out("pass %d skipped: %v\n", n, err)
		case err != nil && n == 1:
			return err
		case err != nil:
			logrus.WithError(err).WithField("pass", n).Error("refresh pass failed; the schedule goes on")
			fmt.Fprintf(r.env.Stderr, "akimwatch: pass %d failed: %s (the schedule goes on)\n", n, oneLine(err.Error()))
		default:
			logPass(n, sum)
			if oerr := refreshOutcome(sum, po.strict); oerr != nil {
				logrus.WithError(oerr).WithField("pass", n).Warn("refresh pass had failures")
				fmt.Fprintf(r.env.Stderr, "akimwatch: %s\n", oerr)
			}
		}
		if ctx.Err() != nil {
			r.out("stopped: the batches in flight were finished and written; %d account(s) not asked for come first in the next run\n",
				sum.Skips[refresh.SkipInterrupted])
			logrus.WithField("not_asked", sum.Skips[refresh.SkipInterrupted]).Info("scheduled refresh stopped")
			return nil
		}
		now := time.Now()
		next, missed := nextPass(start, now, period)
		wait := next.Sub(now)
		if missed > 0 {
			r.out("the pass took longer than --every %s: %d scheduled pass(es) left out\n", period, missed)
		}
		at := r.env.Now().Add(wait)
		r.out("next pass at %s (in %s)\n", at.Format("2006-01-02 15:04:05 MST"), wait.Round(time.Second))
		logrus.WithFields(logrus.Fields{"next": at.Format(time.RFC3339), "in": wait.Round(time.Second)}).Info("next refresh pass")
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			r.out("stopped between passes\n")
			logrus.Info("scheduled refresh stopped")
			return nil
		case <-t.C:
		}
	}
}

// scheduledPass runs one pass that a stop (ctx ending) ends cleanly: no
// new batch is sent, the batches in flight are finished and written, spike
// detection and the daily backup still run. Only when that takes longer
// than stopGrace is the rest abandoned.
func (r *runner) scheduledPass(ctx context.Context, po passOptions) (refresh.Summary, error) {
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
			return
		case <-ctx.Done():
		}
		logrus.WithField("grace", stopGrace).Info("stop asked for: finishing the batches in flight")
		t := time.NewTimer(stopGrace)
		defer t.Stop()
		select {
		case <-done:
		case <-t.C:
			logrus.Warn("the batches in flight did not finish in time; abandoning them")
			cancel()
		}
	}()
	return r.refreshPass(pctx, ctx.Done(), po)
}

// nextPass returns when the pass after one that started at start is due:
// one period later, or, when the pass ran past that, the first later slot
// of the schedule, with how many slots were left out.
func nextPass(start, now time.Time, period time.Duration) (time.Time, int) {
	next, missed := start.Add(period), 0
	for !next.After(now) {
		next = next.Add(period)
		missed++
	}
	return next, missed
}

// logPass writes one pass's counts to the log.
func logPass(n int, sum refresh.Summary) {
	logrus.WithFields(logrus.Fields{
		"pass": n, "accounts": sum.Total, "fetched": sum.Fetched, "unchanged": sum.Unchanged,
		"failed": sum.Failed, "skipped": sum.Skipped, "duration": sum.Duration.Round(time.Millisecond),
	}).Info("refresh pass done")
}

// warnSchedule says when the quota plan shows that some platform cannot
// keep the schedule: its passes then stop at the quota and the next one
// carries on, so this is a warning, not a refusal.
func (r *runner) warnSchedule(ctx context.Context, period time.Duration, p data.Platform) {
	s, err := r.Store(ctx)
	if err != nil {
		return // the first pass says why
	}
	accs, err := s.Accounts(ctx, data.AccountFilter{Platform: p, ActiveOnly: true})
	if err != nil {
		return
	}
	if err := source.CheckSchedule(source.Plan(accs, nil), period); err != nil {
		logrus.WithError(err).WithField("every", period).Warn("schedule not kept by the quota plan")
		fmt.Fprintf(r.env.Stderr, "akimwatch: warning: --every %s is not kept: %v (passes stop at the quota and the next one carries on; see refresh --plan)\n", period, err)
	}
}

// closeStore closes the database between scheduled passes.
func (r *runner) closeStore() {
	if r.store != nil {
		if err := r.store.Close(); err != nil {
			logrus.WithError(err).Warn("closing the database after a pass")
		}
		r.store = nil
	}
}
