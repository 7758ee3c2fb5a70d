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
	"sync"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/sync/errgroup"

	"akimwatch/data"
	"akimwatch/data/source"
)

// Store is what a pass needs from the database. *data.Store satisfies it.
type Store interface {
	Accounts(ctx context.Context, f data.AccountFilter) ([]data.Account, error)
	Latest(ctx context.Context) ([]data.Snapshot, error)
	RecordCheck(ctx context.Context, r data.CheckResult) error
}

// DemoMarker is an optional Store method telling whether the database holds
// generated demo data; *data.Store has it. A pass refuses such a database.
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
}

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
	byPlatform := map[data.Platform][]data.Account{}
	for _, a := range accounts {
		if data.NormalizeHandle(a.Handle) == "" {
			p.skip(a.Platform, SkipNoHandle, 1)
			continue
		}
		byPlatform[a.Platform] = append(byPlatform[a.Platform], a)
	}
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
		if err := prov.Ready(ctx); err != nil {
			if ctx.Err() != nil {
				return p.finish(start), ctx.Err()
			}
			p.stop(pl, err, len(accs), SkipNoToken)
			continue
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
// token stops the platform: batches not yet sent are skipped.
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
				p.skipBatch(pl, len(batch))
				return nil
			}
			results, err := prov.Fetch(gctx, batch)
			if err != nil {
				if errors.Is(err, source.ErrTokenRejected) {
					mu.Lock()
					first := stopErr == nil
					if first {
						stopErr = err
					}
					mu.Unlock()
					p.skipBatch(pl, len(batch))
					if first {
						p.stop(pl, err, 0, SkipStopped)
						stop() // other batches of this platform end early
					}
					return nil
				}
				if ctx.Err() != nil {
					return ctx.Err()
				}
				if gctx.Err() != nil { // cancelled by a sibling's token stop
					p.skipBatch(pl, len(batch))
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
