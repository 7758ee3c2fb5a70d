package data

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Dump is a whole database as akimwatch copy reads it from the source store:
// the watchlist, alerts and detector states in memory, the history streamed.
type Dump struct {
	Officials []Official
	Accounts  []Account
	Alerts    []Alert
	States    []DetectorState
	// Meta holds the facts about the database that travel with it (demo
	// marker, seed name).
	Meta map[string]string
	// Snapshots is how many readings EachSnapshot streams, for progress.
	Snapshots int64
	// EachSnapshot streams every reading, ordered by account and time.
	EachSnapshot func(ctx context.Context, fn func(Snapshot) error) error
}

// copiedMeta are the meta keys a copy carries over.
var copiedMeta = []string{MetaDemo, MetaSeed}

// ReadDump reads s as a Dump (its history streamed later, by EachSnapshot).
func ReadDump(ctx context.Context, s Store) (Dump, error) {
	var d Dump
	var err error
	if d.Officials, err = s.Officials(ctx); err != nil {
		return d, err
	}
	if d.Accounts, err = s.Accounts(ctx, AccountFilter{}); err != nil {
		return d, err
	}
	if d.Alerts, err = s.Alerts(ctx, AlertFilter{}); err != nil {
		return d, err
	}
	states, err := s.DetectorStates(ctx)
	if err != nil {
		return d, err
	}
	for _, a := range d.Accounts { // in ID order, so a copy writes them the same way
		if st, ok := states[a.ID]; ok {
			d.States = append(d.States, st)
		}
	}
	d.Meta = map[string]string{}
	for _, k := range copiedMeta {
		v, err := s.Meta(ctx, k)
		if err != nil {
			return d, err
		}
		if v != "" {
			d.Meta[k] = v
		}
	}
	if d.Snapshots, err = s.SnapshotCount(ctx, 0); err != nil {
		return d, err
	}
	d.EachSnapshot = s.EachSnapshot
	return d, nil
}

// LoadOptions tune Loader.Load.
type LoadOptions struct {
	// Merge adds the dump to a target that already holds a watchlist:
	// officials are matched by name, accounts by platform and handle (or,
	// without a handle, by official and platform), and a reading at the
	// same second as one already there is the same reading (the dump's
	// figures are kept). Without Merge the target must be empty.
	Merge bool
	// Progress, when set, is called now and then with the readings written
	// so far and the total.
	Progress func(done, total int64)
}

// LoadStats counts what a load wrote.
type LoadStats struct {
	Officials, Accounts, Snapshots, Alerts int64
	// MatchedOfficials and MatchedAccounts are those a merge found in the
	// target already.
	MatchedOfficials, MatchedAccounts int64
}

// Loader is a Store that takes a whole dump in one transaction: all of it
// or, on any error, none of it (akimwatch copy). Both engines are Loaders.
type Loader interface {
	Load(ctx context.Context, d Dump, opts LoadOptions) (LoadStats, error)
}

// ErrNotEmpty means a copy's target already holds a watchlist and --merge
// was not given.
var ErrNotEmpty = errors.New("the target database is not empty")

// progressEvery is how many readings pass between two progress calls.
const progressEvery = 50_000

// Progressor counts readings and reports every progressEvery of them; the
// engines' Load share it.
type Progressor struct {
	fn          func(done, total int64)
	total, done int64
}

// NewProgressor reports to fn (may be nil) out of total readings.
func NewProgressor(fn func(done, total int64), total int64) *Progressor {
	return &Progressor{fn: fn, total: total}
}

// Add counts one reading.
func (p *Progressor) Add() {
	p.done++
	if p.fn != nil && p.done%progressEvery == 0 {
		p.fn(p.done, p.total)
	}
}

// Done reports the final count.
func (p *Progressor) Done() int64 {
	if p.fn != nil {
		p.fn(p.done, p.total)
	}
	return p.done
}

// Mapper turns a dump's official and account IDs into the target's, as a
// merge matches them; engines share its rules.
type Mapper struct {
	Officials map[int64]int64
	Accounts  map[int64]int64
}

// AccountKey is how a merge matches an account: platform and lower-cased
// handle, or, without a handle, the (target's) official and platform.
func AccountKey(officialID int64, p Platform, handle string) string {
	if handle != "" {
		return fmt.Sprintf("%s\x00%s", p, strings.ToLower(handle))
	}
	return fmt.Sprintf("%d\x00%s\x00", officialID, p)
}
