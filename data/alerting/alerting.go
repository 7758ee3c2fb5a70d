// Package alerting runs spike detection over the stored history: after each
// refresh on new snapshots only, or as a full re-scan. It keeps each
// account's detector state in the store, groups simultaneous drops on one
// platform into one platform alert, and tells the user about new alerts
// through an injected notifier.
package alerting

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/sync/errgroup"

	"akimwatch/data"
	"akimwatch/data/growth"
)

// MetaSensitivity is the meta key holding the chosen sensitivity
// ("low", "medium" or "high"), shared by the app and the CLI.
const MetaSensitivity = "alert_sensitivity"

// Store is what the service needs from the data store.
type Store interface {
	AlertTargets(ctx context.Context) ([]data.AlertTarget, error)
	EachHistory(ctx context.Context, r data.HistoryRange, fn func(accountID int64, readings []data.Reading) error) error
	DetectorStates(ctx context.Context) (map[int64]data.DetectorState, error)
	SaveDetection(ctx context.Context, alerts []data.Alert, states []data.DetectorState) ([]data.Alert, error)
	Meta(ctx context.Context, key string) (string, error)
}

// Notifier shows new alerts to the user (a desktop notification, a line on
// stderr) in the user's language. It is called once per scan that stored
// new alerts, and may be nil.
type Notifier func(added []data.Alert)

// Service detects spikes in stored history.
type Service struct {
	store  Store
	notify Notifier
	log    logrus.FieldLogger

	// mu serialises scans. warm holds each account's detector as the last
	// successful scan left it, so the running app's scan after a refresh
	// pass judges the new readings without reading and decoding 9,000
	// saved states again. The saved states stay the truth: warm is dropped
	// whenever a scan fails, and a new Service starts from the database.
	mu          sync.Mutex
	warm        map[int64]warmDetector
	statesSaved time.Time // when the scan or Flush that last wrote states ran
	handoff     handoff   // readings handed over since the last scan (Accept)

	// Now is the clock for time-limited mutes and StateEvery; nil means
	// time.Now.
	Now func() time.Time

	// StateEvery is how often a long-lived service writes its detectors'
	// states to the store; zero writes them with every scan, as a one-off
	// command must. Between writes the warm detectors are the truth. After a
	// crash the next service replays the readings since the states last
	// written: that raises no alert twice (an alert is stored once per
	// account, time and kind, and only newly stored ones are announced), it
	// only costs reading a few hours of history again. Full re-scans, scans
	// with cold accounts and Flush always write.
	StateEvery time.Duration
}

// LongLivedStateEvery is the StateEvery of the desktop app's service: with an
// hourly schedule, five refresh passes in six skip writing 9,000 detector
// states (about 170 ms and 14 MB each); a crash costs at most six hours of
// history read again.
const LongLivedStateEvery = 6 * time.Hour

// warmDetector is a detector kept between scans, valid for one sensitivity.
type warmDetector struct {
	det         *growth.Detector
	sensitivity growth.Sensitivity
	dirty       bool // it learnt readings its saved state does not hold
}

// New returns a service over store; notify may be nil.
func New(store Store, notify Notifier, log logrus.FieldLogger) *Service {
	if log == nil {
		log = logrus.StandardLogger()
	}
	return &Service{store: store, notify: notify, log: log}
}

// Sensitivity returns the sensitivity stored in the database (medium when unset).
func (s *Service) Sensitivity(ctx context.Context) (growth.Sensitivity, error) {
	v, err := s.store.Meta(ctx, MetaSensitivity)
	if err != nil || v == "" {
		return growth.Medium, err
	}
	return growth.ParseSensitivity(v)
}

// Progress is called with how many accounts are done out of total.
type Progress func(done, total int)

// Rescan re-runs detection over the whole history of every account, from
// fresh detectors, and returns the alerts that were not stored yet. Alerts
// already stored (acknowledged or not) are not raised again.
func (s *Service) Rescan(ctx context.Context, progress Progress) ([]data.Alert, error) {
	return s.run(ctx, true, progress)
}

// Incremental judges only the snapshots newer than each account's saved
// detector state (a full scan for accounts without one) and returns new alerts.
func (s *Service) Incremental(ctx context.Context, progress Progress) ([]data.Alert, error) {
	return s.run(ctx, false, progress)
}

// platformFindings collects, for one platform, what its accounts' detectors found.
type platformFindings struct {
	accounts      int
	alerts, weak  []growth.Alert
	mutedAccounts map[int64]bool
}

// Scan tuning. A chunk of accounts is read with one query and judged by one
// worker; chunks keep both cores busy (reading in SQLite, judging in Go)
// without holding more than a chunk's history per worker in memory.
const chunkAccounts = 128

// accountScan is one account's work: its detector, and what it found.
type accountScan struct {
	acc     data.AlertTarget
	warm    *growth.Detector // the detector kept from the last scan, if any
	saved   data.DetectorState
	det     *growth.Detector // the detector after this scan
	changed bool             // det learnt something in this scan
	alerts  []growth.Alert
	weak    []growth.Alert
	seen    bool // the history query returned readings for it
}

func (s *Service) run(ctx context.Context, full bool, progress Progress) ([]data.Alert, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	warm := s.warm
	s.warm = nil // restored below only when this scan is saved
	handed := !full && s.handedOver(ctx)
	kept := s.handoff
	s.handoff = handoff{} // marked again below only when this scan is saved
	sens, err := s.Sensitivity(ctx)
	if err != nil {
		return nil, fmt.Errorf("read alert sensitivity: %w", err)
	}
	accounts := kept.targets
	if !handed {
		if accounts, err = s.store.AlertTargets(ctx); err != nil {
			return nil, err
		}
	}
	scans := make([]accountScan, len(accounts))
	cold := 0
	for i, a := range accounts {
		scans[i] = accountScan{acc: a}
		if w, ok := warm[a.ID]; ok && !full && w.sensitivity == sens {
			scans[i].warm = w.det
		} else {
			cold++
		}
	}
	if !full && cold > 0 {
		saved, err := s.store.DetectorStates(ctx)
		if err != nil {
			return nil, err
		}
		for i := range scans {
			scans[i].saved = saved[scans[i].acc.ID]
		}
	}
	began := time.Now()
	if handed && cold == 0 {
		s.judgeHanded(scans, kept.readings)
		if progress != nil {
			progress(len(scans), len(scans))
		}
	} else if err := s.scanAll(ctx, scans, sens, progress); err != nil {
		return nil, err
	}
	byPlatform := map[data.Platform]*platformFindings{}
	for _, sc := range scans {
		a := sc.acc
		pf := byPlatform[a.Platform]
		if pf == nil {
			pf = &platformFindings{mutedAccounts: map[int64]bool{}}
			byPlatform[a.Platform] = pf
		}
		pf.accounts++
		pf.mutedAccounts[a.ID] = a.Silenced(s.now())
		pf.alerts = append(pf.alerts, sc.alerts...)
		pf.weak = append(pf.weak, sc.weak...)
	}
	var found []data.Alert
	for p, pf := range byPlatform {
		for _, a := range growth.GroupPlatform(p, pf.accounts, pf.alerts, pf.weak, sens.Params()) {
			if pf.mutedAccounts[a.AccountID] {
				continue
			}
			found = append(found, a.ToData())
		}
	}
	judged := time.Now()
	// Each kept detector is dirty when it learnt something that is not saved.
	next := make(map[int64]warmDetector, len(scans))
	for _, sc := range scans {
		if sc.det != nil {
			next[sc.acc.ID] = warmDetector{det: sc.det, sensitivity: sens, dirty: sc.changed || sc.warm != nil && warm[sc.acc.ID].dirty}
		}
	}
	var states []data.DetectorState
	writeStates := full || cold > 0 || s.StateEvery <= 0 || s.now().Sub(s.statesSaved) >= s.StateEvery
	if writeStates {
		if states, err = dirtyStates(next); err != nil {
			return nil, err
		}
	}
	added, err := s.store.SaveDetection(ctx, found, states)
	if err != nil {
		return nil, fmt.Errorf("save alerts: %w", err)
	}
	if writeStates {
		s.statesSaved = s.now()
		for id, w := range next {
			w.dirty = false
			next[id] = w
		}
	}
	s.warm = next
	s.resetHandoff(ctx, accounts)
	s.log.WithFields(logrus.Fields{"accounts": len(accounts), "found": len(found), "new": len(added), "full": full, "cold": cold, "in_memory": handed && cold == 0,
		"states": len(states), "scan_ms": judged.Sub(began).Milliseconds(), "save_ms": time.Since(judged).Milliseconds()}).Info("spike scan done")
	s.announce(added)
	return added, nil
}

// Flush writes the states of the detectors that learnt readings since their
// states were last written (see StateEvery). The app calls it when it quits.
func (s *Service) Flush(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	states, err := dirtyStates(s.warm)
	if err != nil || len(states) == 0 {
		return err
	}
	handed := s.handedOver(ctx)
	if _, err := s.store.SaveDetection(ctx, nil, states); err != nil {
		s.handoff = handoff{}
		return fmt.Errorf("save detector states: %w", err)
	}
	if handed {
		s.handoff.mark.Writes++ // this write is the service's own
	} else {
		s.handoff = handoff{}
	}
	s.statesSaved = s.now()
	for id, w := range s.warm {
		w.dirty = false
		s.warm[id] = w
	}
	s.log.WithField("states", len(states)).Info("detector states saved")
	return nil
}

// dirtyStates encodes the dirty detectors of warm, in account order.
func dirtyStates(warm map[int64]warmDetector) ([]data.DetectorState, error) {
	var states []data.DetectorState
	for id, w := range warm {
		if !w.dirty {
			continue
		}
		blob, err := w.det.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("save detector of account %d: %w", id, err)
		}
		states = append(states, data.DetectorState{AccountID: id, Sensitivity: w.sensitivity.String(), State: blob})
	}
	slices.SortFunc(states, func(a, b data.DetectorState) int { return cmp.Compare(a.AccountID, b.AccountID) })
	return states, nil
}

// scanAll runs every account's detector over its new readings, chunk by
// chunk on one worker per CPU. Accounts whose detector has learnt nothing
// yet read their whole history; the others read from their last reading on.
func (s *Service) scanAll(ctx context.Context, scans []accountScan, sens growth.Sensitivity, progress Progress) error {
	var whole, recent []int
	for i := range scans {
		if validState(scans[i], sens) {
			recent = append(recent, i)
		} else {
			whole = append(whole, i)
		}
	}
	chunks := append(chunkByID(scans, whole), chunkByID(scans, recent)...)
	var mu sync.Mutex
	done := 0
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, ch := range chunks {
		g.Go(func() error {
			if err := s.scanChunk(gctx, scans, ch, sens); err != nil {
				return err
			}
			if progress != nil {
				mu.Lock()
				done += len(ch)
				progress(done, len(scans))
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("scan cancelled (nothing was saved): %w", ctx.Err())
		}
		return err
	}
	// Accounts without readings still get a (fresh) state, as a full scan
	// of nothing would give them.
	for i := range scans {
		if sc := &scans[i]; !sc.seen && !validState(*sc, sens) {
			s.judgeWith(sc, s.detector(sc, sens), nil)
		}
	}
	return nil
}

// validState reports whether sc has a detector that learnt its history:
// kept from the last scan, or saved for this sensitivity.
func validState(sc accountScan, sens growth.Sensitivity) bool {
	return sc.warm != nil || sc.saved.AccountID == sc.acc.ID && sc.saved.Sensitivity == sens.String()
}

// chunkByID splits the scans at idx into runs of chunkAccounts in account
// ID order, so each chunk is one range of the history's key.
func chunkByID(scans []accountScan, idx []int) [][]int {
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(scans[a].acc.ID, scans[b].acc.ID) })
	var out [][]int
	for len(idx) > 0 {
		n := min(chunkAccounts, len(idx))
		out = append(out, idx[:n:n])
		idx = idx[n:]
	}
	return out
}

// scanChunk reads the history of one chunk's accounts with one query and
// judges it.
func (s *Service) scanChunk(ctx context.Context, scans []accountScan, chunk []int, sens growth.Sensitivity) error {
	byID := make(map[int64]*accountScan, len(chunk))
	dets := make(map[int64]*growth.Detector, len(chunk))
	// The chunk reads from the oldest point any of its detectors needs; a
	// zero time (a detector that has learnt nothing) means all history.
	var from time.Time
	for k, i := range chunk {
		sc := &scans[i]
		byID[sc.acc.ID] = sc
		det := s.detector(sc, sens)
		dets[sc.acc.ID] = det
		sc.det = det // kept warm even when no new reading comes
		var need time.Time
		if last := det.Last(); !last.IsZero() {
			need = last.Add(time.Second)
		}
		if k == 0 || need.Before(from) {
			from = need
		}
	}
	r := data.HistoryRange{From: from, FirstAccount: scans[chunk[0]].acc.ID, LastAccount: scans[chunk[len(chunk)-1]].acc.ID}
	return s.store.EachHistory(ctx, r, func(id int64, rs []data.Reading) error {
		sc, ok := byID[id]
		if !ok {
			return nil // an account added since the list was read
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		sc.seen = true
		det := dets[id]
		if last := det.Last(); !last.IsZero() {
			k := 0
			for k < len(rs) && !rs[k].Time.After(last) {
				k++
			}
			rs = rs[k:]
		}
		if len(rs) == 0 && validState(*sc, sens) {
			return nil
		}
		s.judgeWith(sc, det, rs)
		return nil
	})
}

// detector returns a detector for sc: its saved state restored when that
// is valid for sens, else a fresh one.
func (s *Service) detector(sc *accountScan, sens growth.Sensitivity) *growth.Detector {
	if sc.warm != nil {
		return sc.warm
	}
	opts := growth.Options{AccountID: sc.acc.ID, Platform: sc.acc.Platform, Params: sens.Params()}
	det := growth.NewDetector(opts)
	if validState(*sc, sens) {
		if err := det.UnmarshalBinary(sc.saved.State); err != nil {
			if !errors.Is(err, growth.ErrStateVersion) {
				s.log.WithError(err).WithField("account", sc.acc.ID).Warn("detector state unreadable; re-scanning the account")
			}
			sc.saved = data.DetectorState{} // read the whole history instead
			det = growth.NewDetector(opts)
		}
	}
	return det
}

// judgeWith steps det through rs and keeps its findings and det in sc.
func (s *Service) judgeWith(sc *accountScan, det *growth.Detector, rs []data.Reading) {
	sc.alerts, sc.weak = det.Run(rs)
	sc.det, sc.changed = det, true
}

// announce passes the new alerts to the notifier.
func (s *Service) announce(added []data.Alert) {
	if s.notify != nil && len(added) > 0 {
		s.notify(added)
	}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
