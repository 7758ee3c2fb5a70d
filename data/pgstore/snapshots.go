package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
)

const snapshotCols = "account_id, ts, followers, following, posts, likes, views, source, flags"

const upsertSnapshotSQL = `INSERT INTO snapshots(` + snapshotCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT(account_id, ts) DO UPDATE SET followers=excluded.followers, following=excluded.following,
posts=excluded.posts, likes=excluded.likes, views=excluded.views, source=excluded.source, flags=excluded.flags`

func scanSnapshot(row pgx.Row) (data.Snapshot, error) {
	var s data.Snapshot
	var ts int64
	var src, flags int64
	err := row.Scan(&s.AccountID, &ts, &s.Followers, &s.Following, &s.Posts, &s.Likes, &s.Views, &src, &flags)
	s.Time, s.Source, s.Flags = time.Unix(ts, 0).UTC(), data.Source(src), data.Flags(flags)
	return s, err
}

func collectSnapshots(rows pgx.Rows) ([]data.Snapshot, error) {
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (data.Snapshot, error) { return scanSnapshot(r) })
}

func snapshotArgs(s data.Snapshot) []any {
	return []any{s.AccountID, s.Time.UTC().Unix(), s.Followers, s.Following, s.Posts, s.Likes, s.Views, int64(s.Source), int64(s.Flags)}
}

// queueSnapshots adds one upsert per snapshot to b.
func queueSnapshots(b *pgx.Batch, snaps []data.Snapshot) {
	for _, sn := range snaps {
		b.Queue(upsertSnapshotSQL, snapshotArgs(sn)...)
	}
}

// sendBatch runs b in tx and names the first snapshot that failed.
func sendBatch(ctx context.Context, tx pgx.Tx, b *pgx.Batch, what func(i int) string) error {
	br := tx.SendBatch(ctx, b)
	for i := range b.Len() {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return fmt.Errorf("%s: %w", what(i), err)
		}
	}
	return br.Close()
}

// AddSnapshots validates and stores snaps in one transaction: all or none.
// A snapshot for an account and second already stored is replaced.
func (s *Store) AddSnapshots(ctx context.Context, snaps []data.Snapshot) error {
	for i := range snaps {
		if err := snaps[i].Validate(); err != nil {
			return fmt.Errorf("add snapshot %d of %d: %w", i+1, len(snaps), err)
		}
	}
	if len(snaps) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		queueSnapshots(b, snaps)
		return sendBatch(ctx, tx, b, func(i int) string {
			return fmt.Sprintf("save snapshot of account %d at %s", snaps[i].AccountID, snaps[i].Time.UTC().Format(time.RFC3339))
		})
	})
}

// Series returns one account's snapshots with from <= time < to, oldest
// first. A zero from or to leaves that end open.
func (s *Store) Series(ctx context.Context, accountID int64, from, to time.Time) ([]data.Snapshot, error) {
	lo, hi := int64(-1<<62), int64(1<<62)
	if !from.IsZero() {
		lo = from.Unix()
	}
	if !to.IsZero() {
		hi = to.Unix()
	}
	rows, err := s.pool.Query(ctx, "SELECT "+snapshotCols+" FROM snapshots WHERE account_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts",
		accountID, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("series of account %d: %w", accountID, err)
	}
	out, err := collectSnapshots(rows)
	if err != nil {
		return nil, fmt.Errorf("series of account %d: %w", accountID, err)
	}
	if out == nil {
		out = []data.Snapshot{}
	}
	return out, nil
}

// Latest returns the newest snapshot of every account that has one, ordered
// by account ID.
func (s *Store) Latest(ctx context.Context) ([]data.Snapshot, error) {
	return s.latest(ctx, "latest snapshots", int64(1<<62))
}

// LatestAt returns, for every account with one, the newest snapshot at or
// before t, ordered by account ID.
func (s *Store) LatestAt(ctx context.Context, t time.Time) ([]data.Snapshot, error) {
	return s.latest(ctx, "snapshots at "+t.Format(time.RFC3339), t.Unix())
}

func (s *Store) latest(ctx context.Context, what string, at int64) ([]data.Snapshot, error) {
	rows, err := s.pool.Query(ctx, `SELECT s.account_id, s.ts, s.followers, s.following, s.posts, s.likes, s.views, s.source, s.flags
FROM accounts a CROSS JOIN LATERAL (SELECT * FROM snapshots WHERE account_id = a.id AND ts <= $1 ORDER BY ts DESC LIMIT 1) s
ORDER BY a.id`, at)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	out, err := collectSnapshots(rows)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// SnapshotCount returns how many snapshots are stored (for one account, or
// for all when accountID is 0).
func (s *Store) SnapshotCount(ctx context.Context, accountID int64) (int64, error) {
	var n int64
	var err error
	if accountID == 0 {
		err = s.pool.QueryRow(ctx, "SELECT count(*) FROM snapshots").Scan(&n)
	} else {
		err = s.pool.QueryRow(ctx, "SELECT count(*) FROM snapshots WHERE account_id = $1", accountID).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("count snapshots: %w", err)
	}
	return n, nil
}

// EachSnapshot calls fn for every snapshot, ordered by account and time,
// streaming rows from the server. It stops at the first error fn returns.
func (s *Store) EachSnapshot(ctx context.Context, fn func(data.Snapshot) error) error {
	rows, err := s.pool.Query(ctx, "SELECT "+snapshotCols+" FROM snapshots ORDER BY account_id, ts")
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

// RecordCheck writes one account's refresh outcome in one transaction.
func (s *Store) RecordCheck(ctx context.Context, r data.CheckResult) error {
	return s.RecordChecks(ctx, []data.CheckResult{r})
}

// RecordChecks writes a batch of refresh outcomes in one transaction: each
// account ends with its whole new snapshot and status, or none of it.
func (s *Store) RecordChecks(ctx context.Context, rs []data.CheckResult) error {
	for _, r := range rs {
		if r.Snapshot != nil {
			if err := r.Snapshot.Validate(); err != nil {
				return fmt.Errorf("record check of account %d: %w", r.AccountID, err)
			}
		}
		if !r.Fail.Valid() {
			return fmt.Errorf("record check of account %d: unknown failure kind %q: %w", r.AccountID, r.Fail, data.ErrInvalid)
		}
		if _, err := data.ParseMetric(string(r.Metric)); err != nil {
			return fmt.Errorf("record check of account %d: %w", r.AccountID, err)
		}
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, r := range rs {
			if r.Snapshot != nil {
				if _, err := tx.Exec(ctx, upsertSnapshotSQL, snapshotArgs(*r.Snapshot)...); err != nil {
					return fmt.Errorf("save snapshot of account %d: %w", r.AccountID, err)
				}
			}
			if err := recordHealth(ctx, tx, r); err != nil {
				return fmt.Errorf("record check of account %d: %w", r.AccountID, err)
			}
		}
		return nil
	})
}

// keepResolved keeps the resolved platform id and metric unless the check
// brought new ones ($1, $2).
const keepResolved = "platform_id = CASE WHEN $1::text <> '' THEN $1::text ELSE platform_id END, metric = CASE WHEN $2::text <> '' THEN $2::text ELSE metric END"

// recordHealth updates the account's last check, error, health, resolved
// id and metric from one outcome.
func recordHealth(ctx context.Context, tx pgx.Tx, r data.CheckResult) error {
	at := r.At.UTC()
	if r.Err == "" && r.Snapshot != nil {
		tag, err := tx.Exec(ctx, "UPDATE accounts SET last_check = $3, last_error = '', fail_kind = '', failing_since = NULL, "+
			"fail_count = 0, next_try = NULL, "+keepResolved+" WHERE id = $4", r.PlatformID, string(r.Metric), at.Unix(), r.AccountID)
		if err != nil {
			return err
		}
		return mustAffect(tag, "update account")
	}
	kind := r.Fail
	if kind == data.FailNone {
		kind = data.FailOther
	}
	msg := r.Err
	if msg == "" {
		msg = "no counts and no error"
	}
	var prevKind string
	var prevSince *int64
	var prevCount int
	err := tx.QueryRow(ctx, "SELECT fail_kind, failing_since, fail_count FROM accounts WHERE id = $1 FOR UPDATE", r.AccountID).
		Scan(&prevKind, &prevSince, &prevCount)
	if err != nil {
		return notFound(err, fmt.Sprintf("account %d", r.AccountID))
	}
	since, count := at, 1
	if data.FailKind(prevKind) == kind && prevSince != nil {
		since, count = time.Unix(*prevSince, 0).UTC(), prevCount+1
	}
	var next any
	if d := data.RetryDelay(kind, count, since, at); d > 0 {
		next = at.Add(d).Unix()
	}
	_, err = tx.Exec(ctx, "UPDATE accounts SET last_check = $3, last_error = $4, fail_kind = $5, failing_since = $6, "+
		"fail_count = $7, next_try = $8, "+keepResolved+" WHERE id = $9",
		r.PlatformID, string(r.Metric), at.Unix(), msg, string(kind), since.Unix(), count, next, r.AccountID)
	return err
}
