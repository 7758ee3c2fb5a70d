package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

const accountCols = "id, official_id, platform, handle, url, active, last_check, last_error, muted, muted_until, " +
	"fail_kind, failing_since, fail_count, next_try, platform_id, metric"

func scanAccount(sc interface{ Scan(...any) error }) (Account, error) {
	var a Account
	var plat, kind, metric string
	var last, until, since, next sql.NullInt64
	err := sc.Scan(&a.ID, &a.OfficialID, &plat, &a.Handle, &a.URL, &a.Active, &last, &a.LastError, &a.Muted, &until,
		&kind, &since, &a.FailCount, &next, &a.PlatformID, &metric)
	a.FailKind, a.Metric = FailKind(kind), Metric(metric)
	if since.Valid {
		a.FailingSince = time.Unix(since.Int64, 0).UTC()
	}
	if next.Valid {
		a.NextTry = time.Unix(next.Int64, 0).UTC()
	}
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
func (s *SQLiteStore) CreateAccount(ctx context.Context, a Account) (Account, error) {
	var out Account
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = createAccountTx(ctx, tx, a)
		return err
	})
	return out, err
}

// PrepareAccount checks a new account and fills what the store derives
// (the handle from a link, normalised; the URL from the handle): every
// engine stores what it returns.
func PrepareAccount(a Account) (Account, error) {
	h, err := HandleFromLink(a.Platform, a.Handle)
	if err != nil {
		return a, fmt.Errorf("add %s account: %w", a.Platform, err)
	}
	a.Handle = h
	if err := a.Validate(); err != nil {
		return a, fmt.Errorf("add %s account %q: %w", a.Platform, a.Handle, err)
	}
	if err := checkText("handle", a.Handle); err != nil {
		return a, fmt.Errorf("add %s account: %w", a.Platform, err)
	}
	if a.URL == "" {
		a.URL = a.Platform.ProfileURL(a.Handle)
	}
	return a, nil
}

func createAccountTx(ctx context.Context, tx *sql.Tx, a Account) (Account, error) {
	a, err := PrepareAccount(a)
	if err != nil {
		return a, err
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
func (s *SQLiteStore) UpdateAccount(ctx context.Context, a Account) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := updateAccountTx(ctx, tx, a)
		return err
	})
}

// DeleteAccount removes an account with its snapshots and alerts and returns
// how many snapshots went with it.
func (s *SQLiteStore) DeleteAccount(ctx context.Context, id int64) (snapshots int64, err error) {
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
func (s *SQLiteStore) Account(ctx context.Context, id int64) (Account, error) {
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
func (s *SQLiteStore) Accounts(ctx context.Context, f AccountFilter) ([]Account, error) {
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
func (s *SQLiteStore) AlertTargets(ctx context.Context) ([]AlertTarget, error) {
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
// an error in plain words with its kind. A failed check never deactivates
// the account: it records what failed and since when, and holds the account
// back for a while (RetryDelay) when the failure is about the account.
type CheckResult struct {
	AccountID int64
	At        time.Time
	Snapshot  *Snapshot // nil when the check failed
	Err       string    // "" on success
	// Fail is what kind of failure Err is (FailOther when unset on a
	// failure).
	Fail FailKind
	// PlatformID, when set, is the platform's own id the check resolved
	// (a YouTube channel id for an @handle); it is kept for next time.
	PlatformID string
	// Metric, when set, is which count the snapshot's followers figure is.
	Metric Metric
}

// RecordCheck writes one account's refresh outcome in one transaction: the
// snapshot (if any) together with the account's last-check time, error and
// health. A crash leaves either all of it or none of it.
func (s *SQLiteStore) RecordCheck(ctx context.Context, r CheckResult) error {
	return s.RecordChecks(ctx, []CheckResult{r})
}

// RecordChecks writes a batch of refresh outcomes in one transaction, so a
// refresh pass costs one disk sync per batch rather than per account. Each
// account ends with its whole new snapshot and status, or (if the batch
// fails or the process dies) none of it.
func (s *SQLiteStore) RecordChecks(ctx context.Context, rs []CheckResult) error {
	for _, r := range rs {
		if r.Snapshot != nil {
			if err := r.Snapshot.Validate(); err != nil {
				return fmt.Errorf("record check of account %d: %w", r.AccountID, err)
			}
		}
		if !r.Fail.Valid() {
			return fmt.Errorf("record check of account %d: unknown failure kind %q: %w", r.AccountID, r.Fail, ErrInvalid)
		}
		if _, err := ParseMetric(string(r.Metric)); err != nil {
			return fmt.Errorf("record check of account %d: %w", r.AccountID, err)
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range rs {
			if r.Snapshot != nil {
				if err := upsertSnapshot(ctx, tx, *r.Snapshot); err != nil {
					return err
				}
			}
			if err := recordHealth(ctx, tx, r); err != nil {
				return fmt.Errorf("record check of account %d: %w", r.AccountID, err)
			}
		}
		return nil
	})
}

// recordHealth updates the account's last check, error, health, resolved id
// and metric from one outcome.
func recordHealth(ctx context.Context, tx *sql.Tx, r CheckResult) error {
	at := r.At.UTC()
	keep := "platform_id = CASE WHEN ?1 <> '' THEN ?1 ELSE platform_id END, metric = CASE WHEN ?2 <> '' THEN ?2 ELSE metric END"
	if r.Err == "" && r.Snapshot != nil {
		res, err := tx.ExecContext(ctx, "UPDATE accounts SET last_check = ?3, last_error = '', fail_kind = '', failing_since = NULL, "+
			"fail_count = 0, next_try = NULL, "+keep+" WHERE id = ?4", r.PlatformID, string(r.Metric), at.Unix(), r.AccountID)
		if err != nil {
			return err
		}
		return mustAffect(res, "update account")
	}
	kind := r.Fail
	if kind == FailNone {
		kind = FailOther
	}
	msg := r.Err
	if msg == "" {
		msg = "no counts and no error"
	}
	var prevKind string
	var prevSince sql.NullInt64
	var prevCount int
	err := tx.QueryRowContext(ctx, "SELECT fail_kind, failing_since, fail_count FROM accounts WHERE id = ?", r.AccountID).
		Scan(&prevKind, &prevSince, &prevCount)
	if err != nil {
		return notFound(err, fmt.Sprintf("account %d", r.AccountID))
	}
	since, count := at, 1
	if FailKind(prevKind) == kind && prevSince.Valid {
		since, count = time.Unix(prevSince.Int64, 0).UTC(), prevCount+1
	}
	var next any
	if d := RetryDelay(kind, count, since, at); d > 0 {
		next = at.Add(d).Unix()
	}
	_, err = tx.ExecContext(ctx, "UPDATE accounts SET last_check = ?3, last_error = ?4, fail_kind = ?5, failing_since = ?6, "+
		"fail_count = ?7, next_try = ?8, "+keep+" WHERE id = ?9",
		r.PlatformID, string(r.Metric), at.Unix(), msg, string(kind), since.Unix(), count, next, r.AccountID)
	return err
}

// FailingAccounts lists the accounts whose last check failed, longest
// failing first, active or not.
func (s *SQLiteStore) FailingAccounts(ctx context.Context) ([]Account, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+accountCols+" FROM accounts WHERE fail_kind <> '' ORDER BY failing_since, id")
	if err != nil {
		return nil, fmt.Errorf("list failing accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("list failing accounts: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list failing accounts: %w", err)
	}
	return out, nil
}
