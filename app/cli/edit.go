package cli

import (
	"context"
	"flag"
	"strconv"
	"strings"

	"akimwatch/data"
)

// idArg reads a positional numeric ID (an account's or an official's).
func idArg(what, s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("%s must be a numeric ID, not %q", what, s)
	}
	return id, nil
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

func accountsEdit(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	handle := fs.String("handle", "", "the account's username, channel or id; a profile URL works too (\"\" clears it)")
	active := fs.Bool("active", true, "whether refresh fetches this account (--active=false stops it)")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) != 1 {
			return usagef("give exactly one account ID, as akimwatch accounts list shows it")
		}
		id, err := idArg("the account", args[0])
		if err != nil {
			return err
		}
		set := setFlags(fs)
		if !set["handle"] && !set["active"] {
			return usagef("nothing to change: give --handle H and/or --active=false")
		}
		var h *string
		var act *bool
		if set["handle"] {
			h = handle
		}
		if set["active"] {
			act = active
		}
		s, err := r.Store(ctx)
		if err != nil {
			return err
		}
		a, err := s.SetHandle(ctx, id, h, act)
		if err != nil {
			return err
		}
		state := "active"
		if !a.Active {
			state = "inactive"
		}
		r.out("account %d: %s %s (%s)\n", a.ID, a.Platform, dash(a.Handle), state)
		return nil
	}
}

func accountsMerge(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) != 2 {
			return usagef("give two account IDs, as akimwatch accounts list shows them: the account to merge, then the account to keep")
		}
		from, err := idArg("the account to merge", args[0])
		if err != nil {
			return err
		}
		into, err := idArg("the account to keep", args[1])
		if err != nil {
			return err
		}
		if from == into {
			return usagef("the two accounts are the same (%d); give two different IDs", from)
		}
		s, err := r.Store(ctx)
		if err != nil {
			return err
		}
		st, err := s.MergeAccounts(ctx, from, into)
		if err != nil {
			return err
		}
		r.out("merged account %d into %d: %d readings moved (%d of them replacing an article, import or manual figure at the same time), %d dropped (account %d had a reading at the same time)\n",
			from, into, st.Moved, st.Replaced, st.Dropped, into)
		return nil
	}
}

func officialsEdit(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	name := fs.String("name", "", "full name as written in Russian or Kazakh")
	latin := fs.String("latin", "", "Latin spelling for search (default when --name changes: transliterated from it)")
	position := fs.String("position", "", "akim, deputy_akim, former_akim, former_deputy_akim or acting_akim (\"\" for unknown)")
	region := fs.String("region", "", "region code or name (\"\" for unknown; see akimwatch regions)")
	level := fs.String("level", "", "region, city, district or rural (\"\" for unknown)")
	notes := fs.String("notes", "", "free-text notes (replace the old ones)")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) != 1 {
			return usagef("give exactly one official ID, as akimwatch officials list shows it")
		}
		id, err := idArg("the official", args[0])
		if err != nil {
			return err
		}
		set := setFlags(fs)
		delete(set, "db")
		delete(set, "verbose")
		if len(set) == 0 {
			return usagef("nothing to change: give at least one of --name, --latin, --position, --level, --region, --notes")
		}
		if set["name"] && strings.TrimSpace(*name) == "" {
			return usagef("--name cannot be empty")
		}
		var pos data.Position
		var lvl data.Level
		var reg data.Region
		if set["position"] && *position != "" {
			if pos, err = data.ParsePosition(*position); err != nil {
				return usagef("%v", err)
			}
		}
		if set["level"] && *level != "" {
			if lvl, err = data.ParseLevel(*level); err != nil {
				return usagef("%v", err)
			}
		}
		if set["region"] && *region != "" {
			if reg, err = data.ParseRegion(*region); err != nil {
				return usagef("%v", err)
			}
		}
		s, err := r.Store(ctx)
		if err != nil {
			return err
		}
		o, err := s.Official(ctx, id)
		if err != nil {
			return err
		}
		if set["name"] {
			o.Name = strings.TrimSpace(*name)
			if !set["latin"] {
				o.NameLatin = data.Transliterate(o.Name)
			}
		}
		if set["latin"] {
			o.NameLatin = strings.TrimSpace(*latin)
		}
		if set["position"] {
			o.Position = pos
		}
		if set["level"] {
			o.Level = lvl
		}
		if set["region"] {
			o.Region = reg
		}
		if set["notes"] {
			o.Notes = *notes
		}
		if err := s.UpdateOfficial(ctx, o); err != nil {
			return err
		}
		r.out("official %d: %s (%s, %s, %s)\n", o.ID, o.Name, dash(string(o.Position)), dash(string(o.Level)), dash(string(o.Region)))
		return nil
	}
}
