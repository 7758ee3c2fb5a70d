// Package alerting runs spike detection over the stored history: after each
// refresh on new snapshots only, or as a full re-scan. It keeps each
// account's detector state in the store, groups simultaneous drops on one
// platform into one platform alert, and tells the user about new alerts
// through an injected notifier.
package alerting

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/sirupsen/logrus"

	"akimwatch/data"
	"akimwatch/data/growth"
)

// MetaSensitivity is the meta key holding the chosen sensitivity
// ("low", "medium" or "high"), shared by the app and the CLI.
const MetaSensitivity = "alert_sensitivity"

// Store is what the service needs from the data store.
type Store interface {
	Accounts(ctx context.Context, f data.AccountFilter) ([]data.Account, error)
	Series(ctx context.Context, accountID int64, from, to time.Time) ([]data.Snapshot, error)
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

func (s *Service) run(ctx context.Context, full bool, progress Progress) ([]data.Alert, error) {
	sens, err := s.Sensitivity(ctx)
	if err != nil {
		return nil, fmt.Errorf("read alert sensitivity: %w", err)
	}
	accounts, err := s.store.Accounts(ctx, data.AccountFilter{})
	if err != nil {
		return nil, err
	}
	saved := map[int64]data.DetectorState{}
	if !full {
		if saved, err = s.store.DetectorStates(ctx); err != nil {
			return nil, err
		}
	}
	byPlatform := map[data.Platform]*platformFindings{}
	states := make([]data.DetectorState, 0, len(accounts))
	for i, a := range accounts {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("scan cancelled after %d of %d accounts (nothing was saved): %w", i, len(accounts), err)
		}
		pf := byPlatform[a.Platform]
		if pf == nil {
			pf = &platformFindings{mutedAccounts: map[int64]bool{}}
			byPlatform[a.Platform] = pf
		}
		pf.accounts++
		pf.mutedAccounts[a.ID] = a.Muted
		st, alerts, weak, err := s.scanAccount(ctx, a, sens, saved[a.ID])
		if err != nil {
			return nil, err
		}
		if st != nil {
			states = append(states, *st)
		}
		pf.alerts = append(pf.alerts, alerts...)
		pf.weak = append(pf.weak, weak...)
		if progress != nil {
			progress(i+1, len(accounts))
		}
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
	added, err := s.store.SaveDetection(ctx, found, states)
	if err != nil {
		return nil, fmt.Errorf("save alerts: %w", err)
	}
	s.log.WithFields(logrus.Fields{"accounts": len(accounts), "found": len(found), "new": len(added), "full": full}).Info("spike scan done")
	s.announce(added)
	return added, nil
}

// scanAccount runs one account's detector over its new snapshots and returns
// the state to save (nil when nothing changed).
func (s *Service) scanAccount(ctx context.Context, a data.Account, sens growth.Sensitivity, saved data.DetectorState) (*data.DetectorState, []growth.Alert, []growth.Alert, error) {
	det := growth.NewDetector(growth.Options{AccountID: a.ID, Platform: a.Platform, Params: sens.Params()})
	if saved.AccountID == a.ID && saved.Sensitivity == sens.String() {
		if err := det.UnmarshalBinary(saved.State); err != nil {
			if !errors.Is(err, growth.ErrStateVersion) {
				s.log.WithError(err).WithField("account", a.ID).Warn("detector state unreadable; re-scanning the account")
			}
			det = growth.NewDetector(growth.Options{AccountID: a.ID, Platform: a.Platform, Params: sens.Params()})
		}
	}
	var from time.Time
	if last := det.Last(); !last.IsZero() {
		from = last.Add(time.Second)
	}
	snaps, err := s.store.Series(ctx, a.ID, from, time.Time{})
	if err != nil {
		return nil, nil, nil, err
	}
	if len(snaps) == 0 && saved.AccountID == a.ID && saved.Sensitivity == sens.String() {
		return nil, nil, nil, nil
	}
	alerts, weak := det.Run(growth.FromSnapshots(snaps))
	blob, err := det.MarshalBinary()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("save detector of account %d: %w", a.ID, err)
	}
	return &data.DetectorState{AccountID: a.ID, Sensitivity: sens.String(), State: blob}, alerts, weak, nil
}

// announce passes the new alerts to the notifier.
func (s *Service) announce(added []data.Alert) {
	if s.notify != nil && len(added) > 0 {
		s.notify(added)
	}
}
