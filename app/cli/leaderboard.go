package cli

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/report"
	"akimwatch/data/transfer"
)

// leaderboardRow is the JSON shape of one row of "leaderboard --json".
// Unknown figures (no change measured, no rank) are null.
type leaderboardRow struct {
	Rank         *int     `json:"rank"`
	Official     string   `json:"official"`
	OfficialID   int64    `json:"official_id"`
	Region       string   `json:"region"`
	Level        string   `json:"level"`
	AccountID    int64    `json:"account_id,omitempty"`
	Platform     string   `json:"platform,omitempty"`
	Handle       *string  `json:"handle,omitempty"`
	Accounts     int      `json:"accounts"`
	Followers    int64    `json:"followers"`
	Apart        bool     `json:"apart"`
	Change7d     *int64   `json:"change_7d"`
	Change7dPct  *float64 `json:"change_7d_pct"`
	Change30d    *int64   `json:"change_30d"`
	Change30dPct *float64 `json:"change_30d_pct"`
	RankChange   *int     `json:"rank_change"`
	Posts7d      *int64   `json:"posts_7d"`
	Posts30d     *int64   `json:"posts_30d"`
	Time         string   `json:"time"`
}

// defaultTop is how many rows "leaderboard --out FILE.png" draws.
const defaultTop = 20

func leaderboardCmd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	by := fs.String("by", "official", "rank officials (their total) or accounts one by one: official or account")
	region := fs.String("region", "", "only this region (code or name; see akimwatch regions)")
	level := fs.String("level", "", "only this level: region, city, district or rural")
	platform := fs.String("platform", "", "only accounts on this platform")
	at := fs.String("at", "", "as of the end of this day, YYYY-MM-DD (default: now)")
	asJSON := fs.Bool("json", false, "print JSON instead of a table")
	out := fs.String("out", "", "write to FILE.csv, FILE.xlsx or FILE.png (the first --top rows as a bar chart); an existing file is refused without --force")
	force := fs.Bool("force", false, "replace the --out file if it exists")
	sortBy := fs.String("sort", "rank", "order rows by: rank, followers, change_7d, change_7d_pct, change_30d, change_30d_pct, rank_change, posts_7d, posts_30d, official, region or platform")
	asc := fs.Bool("asc", false, "smallest first (numbers sort biggest first by default)")
	includeApart := fs.Bool("include-apart", false, "rank stale, article and approximate figures with the measured ones")
	top := fs.Int("top", defaultTop, "how many rows a PNG draws")
	lang := fs.String("lang", "ru", "language of region names and of the PNG: ru, kk or en")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		q := data.LeaderboardQuery{At: r.env.Now(), IncludeApart: *includeApart}
		var err error
		if q.By, err = data.ParseLeaderboardBy(*by); err != nil {
			return usagef("--by: %v", err)
		}
		if *region != "" {
			if q.Region, err = data.ParseRegion(*region); err != nil {
				return usagef("--region: %v", err)
			}
		}
		if *level != "" {
			if q.Level, err = data.ParseLevel(*level); err != nil {
				return usagef("--level: %v", err)
			}
		}
		if q.Platform, err = platformFlag(*platform); err != nil {
			return err
		}
		if *at != "" {
			d, err := time.Parse(time.DateOnly, *at)
			if err != nil {
				return usagef("--at %q: want a date as YYYY-MM-DD", *at)
			}
			if end := d.AddDate(0, 0, 1).Add(-time.Second); end.Before(q.At) {
				q.At = end
			}
		}
		key, err := data.ParseLeaderboardSort(*sortBy)
		if err != nil {
			return usagef("--sort: %v", err)
		}
		if *top <= 0 {
			return usagef("--top must be positive, not %d", *top)
		}
		ext := strings.ToLower(filepath.Ext(*out))
		if *out != "" && ext != ".csv" && ext != ".xlsx" && ext != ".png" {
			return usagef("--out %s: use a .csv, .xlsx or .png file name", *out)
		}
		s, err := r.ReadStore(ctx)
		if err != nil {
			return err
		}
		rows, err := s.Leaderboard(ctx, q)
		if err != nil {
			return err
		}
		// The same output checks as every command that writes a file: never
		// the database, its companions or backups; no existing file
		// without --force.
		if *out != "" {
			if err := data.CheckOutput(s.Path(), *out, data.OutputOptions{Force: *force}); err != nil {
				return fmt.Errorf("leaderboard: %w", err)
			}
		}
		// numbers biggest first, names A to Z, ranks 1 first
		data.SortLeaderboard(rows, key, key.Numeric() && key != data.SortRank && !*asc)
		switch {
		case ext == ".png":
			spec := report.TopBars(rows, *top, key, *lang)
			spec.Subtitle = filterText(q, *lang)
			spec.Now = q.At
			if spec.Demo, err = s.IsDemo(ctx); err != nil {
				return err
			}
			err := writeRendered(s.Path(), *out, *force, func() ([]byte, error) { return charts.RenderBars(spec, charts.FormatPNG) })
			if err != nil {
				return fmt.Errorf("leaderboard: %w", err)
			}
			r.out("%s\n", *out)
			return nil
		case *out != "":
			demo, err := s.IsDemo(ctx)
			if err != nil {
				return err
			}
			if err := transfer.ExportLeaderboard(*out, rows, transfer.LeaderboardOptions{Lang: *lang, Demo: demo, DB: s.Path(), Force: *force}); err != nil {
				return err
			}
			r.out("exported %d rows to %s\n", len(rows), *out)
			return nil
		case *asJSON:
			return writeJSON(r, leaderboardJSON(rows, q.By))
		}
		return leaderboardTable(r, rows, q.By)
	}
}

// filterText names the filters of a leaderboard for a chart's subtitle.
func filterText(q data.LeaderboardQuery, lang string) string {
	var parts []string
	if q.Region != "" {
		parts = append(parts, q.Region.Name(lang))
	}
	if q.Level != "" {
		parts = append(parts, string(q.Level))
	}
	if q.Platform != "" {
		parts = append(parts, q.Platform.Title())
	}
	parts = append(parts, q.At.UTC().Format(time.DateOnly))
	return strings.Join(parts, " · ")
}

func leaderboardJSON(rows []data.LeaderboardRow, by data.LeaderboardBy) []leaderboardRow {
	out := make([]leaderboardRow, len(rows))
	for i, r := range rows {
		j := leaderboardRow{Official: r.Official, OfficialID: r.OfficialID, Region: string(r.Region), Level: string(r.Level),
			Accounts: r.Accounts, Followers: r.Followers, Apart: r.Apart, Posts7d: r.Posts7d, Posts30d: r.Posts30d,
			Time: r.Time.UTC().Format(time.RFC3339)}
		if r.Rank > 0 {
			j.Rank = &r.Rank
		}
		if by == data.ByAccount {
			j.AccountID, j.Platform, j.Handle = r.AccountID, string(r.Platform), &r.Handle
		}
		if c := r.Week; c != nil {
			j.Change7d, j.Change7dPct = &c.Abs, &c.Pct
		}
		if c := r.Month; c != nil {
			j.Change30d, j.Change30dPct = &c.Abs, &c.Pct
		}
		if d, ok := r.RankChange(); ok {
			j.RankChange = &d
		}
		out[i] = j
	}
	return out
}

func leaderboardTable(r *runner, rows []data.LeaderboardRow, by data.LeaderboardBy) error {
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	head := "RANK\tOFFICIAL\t"
	if by == data.ByAccount {
		head += "PLATFORM\tHANDLE\t"
	}
	fmt.Fprintln(tw, head+"FOLLOWERS\t7D\t7D %\t30D\t30D %\tRANK ±\tPOSTS 7D\t")
	for _, row := range rows {
		rank := "apart"
		if row.Rank > 0 {
			rank = fmt.Sprint(row.Rank)
		}
		line := rank + "\t" + row.Official + "\t"
		if by == data.ByAccount {
			line += string(row.Platform) + "\t" + dash(row.Handle) + "\t"
		}
		line += fmt.Sprint(row.Followers) + "\t" + changeText(row.Week) + "\t" + pctText(row.Week) + "\t" +
			changeText(row.Month) + "\t" + pctText(row.Month) + "\t"
		if d, ok := row.RankChange(); ok {
			line += fmt.Sprintf("%+d", d)
		} else {
			line += "-"
		}
		line += "\t"
		if row.Posts7d != nil {
			line += fmt.Sprint(*row.Posts7d)
		} else {
			line += "-"
		}
		fmt.Fprintln(tw, line+"\t")
	}
	return tw.Flush()
}

func changeText(c *data.Change) string {
	if c == nil {
		return "-"
	}
	return fmt.Sprintf("%+d", c.Abs)
}

func pctText(c *data.Change) string {
	if c == nil {
		return "-"
	}
	return fmt.Sprintf("%+.1f%%", c.Pct)
}
