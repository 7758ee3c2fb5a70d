package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

const alertCols = "id, account_id, ts, kind, size, pct, score, detail, acknowledged"

func scanAlert(sc interface{ Scan(...any) error }) (Alert, error) {
	var a Alert
	var ts int64
	var kind string
	err := sc.Scan(&a.ID, &a.AccountID, &ts, &kind, &a.Size, &a.Pct, &a.Score, &a.Detail, &a.Acknowledged)
	a.Time, a.Kind = time.Unix(ts, 0).UTC(), AlertKind(kind)
	return a, err
}

// AddAlerts stores alerts in one transaction and returns those that were new.
// An alert for the same account, time and kind as a stored one is skipped, so
// a re-scan or a restart never raises it twice.
func (s *SQLiteStore) AddAlerts(ctx context.Context, alerts []Alert) ([]Alert, error) {
	var added []Alert
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		added, err = addAlertsTx(ctx, tx, alerts)
		return err
	})
	if err != nil {
		return nil, err
	}
	return added, nil
}

func addAlertsTx(ctx context.Context, tx *sql.Tx, alerts []Alert) ([]Alert, error) {
	var added []Alert
	st, err := tx.PrepareContext(ctx, `INSERT INTO alerts(account_id, ts, kind, size, pct, score, detail)
VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(account_id, ts, kind) DO NOTHING`)
	if err != nil {
		return nil, fmt.Errorf("prepare alert insert: %w", err)
	}
	defer st.Close()
	for _, a := range alerts {
		res, err := st.ExecContext(ctx, a.AccountID, a.Time.UTC().Unix(), string(a.Kind), a.Size, a.Pct, a.Score, a.Detail)
		if err != nil {
			return nil, fmt.Errorf("save %s alert for account %d: %w", a.Kind, a.AccountID, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			a.ID, _ = res.LastInsertId()
			added = append(added, a)
		}
	}
	return added, nil
}

// AlertFilter narrows Alerts. Zero fields match everything.
type AlertFilter struct {
	AccountID  int64
	OfficialID int64
	OpenOnly   bool // only alerts not yet acknowledged
	Since      time.Time
}

// Alerts lists alerts matching f, newest first.
func (s *SQLiteStore) Alerts(ctx context.Context, f AlertFilter) ([]Alert, error) {
	q := "SELECT " + alertCols + " FROM alerts WHERE 1=1"
	var args []any
	if f.AccountID != 0 {
		q += " AND account_id = ?"
		args = append(args, f.AccountID)
	}
	if f.OfficialID != 0 {
		q += " AND account_id IN (SELECT id FROM accounts WHERE official_id = ?)"
		args = append(args, f.OfficialID)
	}
	if f.OpenOnly {
		q += " AND acknowledged = 0"
	}
	if !f.Since.IsZero() {
		q += " AND ts >= ?"
		args = append(args, f.Since.Unix())
	}
	rows, err := s.r.QueryContext(ctx, q+" ORDER BY ts DESC, id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	defer rows.Close()
	var out []Alert
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("list alerts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	return out, nil
}

// AcknowledgeAlert marks an alert as seen (or, with ack false, as open again).
func (s *SQLiteStore) AcknowledgeAlert(ctx context.Context, id int64, ack bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE alerts SET acknowledged = ? WHERE id = ?", ack, id)
		if err != nil {
			return fmt.Errorf("acknowledge alert %d: %w", id, err)
		}
		return mustAffect(res, fmt.Sprintf("acknowledge alert %d", id))
	})
}
