package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Seed is a starting watchlist: officials, their accounts and the follower
// figures a published source gave for them. New databases are filled from
// the seed in assets/.
type Seed struct {
	Name      string         `json:"name"`
	Source    string         `json:"source"`
	Time      time.Time      `json:"time"`
	TimeNote  string         `json:"time_note"`
	Officials []SeedOfficial `json:"officials"`
}

// SeedOfficial is one official of a Seed.
type SeedOfficial struct {
	Name      string        `json:"name"`
	NameLatin string        `json:"name_latin"`
	Position  Position      `json:"position"`
	Level     Level         `json:"level"`
	Region    Region        `json:"region"`
	Notes     string        `json:"notes"`
	Accounts  []SeedAccount `json:"accounts"`
}

// SeedAccount is one account of a SeedOfficial. Followers is 0 when the
// source gave no figure; Handle is empty when it named none.
type SeedAccount struct {
	Platform   Platform `json:"platform"`
	Handle     string   `json:"handle"`
	Followers  int64    `json:"followers"`
	LowerBound bool     `json:"lower_bound"` // the source said "more than"
	Approx     bool     `json:"approx"`      // the source said "about"
	Inactive   bool     `json:"inactive"`
}

// ParseSeed decodes a seed file and checks every official and account in it.
func ParseSeed(r io.Reader) (Seed, error) {
	var sd Seed
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sd); err != nil {
		return sd, fmt.Errorf("parse seed: %w", err)
	}
	if sd.Time.IsZero() {
		return sd, fmt.Errorf("parse seed %q: no time given: %w", sd.Name, ErrInvalid)
	}
	for i, o := range sd.Officials {
		off := Official{Name: o.Name, Position: o.Position, Level: o.Level, Region: o.Region}
		if err := off.Validate(); err != nil {
			return sd, fmt.Errorf("parse seed %q, official %d: %w", sd.Name, i+1, err)
		}
		for _, a := range o.Accounts {
			if !a.Platform.Valid() {
				return sd, fmt.Errorf("parse seed %q, official %q: unknown platform %q: %w", sd.Name, o.Name, a.Platform, ErrInvalid)
			}
			if a.Followers < 0 {
				return sd, fmt.Errorf("parse seed %q, official %q: negative followers: %w", sd.Name, o.Name, ErrInvalid)
			}
		}
	}
	return sd, nil
}

// ApplySeed adds the seed's officials, accounts and baseline snapshots (with
// source "article", the time marked approximate) in one transaction.
func (s *SQLiteStore) ApplySeed(ctx context.Context, sd Seed) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, so := range sd.Officials {
			o, err := createOfficialTx(ctx, tx, Official{Name: so.Name, NameLatin: so.NameLatin,
				Position: so.Position, Level: so.Level, Region: so.Region, Notes: so.Notes})
			if err != nil {
				return fmt.Errorf("seed: %w", err)
			}
			for _, sa := range so.Accounts {
				a, err := createAccountTx(ctx, tx, Account{OfficialID: o.ID, Platform: sa.Platform, Handle: sa.Handle, Active: !sa.Inactive})
				if err != nil {
					return fmt.Errorf("seed: %w", err)
				}
				if sa.Followers == 0 {
					continue
				}
				flags := FlagApproxTime
				if sa.LowerBound {
					flags |= FlagLowerBound
				}
				if sa.Approx {
					flags |= FlagApproxCount
				}
				sn := Snapshot{AccountID: a.ID, Time: sd.Time, Followers: sa.Followers, Source: SourceArticle, Flags: flags}
				if err := upsertSnapshot(ctx, tx, sn); err != nil {
					return fmt.Errorf("seed: %w", err)
				}
			}
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", MetaSeed, sd.Name)
		if err != nil {
			return fmt.Errorf("seed: record seed name: %w", err)
		}
		return nil
	})
}
