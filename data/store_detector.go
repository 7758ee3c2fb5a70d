package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// DetectorState is the saved learning of one account's spike detector.
type DetectorState struct {
	AccountID   int64
	Sensitivity string // the state is valid only for this sensitivity
	State       []byte
}

// DetectorStates returns every saved detector state, by account ID.
func (s *SQLiteStore) DetectorStates(ctx context.Context) (map[int64]DetectorState, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT account_id, sensitivity, state FROM detector_state")
	if err != nil {
		return nil, fmt.Errorf("read detector states: %w", err)
	}
	defer rows.Close()
	out := map[int64]DetectorState{}
	for rows.Next() {
		var d DetectorState
		if err := rows.Scan(&d.AccountID, &d.Sensitivity, &d.State); err != nil {
			return nil, fmt.Errorf("read detector states: %w", err)
		}
		out[d.AccountID] = d
	}
	return out, rows.Err()
}

// SaveDetection stores new alerts and detector states in one transaction, so
// a crash never keeps an alert without the state that prevents raising it
// again (or the reverse). It returns the alerts that were new.
func (s *SQLiteStore) SaveDetection(ctx context.Context, alerts []Alert, states []DetectorState) ([]Alert, error) {
	var added []Alert
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if added, err = addAlertsTx(ctx, tx, alerts); err != nil {
			return err
		}
		return saveStatesTx(ctx, tx, states)
	})
	return added, err
}

// SetMuted mutes or unmutes an account's alerts.
func (s *SQLiteStore) SetMuted(ctx context.Context, accountID int64, muted bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE accounts SET muted = ? WHERE id = ?", muted, accountID)
		if err != nil {
			return fmt.Errorf("mute account %d: %w", accountID, err)
		}
		return mustAffect(res, fmt.Sprintf("mute account %d", accountID))
	})
}

// stateBatch is how many detector states one upsert carries: a refresh of
// 9,000 accounts saves 9,000 states, and one statement per state would cost
// more in Go–C crossings than the writing itself.
const stateBatch = 64

const upsertStateRow = "(?, ?, ?)"

func saveStatesTx(ctx context.Context, tx *sql.Tx, states []DetectorState) error {
	stmtFor := func(n int) string {
		return "INSERT INTO detector_state(account_id, sensitivity, state) VALUES " +
			strings.TrimSuffix(strings.Repeat(upsertStateRow+",", n), ",") +
			" ON CONFLICT(account_id) DO UPDATE SET sensitivity = excluded.sensitivity, state = excluded.state"
	}
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, 3*stateBatch)
	for len(states) > 0 {
		n := min(stateBatch, len(states))
		args = args[:0]
		for _, d := range states[:n] {
			args = append(args, d.AccountID, d.Sensitivity, d.State)
		}
		var err error
		if n == stateBatch {
			if full == nil {
				if full, err = tx.PrepareContext(ctx, stmtFor(stateBatch)); err != nil {
					return fmt.Errorf("prepare detector state: %w", err)
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, stmtFor(n), args...)
		}
		if err != nil {
			return fmt.Errorf("save detector states of accounts %d–%d: %w", states[0].AccountID, states[n-1].AccountID, err)
		}
		states = states[n:]
	}
	return nil
}

// MuteUntil holds an account's alerts back until the given time (a zero
// time clears it).
func (s *SQLiteStore) MuteUntil(ctx context.Context, accountID int64, until time.Time) error {
	var v any
	if !until.IsZero() {
		v = until.UTC().Unix()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE accounts SET muted_until = ? WHERE id = ?", v, accountID)
		if err != nil {
			return fmt.Errorf("mute account %d: %w", accountID, err)
		}
		return mustAffect(res, fmt.Sprintf("mute account %d", accountID))
	})
}
