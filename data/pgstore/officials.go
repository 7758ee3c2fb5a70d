package pgstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"akimwatch/data"
)

const officialCols = "id, name, name_latin, position, level, region, notes"

func scanOfficial(row pgx.Row) (data.Official, error) {
	var o data.Official
	var pos, lvl, reg string
	err := row.Scan(&o.ID, &o.Name, &o.NameLatin, &pos, &lvl, &reg, &o.Notes)
	o.Position, o.Level, o.Region = data.Position(pos), data.Level(lvl), data.Region(reg)
	return o, err
}

// CreateOfficial validates o, fills NameLatin from Name when empty, stores it
// and returns it with its new ID.
func (s *Store) CreateOfficial(ctx context.Context, o data.Official) (data.Official, error) {
	var out data.Official
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = createOfficialTx(ctx, tx, o)
		return err
	})
	return out, err
}

func createOfficialTx(ctx context.Context, tx pgx.Tx, o data.Official) (data.Official, error) {
	o, err := data.PrepareOfficial(o)
	if err != nil {
		return o, err
	}
	err = tx.QueryRow(ctx, "INSERT INTO officials(name, name_latin, position, level, region, notes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		o.Name, o.NameLatin, string(o.Position), string(o.Level), string(o.Region), o.Notes).Scan(&o.ID)
	if err != nil {
		return o, fmt.Errorf("add official %q: %w", o.Name, err)
	}
	return o, nil
}

// UpdateOfficial saves the edited fields of an existing official.
func (s *Store) UpdateOfficial(ctx context.Context, o data.Official) error {
	if err := o.Validate(); err != nil {
		return fmt.Errorf("update official %d: %w", o.ID, err)
	}
	if o.NameLatin == "" {
		o.NameLatin = data.Transliterate(o.Name)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, "UPDATE officials SET name=$1, name_latin=$2, position=$3, level=$4, region=$5, notes=$6 WHERE id=$7",
			o.Name, o.NameLatin, string(o.Position), string(o.Level), string(o.Region), o.Notes, o.ID)
		if err != nil {
			return fmt.Errorf("update official %d: %w", o.ID, err)
		}
		return mustAffect(tag, fmt.Sprintf("update official %d", o.ID))
	})
}

// DeleteOfficial removes an official with all their accounts, snapshots and
// alerts, and returns how many snapshots went with them.
func (s *Store) DeleteOfficial(ctx context.Context, id int64) (snapshots int64, err error) {
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM snapshots WHERE account_id IN
			(SELECT id FROM accounts WHERE official_id = $1)`, id).Scan(&snapshots); err != nil {
			return fmt.Errorf("count snapshots of official %d: %w", id, err)
		}
		tag, err := tx.Exec(ctx, "DELETE FROM officials WHERE id = $1", id)
		if err != nil {
			return fmt.Errorf("delete official %d: %w", id, err)
		}
		return mustAffect(tag, fmt.Sprintf("delete official %d", id))
	})
	return snapshots, err
}

// Official returns the official with the given ID.
func (s *Store) Official(ctx context.Context, id int64) (data.Official, error) {
	o, err := scanOfficial(s.pool.QueryRow(ctx, "SELECT "+officialCols+" FROM officials WHERE id = $1", id))
	if err != nil {
		return o, notFound(err, fmt.Sprintf("official %d", id))
	}
	return o, nil
}

// Officials lists every official, ordered by name (case-insensitive), then ID.
func (s *Store) Officials(ctx context.Context) ([]data.Official, error) {
	rows, err := s.pool.Query(ctx, "SELECT "+officialCols+" FROM officials")
	if err != nil {
		return nil, fmt.Errorf("list officials: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (data.Official, error) { return scanOfficial(r) })
	if err != nil {
		return nil, fmt.Errorf("list officials: %w", err)
	}
	sortOfficials(out)
	return out, nil
}

// FindOfficial resolves what a user typed: a numeric ID, or a name in
// Cyrillic or Latin (whole name, or one word of it).
func (s *Store) FindOfficial(ctx context.Context, idOrName string) (data.Official, error) {
	q := strings.TrimSpace(idOrName)
	if id, err := strconv.ParseInt(q, 10, 64); err == nil {
		return s.Official(ctx, id)
	}
	all, err := s.Officials(ctx)
	if err != nil {
		return data.Official{}, err
	}
	return data.MatchOfficial(all, q)
}
