package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
)

const alertCols = "id, account_id, ts, kind, size, pct, score, detail, acknowledged, acknowledged_by, acknowledged_at"

func scanAlert(row pgx.Row) (data.Alert, error) {
	var a data.Alert
	var ts int64
	var kind string
	var at *int64
	err := row.Scan(&a.ID, &a.AccountID, &ts, &kind, &a.Size, &a.Pct, &a.Score, &a.Detail, &a.Acknowledged, &a.AcknowledgedBy, &at)
	a.Time, a.Kind, a.AcknowledgedAt = time.Unix(ts, 0).UTC(), data.AlertKind(kind), timeOf(at)
	return a, err
}

// AddAlerts stores alerts in one transaction and returns those that were
// new: an alert for the same account, time and kind is raised once.
func (s *Store) AddAlerts(ctx context.Context, alerts []data.Alert) ([]data.Alert, error) {
	var added []data.Alert
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		added, err = addAlertsTx(ctx, tx, alerts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

func addAlertsTx(ctx context.Context, tx pgx.Tx, alerts []data.Alert) ([]data.Alert, error) {
	var added []data.Alert
	for _, a := range alerts {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO alerts(account_id, ts, kind, size, pct, score, detail)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(account_id, ts, kind) DO NOTHING RETURNING id`,
			a.AccountID, a.Time.UTC().Unix(), string(a.Kind), a.Size, a.Pct, a.Score, a.Detail).Scan(&id)
		if err == pgx.ErrNoRows {
			continue // raised before
		}
		if err != nil {
			return nil, fmt.Errorf("save %s alert for account %d: %w", a.Kind, a.AccountID, err)
		}
		a.ID = id
		added = append(added, a)
	}
	return added, nil
}

// Alerts lists alerts matching f, newest first.
func (s *Store) Alerts(ctx context.Context, f data.AlertFilter) ([]data.Alert, error) {
	q := "SELECT " + alertCols + " FROM alerts WHERE true"
	var args []any
	if f.AccountID != 0 {
		args = append(args, f.AccountID)
		q += fmt.Sprintf(" AND account_id = $%d", len(args))
	}
	if f.OfficialID != 0 {
		args = append(args, f.OfficialID)
		q += fmt.Sprintf(" AND account_id IN (SELECT id FROM accounts WHERE official_id = $%d)", len(args))
	}
	if f.OpenOnly {
		q += " AND NOT acknowledged"
	}
	if !f.Since.IsZero() {
		args = append(args, f.Since.Unix())
		q += fmt.Sprintf(" AND ts >= $%d", len(args))
	}
	rows, err := s.pool.Query(ctx, q+" ORDER BY ts DESC, id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (data.Alert, error) { return scanAlert(r) })
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	return out, nil
}

// AcknowledgeAlert marks an alert as seen for everyone sharing the
// database, recording who (the OS user) and when; with ack false it is open
// again and the record is cleared.
func (s *Store) AcknowledgeAlert(ctx context.Context, id int64, ack bool) error {
	by, at := "", any(nil)
	if ack {
		by, at = s.who, time.Now().UTC().Unix()
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE alerts SET acknowledged = $1, acknowledged_by = $2, acknowledged_at = $3 WHERE id = $4", ack, by, at, id)
		if err != nil {
			return fmt.Errorf("acknowledge alert %d: %w", id, err)
		}
		return mustAffect(tag, fmt.Sprintf("acknowledge alert %d", id))
	})
}

// AlertTargets lists every account, in ID order, with its platform and mute.
func (s *Store) AlertTargets(ctx context.Context) ([]data.AlertTarget, error) {
	rows, err := s.pool.Query(ctx, "SELECT id, platform, muted, muted_until FROM accounts ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list accounts for spike detection: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (data.AlertTarget, error) {
		var t data.AlertTarget
		var plat string
		var until *int64
		err := r.Scan(&t.ID, &plat, &t.Muted, &until)
		t.Platform, t.MutedUntil = data.Platform(plat), timeOf(until)
		return t, err
	})
	if err != nil {
		return nil, fmt.Errorf("list accounts for spike detection: %w", err)
	}
	return out, nil
}

// DetectorStates returns every saved detector state, by account ID.
func (s *Store) DetectorStates(ctx context.Context) (map[int64]data.DetectorState, error) {
	rows, err := s.pool.Query(ctx, "SELECT account_id, sensitivity, state FROM detector_state")
	if err != nil {
		return nil, fmt.Errorf("read detector states: %w", err)
	}
	defer rows.Close()
	out := map[int64]data.DetectorState{}
	for rows.Next() {
		var d data.DetectorState
		if err := rows.Scan(&d.AccountID, &d.Sensitivity, &d.State); err != nil {
			return nil, fmt.Errorf("read detector states: %w", err)
		}
		out[d.AccountID] = d
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read detector states: %w", err)
	}
	return out, nil
}

// SaveDetection stores new alerts and detector states in one transaction
// and returns the alerts that were new.
func (s *Store) SaveDetection(ctx context.Context, alerts []data.Alert, states []data.DetectorState) ([]data.Alert, error) {
	var added []data.Alert
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		if added, err = addAlertsTx(ctx, tx, alerts); err != nil {
			return err
		}
		b := &pgx.Batch{}
		for _, d := range states {
			b.Queue(`INSERT INTO detector_state(account_id, sensitivity, state) VALUES ($1, $2, $3)
ON CONFLICT(account_id) DO UPDATE SET sensitivity = excluded.sensitivity, state = excluded.state`, d.AccountID, d.Sensitivity, d.State)
		}
		return sendBatch(ctx, tx, b, func(i int) string { return fmt.Sprintf("save detector state of account %d", states[i].AccountID) })
	})
	return added, err
}

// SetMuted mutes or unmutes an account's alerts.
func (s *Store) SetMuted(ctx context.Context, accountID int64, muted bool) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE accounts SET muted = $1 WHERE id = $2", muted, accountID)
		if err != nil {
			return fmt.Errorf("mute account %d: %w", accountID, err)
		}
		return mustAffect(tag, fmt.Sprintf("mute account %d", accountID))
	})
}

// MuteUntil holds an account's alerts back until the given time (a zero
// time clears it).
func (s *Store) MuteUntil(ctx context.Context, accountID int64, until time.Time) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE accounts SET muted_until = $1 WHERE id = $2", unixOrNil(until), accountID)
		if err != nil {
			return fmt.Errorf("mute account %d: %w", accountID, err)
		}
		return mustAffect(tag, fmt.Sprintf("mute account %d", accountID))
	})
}
