package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"akimwatch/data"
	"akimwatch/data/transfer"
)

// commands is the table of subcommands.
var commands []command

func init() {
	commands = []command{
		{name: "officials list", summary: "list the officials on the watchlist", flags: officialsList},
		{name: "officials add", summary: "add an official to the watchlist", flags: officialsAdd},
		{name: "accounts list", summary: "list the watched accounts", flags: accountsList},
		{name: "accounts add", summary: "add an official's account on a platform (fills in one without a handle)", flags: accountsAdd},
		{name: "accounts edit", summary: "set an account's handle or stop refreshing it", args: "ID", flags: accountsEdit},
		{name: "accounts merge", summary: "move one account's history into another of the same official and platform", args: "ID INTO_ID", flags: accountsMerge},
		{name: "officials edit", summary: "change an official's name, position, level, region or notes", args: "ID", flags: officialsEdit},
		{name: "import", summary: "import follower history from a CSV or XLSX file (all or nothing)", args: "FILE.csv|FILE.xlsx", flags: importCmd},
		{name: "export", summary: "export the whole history to CSV or XLSX", flags: exportCmd},
		{name: "regions", summary: "list region codes and names", flags: regionsCmd},
		{name: "refresh", summary: "fetch fresh counts for every active account, then detect spikes", flags: refreshCmd},
		{name: "scan", summary: "detect follower spikes in the database, or in a CSV series with --csv", flags: scanCmd},
		{name: "chart", summary: "draw a follower chart to a PNG or SVG file, or write its data to CSV", flags: chartCmd},
		{name: "leaderboard", summary: "rank officials (or accounts) by followers, with changes, posts and rank change", flags: leaderboardCmd},
		{name: "copy", summary: "copy a whole database between stores (file or team server), all or nothing", flags: copyCmd},
		{name: "backup", summary: "write a backup of the database now", flags: backupCmd},
		{name: "restore", summary: "replace the database with a backup, after checking it", args: "FILE", flags: restoreCmd},
		{name: "dev gen", summary: "make a synthetic national-scale watchlist (DEMO) for benchmarks", flags: devGenCmd, hidden: true},
	}
}

// officialRow is the JSON shape of one official in "officials list --json".
type officialRow struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	NameLatin string `json:"name_latin"`
	Position  string `json:"position"`
	Level     string `json:"level"`
	Region    string `json:"region"`
	Accounts  int    `json:"accounts"`
	// Followers and Change7d follow the one definition of totals (the
	// leaderboard's); Change7d is null when nothing was measured through
	// the week. ApartFollowers are the stale, article or approximate
	// figures left out of Followers.
	Followers      int64  `json:"followers"`
	Change7d       *int64 `json:"change_7d"`
	ApartFollowers int64  `json:"apart_followers"`
	Notes          string `json:"notes,omitempty"`
}

func officialsList(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		s, err := r.ReadStore(ctx)
		if err != nil {
			return err
		}
		sums, err := s.Overview(ctx, r.env.Now())
		if err != nil {
			return err
		}
		rows := make([]officialRow, len(sums))
		for i, sum := range sums {
			o := sum.Official
			rows[i] = officialRow{ID: o.ID, Name: o.Name, NameLatin: o.NameLatin, Position: string(o.Position), Level: string(o.Level),
				Region: string(o.Region), Accounts: len(sum.Accounts), Followers: sum.Followers, ApartFollowers: sum.ApartFollowers, Notes: o.Notes}
			if sum.Week.OK {
				rows[i].Change7d = &sums[i].Week.Abs
			}
		}
		if *asJSON {
			return writeJSON(r, rows)
		}
		tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tPOSITION\tLEVEL\tREGION\tACCOUNTS\tFOLLOWERS")
		for _, o := range rows {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\n", o.ID, o.Name, dash(o.Position), dash(o.Level), dash(o.Region), o.Accounts, o.Followers)
		}
		return tw.Flush()
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func writeJSON(r *runner, v any) error {
	enc := json.NewEncoder(r.env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func officialsAdd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	name := fs.String("name", "", "full name as written in Russian or Kazakh (required)")
	latin := fs.String("latin", "", "Latin spelling for search (default: transliterated from --name)")
	position := fs.String("position", "", "akim, deputy_akim, former_akim, former_deputy_akim or acting_akim (required)")
	region := fs.String("region", "", "region code or name, e.g. pavlodar or \"Павлодарская область\" (required; see akimwatch regions)")
	level := fs.String("level", "", "region, city, district or rural (default: city for Astana, Almaty and Shymkent, else region)")
	notes := fs.String("notes", "", "free-text notes")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		if strings.TrimSpace(*name) == "" {
			return usagef("--name is required")
		}
		if *position == "" || *region == "" {
			return usagef("--position and --region are required")
		}
		pos, err := data.ParsePosition(*position)
		if err != nil {
			return usagef("%v", err)
		}
		reg, err := data.ParseRegion(*region)
		if err != nil {
			return usagef("%v", err)
		}
		lvl := data.DefaultLevel(reg)
		if *level != "" {
			if lvl, err = data.ParseLevel(*level); err != nil {
				return usagef("%v", err)
			}
		}
		s, err := r.Store(ctx)
		if err != nil {
			return err
		}
		o, err := s.CreateOfficial(ctx, data.Official{Name: *name, NameLatin: *latin, Position: pos, Level: lvl, Region: reg, Notes: *notes})
		if err != nil {
			return err
		}
		r.out("added official %d %s (%s, %s, %s)\n", o.ID, o.Name, o.Position, o.Level, o.Region)
		return nil
	}
}

// accountRow is the JSON shape of one account in "accounts list --json".
type accountRow struct {
	ID         int64  `json:"id"`
	OfficialID int64  `json:"official_id"`
	Official   string `json:"official"`
	Platform   string `json:"platform"`
	Handle     string `json:"handle"`
	URL        string `json:"url"`
	Active     bool   `json:"active"`
	Followers  *int64 `json:"followers"`
	LastCheck  string `json:"last_check,omitempty"`
	LastError  string `json:"last_error,omitempty"`
	// FailKind is what the last check's failure was ("" when it worked);
	// Metric is which count the followers figure is.
	FailKind string `json:"fail_kind,omitempty"`
	Metric   string `json:"metric,omitempty"`
}

func accountsList(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	official := fs.String("official", "", "only this official (ID or name)")
	platform := fs.String("platform", "", "only this platform")
	failing := fs.Bool("failing", false, "only accounts whose last check failed: what failed, since when, what to do")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		var f data.AccountFilter
		var err error
		if f.Platform, err = platformFlag(*platform); err != nil {
			return err
		}
		s, err := r.ReadStore(ctx)
		if err != nil {
			return err
		}
		if f.OfficialID, err = officialFlag(ctx, s, *official); err != nil {
			return err
		}
		if *failing {
			return listFailing(ctx, r, s, f, *asJSON)
		}
		rows, err := accountRows(ctx, s, f)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(r, rows)
		}
		tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tOFFICIAL\tPLATFORM\tHANDLE\tACTIVE\tFOLLOWERS\tLAST ERROR")
		for _, a := range rows {
			fol := "-"
			if a.Followers != nil {
				fol = fmt.Sprint(*a.Followers)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%v\t%s\t%s\n", a.ID, a.Official, a.Platform, dash(a.Handle), a.Active, fol, a.LastError)
		}
		return tw.Flush()
	}
}

func accountRows(ctx context.Context, s data.Store, f data.AccountFilter) ([]accountRow, error) {
	accs, err := s.Accounts(ctx, f)
	if err != nil {
		return nil, err
	}
	offs, err := s.Officials(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, o := range offs {
		names[o.ID] = o.Name
	}
	latest, err := s.Latest(ctx)
	if err != nil {
		return nil, err
	}
	fol := map[int64]int64{}
	for _, sn := range latest {
		fol[sn.AccountID] = sn.Followers
	}
	rows := make([]accountRow, 0, len(accs))
	for _, a := range accs {
		row := accountRow{ID: a.ID, OfficialID: a.OfficialID, Official: names[a.OfficialID], Platform: string(a.Platform),
			Handle: a.Handle, URL: a.URL, Active: a.Active, LastError: a.LastError, FailKind: string(a.FailKind), Metric: string(a.Metric)}
		if v, ok := fol[a.ID]; ok {
			row.Followers = &v
		}
		if !a.LastCheck.IsZero() {
			row.LastCheck = a.LastCheck.Format("2006-01-02T15:04:05Z")
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func accountsAdd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	official := fs.String("official", "", "the official's ID or name (required)")
	platform := fs.String("platform", "", "telegram, instagram, facebook, x, youtube, vk, threads or tiktok (required)")
	handle := fs.String("handle", "", "username, channel or id on the platform; a profile URL works too (required)")
	inactive := fs.Bool("inactive", false, "add the account but do not refresh it")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		if *official == "" || *platform == "" || *handle == "" {
			return usagef("--official, --platform and --handle are required")
		}
		p, err := data.ParsePlatform(*platform)
		if err != nil {
			return usagef("%v", err)
		}
		s, err := r.Store(ctx)
		if err != nil {
			return err
		}
		o, err := s.FindOfficial(ctx, *official)
		if err != nil {
			return err
		}
		a, filled, err := s.AddAccount(ctx, data.Account{OfficialID: o.ID, Platform: p, Handle: *handle, Active: !*inactive})
		if err != nil {
			return err
		}
		if filled {
			r.out("gave account %d (%s of %s, until now without a handle) the handle %s; its history is kept\n", a.ID, a.Platform, o.Name, a.Handle)
			return nil
		}
		r.out("added account %d: %s %s for %s\n", a.ID, a.Platform, a.Handle, o.Name)
		return nil
	}
}

func importCmd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) != 1 {
			return usagef("give exactly one CSV or XLSX file, with header official,platform,handle,time,followers[,following,posts,likes,views,source,flags]")
		}
		s, err := r.Store(ctx)
		if err != nil {
			return err
		}
		st, err := transfer.ImportFile(ctx, s, args[0], r.env.Now())
		if err != nil {
			return err
		}
		filled := ""
		if st.AccountsFilled > 0 {
			filled = fmt.Sprintf(", %d handle-less accounts filled in", st.AccountsFilled)
		}
		r.out("imported %d rows from %s (%d new officials, %d new accounts%s)\n", st.Rows, args[0], st.OfficialsCreated, st.AccountsCreated, filled)
		return nil
	}
}

func exportCmd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	out := fs.String("out", "", "output file, .csv or .xlsx (required; never the database or its backups)")
	force := fs.Bool("force", false, "replace the output file if it exists")
	lang := fs.String("lang", "ru", "language of an .xlsx file's headers: ru, kk or en (CSV headers are always the column codes)")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		if *out == "" {
			return usagef("--out FILE.csv or --out FILE.xlsx is required")
		}
		s, err := r.ReadStore(ctx)
		if err != nil {
			return err
		}
		st, err := transfer.ExportFile(ctx, s, *out, transfer.ExportOptions{Force: *force, Lang: *lang})
		if err != nil {
			return err
		}
		r.out("exported %d rows to %s\n", st.Rows, *out)
		return nil
	}
}

func regionsCmd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	return func(ctx context.Context, r *runner, args []string) error {
		tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "CODE\tENGLISH\tРУССКИЙ\tҚАЗАҚША")
		for _, ri := range data.Regions {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ri.Code, ri.En, ri.Ru, ri.Kk)
		}
		return tw.Flush()
	}
}

// platformFlag reads a --platform value: "" for none, a usage error when
// the name is unknown.
func platformFlag(v string) (data.Platform, error) {
	if v == "" {
		return "", nil
	}
	p, err := data.ParsePlatform(v)
	if err != nil {
		return "", usagef("%v", err)
	}
	return p, nil
}

// officialFlag resolves an --official value (ID or name) to an ID, 0 for none.
func officialFlag(ctx context.Context, s data.Store, v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	o, err := s.FindOfficial(ctx, v)
	if err != nil {
		return 0, err
	}
	return o.ID, nil
}
