package data

import (
	"context"
	"database/sql"
	"fmt"
)

// Load writes a whole dump into the file in one transaction (akimwatch
// copy): all of it, or on any error none of it. Without opts.Merge the
// file must hold no official, and every ID is kept, so a copy reads back
// the same; with it, the dump is matched into what is there.
func (s *SQLiteStore) Load(ctx context.Context, d Dump, opts LoadOptions) (LoadStats, error) {
	var st LoadStats
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int64
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM officials").Scan(&n); err != nil {
			return fmt.Errorf("count officials: %w", err)
		}
		if n > 0 && !opts.Merge {
			return fmt.Errorf("%s holds %d officials: %w; copy into a new file, or add --merge to merge into it", s.path, n, ErrNotEmpty)
		}
		m, err := loadWatchlistTx(ctx, tx, d, opts.Merge, &st)
		if err != nil {
			return err
		}
		w, err := newBatchWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.close()
		pr := NewProgressor(opts.Progress, d.Snapshots)
		err = d.EachSnapshot(ctx, func(sn Snapshot) error {
			id, ok := m.Accounts[sn.AccountID]
			if !ok {
				return fmt.Errorf("reading of account %d, which the source does not list: %w", sn.AccountID, ErrInvalid)
			}
			sn.AccountID = id
			pr.Add()
			return w.add(ctx, 0, sn)
		})
		if err != nil {
			return fmt.Errorf("copy readings: %w", err)
		}
		if err := w.flush(ctx); err != nil {
			return err
		}
		st.Snapshots = pr.Done()
		return loadAlertsTx(ctx, tx, d, m, opts.Merge, &st)
	})
	if err != nil {
		return LoadStats{}, fmt.Errorf("nothing was copied into %s: %w", s.path, err)
	}
	return st, nil
}

// loadWatchlistTx writes the officials and accounts, keeping their IDs
// (merge false) or matching them (merge true), and returns the ID map.
func loadWatchlistTx(ctx context.Context, tx *sql.Tx, d Dump, merge bool, st *LoadStats) (Mapper, error) {
	m := Mapper{Officials: map[int64]int64{}, Accounts: map[int64]int64{}}
	byName := map[string]int64{}
	byKey := map[string]int64{}
	if merge {
		rows, err := tx.QueryContext(ctx, "SELECT id, name FROM officials ORDER BY id")
		if err != nil {
			return m, fmt.Errorf("read officials: %w", err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				rows.Close()
				return m, fmt.Errorf("read officials: %w", err)
			}
			if _, dup := byName[name]; !dup {
				byName[name] = id
			}
		}
		rows.Close()
		arows, err := tx.QueryContext(ctx, "SELECT id, official_id, platform, handle FROM accounts ORDER BY id")
		if err != nil {
			return m, fmt.Errorf("read accounts: %w", err)
		}
		for arows.Next() {
			var id, off int64
			var plat, h string
			if err := arows.Scan(&id, &off, &plat, &h); err != nil {
				arows.Close()
				return m, fmt.Errorf("read accounts: %w", err)
			}
			if k := AccountKey(off, Platform(plat), h); byKey[k] == 0 {
				byKey[k] = id
			}
		}
		arows.Close()
	}
	for _, o := range d.Officials {
		if id, ok := byName[o.Name]; ok {
			m.Officials[o.ID] = id
			st.MatchedOfficials++
			continue
		}
		var id any
		if !merge {
			id = o.ID
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO officials(id, name, name_latin, position, level, region, notes) VALUES (?, ?, ?, ?, ?, ?, ?)",
			id, o.Name, o.NameLatin, string(o.Position), string(o.Level), string(o.Region), o.Notes)
		if err != nil {
			return m, fmt.Errorf("copy official %q: %w", o.Name, err)
		}
		newID, err := res.LastInsertId()
		if err != nil {
			return m, fmt.Errorf("copy official %q: %w", o.Name, err)
		}
		m.Officials[o.ID] = newID
		st.Officials++
	}
	for _, a := range d.Accounts {
		off, ok := m.Officials[a.OfficialID]
		if !ok {
			return m, fmt.Errorf("account %d belongs to official %d, which the source does not list: %w", a.ID, a.OfficialID, ErrInvalid)
		}
		if id := byKey[AccountKey(off, a.Platform, a.Handle)]; id != 0 {
			m.Accounts[a.ID] = id
			st.MatchedAccounts++
			continue
		}
		var id any
		if !merge {
			id = a.ID
		}
		res, err := tx.ExecContext(ctx, "INSERT INTO accounts(id, "+accountCols[len("id, "):]+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			id, off, string(a.Platform), a.Handle, a.URL, a.Active, nullTime(a.LastCheck), a.LastError, a.Muted, nullTime(a.MutedUntil),
			string(a.FailKind), nullTime(a.FailingSince), a.FailCount, nullTime(a.NextTry), a.PlatformID, string(a.Metric))
		if err != nil {
			return m, fmt.Errorf("copy %s account %q: %w", a.Platform, a.Handle, err)
		}
		newID, err := res.LastInsertId()
		if err != nil {
			return m, fmt.Errorf("copy %s account %q: %w", a.Platform, a.Handle, err)
		}
		m.Accounts[a.ID] = newID
		if merge {
			byKey[AccountKey(off, a.Platform, a.Handle)] = newID
		}
		st.Accounts++
	}
	return m, nil
}

// loadAlertsTx writes the alerts, detector states and meta of the dump.
func loadAlertsTx(ctx context.Context, tx *sql.Tx, d Dump, m Mapper, merge bool, st *LoadStats) error {
	for _, a := range d.Alerts {
		var id any
		if !merge {
			id = a.ID // a copy into an empty file keeps the IDs
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO alerts(id, account_id, ts, kind, size, pct, score, detail, acknowledged)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(account_id, ts, kind) DO NOTHING`,
			id, m.Accounts[a.AccountID], a.Time.UTC().Unix(), string(a.Kind), a.Size, a.Pct, a.Score, a.Detail, a.Acknowledged)
		if err != nil {
			return fmt.Errorf("copy %s alert of account %d: %w", a.Kind, a.AccountID, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			st.Alerts++
		}
	}
	for _, ds := range d.States {
		if _, err := tx.ExecContext(ctx, "INSERT INTO detector_state(account_id, sensitivity, state) VALUES (?, ?, ?) ON CONFLICT(account_id) DO NOTHING",
			m.Accounts[ds.AccountID], ds.Sensitivity, ds.State); err != nil {
			return fmt.Errorf("copy detector state of account %d: %w", ds.AccountID, err)
		}
	}
	for k, v := range d.Meta {
		if _, err := tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", k, v); err != nil {
			return fmt.Errorf("copy meta %q: %w", k, err)
		}
	}
	return nil
}
