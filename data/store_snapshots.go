package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

const snapshotCols = "account_id, ts, followers, following, posts, likes, views, source, flags"

const upsertSnapshotSQL = `INSERT INTO snapshots(` + snapshotCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(account_id, ts) DO UPDATE SET followers=excluded.followers, following=excluded.following,
posts=excluded.posts, likes=excluded.likes, views=excluded.views, source=excluded.source, flags=excluded.flags`

func scanSnapshot(sc interface{ Scan(...any) error }) (Snapshot, error) {
	var s Snapshot
	var ts int64
	var following, posts, likes, views sql.NullInt64
	err := sc.Scan(&s.AccountID, &ts, &s.Followers, &following, &posts, &likes, &views, &s.Source, &s.Flags)
	s.Time = time.Unix(ts, 0).UTC()
	s.Following, s.Posts, s.Likes, s.Views = nullPtr(following), nullPtr(posts), nullPtr(likes), nullPtr(views)
	return s, err
}

func nullPtr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

func ptrArg(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func snapshotArgs(s Snapshot) []any {
	return []any{s.AccountID, s.Time.UTC().Unix(), s.Followers, ptrArg(s.Following), ptrArg(s.Posts),
		ptrArg(s.Likes), ptrArg(s.Views), s.Source, s.Flags}
}

// sqlExecer is what both *sql.Tx and *sql.Stmt-bound callers need.
type sqlExecer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func upsertSnapshot(ctx context.Context, ex sqlExecer, s Snapshot) error {
	if _, err := ex.ExecContext(ctx, upsertSnapshotSQL, snapshotArgs(s)...); err != nil {
		return fmt.Errorf("save snapshot of account %d at %s: %w", s.AccountID, s.Time.UTC().Format(time.RFC3339), err)
	}
	return nil
}

// AddSnapshots validates and stores snaps in one transaction: all or none.
// A snapshot for an account and second that is already stored replaces it,
// so adding the same snapshot twice leaves one row.
func (s *SQLiteStore) AddSnapshots(ctx context.Context, snaps []Snapshot) error {
	for i := range snaps {
		if err := snaps[i].Validate(); err != nil {
			return fmt.Errorf("add snapshot %d of %d: %w", i+1, len(snaps), err)
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, upsertSnapshotSQL)
		if err != nil {
			return fmt.Errorf("prepare snapshot insert: %w", err)
		}
		defer st.Close()
		for _, sn := range snaps {
			if _, err := st.ExecContext(ctx, snapshotArgs(sn)...); err != nil {
				return fmt.Errorf("save snapshot of account %d at %s: %w", sn.AccountID, sn.Time.UTC().Format(time.RFC3339), err)
			}
		}
		return nil
	})
}

// Series returns one account's snapshots with from <= time < to, oldest
// first. A zero from or to leaves that end open.
func (s *SQLiteStore) Series(ctx context.Context, accountID int64, from, to time.Time) ([]Snapshot, error) {
	lo, hi := int64(-1<<62), int64(1<<62)
	if !from.IsZero() {
		lo = from.Unix()
	}
	if !to.IsZero() {
		hi = to.Unix()
	}
	rows, err := s.r.QueryContext(ctx, "SELECT "+snapshotCols+" FROM snapshots WHERE account_id = ? AND ts >= ? AND ts < ? ORDER BY ts",
		accountID, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("series of account %d: %w", accountID, err)
	}
	defer rows.Close()
	out := make([]Snapshot, 0, 64)
	for rows.Next() {
		sn, err := scanSnapshot(rows)
		if err != nil {
			return nil, fmt.Errorf("series of account %d: %w", accountID, err)
		}
		out = append(out, sn)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("series of account %d: %w", accountID, err)
	}
	return out, nil
}

// Latest returns the newest snapshot of every account that has one, ordered
// by account ID. Each account costs one seek on the (account_id, ts) key.
func (s *SQLiteStore) Latest(ctx context.Context) ([]Snapshot, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT s.account_id, s.ts, s.followers, s.following, s.posts, s.likes, s.views, s.source, s.flags
FROM accounts a JOIN snapshots s ON s.account_id = a.id
 AND s.ts = (SELECT max(ts) FROM snapshots WHERE account_id = a.id)
ORDER BY a.id`)
	if err != nil {
		return nil, fmt.Errorf("latest snapshots: %w", err)
	}
	defer rows.Close()
	var out []Snapshot
	for rows.Next() {
		sn, err := scanSnapshot(rows)
		if err != nil {
			return nil, fmt.Errorf("latest snapshots: %w", err)
		}
		out = append(out, sn)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("latest snapshots: %w", err)
	}
	return out, nil
}

// LatestAt returns, for every account with one, the newest snapshot at or
// before t, ordered by account ID: "followers a week ago" for all accounts
// in one query, one seek per account.
func (s *SQLiteStore) LatestAt(ctx context.Context, t time.Time) ([]Snapshot, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT s.account_id, s.ts, s.followers, s.following, s.posts, s.likes, s.views, s.source, s.flags
FROM accounts a JOIN snapshots s ON s.account_id = a.id
 AND s.ts = (SELECT max(ts) FROM snapshots WHERE account_id = a.id AND ts <= ?)
ORDER BY a.id`, t.Unix())
	if err != nil {
		return nil, fmt.Errorf("snapshots at %s: %w", t.Format(time.RFC3339), err)
	}
	defer rows.Close()
	var out []Snapshot
	for rows.Next() {
		sn, err := scanSnapshot(rows)
		if err != nil {
			return nil, fmt.Errorf("snapshots at %s: %w", t.Format(time.RFC3339), err)
		}
		out = append(out, sn)
	}
	return out, rows.Err()
}

// SnapshotCount returns how many snapshots are stored (for one account, or
// for all when accountID is 0).
func (s *SQLiteStore) SnapshotCount(ctx context.Context, accountID int64) (int64, error) {
	var n int64
	var err error
	if accountID == 0 {
		err = s.r.QueryRowContext(ctx, "SELECT count(*) FROM snapshots").Scan(&n)
	} else {
		err = s.r.QueryRowContext(ctx, "SELECT count(*) FROM snapshots WHERE account_id = ?", accountID).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("count snapshots: %w", err)
	}
	return n, nil
}

// EachSnapshot calls fn for every snapshot, ordered by account and time,
// streaming from the database so memory stays flat on a large history. It
// stops at the first error fn returns.
func (s *SQLiteStore) EachSnapshot(ctx context.Context, fn func(Snapshot) error) error {
	rows, err := s.r.QueryContext(ctx, "SELECT "+snapshotCols+" FROM snapshots ORDER BY account_id, ts")
	if err != nil {
		return fmt.Errorf("read snapshots: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		sn, err := scanSnapshot(rows)
		if err != nil {
			return fmt.Errorf("read snapshots: %w", err)
		}
		if err := fn(sn); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read snapshots: %w", err)
	}
	return nil
}
