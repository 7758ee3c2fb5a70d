package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
)

// importBatch is how many readings one round trip to the server carries
// during an import: the server's latency is paid once per batch, not per
// row.
const importBatch = 1000

// Import adds every row of src in one transaction, as the file does: if
// any row is bad (src.Err is not nil) or cannot be stored, or the server
// goes away part way, nothing is kept. Officials and accounts named in the
// rows are matched by the rules every engine shares (data.ImportResolver)
// and created when missing; note is written on new officials. A reading
// for an account and second already stored is replaced.
func (s *Store) Import(ctx context.Context, src data.RowSource, note string) (data.ImportStats, error) {
	var stats data.ImportStats
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		res, err := data.NewImportResolver(ctx, importTx{tx}, note)
		if err != nil {
			return err
		}
		var snaps []data.Snapshot
		var lines []int
		flush := func() error {
			if len(snaps) == 0 {
				return nil
			}
			b := &pgx.Batch{}
			queueSnapshots(b, snaps)
			err := sendBatch(ctx, tx, b, func(i int) string {
				return fmt.Sprintf("line %d: save reading of account %d at %s", lines[i], snaps[i].AccountID, snaps[i].Time.UTC().Format(time.RFC3339))
			})
			snaps, lines = snaps[:0], lines[:0]
			return err
		}
		rows := 0
		for src.Next() {
			r := src.Row()
			id, err := res.AccountID(ctx, r)
			if err != nil {
				return fmt.Errorf("line %d: %w", r.Line, err)
			}
			r.Snapshot.AccountID = id
			if err := r.Snapshot.Validate(); err != nil {
				return fmt.Errorf("line %d: %w", r.Line, err)
			}
			snaps, lines = append(snaps, r.Snapshot), append(lines, r.Line)
			rows++
			if len(snaps) == importBatch {
				if err := flush(); err != nil {
					return err
				}
				if ctx.Err() != nil {
					return fmt.Errorf("import cancelled after %d rows: %w", rows, ctx.Err())
				}
			}
		}
		if err := src.Err(); err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
		stats = res.Stats()
		stats.Rows = rows
		return nil
	})
	if err != nil {
		return data.ImportStats{}, fmt.Errorf("import into %s: nothing was saved: %w", s.where, err)
	}
	return stats, nil
}

// importTx is an import's transaction as the shared name resolution sees it.
type importTx struct{ tx pgx.Tx }

func (t importTx) ImportNames(ctx context.Context) ([]data.Official, []data.Account, error) {
	rows, err := t.tx.Query(ctx, "SELECT id, name FROM officials")
	if err != nil {
		return nil, nil, fmt.Errorf("load officials: %w", err)
	}
	offs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (data.Official, error) {
		var o data.Official
		return o, r.Scan(&o.ID, &o.Name)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("load officials: %w", err)
	}
	rows, err = t.tx.Query(ctx, "SELECT id, official_id, platform, handle FROM accounts")
	if err != nil {
		return nil, nil, fmt.Errorf("load accounts: %w", err)
	}
	accs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (data.Account, error) {
		var a data.Account
		var p string
		err := r.Scan(&a.ID, &a.OfficialID, &p, &a.Handle)
		a.Platform = data.Platform(p)
		return a, err
	})
	if err != nil {
		return nil, nil, fmt.Errorf("load accounts: %w", err)
	}
	return offs, accs, nil
}

func (t importTx) CreateOfficial(ctx context.Context, o data.Official) (data.Official, error) {
	return createOfficialTx(ctx, t.tx, o)
}

func (t importTx) CreateAccount(ctx context.Context, a data.Account) (data.Account, error) {
	return createAccountTx(ctx, t.tx, a)
}

func (t importTx) HandlelessAccounts(ctx context.Context, officialID int64, p data.Platform) ([]data.Account, error) {
	return handleless(ctx, t.tx, officialID, p)
}

func (t importTx) UpdateAccount(ctx context.Context, a data.Account) (data.Account, error) {
	return updateAccountTx(ctx, t.tx, a)
}
