package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
)

// fetchedSources are the sources a platform measured (API or public page):
// when two accounts are merged and both have a reading at the same second,
// a fetched one wins over an article, import or manual figure.
var fetchedSources = fmt.Sprintf("(%d, %d)", data.SourceAPI, data.SourcePage)

// MergeAccounts joins account from into account into, in one transaction,
// with the same rules as the SQLite store: from's readings and alerts move
// over, from is deleted, and into takes from's handle, URL and refresh
// status when it has none. Where both have a reading at the same second,
// a fetched one is kept over an article, import or manual figure; between
// two of the same kind, into's.
func (s *Store) MergeAccounts(ctx context.Context, from, into int64) (data.MergeStats, error) {
	var st data.MergeStats
	if from == into {
		return st, fmt.Errorf("merge account %d into itself: give two different accounts: %w", from, data.ErrInvalid)
	}
	what := fmt.Sprintf("merge account %d into account %d", from, into)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		get := func(id int64) (data.Account, error) {
			a, err := scanAccount(tx.QueryRow(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = $1 FOR UPDATE", id))
			if err != nil {
				return a, notFound(err, fmt.Sprintf("%s: account %d", what, id))
			}
			return a, nil
		}
		src, err := get(from)
		if err != nil {
			return err
		}
		dst, err := get(into)
		if err != nil {
			return err
		}
		if src.OfficialID != dst.OfficialID {
			return fmt.Errorf("%s: they belong to different officials (%d and %d): %w", what, src.OfficialID, dst.OfficialID, data.ErrInvalid)
		}
		if src.Platform != dst.Platform {
			return fmt.Errorf("%s: they are on different platforms (%s and %s): %w", what, src.Platform, dst.Platform, data.ErrInvalid)
		}
		var total int64
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM snapshots WHERE account_id = $1", from).Scan(&total); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		tag, err := tx.Exec(ctx, `DELETE FROM snapshots WHERE account_id = $1 AND source NOT IN `+fetchedSources+`
AND ts IN (SELECT ts FROM snapshots WHERE account_id = $2 AND source IN `+fetchedSources+`)`, into, from)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		st.Replaced = tag.RowsAffected()
		tag, err = tx.Exec(ctx, `INSERT INTO snapshots(`+snapshotCols+`)
SELECT $1, ts, followers, following, posts, likes, views, source, flags FROM snapshots WHERE account_id = $2
ON CONFLICT (account_id, ts) DO NOTHING`, into, from)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		st.Moved = tag.RowsAffected()
		st.Dropped = total - st.Moved
		// Alerts follow their readings; one already raised on into for the
		// same moment and kind stays as it is (the other goes with from).
		if _, err := tx.Exec(ctx, `UPDATE alerts a SET account_id = $1 WHERE a.account_id = $2
AND NOT EXISTS (SELECT 1 FROM alerts b WHERE b.account_id = $1 AND b.ts = a.ts AND b.kind = a.kind)`, into, from); err != nil {
			return fmt.Errorf("%s: move alerts: %w", what, err)
		}
		// into's history changed under its detector: the next scan learns
		// it again from the whole series.
		if _, err := tx.Exec(ctx, "DELETE FROM detector_state WHERE account_id = $1", into); err != nil {
			return fmt.Errorf("%s: reset spike detection: %w", what, err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM accounts WHERE id = $1", from); err != nil {
			return fmt.Errorf("%s: delete account %d: %w", what, from, err)
		}
		if dst.Handle == "" && src.Handle != "" {
			dst.Handle, dst.URL, dst.Active = src.Handle, src.URL, src.Active
			if _, err := updateAccountTx(ctx, tx, dst); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE accounts SET last_check = $1, last_error = $2 WHERE id = $3",
				unixOrNil(src.LastCheck), src.LastError, into); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		return nil
	})
	return st, err
}
