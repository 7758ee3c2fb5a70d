package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
)

// Meta returns the value stored under key, or "" when there is none.
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := s.pool.QueryRow(ctx, "SELECT value FROM meta WHERE key = $1", key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read meta %q: %w", key, err)
	}
	return v, nil
}

const setMetaSQL = "INSERT INTO meta(key, value) VALUES ($1, $2) ON CONFLICT(key) DO UPDATE SET value = excluded.value"

// SetMeta stores value under key.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, setMetaSQL, key, value); err != nil {
			return fmt.Errorf("write meta %q: %w", key, err)
		}
		return nil
	})
}

// IsDemo reports whether the database holds demo data.
func (s *Store) IsDemo(ctx context.Context) (bool, error) {
	v, err := s.Meta(ctx, data.MetaDemo)
	return v == "1", err
}

// ApplySeed adds the seed's officials, accounts and baseline snapshots (with
// source "article", the time marked approximate) in one transaction.
func (s *Store) ApplySeed(ctx context.Context, sd data.Seed) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, so := range sd.Officials {
			o, err := createOfficialTx(ctx, tx, data.Official{Name: so.Name, NameLatin: so.NameLatin,
				Position: so.Position, Level: so.Level, Region: so.Region, Notes: so.Notes})
			if err != nil {
				return fmt.Errorf("seed: %w", err)
			}
			for _, sa := range so.Accounts {
				a, err := createAccountTx(ctx, tx, data.Account{OfficialID: o.ID, Platform: sa.Platform, Handle: sa.Handle, Active: !sa.Inactive})
				if err != nil {
					return fmt.Errorf("seed: %w", err)
				}
				if sa.Followers == 0 {
					continue
				}
				flags := data.FlagApproxTime
				if sa.LowerBound {
					flags |= data.FlagLowerBound
				}
				if sa.Approx {
					flags |= data.FlagApproxCount
				}
				sn := data.Snapshot{AccountID: a.ID, Time: sd.Time, Followers: sa.Followers, Source: data.SourceArticle, Flags: flags}
				if _, err := tx.Exec(ctx, upsertSnapshotSQL, snapshotArgs(sn)...); err != nil {
					return fmt.Errorf("seed: save snapshot of account %d: %w", a.ID, err)
				}
			}
		}
		if _, err := tx.Exec(ctx, setMetaSQL, data.MetaSeed, sd.Name); err != nil {
			return fmt.Errorf("seed: record seed name: %w", err)
		}
		return nil
	})
}

// errServerSide is what the file-only operations say on a team database.
var errServerSide = fmt.Errorf("a team database is backed up on its server (pg_dump, or the server's own backups), not by akimwatch: %w", errors.ErrUnsupported)

// Backup refuses: a team database is backed up on its server.
func (s *Store) Backup(ctx context.Context, dest string) error {
	return fmt.Errorf("back up %s to %s: %w", s.where, dest, errServerSide)
}

// BackupNow refuses: a team database is backed up on its server.
func (s *Store) BackupNow(ctx context.Context, now time.Time) (string, error) {
	return "", fmt.Errorf("back up %s: %w", s.where, errServerSide)
}

// AutoBackup does nothing and returns "": the server keeps the backups of
// a team database, and many apps share it.
func (s *Store) AutoBackup(ctx context.Context, now time.Time) (string, error) { return "", nil }

// ReleaseMemory does nothing: the server holds the caches.
func (s *Store) ReleaseMemory(ctx context.Context) error { return nil }

// ChangeMark tells this process's writes from other processes' since an
// earlier mark, from the change_marks rows every write transaction adds to
// (migration 0003): Others sums other processes' write transactions,
// Writes this Store's. A read-only store writes nothing and returns
// data.ErrReadOnly, as on SQLite.
func (s *Store) ChangeMark(ctx context.Context) (data.ChangeMark, error) {
	if s.readOnly {
		return data.ChangeMark{}, fmt.Errorf("change mark of %s: %w", s.where, data.ErrReadOnly)
	}
	var others, own int64
	err := s.pool.QueryRow(ctx, `SELECT coalesce(sum(writes) FILTER (WHERE origin <> $1), 0)::bigint,
 coalesce(sum(writes) FILTER (WHERE origin = $1), 0)::bigint FROM change_marks`, s.origin).Scan(&others, &own)
	if err != nil {
		return data.ChangeMark{}, fmt.Errorf("change mark of %s: %w", s.where, err)
	}
	return data.ChangeMark{Others: others, Writes: uint64(own)}, nil
}
