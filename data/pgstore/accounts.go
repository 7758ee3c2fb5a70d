package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
)

const accountCols = "id, official_id, platform, handle, url, active, last_check, last_error, muted, muted_until, " +
	"fail_kind, failing_since, fail_count, next_try, platform_id, metric"

func scanAccount(row pgx.Row) (data.Account, error) {
	var a data.Account
	var plat, kind, metric string
	var last, until, since, next *int64
	err := row.Scan(&a.ID, &a.OfficialID, &plat, &a.Handle, &a.URL, &a.Active, &last, &a.LastError, &a.Muted, &until,
		&kind, &since, &a.FailCount, &next, &a.PlatformID, &metric)
	a.Platform, a.FailKind, a.Metric = data.Platform(plat), data.FailKind(kind), data.Metric(metric)
	a.LastCheck, a.MutedUntil, a.FailingSince, a.NextTry = timeOf(last), timeOf(until), timeOf(since), timeOf(next)
	return a, err
}

func collectAccounts(rows pgx.Rows) ([]data.Account, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (data.Account, error) { return scanAccount(r) })
}

// CreateAccount validates a, normalises its handle, fills its URL when empty
// and stores it. Two accounts cannot share a non-empty handle on one platform.
func (s *Store) CreateAccount(ctx context.Context, a data.Account) (data.Account, error) {
	var out data.Account
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = createAccountTx(ctx, tx, a)
		return err
	})
	return out, err
}

func createAccountTx(ctx context.Context, tx pgx.Tx, a data.Account) (data.Account, error) {
	a, err := data.PrepareAccount(a)
	if err != nil {
		return a, err
	}
	if a.Handle != "" {
		var owner int64
		err := tx.QueryRow(ctx, "SELECT official_id FROM accounts WHERE platform = $1 AND lower(handle) = lower($2)",
			string(a.Platform), a.Handle).Scan(&owner)
		if err == nil {
			return a, fmt.Errorf("add %s account %q: it is already on the watchlist (official %d): %w", a.Platform, a.Handle, owner, data.ErrInvalid)
		}
	}
	err = tx.QueryRow(ctx, "INSERT INTO accounts(official_id, platform, handle, url, active, muted) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		a.OfficialID, string(a.Platform), a.Handle, a.URL, a.Active, a.Muted).Scan(&a.ID)
	if err != nil {
		return a, fmt.Errorf("add %s account %q for official %d: %w", a.Platform, a.Handle, a.OfficialID, err)
	}
	return a, nil
}

// UpdateAccount saves an account's official, platform, handle, URL, active
// and muted fields. A handle another account on the platform has is refused.
func (s *Store) UpdateAccount(ctx context.Context, a data.Account) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := updateAccountTx(ctx, tx, a)
		return err
	})
}

func updateAccountTx(ctx context.Context, tx pgx.Tx, a data.Account) (data.Account, error) {
	a, err := data.PrepareAccountUpdate(a)
	if err != nil {
		return a, err
	}
	if a.Handle != "" {
		var other, owner int64
		err := tx.QueryRow(ctx, "SELECT id, official_id FROM accounts WHERE platform = $1 AND lower(handle) = lower($2) AND id <> $3",
			string(a.Platform), a.Handle, a.ID).Scan(&other, &owner)
		if err == nil {
			return a, fmt.Errorf("update account %d: %s handle %q already belongs to account %d (official %d); to join their histories run \"akimwatch accounts merge %d %d\": %w",
				a.ID, a.Platform, a.Handle, other, owner, other, a.ID, data.ErrInvalid)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return a, fmt.Errorf("update account %d: %w", a.ID, err)
		}
	}
	// A new handle is a new lookup: its resolved id and failing state
	// belonged to the old one.
	tag, err := tx.Exec(ctx, "UPDATE accounts SET "+
		"platform_id = CASE WHEN handle = $3 AND platform = $2 THEN platform_id ELSE '' END, "+
		"fail_kind = CASE WHEN handle = $3 THEN fail_kind ELSE '' END, "+
		"failing_since = CASE WHEN handle = $3 THEN failing_since ELSE NULL END, "+
		"fail_count = CASE WHEN handle = $3 THEN fail_count ELSE 0 END, "+
		"next_try = CASE WHEN handle = $3 THEN next_try ELSE NULL END, "+
		"official_id=$1, platform=$2, handle=$3, url=$4, active=$5, muted=$6 WHERE id=$7",
		a.OfficialID, string(a.Platform), a.Handle, a.URL, a.Active, a.Muted, a.ID)
	if err != nil {
		return a, fmt.Errorf("update account %d: %w", a.ID, err)
	}
	return a, mustAffect(tag, fmt.Sprintf("update account %d", a.ID))
}

// DeleteAccount removes an account with its snapshots and alerts and returns
// how many snapshots went with it.
func (s *Store) DeleteAccount(ctx context.Context, id int64) (snapshots int64, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM snapshots WHERE account_id = $1", id).Scan(&snapshots); err != nil {
			return fmt.Errorf("count snapshots of account %d: %w", id, err)
		}
		tag, err := tx.Exec(ctx, "DELETE FROM accounts WHERE id = $1", id)
		if err != nil {
			return fmt.Errorf("delete account %d: %w", id, err)
		}
		return mustAffect(tag, fmt.Sprintf("delete account %d", id))
	})
	return snapshots, err
}

// Account returns the account with the given ID.
func (s *Store) Account(ctx context.Context, id int64) (data.Account, error) {
	a, err := scanAccount(s.pool.QueryRow(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = $1", id))
	if err != nil {
		return a, notFound(err, fmt.Sprintf("account %d", id))
	}
	return a, nil
}

// Accounts lists accounts matching f, ordered by official, platform, ID.
func (s *Store) Accounts(ctx context.Context, f data.AccountFilter) ([]data.Account, error) {
	q := "SELECT " + accountCols + " FROM accounts WHERE true"
	var args []any
	if f.OfficialID != 0 {
		args = append(args, f.OfficialID)
		q += fmt.Sprintf(" AND official_id = $%d", len(args))
	}
	if f.Platform != "" {
		args = append(args, string(f.Platform))
		q += fmt.Sprintf(" AND platform = $%d", len(args))
	}
	if f.ActiveOnly {
		q += " AND active"
	}
	rows, err := s.pool.Query(ctx, q+` ORDER BY official_id, platform COLLATE "C", id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	out, err := collectAccounts(rows)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	return out, nil
}

// AddAccount adds an official's account on a platform without splitting its
// history: a single handle-less account of the official on the platform is
// given the handle instead (filled true). Several such accounts are
// refused with data.ErrAmbiguous naming them.
func (s *Store) AddAccount(ctx context.Context, a data.Account) (out data.Account, filled bool, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		blank, err := handleless(ctx, tx, a.OfficialID, a.Platform)
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
				a.Platform, a.Handle, a.OfficialID, len(blank), a.Platform, strings.Join(ids, ", "), data.NormalizeHandle(a.Handle), data.ErrAmbiguous)
		}
		b := blank[0]
		b.Handle, b.URL, b.Active = a.Handle, a.URL, a.Active
		out, err = updateAccountTx(ctx, tx, b)
		filled = true
		return err
	})
	return out, filled, err
}

// querier is what both the pool and a transaction offer for reading rows.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func handleless(ctx context.Context, q querier, officialID int64, p data.Platform) ([]data.Account, error) {
	rows, err := q.Query(ctx, "SELECT "+accountCols+" FROM accounts WHERE official_id = $1 AND platform = $2 AND handle = '' ORDER BY id",
		officialID, string(p))
	if err != nil {
		return nil, fmt.Errorf("list %s accounts of official %d without a handle: %w", p, officialID, err)
	}
	out, err := collectAccounts(rows)
	if err != nil {
		return nil, fmt.Errorf("list %s accounts of official %d without a handle: %w", p, officialID, err)
	}
	return out, nil
}

// HandlelessAccounts lists an official's accounts on platform that have no
// handle yet, oldest first.
func (s *Store) HandlelessAccounts(ctx context.Context, officialID int64, p data.Platform) ([]data.Account, error) {
	return handleless(ctx, s.pool, officialID, p)
}

// SetHandle gives account id a new handle ("" clears it) and, when active
// is not nil, sets whether it is refreshed. Its URL follows the handle.
func (s *Store) SetHandle(ctx context.Context, id int64, handle *string, active *bool) (data.Account, error) {
	var out data.Account
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		a, err := scanAccount(tx.QueryRow(ctx, "SELECT "+accountCols+" FROM accounts WHERE id = $1", id))
		if err != nil {
			return notFound(err, fmt.Sprintf("account %d", id))
		}
		if handle != nil && data.NormalizeHandle(*handle) != a.Handle {
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

// FailingAccounts lists the accounts whose last check failed, longest
// failing first, active or not.
func (s *Store) FailingAccounts(ctx context.Context) ([]data.Account, error) {
	rows, err := s.pool.Query(ctx, "SELECT "+accountCols+" FROM accounts WHERE fail_kind <> '' ORDER BY failing_since, id")
	if err != nil {
		return nil, fmt.Errorf("list failing accounts: %w", err)
	}
	out, err := collectAccounts(rows)
	if err != nil {
		return nil, fmt.Errorf("list failing accounts: %w", err)
	}
	return out, nil
}
