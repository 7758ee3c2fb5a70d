package refresh

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/sirupsen/logrus"

	"akimwatch/data"
	"akimwatch/data/source"
)

// pass is the state of one Run: counters, failures and progress, shared
// by the platform goroutines under mu.
type pass struct {
	e      *Engine
	latest map[int64]int64
	writer *groupWriter

	mu       sync.Mutex
	sum      Summary
	progress map[data.Platform]*Progress
	// emitMu keeps OnProgress calls from overlapping.
	emitMu sync.Mutex
}

// begin announces a platform's pass.
func (p *pass) begin(pl data.Platform, total int) {
	p.mu.Lock()
	pr := p.progressOf(pl)
	pr.Total += total
	ev := *pr
	p.mu.Unlock()
	p.emit(ev)
}

// end announces that a platform is done.
func (p *pass) end(pl data.Platform) {
	p.mu.Lock()
	pr := p.progressOf(pl)
	pr.Finished = true
	ev := *pr
	p.mu.Unlock()
	p.emit(ev)
}

// progressOf returns pl's progress record; p.mu must be held.
func (p *pass) progressOf(pl data.Platform) *Progress {
	pr, ok := p.progress[pl]
	if !ok {
		pr = &Progress{Platform: pl}
		p.progress[pl] = pr
	}
	return pr
}

// emit hands ev to the callback, one call at a time.
func (p *pass) emit(ev Progress) {
	if p.e.opts.OnProgress == nil {
		return
	}
	p.emitMu.Lock()
	defer p.emitMu.Unlock()
	p.e.opts.OnProgress(ev)
}

// skip counts n accounts of pl as skipped for reason.
func (p *pass) skip(pl data.Platform, reason SkipReason, n int) {
	if n == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sum.Skipped += n
	p.sum.Skips[reason] += n
}

// skipBatch counts a batch that was never sent, for reason (its platform
// stopped, or the pass was asked to stop).
func (p *pass) skipBatch(pl data.Platform, reason SkipReason, n int) {
	p.skip(pl, reason, n)
	p.mu.Lock()
	pr := p.progressOf(pl)
	pr.Done += n
	pr.Skipped += n
	ev := *pr
	p.mu.Unlock()
	p.emit(ev)
}

// stop records why a platform did not run (or stopped), once, and counts n
// of its accounts as skipped.
func (p *pass) stop(pl data.Platform, err error, n int, reason SkipReason) {
	p.e.opts.Log.WithFields(logrus.Fields{"platform": pl, "accounts": n}).Warn(err.Error())
	p.skip(pl, reason, n)
	p.mu.Lock()
	p.sum.Stopped = append(p.sum.Stopped, PlatformError{Platform: pl, Err: err})
	pr := p.progressOf(pl)
	pr.Err = err
	pr.Total += n
	pr.Done += n
	pr.Skipped += n
	ev := *pr
	p.mu.Unlock()
	p.emit(ev)
}

// record writes one batch's outcomes and counts them.
func (p *pass) record(ctx context.Context, pl data.Platform, batch []data.Account, results []source.Result) error {
	at := p.e.opts.Now().UTC()
	byID := make(map[int64]source.Result, len(results))
	for _, r := range results {
		byID[r.AccountID] = r
	}
	checks := make([]data.CheckResult, 0, len(batch))
	var fetched, unchanged int
	var failures []Failure
	for _, a := range batch {
		r, ok := byID[a.ID]
		if !ok {
			r = source.Result{AccountID: a.ID, Err: fmt.Errorf("%s gave no answer for this account", pl.Title())}
		}
		if r.Err == nil && r.Snapshot == nil {
			r.Err = fmt.Errorf("%s gave neither counts nor an error", pl.Title())
		}
		c := data.CheckResult{AccountID: a.ID, At: at, PlatformID: r.PlatformID}
		if r.Err != nil {
			// Never a deactivation: the account's health records what
			// failed; only the analyst switches an account off.
			c.Err, c.Fail = r.Err.Error(), source.Classify(r.Err)
			failures = append(failures, Failure{Account: a, Err: r.Err, Kind: c.Fail})
		} else {
			snap := *r.Snapshot
			snap.AccountID, snap.Time = a.ID, at
			c.Snapshot = &snap
			c.Metric = data.MetricOf(a.Platform, snap.Flags)
			if prev, ok := p.latest[a.ID]; ok && prev == snap.Followers {
				unchanged++
			} else {
				fetched++
			}
		}
		checks = append(checks, c)
	}
	if err := p.writer.submit(ctx, checks); err != nil {
		return fmt.Errorf("refresh %s: %w", pl.Title(), err)
	}
	for _, f := range failures {
		p.e.opts.Log.WithFields(logrus.Fields{"platform": pl, "account": f.Account.ID, "handle": f.Account.Handle}).Info(f.Err.Error())
	}
	p.mu.Lock()
	p.sum.Fetched += fetched
	p.sum.Unchanged += unchanged
	p.sum.Failed += len(failures)
	p.sum.Failures = append(p.sum.Failures, failures...)
	for _, f := range failures {
		p.sum.FailKinds[f.Kind]++
	}
	pr := p.progressOf(pl)
	pr.Done += len(batch)
	pr.Failed += len(failures)
	ev := *pr
	p.mu.Unlock()
	p.emit(ev)
	return nil
}

// write stores the checks: in one transaction when the store can, else one
// transaction per account.
func (p *pass) write(ctx context.Context, checks []data.CheckResult) error {
	if br, ok := p.e.opts.Store.(BatchRecorder); ok {
		if err := br.RecordChecks(ctx, checks); err != nil {
			return err
		}
		p.written(checks)
		return nil
	}
	for _, c := range checks {
		if err := p.e.opts.Store.RecordCheck(ctx, c); err != nil {
			return err
		}
		p.written([]data.CheckResult{c})
	}
	return nil
}

// written hands one committed transaction's snapshots to OnWritten.
func (p *pass) written(checks []data.CheckResult) {
	if p.e.opts.OnWritten == nil {
		return
	}
	snaps := make([]data.Snapshot, 0, len(checks))
	for _, c := range checks {
		if c.Snapshot != nil {
			snaps = append(snaps, *c.Snapshot)
		}
	}
	p.e.opts.OnWritten(snaps)
}

// finish returns the summary with failures in a stable order.
func (p *pass) finish(start time.Time) Summary {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.sum
	s.Duration = p.e.opts.Now().Sub(start)
	s.Failures = append([]Failure(nil), p.sum.Failures...)
	sortFailures(s.Failures)
	s.Platforms = make([]Progress, 0, len(p.progress))
	for _, pr := range p.progress {
		s.Platforms = append(s.Platforms, *pr)
	}
	sortProgress(s.Platforms)
	s.Stopped = append([]PlatformError(nil), p.sum.Stopped...)
	s.Busy = append([]BusyPlatform(nil), p.sum.Busy...)
	sort.Slice(s.Stopped, func(i, j int) bool { return s.Stopped[i].Platform < s.Stopped[j].Platform })
	s.Skips = make(map[SkipReason]int, len(p.sum.Skips))
	for k, v := range p.sum.Skips {
		s.Skips[k] = v
	}
	s.FailKinds = make(map[data.FailKind]int, len(p.sum.FailKinds))
	for k, v := range p.sum.FailKinds {
		s.FailKinds[k] = v
	}
	return s
}
