package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// AddAccount adds an official's account on a platform without ever splitting
// its history: when the official already has exactly one account on that
// platform without a handle (such as an account seeded from the article),
// that account is given the handle instead of a second one being made, so
// the old baseline and the new readings stay one series. filled reports
// which of the two happened. When several handle-less accounts could take
// the handle, nothing changes and the error (ErrAmbiguous) names them; the
// caller picks one and calls SetHandle.
func (s *SQLiteStore) AddAccount(ctx context.Context, a Account) (out Account, filled bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		blank, err := handlelessTx(ctx, tx, a.OfficialID, a.Platform)
		if err != nil {
			return err
		}
		switch {
		case strings.TrimSpace(a.Handle) == "" || len(blank) == 0:
			out, err = createAccountTx(ctx, tx, a)
			return err
		case len(blank) > 1:
			ids := make([]string, len(blank))
			for i, b := range blank {
				ids[i] = fmt.Sprint(b.ID)
			}
			return fmt.Errorf("add %s account %q: official %d has %d %s accounts without a handle (%s); give one of them the handle with \"akimwatch accounts edit ID --handle %s\": %w",
				a.Platform, a.Handle, a.OfficialID, len(blank), a.Platform, strings.Join(ids, ", "), NormalizeHandle(a.Handle), ErrAmbiguous)
		}
		b := blank[0]
		b.Handle, b.URL, b.Active = a.Handle, a.URL, a.Active
		out, err = updateAccountTx(ctx, tx, b)
		filled = true
		return err
	})
	return out, filled, err
}

// HandlelessAccounts lists an official's accounts on platform that have no
// handle yet, oldest first: the accounts a new handle should fill in.
func (s *SQLiteStore) HandlelessAccounts(ctx context.Context, officialID int64, p Platform) ([]Account, error) {
	return handlelessTx(ctx, s.r, officialID, p)
}

// sqlQuerier is what both *sql.DB and *sql.Tx offer for reading rows.
type sqlQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func handlelessTx(ctx context.Context, tx sqlQuerier, officialID int64, p Platform) ([]Account, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+accountCols+" FROM accounts WHERE official_id = ? AND platform = ? AND handle = '' ORDER BY id",
		officialID, string(p))
	if err != nil {
		return nil, fmt.Errorf("list %s accounts of official %d without a handle: %w", p, officialID, err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("list %s accounts of official %d without a handle: %w", p, officialID, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SetHandle gives account id a new handle (normalised; "" clears it) and,
// when active is not nil, sets whether it is refreshed. Its URL follows the
// handle. A handle that another account already has is refused with that
// account's ID, so the two can be merged instead.
func (s *SQLiteStore) SetHandle(ctx context.Context, id int64, handle *string, active *bool) (Account, error) {
	var out Account
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		a, err := scanAccount(tx.QueryRowContext(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = ?", id))
		if err != nil {
			return notFound(err, fmt.Sprintf("account %d", id))
		}
		if handle != nil && NormalizeHandle(*handle) != a.Handle {
			a.Handle, a.URL = *handle, ""
		}
		if active != nil {
			a.Active = *active
		}
		out, err = updateAccountTx(ctx, tx, a)
		return err
	})
	return out, err
}

// PrepareAccountUpdate checks an edited account and fills what the store
// derives, as PrepareAccount does for a new one.
func PrepareAccountUpdate(a Account) (Account, error) {
	h, err := HandleFromLink(a.Platform, a.Handle)
	if err != nil {
		return a, fmt.Errorf("update account %d: %w", a.ID, err)
	}
	a.Handle = h
	if err := a.Validate(); err != nil {
		return a, fmt.Errorf("update account %d: %w", a.ID, err)
	}
	if err := checkText("handle", a.Handle); err != nil {
		return a, fmt.Errorf("update account %d: %w", a.ID, err)
	}
	if a.URL == "" {
		a.URL = a.Platform.ProfileURL(a.Handle)
	}
	return a, nil
}

// updateAccountTx saves a's official, platform, handle, URL, active and
// muted fields, refusing a handle another account on the platform has.
func updateAccountTx(ctx context.Context, tx *sql.Tx, a Account) (Account, error) {
	a, err := PrepareAccountUpdate(a)
	if err != nil {
		return a, err
	}
	if a.Handle != "" {
		var other, owner int64
		err := tx.QueryRowContext(ctx, "SELECT id, official_id FROM accounts WHERE platform = ? AND handle = ? COLLATE NOCASE AND id <> ?",
			string(a.Platform), a.Handle, a.ID).Scan(&other, &owner)
		if err == nil {
			return a, fmt.Errorf("update account %d: %s handle %q already belongs to account %d (official %d); to join their histories run \"akimwatch accounts merge %d %d\": %w",
				a.ID, a.Platform, a.Handle, other, owner, other, a.ID, ErrInvalid)
		}
		if err != sql.ErrNoRows {
			return a, fmt.Errorf("update account %d: %w", a.ID, err)
		}
	}
	// A new handle is a new lookup: its resolved id and failing state
	// belonged to the old one.
	res, err := tx.ExecContext(ctx, "UPDATE accounts SET "+
		"platform_id = CASE WHEN handle = ?3 AND platform = ?2 THEN platform_id ELSE '' END, "+
		"fail_kind = CASE WHEN handle = ?3 THEN fail_kind ELSE '' END, "+
		"failing_since = CASE WHEN handle = ?3 THEN failing_since ELSE NULL END, "+
		"fail_count = CASE WHEN handle = ?3 THEN fail_count ELSE 0 END, "+
		"next_try = CASE WHEN handle = ?3 THEN next_try ELSE NULL END, "+
		"official_id=?1, platform=?2, handle=?3, url=?4, active=?5, muted=?6 WHERE id=?7",
		a.OfficialID, string(a.Platform), a.Handle, a.URL, a.Active, a.Muted, a.ID)
	if err != nil {
		return a, fmt.Errorf("update account %d: %w", a.ID, err)
	}
	return a, mustAffect(res, fmt.Sprintf("update account %d", a.ID))
}

// MergeStats counts what a merge of two accounts did with the readings.
type MergeStats struct {
	// Moved readings of the merged account now belong to the kept one.
	Moved int64
	// Replaced readings of the kept account gave way to a fetched reading
	// of the merged account at the same second.
	Replaced int64
	// Dropped readings of the merged account lost to a reading of the kept
	// account at the same second.
	Dropped int64
}

// fetchedSources are the sources a platform measured (API or public page):
// when two accounts are merged and both have a reading at the same second,
// a fetched one wins over an article, import or manual figure.
const fetchedSources = "(1, 2)"

// MergeAccounts joins account from into account into, in one transaction:
// from's readings and alerts move over, from is deleted, and into takes
// from's handle, URL and refresh status when it has no handle itself. Both
// must belong to the same official and platform. Where both have a reading
// at the same second, the fetched one (API or page) is kept over an
// article, import or manual figure; between two of the same kind, into's.
func (s *SQLiteStore) MergeAccounts(ctx context.Context, from, into int64) (MergeStats, error) {
	var st MergeStats
	if from == into {
		return st, fmt.Errorf("merge account %d into itself: give two different accounts: %w", from, ErrInvalid)
	}
	what := fmt.Sprintf("merge account %d into account %d", from, into)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		get := func(id int64) (Account, error) {
			a, err := scanAccount(tx.QueryRowContext(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = ?", id))
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
			return fmt.Errorf("%s: they belong to different officials (%d and %d): %w", what, src.OfficialID, dst.OfficialID, ErrInvalid)
		}
		if src.Platform != dst.Platform {
			return fmt.Errorf("%s: they are on different platforms (%s and %s): %w", what, src.Platform, dst.Platform, ErrInvalid)
		}
		var total int64
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM snapshots WHERE account_id = ?", from).Scan(&total); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM snapshots WHERE account_id = ? AND source NOT IN `+fetchedSources+`
AND ts IN (SELECT ts FROM snapshots WHERE account_id = ? AND source IN `+fetchedSources+`)`, into, from)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if st.Replaced, err = res.RowsAffected(); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		res, err = tx.ExecContext(ctx, `INSERT OR IGNORE INTO snapshots(`+snapshotCols+`)
SELECT ?, ts, followers, following, posts, likes, views, source, flags FROM snapshots WHERE account_id = ?`, into, from)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if st.Moved, err = res.RowsAffected(); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		st.Dropped = total - st.Moved
		// Alerts follow their readings; one already raised on into for the
		// same moment and kind stays as it is.
		if _, err := tx.ExecContext(ctx, "UPDATE OR IGNORE alerts SET account_id = ? WHERE account_id = ?", into, from); err != nil {
			return fmt.Errorf("%s: move alerts: %w", what, err)
		}
		// into's history changed under its detector: let the next scan
		// learn it again from the whole series.
		if _, err := tx.ExecContext(ctx, "DELETE FROM detector_state WHERE account_id = ?", into); err != nil {
			return fmt.Errorf("%s: reset spike detection: %w", what, err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM accounts WHERE id = ?", from); err != nil {
			return fmt.Errorf("%s: delete account %d: %w", what, from, err)
		}
		if dst.Handle == "" && src.Handle != "" {
			dst.Handle, dst.URL, dst.Active = src.Handle, src.URL, src.Active
			if _, err := updateAccountTx(ctx, tx, dst); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE accounts SET last_check = ?, last_error = ? WHERE id = ?",
				nullTime(src.LastCheck), src.LastError, into); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		return nil
	})
	return st, err
}

// checkText refuses text that is not valid UTF-8: it is never stored.
func checkText(what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8 text (a file or terminal in another encoding?): %w", what, ErrInvalid)
	}
	return nil
}

// nullTime is t in unix seconds, or NULL for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}
