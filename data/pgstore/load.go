package pgstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
)

var _ data.Loader = (*Store)(nil)

// Load writes a whole dump into the team database in one transaction
// (akimwatch copy): all of it or, on any error, none of it. The readings go
// through COPY. Without opts.Merge the database must hold no official and
// every ID is kept; with it the dump is matched into what is there.
func (s *Store) Load(ctx context.Context, d data.Dump, opts data.LoadOptions) (data.LoadStats, error) {
	var st data.LoadStats
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var n int64
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM officials").Scan(&n); err != nil {
			return fmt.Errorf("count officials: %w", err)
		}
		if n > 0 && !opts.Merge {
			return fmt.Errorf("%s holds %d officials: %w; copy into an empty database, or add --merge to merge into it", s.where, n, data.ErrNotEmpty)
		}
		m, err := loadWatchlist(ctx, tx, d, opts.Merge, &st)
		if err != nil {
			return err
		}
		if st.Snapshots, err = copySnapshots(ctx, tx, d, m, opts); err != nil {
			return err
		}
		if err := loadAlerts(ctx, tx, d, m, opts.Merge, &st); err != nil {
			return err
		}
		// Explicit IDs leave the identity sequences behind: move them on.
		for _, t := range []string{"officials", "accounts", "alerts"} {
			if _, err := tx.Exec(ctx, fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), coalesce(max(id), 0) + 1, false) FROM %[1]s", t)); err != nil {
				return fmt.Errorf("move the %s ID sequence: %w", t, err)
			}
		}
		return nil
	})
	if err != nil {
		return data.LoadStats{}, fmt.Errorf("nothing was copied into %s: %w", s.where, err)
	}
	return st, nil
}

func loadWatchlist(ctx context.Context, tx pgx.Tx, d data.Dump, merge bool, st *data.LoadStats) (data.Mapper, error) {
	m := data.Mapper{Officials: map[int64]int64{}, Accounts: map[int64]int64{}}
	byName := map[string]int64{}
	byKey := map[string]int64{}
	if merge {
		rows, _ := tx.Query(ctx, "SELECT id, name FROM officials ORDER BY id")
		var id int64
		var name string
		if _, err := pgx.ForEachRow(rows, []any{&id, &name}, func() error {
			if _, dup := byName[name]; !dup {
				byName[name] = id
			}
			return nil
		}); err != nil {
			return m, fmt.Errorf("read officials: %w", err)
		}
		rows, _ = tx.Query(ctx, "SELECT id, official_id, platform, handle FROM accounts ORDER BY id")
		var off int64
		var plat, h string
		if _, err := pgx.ForEachRow(rows, []any{&id, &off, &plat, &h}, func() error {
			if k := data.AccountKey(off, data.Platform(plat), h); byKey[k] == 0 {
				byKey[k] = id
			}
			return nil
		}); err != nil {
			return m, fmt.Errorf("read accounts: %w", err)
		}
	}
	const offCols = "name, name_latin, position, level, region, notes"
	for _, o := range d.Officials {
		if id, ok := byName[o.Name]; ok {
			m.Officials[o.ID] = id
			st.MatchedOfficials++
			continue
		}
		args := []any{o.Name, o.NameLatin, string(o.Position), string(o.Level), string(o.Region), o.Notes}
		q := "INSERT INTO officials(" + offCols + ") VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"
		if !merge {
			q = "INSERT INTO officials(" + offCols + ", id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id"
			args = append(args, o.ID)
		}
		var id int64
		if err := tx.QueryRow(ctx, q, args...).Scan(&id); err != nil {
			return m, fmt.Errorf("copy official %q: %w", o.Name, err)
		}
		m.Officials[o.ID] = id
		st.Officials++
	}
	const accCols = "official_id, platform, handle, url, active, last_check, last_error, muted, muted_until, fail_kind, failing_since, fail_count, next_try, platform_id, metric"
	for _, a := range d.Accounts {
		off, ok := m.Officials[a.OfficialID]
		if !ok {
			return m, fmt.Errorf("account %d belongs to official %d, which the source does not list: %w", a.ID, a.OfficialID, data.ErrInvalid)
		}
		key := data.AccountKey(off, a.Platform, a.Handle)
		if id := byKey[key]; id != 0 {
			m.Accounts[a.ID] = id
			st.MatchedAccounts++
			continue
		}
		args := []any{off, string(a.Platform), a.Handle, a.URL, a.Active, unixOrNil(a.LastCheck), a.LastError, a.Muted, unixOrNil(a.MutedUntil),
			string(a.FailKind), unixOrNil(a.FailingSince), a.FailCount, unixOrNil(a.NextTry), a.PlatformID, string(a.Metric)}
		q := "INSERT INTO accounts(" + accCols + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id"
		if !merge {
			q = "INSERT INTO accounts(" + accCols + ", id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id"
			args = append(args, a.ID)
		}
		var id int64
		if err := tx.QueryRow(ctx, q, args...).Scan(&id); err != nil {
			return m, fmt.Errorf("copy %s account %q: %w", a.Platform, a.Handle, err)
		}
		m.Accounts[a.ID] = id
		if merge {
			byKey[key] = id
		}
		st.Accounts++
	}
	return m, nil
}

// errStopped ends the source's stream when the COPY has failed.
var errStopped = errors.New("copy stopped")

// copySnapshots streams the dump's readings into the database with COPY:
// straight into snapshots for an empty database, through a temporary table
// and an upsert (a reading at the same second is the same reading) for a
// merge.
func copySnapshots(ctx context.Context, tx pgx.Tx, d data.Dump, m data.Mapper, opts data.LoadOptions) (n int64, err error) {
	table := "snapshots"
	if !opts.Merge {
		// Into an empty database, checking each reading's account on the
		// server (a foreign-key trigger per row) costs three quarters of the
		// copy: every account was just written and each reading's account
		// was mapped above. The constraint is dropped for the COPY and
		// added back after it, which checks every row in one join; in the
		// transaction, a failure puts it back. The key (with the figures
		// it covers, migration 0004) is built once after the COPY, sorted,
		// instead of row by row, which halves the copy again; a reading
		// twice in the source fails that build, and the copy with it. A
		// role that may not alter the table (not the owner) copies with
		// the checks on.
		var fast bool
		if fast, err = dropAccountCheck(ctx, tx); err != nil {
			return 0, err
		}
		if fast {
			defer func() {
				if err == nil {
					if _, aerr := tx.Exec(ctx, "SET LOCAL maintenance_work_mem = '"+keyBuildMemory+"'"); aerr != nil {
						n, err = 0, fmt.Errorf("index the copied readings: %w", aerr)
					} else if _, aerr := tx.Exec(ctx, addKeySQL+", "+addAccountCheckSQL); aerr != nil {
						n, err = 0, fmt.Errorf("index the copied readings and check their accounts (a reading twice, or of an unknown account): %w", aerr)
					}
				}
			}()
		}
	}
	if opts.Merge {
		table = "load_snapshots"
		if _, err := tx.Exec(ctx, "CREATE TEMPORARY TABLE load_snapshots (LIKE snapshots INCLUDING DEFAULTS) ON COMMIT DROP"); err != nil {
			return 0, fmt.Errorf("make the load table: %w", err)
		}
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	rows := make(chan []any, 1024)
	srcErr := make(chan error, 1)
	pr := data.NewProgressor(opts.Progress, d.Snapshots)
	go func() {
		defer close(rows)
		srcErr <- d.EachSnapshot(sctx, func(sn data.Snapshot) error {
			id, ok := m.Accounts[sn.AccountID]
			if !ok {
				return fmt.Errorf("reading of account %d, which the source does not list: %w", sn.AccountID, data.ErrInvalid)
			}
			sn.AccountID = id
			select {
			case rows <- snapshotArgs(sn):
				return nil
			case <-sctx.Done():
				return errStopped
			}
		})
	}()
	cols := []string{"account_id", "ts", "followers", "following", "posts", "likes", "views", "source", "flags"}
	n, err = tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		r, ok := <-rows
		if !ok {
			return nil, nil
		}
		pr.Add()
		return r, nil
	}))
	stop()
	for range rows { // let the reader finish
	}
	if serr := <-srcErr; serr != nil && !errors.Is(serr, errStopped) {
		return 0, fmt.Errorf("read the source's readings: %w", serr)
	}
	if err != nil {
		return 0, fmt.Errorf("copy readings: %w", err)
	}
	pr.Done()
	if opts.Merge {
		if _, err := tx.Exec(ctx, `INSERT INTO snapshots SELECT * FROM load_snapshots
ON CONFLICT(account_id, ts) DO UPDATE SET followers=excluded.followers, following=excluded.following,
posts=excluded.posts, likes=excluded.likes, views=excluded.views, source=excluded.source, flags=excluded.flags`); err != nil {
			return 0, fmt.Errorf("merge readings: %w", err)
		}
	}
	return n, nil
}

// addKeySQL puts back the readings' key as migration 0004 defines it;
// addAccountCheckSQL their foreign key (migration 0001). They are one ALTER
// TABLE together.
const (
	addKeySQL          = "ALTER TABLE snapshots ADD CONSTRAINT snapshots_pkey PRIMARY KEY (account_id, ts) INCLUDE (followers, posts, source, flags)"
	addAccountCheckSQL = "ADD CONSTRAINT snapshots_account_fk FOREIGN KEY (account_id) REFERENCES accounts(id) ON DELETE CASCADE"
)

// keyBuildMemory is the sort memory for building the readings' key after a
// copy (the server's default, 64 MB, sorts 16.5 M keys on disk): one
// session, once, during a move of the whole database.
const keyBuildMemory = "256MB"

// dropAccountCheck drops the readings' foreign key and key for a bulk copy,
// in a savepoint, and reports whether it could.
func dropAccountCheck(ctx context.Context, tx pgx.Tx) (bool, error) {
	sp, err := tx.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("copy readings: %w", err)
	}
	if _, err := sp.Exec(ctx, "ALTER TABLE snapshots DROP CONSTRAINT snapshots_account_fk, DROP CONSTRAINT snapshots_pkey"); err != nil {
		if rerr := sp.Rollback(ctx); rerr != nil {
			return false, fmt.Errorf("copy readings: %w", rerr)
		}
		return false, nil
	}
	if err := sp.Commit(ctx); err != nil {
		return false, fmt.Errorf("copy readings: %w", err)
	}
	return true, nil
}

func loadAlerts(ctx context.Context, tx pgx.Tx, d data.Dump, m data.Mapper, merge bool, st *data.LoadStats) error {
	const cols = "account_id, ts, kind, size, pct, score, detail, acknowledged, acknowledged_by, acknowledged_at"
	for _, a := range d.Alerts {
		args := []any{m.Accounts[a.AccountID], a.Time.UTC().Unix(), string(a.Kind), a.Size, a.Pct, a.Score, a.Detail, a.Acknowledged, a.AcknowledgedBy, unixOrNil(a.AcknowledgedAt)}
		q := "INSERT INTO alerts(" + cols + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT(account_id, ts, kind) DO NOTHING"
		if !merge {
			q = "INSERT INTO alerts(" + cols + ", id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT(account_id, ts, kind) DO NOTHING"
			args = append(args, a.ID)
		}
		tag, err := tx.Exec(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("copy %s alert of account %d: %w", a.Kind, a.AccountID, err)
		}
		st.Alerts += tag.RowsAffected()
	}
	for _, ds := range d.States {
		if _, err := tx.Exec(ctx, "INSERT INTO detector_state(account_id, sensitivity, state) VALUES ($1, $2, $3) ON CONFLICT(account_id) DO NOTHING",
			m.Accounts[ds.AccountID], ds.Sensitivity, ds.State); err != nil {
			return fmt.Errorf("copy detector state of account %d: %w", ds.AccountID, err)
		}
	}
	for k, v := range d.Meta {
		if _, err := tx.Exec(ctx, setMetaSQL, k, v); err != nil {
			return fmt.Errorf("copy meta %q: %w", k, err)
		}
	}
	return nil
}
