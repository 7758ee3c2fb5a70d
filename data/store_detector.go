package data

import (
	"context"
	"database/sql"
	"fmt"
)

// DetectorState is the saved learning of one account's spike detector.
type DetectorState struct {
	AccountID   int64
	Sensitivity string // the state is valid only for this sensitivity
	State       []byte
}

// DetectorStates returns every saved detector state, by account ID.
func (s *Store) DetectorStates(ctx context.Context) (map[int64]DetectorState, error) {
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
func (s *Store) SaveDetection(ctx context.Context, alerts []Alert, states []DetectorState) ([]Alert, error) {
	var added []Alert
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if added, err = addAlertsTx(ctx, tx, alerts); err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO detector_state(account_id, sensitivity, state) VALUES (?, ?, ?)
ON CONFLICT(account_id) DO UPDATE SET sensitivity = excluded.sensitivity, state = excluded.state`)
		if err != nil {
			return fmt.Errorf("prepare detector state: %w", err)
		}
		defer st.Close()
		for _, d := range states {
			if _, err := st.ExecContext(ctx, d.AccountID, d.Sensitivity, d.State); err != nil {
				return fmt.Errorf("save detector state of account %d: %w", d.AccountID, err)
			}
		}
		return nil
	})
	return added, err
}

// SetMuted mutes or unmutes an account's alerts.
func (s *Store) SetMuted(ctx context.Context, accountID int64, muted bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE accounts SET muted = ? WHERE id = ?", muted, accountID)
		if err != nil {
			return fmt.Errorf("mute account %d: %w", accountID, err)
		}
		return mustAffect(res, fmt.Sprintf("mute account %d", accountID))
	})
}
