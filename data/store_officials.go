package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
)

const officialCols = "id, name, name_latin, position, level, region, notes"

func scanOfficial(sc interface{ Scan(...any) error }) (Official, error) {
	var o Official
	var pos, lvl, reg string
	err := sc.Scan(&o.ID, &o.Name, &o.NameLatin, &pos, &lvl, &reg, &o.Notes)
	o.Position, o.Level, o.Region = Position(pos), Level(lvl), Region(reg)
	return o, err
}

// CreateOfficial validates o, fills NameLatin from Name when empty, stores it
// and returns it with its new ID.
func (s *SQLiteStore) CreateOfficial(ctx context.Context, o Official) (Official, error) {
	var out Official
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = createOfficialTx(ctx, tx, o)
		return err
	})
	return out, err
}

// PrepareOfficial checks a new official and fills what the store derives
// (the trimmed name, NameLatin from Name): every engine stores what it
// returns.
func PrepareOfficial(o Official) (Official, error) {
	o.Name = strings.TrimSpace(o.Name)
	if err := o.Validate(); err != nil {
		return o, fmt.Errorf("add official %q: %w", o.Name, err)
	}
	if o.NameLatin == "" {
		o.NameLatin = Transliterate(o.Name)
	}
	return o, nil
}

func createOfficialTx(ctx context.Context, tx *sql.Tx, o Official) (Official, error) {
	o, err := PrepareOfficial(o)
	if err != nil {
		return o, err
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO officials(name, name_latin, position, level, region, notes) VALUES (?, ?, ?, ?, ?, ?)",
		o.Name, o.NameLatin, string(o.Position), string(o.Level), string(o.Region), o.Notes)
	if err != nil {
		return o, fmt.Errorf("add official %q: %w", o.Name, err)
	}
	o.ID, err = res.LastInsertId()
	return o, err
}

// UpdateOfficial saves the edited fields of an existing official.
func (s *SQLiteStore) UpdateOfficial(ctx context.Context, o Official) error {
	if err := o.Validate(); err != nil {
		return fmt.Errorf("update official %d: %w", o.ID, err)
	}
	if o.NameLatin == "" {
		o.NameLatin = Transliterate(o.Name)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE officials SET name=?, name_latin=?, position=?, level=?, region=?, notes=? WHERE id=?",
			o.Name, o.NameLatin, string(o.Position), string(o.Level), string(o.Region), o.Notes, o.ID)
		if err != nil {
			return fmt.Errorf("update official %d: %w", o.ID, err)
		}
		return mustAffect(res, fmt.Sprintf("update official %d", o.ID))
	})
}

// DeleteOfficial removes an official with all their accounts, snapshots and
// alerts, and returns how many snapshots went with them.
func (s *SQLiteStore) DeleteOfficial(ctx context.Context, id int64) (snapshots int64, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM snapshots WHERE account_id IN
			(SELECT id FROM accounts WHERE official_id = ?)`, id).Scan(&snapshots); err != nil {
			return fmt.Errorf("count snapshots of official %d: %w", id, err)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM officials WHERE id = ?", id)
		if err != nil {
			return fmt.Errorf("delete official %d: %w", id, err)
		}
		return mustAffect(res, fmt.Sprintf("delete official %d", id))
	})
	return snapshots, err
}

// Official returns the official with the given ID.
func (s *SQLiteStore) Official(ctx context.Context, id int64) (Official, error) {
	o, err := scanOfficial(s.r.QueryRowContext(ctx, "SELECT "+officialCols+" FROM officials WHERE id = ?", id))
	if err != nil {
		return o, notFound(err, fmt.Sprintf("official %d", id))
	}
	return o, nil
}

// Officials lists every official, ordered by name.
func (s *SQLiteStore) Officials(ctx context.Context) ([]Official, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+officialCols+" FROM officials ORDER BY name COLLATE NOCASE, id")
	if err != nil {
		return nil, fmt.Errorf("list officials: %w", err)
	}
	defer rows.Close()
	var out []Official
	for rows.Next() {
		o, err := scanOfficial(rows)
		if err != nil {
			return nil, fmt.Errorf("list officials: %w", err)
		}
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list officials: %w", err)
	}
	return out, nil
}

// FindOfficial resolves what a user typed: a numeric ID, or a name in
// Cyrillic or Latin (whole name, or one word of it such as a surname). It
// returns ErrNotFound when nothing matches and ErrAmbiguous when several do.
func (s *SQLiteStore) FindOfficial(ctx context.Context, idOrName string) (Official, error) {
	q := strings.TrimSpace(idOrName)
	if id, err := strconv.ParseInt(q, 10, 64); err == nil {
		return s.Official(ctx, id)
	}
	all, err := s.Officials(ctx)
	if err != nil {
		return Official{}, err
	}
	return MatchOfficial(all, q)
}

// MatchOfficial resolves what a user typed (a name in Cyrillic or Latin,
// whole or one word of it) among all officials, preferring a whole-name
// match; every engine's FindOfficial ends here.
func MatchOfficial(all []Official, q string) (Official, error) {
	key := FoldForSearch(q)
	var exact, word []Official
	for _, o := range all {
		names := []string{FoldForSearch(o.Name), strings.ToLower(o.NameLatin)}
		for _, n := range names {
			if n == key {
				exact = append(exact, o)
				break
			}
			if containsWord(n, key) {
				word = append(word, o)
				break
			}
		}
	}
	for _, set := range [][]Official{exact, word} {
		switch len(set) {
		case 0:
			continue
		case 1:
			return set[0], nil
		default:
			names := make([]string, len(set))
			for i, o := range set {
				names[i] = fmt.Sprintf("%d %s", o.ID, o.Name)
			}
			return Official{}, fmt.Errorf("official %q matches %d officials (%s); give the ID instead: %w",
				q, len(set), strings.Join(names, "; "), ErrAmbiguous)
		}
	}
	return Official{}, fmt.Errorf("official %q: %w (run \"akimwatch officials list\")", q, ErrNotFound)
}

func containsWord(s, w string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' }) {
		if f == w {
			return true
		}
	}
	return false
}

// mustAffect turns "no row changed" into ErrNotFound.
func mustAffect(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}
