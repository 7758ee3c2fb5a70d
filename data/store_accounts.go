package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

const accountCols = "id, official_id, platform, handle, url, active, last_check, last_error, muted, muted_until"

func scanAccount(sc interface{ Scan(...any) error }) (Account, error) {
	var a Account
	var plat string
	var last, until sql.NullInt64
	err := sc.Scan(&a.ID, &a.OfficialID, &plat, &a.Handle, &a.URL, &a.Active, &last, &a.LastError, &a.Muted, &until)
	if until.Valid {
		a.MutedUntil = time.Unix(until.Int64, 0).UTC()
	}
	a.Platform = Platform(plat)
	if last.Valid {
		a.LastCheck = time.Unix(last.Int64, 0).UTC()
	}
	return a, err
}

// CreateAccount validates a, normalises its handle, fills its URL when empty
// and stores it. Two accounts cannot share a non-empty handle on one platform.
func (s *Store) CreateAccount(ctx context.Context, a Account) (Account, error) {
	var out Account
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = createAccountTx(ctx, tx, a)
		return err
	})
	return out, err
}

func createAccountTx(ctx context.Context, tx *sql.Tx, a Account) (Account, error) {
	a.Handle = NormalizeHandle(a.Handle)
	if err := a.Validate(); err != nil {
		return a, fmt.Errorf("add %s account %q: %w", a.Platform, a.Handle, err)
	}
	if err := checkText("handle", a.Handle); err != nil {
		return a, fmt.Errorf("add %s account: %w", a.Platform, err)
	}
	if a.URL == "" {
		a.URL = a.Platform.ProfileURL(a.Handle)
	}
	if a.Handle != "" {
		var owner int64
		err := tx.QueryRowContext(ctx, "SELECT official_id FROM accounts WHERE platform = ? AND handle = ? COLLATE NOCASE",
			string(a.Platform), a.Handle).Scan(&owner)
		if err == nil {
			return a, fmt.Errorf("add %s account %q: it is already on the watchlist (official %d): %w", a.Platform, a.Handle, owner, ErrInvalid)
		}
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO accounts(official_id, platform, handle, url, active, muted) VALUES (?, ?, ?, ?, ?, ?)",
		a.OfficialID, string(a.Platform), a.Handle, a.URL, a.Active, a.Muted)
	if err != nil {
		return a, fmt.Errorf("add %s account %q for official %d: %w", a.Platform, a.Handle, a.OfficialID, err)
	}
	a.ID, err = res.LastInsertId()
	return a, err
}

// UpdateAccount saves an account's platform, handle, URL and active flag.
// A handle another account on the platform already has is refused.
func (s *Store) UpdateAccount(ctx context.Context, a Account) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := updateAccountTx(ctx, tx, a)
		return err
	})
}

// DeleteAccount removes an account with its snapshots and alerts and returns
// how many snapshots went with it.
func (s *Store) DeleteAccount(ctx context.Context, id int64) (snapshots int64, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM snapshots WHERE account_id = ?", id).Scan(&snapshots); err != nil {
			return fmt.Errorf("count snapshots of account %d: %w", id, err)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM accounts WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete account %d: %w", id, err)
		}
		return mustAffect(res, fmt.Sprintf("delete account %d", id))
	})
	return snapshots, err
}

// Account returns the account with the given ID.
func (s *Store) Account(ctx context.Context, id int64) (Account, error) {
	a, err := scanAccount(s.r.QueryRowContext(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = ?", id))
	if err != nil {
		return a, notFound(err, fmt.Sprintf("account %d", id))
	}
	return a, nil
}

// AccountFilter narrows Accounts. Zero fields match everything.
type AccountFilter struct {
	OfficialID int64
	Platform   Platform
	ActiveOnly bool
}

// Accounts lists accounts matching f, ordered by official then platform.
func (s *Store) Accounts(ctx context.Context, f AccountFilter) ([]Account, error) {
	q := "SELECT " + accountCols + " FROM accounts WHERE 1=1"
	var args []any
	if f.OfficialID != 0 {
		q += " AND official_id = ?"
		args = append(args, f.OfficialID)
	}
	if f.Platform != "" {
		q += " AND platform = ?"
		args = append(args, string(f.Platform))
	}
	if f.ActiveOnly {
		q += " AND active = 1"
	}
	rows, err := s.r.QueryContext(ctx, q+" ORDER BY official_id, platform, id", args...)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("list accounts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	return out, nil
}

// alertTargetsSQL packs every account's id, platform and mute into one text
// (entries "id platform muted until", comma-separated), so listing 9,000
// accounts for a spike scan crosses from C to Go once: row by row through
// database/sql it took about 45 ms, most of a scan after a refresh.
const alertTargetsSQL = `SELECT group_concat(id || ' ' || platform || ' ' || (muted <> 0) || ' ' || coalesce(muted_until, ''), ',' ORDER BY id) FROM accounts`

// AlertTargets lists every account, in ID order, with what spike detection
// needs: its platform and whether it is muted.
func (s *Store) AlertTargets(ctx context.Context) ([]AlertTarget, error) {
	var packed sql.NullString
	if err := s.r.QueryRowContext(ctx, alertTargetsSQL).Scan(&packed); err != nil {
		return nil, fmt.Errorf("list accounts for spike detection: %w", err)
	}
	if packed.String == "" {
		return nil, nil
	}
	entries := strings.Split(packed.String, ",")
	out := make([]AlertTarget, 0, len(entries))
	for _, e := range entries {
		f := strings.Split(e, " ")
		if len(f) != 4 {
			return nil, fmt.Errorf("list accounts for spike detection: bad entry %q: %w", e, ErrInvalid)
		}
		id, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("list accounts for spike detection: bad id %q: %w", f[0], ErrInvalid)
		}
		t := AlertTarget{ID: id, Platform: Platform(f[1]), Muted: f[2] == "1"}
		if f[3] != "" {
			until, err := strconv.ParseInt(f[3], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("list accounts for spike detection: bad mute time %q: %w", f[3], ErrInvalid)
			}
			t.MutedUntil = time.Unix(until, 0).UTC()
		}
		out = append(out, t)
	}
	return out, nil
}

// CheckResult is the outcome of one refresh of one account: a snapshot, or
// an error in plain words.
type CheckResult struct {
	AccountID int64
	At        time.Time
	Snapshot  *Snapshot // nil when the check failed
	Err       string    // "" on success
	// Deactivate marks the account inactive (for example when the platform
	// says it no longer exists).
	Deactivate bool
}

// RecordCheck writes one account's refresh outcome in one transaction: the
// snapshot (if any) together with the account's last-check time and error.
// A crash leaves either all of it or none of it.
func (s *Store) RecordCheck(ctx context.Context, r CheckResult) error {
	return s.RecordChecks(ctx, []CheckResult{r})
}

// RecordChecks writes a batch of refresh outcomes in one transaction, so a
// refresh pass costs one disk sync per batch rather than per account. Each
// account ends with its whole new snapshot and status, or (if the batch
// fails or the process dies) none of it.
func (s *Store) RecordChecks(ctx context.Context, rs []CheckResult) error {
	for _, r := range rs {
		if r.Snapshot != nil {
			if err := r.Snapshot.Validate(); err != nil {
				return fmt.Errorf("record check of account %d: %w", r.AccountID, err)
			}
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range rs {
			if r.Snapshot != nil {
				if err := upsertSnapshot(ctx, tx, *r.Snapshot); err != nil {
					return err
				}
			}
			q := "UPDATE accounts SET last_check = ?, last_error = ?"
			if r.Deactivate {
				q += ", active = 0"
			}
			res, err := tx.ExecContext(ctx, q+" WHERE id = ?", r.At.UTC().Unix(), r.Err, r.AccountID)
			if err != nil {
				return fmt.Errorf("record check of account %d: %w", r.AccountID, err)
			}
			if err := mustAffect(res, fmt.Sprintf("record check of account %d", r.AccountID)); err != nil {
				return err
			}
		}
		return nil
	})
}
