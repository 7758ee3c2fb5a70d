package refresh

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/sirupsen/logrus"

	"akimwatch/data"
)

// lockPlatform takes platform pl's refresh lock on a store several
// refreshers share. When another process holds it, the platform is left to
// it (unlock nil). Once held, the accounts another refresher checked after
// this pass began are left out too, so two refreshers started together
// fetch each platform once.
func (e *Engine) lockPlatform(ctx context.Context, lk data.PlatformLocker, p *pass, pl data.Platform, accs []data.Account, start time.Time) (func(), []data.Account, error) {
	unlock, holder, ok, err := lk.LockPlatform(ctx, pl)
	if err != nil {
		return nil, nil, fmt.Errorf("refresh %s: %w", pl, err)
	}
	if !ok {
		p.busy(pl, holder, len(accs))
		return nil, nil, nil
	}
	fresh, err := e.opts.Store.Accounts(ctx, data.AccountFilter{Platform: pl, ActiveOnly: true})
	if err != nil {
		unlock()
		return nil, nil, fmt.Errorf("refresh %s: %w", pl, err)
	}
	checked := make(map[int64]time.Time, len(fresh))
	for _, a := range fresh {
		checked[a.ID] = a.LastCheck
	}
	since := start.Truncate(time.Second) // checks are stored to the second
	keep := accs[:0:0]
	for _, a := range accs {
		if !checked[a.ID].Before(since) {
			continue
		}
		keep = append(keep, a)
	}
	if n := len(accs) - len(keep); n > 0 {
		p.skip(pl, SkipBusy, n)
	}
	return unlock, keep, nil
}

// busy records that another process was refreshing pl and counts its n
// accounts as skipped.
func (p *pass) busy(pl data.Platform, holder string, n int) {
	p.e.opts.Log.WithFields(logrus.Fields{"platform": pl, "accounts": n, "holder": holder}).Info("platform refreshed by another process; left to it")
	p.skip(pl, SkipBusy, n)
	p.mu.Lock()
	p.sum.Busy = append(p.sum.Busy, BusyPlatform{Platform: pl, Holder: holder})
	sort.Slice(p.sum.Busy, func(i, j int) bool { return p.sum.Busy[i].Platform < p.sum.Busy[j].Platform })
	p.mu.Unlock()
}
