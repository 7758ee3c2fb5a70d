package data

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Level is the tier of local government an official works at.
type Level string

// The four tiers of akims in Kazakhstan.
const (
	LevelRegion   Level = "region"   // oblys (regional) akimat
	LevelCity     Level = "city"     // city of republican significance (Astana, Almaty, Shymkent)
	LevelDistrict Level = "district" // district, or city of regional significance
	LevelRural    Level = "rural"    // rural district (auyl okrug) or village
)

// Levels lists the levels from the top down.
var Levels = []Level{LevelRegion, LevelCity, LevelDistrict, LevelRural}

// ParseLevel accepts a level code.
func ParseLevel(s string) (Level, error) {
	k := Level(strings.ToLower(strings.TrimSpace(s)))
	for _, l := range Levels {
		if l == k {
			return l, nil
		}
	}
	return "", fmt.Errorf("unknown level %q (want region, city, district or rural): %w", s, ErrInvalid)
}

// Position is an official's post, as a code (translated for display).
type Position string

// Known positions.
const (
	PosAkim             Position = "akim"
	PosDeputyAkim       Position = "deputy_akim"
	PosFormerAkim       Position = "former_akim"
	PosFormerDeputyAkim Position = "former_deputy_akim"
	PosActingAkim       Position = "acting_akim"
)

// Positions lists the known positions.
var Positions = []Position{PosAkim, PosDeputyAkim, PosFormerAkim, PosFormerDeputyAkim, PosActingAkim}

// ParsePosition accepts a position code, with spaces or hyphens for the
// underscores ("deputy akim" works).
func ParsePosition(s string) (Position, error) {
	k := strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
	for _, p := range Positions {
		if string(p) == k {
			return p, nil
		}
	}
	return "", fmt.Errorf("unknown position %q (want akim, deputy_akim, former_akim, former_deputy_akim or acting_akim): %w", s, ErrInvalid)
}

// Official is a person on the watchlist: an akim or a deputy akim.
type Official struct {
	ID        int64
	Name      string // as written in Russian, e.g. "Булат Бакауов"
	NameLatin string // Latin transliteration used for search
	Position  Position
	Level     Level
	Region    Region
	Notes     string
}

// Validate checks an official's fields. The name is required; position,
// level and region may be empty (unknown, as for officials created by an
// import) but must be known codes when set.
func (o *Official) Validate() error {
	if strings.TrimSpace(o.Name) == "" {
		return fmt.Errorf("official name is empty: %w", ErrInvalid)
	}
	for _, f := range []struct{ name, v string }{{"name", o.Name}, {"latin name", o.NameLatin}, {"notes", o.Notes}} {
		if !utf8.ValidString(f.v) {
			return fmt.Errorf("official %s is not valid UTF-8 text (a file or terminal in another encoding?): %w", f.name, ErrInvalid)
		}
	}
	if o.Position != "" {
		if _, err := ParsePosition(string(o.Position)); err != nil {
			return err
		}
	}
	if o.Level != "" {
		if _, err := ParseLevel(string(o.Level)); err != nil {
			return err
		}
	}
	if o.Region != "" && !o.Region.Valid() {
		return fmt.Errorf("unknown region %q: %w", o.Region, ErrInvalid)
	}
	return nil
}

// DefaultLevel returns the level implied by a region when none is given:
// the three cities of republican significance are LevelCity, others LevelRegion.
func DefaultLevel(r Region) Level {
	switch r {
	case "astana", "almaty_city", "shymkent":
		return LevelCity
	}
	return LevelRegion
}
