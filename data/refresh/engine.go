// Package refresh runs one pass over the watched accounts: it asks every
// platform's provider for fresh counters, concurrently across platforms and
// in batches within one, and writes each account's outcome atomically.
//
// The package never imports Fyne: the CLI prints its progress events as a
// line on stderr, the app feeds them to a progress bar.
package refresh

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/sync/errgroup"

	"akimwatch/data"
	"akimwatch/data/source"
)

// Store is what a pass needs from the database. data.Store satisfies it.
type Store interface {
	Accounts(ctx context.Context, f data.AccountFilter) ([]data.Account, error)
	Latest(ctx context.Context) ([]data.Snapshot, error)
	RecordCheck(ctx context.Context, r data.CheckResult) error
}

// DemoMarker is an optional Store method telling whether the database holds
// generated demo data; data.Store has it. A pass refuses such a database.
type DemoMarker interface {
	IsDemo(ctx context.Context) (bool, error)
}

// ErrDemo means the database holds generated DEMO data: a refresh would fetch
// the made-up handles from the real platforms and mix real counts into it.
var ErrDemo = errors.New("this database holds generated DEMO data, so it is not refreshed " +
	"(its handles are made up; real counts would mix with synthetic ones); open your own database to refresh")

// BatchRecorder is an optional Store method that writes a whole batch's
// outcomes in one transaction; the engine uses it when the store has it,
// and RecordCheck per account otherwise.
type BatchRecorder interface {
	RecordChecks(ctx context.Context, rs []data.CheckResult) error
}

// DefaultWorkers is how many batches of one platform may be in flight at
// once: enough to hide network latency, while the platform's limiter still
// paces the calls.
const DefaultWorkers = 4

// Options configure an Engine.
type Options struct {
	// Store reads the accounts and records outcomes (required).
	Store Store
	// Providers serve the platforms; an account whose platform has none is
	// skipped. Typically source.DefaultProviders(cfg).
	Providers []source.Provider
	// Now is the clock stamped on snapshots and checks; nil means time.Now.
	Now func() time.Time
	// OnProgress receives progress events. Calls never overlap, but they
	// come from the engine's goroutines: a UI must hand them to its own
	// thread (fyne.Do).
	OnProgress func(Progress)
	// Workers bounds the batches of one platform in flight; zero means
	// DefaultWorkers.
	Workers int
	// Log receives one line per stopped platform and per failed batch;
	// nil means the standard logrus logger.
	Log logrus.FieldLogger
	// OnWritten, if set, is called after each write transaction of the
	// pass has committed, with the snapshots it stored (none when the group
	// held only failures). The app hands them to its spike detection
	// (alerting.Service.Accept), which then judges the pass's new readings
	// from memory instead of reading them back. Calls never overlap.
	OnWritten func(snaps []data.Snapshot)
	// Stop, when closed, asks the pass to end early but cleanly: no new
	// batch is sent, the batches already sent are finished and written,
	// and the accounts not reached are counted as SkipInterrupted (the
	// next pass starts with them: least recently checked first). The pass
	// then returns its summary without an error. Cancelling the context
	// instead abandons the batches in flight. nil never stops.
	Stop <-chan struct{}
}

// stopping reports whether Options.Stop has been closed.
func (e *Engine) stopping() bool {
	select {
	case <-e.opts.Stop:
		return true
	default:
		return false
	}
}

// Engine runs refresh passes. It is safe to run one pass at a time.
type Engine struct {
	opts      Options
	providers map[data.Platform]source.Provider
}

// New returns an engine with opts.
func New(opts Options) *Engine {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Workers <= 0 {
		opts.Workers = DefaultWorkers
	}
	if opts.Log == nil {
		opts.Log = logrus.StandardLogger()
	}
	e := &Engine{opts: opts, providers: make(map[data.Platform]source.Provider)}
	for _, p := range opts.Providers {
		e.providers[p.Platform()] = p
	}
	return e
}

// Filter narrows a pass. Zero fields match everything.
type Filter struct {
	Platform   data.Platform
	OfficialID int64
	// Retry asks for failing accounts that are waiting out their backoff
	// too (a refresh of one official always does).
	Retry bool
}

// QuotaStore is an optional Store side that remembers until when a
// platform's daily quota is used up, so later passes skip it until then
// and resume with the accounts not reached; data.Store has it.
type QuotaStore interface {
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error
}

// MetaQuotaPrefix + platform is the meta key holding the Unix time until
// which the platform's daily quota is used up.
const MetaQuotaPrefix = "quota_used_up_until."

// Run makes one pass over the active accounts matching f. It returns the
// summary so far together with an error when the pass could not run or was
// cancelled; failed accounts alone are not an error.
func (e *Engine) Run(ctx context.Context, f Filter) (Summary, error) {
	if e.opts.Store == nil {
		return Summary{}, fmt.Errorf("refresh: no store: %w", data.ErrInvalid)
	}
	if dm, ok := e.opts.Store.(DemoMarker); ok {
		demo, err := dm.IsDemo(ctx)
		if err != nil {
			return Summary{}, fmt.Errorf("refresh: %w", err)
		}
		if demo {
			return Summary{}, fmt.Errorf("refresh: %w", ErrDemo)
		}
	}
	start := e.opts.Now()
	accounts, err := e.opts.Store.Accounts(ctx, data.AccountFilter{OfficialID: f.OfficialID, Platform: f.Platform, ActiveOnly: true})
	if err != nil {
		return Summary{}, fmt.Errorf("refresh: %w", err)
	}
	latest, err := e.latestFollowers(ctx)
	if err != nil {
		return Summary{}, err
	}
	p := &pass{e: e, latest: latest, sum: newSummary(len(accounts)), progress: map[data.Platform]*Progress{}}
	wctx, stopWriter := context.WithCancel(ctx)
	defer stopWriter()
	p.writer = newGroupWriter(wctx, p.write)
	byPlatform := p.group(accounts, f.Retry || f.OfficialID != 0, start)
	plats := make([]data.Platform, 0, len(byPlatform))
	for pl := range byPlatform {
		plats = append(plats, pl)
	}
	sort.Slice(plats, func(i, j int) bool { return plats[i] < plats[j] })

	g, gctx := errgroup.WithContext(ctx)
	for _, pl := range plats {
		accs := byPlatform[pl]
		prov, ok := e.providers[pl]
		if !ok {
			p.skip(pl, SkipNoProvider, len(accs))
			continue
		}
		if e.stopping() {
			p.skip(pl, SkipInterrupted, len(accs))
			continue
		}
		if qerr := e.quotaPaused(ctx, pl, start); qerr != nil {
			p.stop(pl, qerr, len(accs), SkipQuota)
			continue
		}
		if err := prov.Ready(ctx); err != nil {
			if ctx.Err() != nil {
				return p.finish(start), ctx.Err()
			}
			p.stop(pl, err, len(accs), SkipNoToken)
			continue
		}
		if lk, ok := e.opts.Store.(data.PlatformLocker); ok {
			var unlock func()
			if unlock, accs, err = e.lockPlatform(ctx, lk, p, pl, accs, start); err != nil {
				return p.finish(start), err
			}
			if unlock == nil {
				continue
			}
			defer unlock()
		}
		p.begin(pl, len(accs))
		g.Go(func() error { return p.platform(gctx, prov, accs) })
	}
	err = g.Wait()
	sum := p.finish(start)
	if err != nil {
		if ctx.Err() != nil {
			return sum, fmt.Errorf("refresh cancelled: %w", ctx.Err())
		}
		return sum, err
	}
	return sum, nil
}

// group sorts the accounts to fetch by platform, least recently checked
// first (so after a daily quota stopped a platform, the next pass starts
// with the accounts it did not reach). Accounts without a handle, and
// failing ones waiting out their backoff (unless retry), are counted as
// skipped.
func (p *pass) group(accounts []data.Account, retry bool, now time.Time) map[data.Platform][]data.Account {
	byPlatform := map[data.Platform][]data.Account{}
	for _, a := range accounts {
		if data.NormalizeHandle(a.Handle) == "" {
			p.skip(a.Platform, SkipNoHandle, 1)
			continue
		}
		if !retry && a.NextTry.After(now) {
			p.skip(a.Platform, SkipBackoff, 1)
			continue
		}
		byPlatform[a.Platform] = append(byPlatform[a.Platform], a)
	}
	for _, accs := range byPlatform {
		sort.SliceStable(accs, func(i, j int) bool { return accs[i].LastCheck.Before(accs[j].LastCheck) })
	}
	return byPlatform
}

// latestFollowers maps account id to its newest follower count.
func (e *Engine) latestFollowers(ctx context.Context) (map[int64]int64, error) {
	snaps, err := e.opts.Store.Latest(ctx)
	if err != nil {
		return nil, fmt.Errorf("refresh: %w", err)
	}
	out := make(map[int64]int64, len(snaps))
	for _, s := range snaps {
		out[s.AccountID] = s.Followers
	}
	return out, nil
}

// platform runs one platform's batches, Workers at a time. A rejected
// token, a too-low access level or a used-up daily quota stops the
// platform: batches not yet sent are skipped (and, after a quota stop,
// tried first by the next pass).
func (p *pass) platform(ctx context.Context, prov source.Provider, accounts []data.Account) error {
	pl := prov.Platform()
	size := max(prov.BatchSize(), 1)
	pctx, stop := context.WithCancel(ctx)
	defer stop()
	g, gctx := errgroup.WithContext(pctx)
	g.SetLimit(p.e.opts.Workers)
	var (
		mu      sync.Mutex
		stopErr error
	)
	for i := 0; i < len(accounts); i += size {
		batch := accounts[i:min(i+size, len(accounts))]
		g.Go(func() error {
			mu.Lock()
			stopped := stopErr != nil
			mu.Unlock()
			if stopped || gctx.Err() != nil {
				p.skipBatch(pl, SkipStopped, len(batch))
				return nil
			}
			if p.e.stopping() {
				p.skipBatch(pl, SkipInterrupted, len(batch))
				return nil
			}
			results, err := prov.Fetch(gctx, batch)
			if err != nil {
				if stopsHere(err) {
					mu.Lock()
					first := stopErr == nil
					if first {
						stopErr = err
					}
					mu.Unlock()
					p.skipBatch(pl, SkipStopped, len(batch))
					if first {
						p.stop(pl, err, 0, SkipStopped)
						p.e.pauseQuota(ctx, pl, err)
						stop() // other batches of this platform end early
					}
					return nil
				}
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if gctx.Err() != nil { // cancelled by a sibling's token stop
					p.skipBatch(pl, SkipStopped, len(batch))
					return nil
				}
				return fmt.Errorf("refresh %s: %w", pl.Title(), err)
			}
			return p.record(ctx, pl, batch, results)
		})
	}
	err := g.Wait()
	p.end(pl)
	return err
}

// stopsHere reports whether a Fetch error stops the platform (and not the
// whole pass): a refused token, a too-low access level, a used-up quota.
func stopsHere(err error) bool {
	return errors.Is(err, source.ErrTokenRejected) || errors.Is(err, source.ErrAccessLevel) ||
		errors.Is(err, source.ErrQuotaExhausted)
}

// quotaPaused returns the stop message when pl's daily quota was used up
// by an earlier pass and has not reset by now; nil otherwise.
func (e *Engine) quotaPaused(ctx context.Context, pl data.Platform, now time.Time) error {
	qs, ok := e.opts.Store.(QuotaStore)
	if !ok {
		return nil
	}
	v, err := qs.Meta(ctx, MetaQuotaPrefix+string(pl))
	if err != nil || v == "" {
		return nil
	}
	sec, err := strconv.ParseInt(v, 10, 64)
	if err != nil || !now.Before(time.Unix(sec, 0)) {
		return nil
	}
	return &source.QuotaError{Platform: pl, Until: time.Unix(sec, 0).UTC(), Detail: "used up by an earlier pass"}
}

// pauseQuota remembers until when pl's daily quota is used up, when err
// says so.
func (e *Engine) pauseQuota(ctx context.Context, pl data.Platform, err error) {
	var qe *source.QuotaError
	qs, ok := e.opts.Store.(QuotaStore)
	if !ok || !errors.As(err, &qe) || qe.Until.IsZero() {
		return
	}
	if err := qs.SetMeta(ctx, MetaQuotaPrefix+string(pl), strconv.FormatInt(qe.Until.Unix(), 10)); err != nil {
		e.opts.Log.WithFields(logrus.Fields{"platform": pl}).Warn("could not remember the quota pause: " + err.Error())
	}
}
