// Package report turns stored history into chart specifications: it queries
// the store, derives the growth series and alert markers, and fills a
// charts.Spec that the charts package renders. The CLI's "chart" command and
// the app's official view both use it, so they draw the same chart.
package report

import (
	"context"
	"fmt"
	"strings"
	"time"

	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/totals"
)

// Mode says what a chart shows.
type Mode string

// Chart modes.
const (
	ModeFollowers Mode = "followers" // follower count over time
	ModeDaily     Mode = "daily"     // change per day, as bars
	ModeGrowth    Mode = "growth"    // growth % from the start of the range, chain-linked
	ModePosts     Mode = "posts"     // posts published in the 7 days up to each day
)

// ParseMode accepts a mode name.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case ModeFollowers, ModeDaily, ModeGrowth, ModePosts:
		return m, nil
	}
	return "", fmt.Errorf("unknown chart mode %q (want followers, daily, growth or posts): %w", s, data.ErrInvalid)
}

// Range is a chart's time span: "30d", "90d", "1y", "all", or "custom".
type Range string

// Named ranges.
const (
	Range30d    Range = "30d"
	Range90d    Range = "90d"
	Range1y     Range = "1y"
	RangeAll    Range = "all"
	RangeCustom Range = "custom"
)

// ParseRange accepts a range name.
func ParseRange(s string) (Range, error) {
	switch r := Range(strings.ToLower(strings.TrimSpace(s))); r {
	case Range30d, Range90d, Range1y, RangeAll, RangeCustom:
		return r, nil
	}
	return "", fmt.Errorf("unknown range %q (want 30d, 90d, 1y, all, or --from/--to): %w", s, data.ErrInvalid)
}

// Request says which chart to build.
type Request struct {
	// Officials are the officials to draw; more than one makes a comparison.
	Officials []int64
	// Platform limits the chart to one platform ("" for all).
	Platform data.Platform
	Mode     Mode
	Range    Range
	// From and To bound a RangeCustom chart.
	From, To time.Time
	Lang     string
	// Now is "today" for the range and the footer; the caller's clock.
	Now           time.Time
	Width, Height int
	Scale         float64
}

// Store is what the report builder reads.
type Store interface {
	Official(ctx context.Context, id int64) (data.Official, error)
	Accounts(ctx context.Context, f data.AccountFilter) ([]data.Account, error)
	Series(ctx context.Context, accountID int64, from, to time.Time) ([]data.Snapshot, error)
	Alerts(ctx context.Context, f data.AlertFilter) ([]data.Alert, error)
	IsDemo(ctx context.Context) (bool, error)
}

// Builder builds chart specs from the store.
type Builder struct{ store Store }

// New returns a builder reading from store.
func New(store Store) *Builder { return &Builder{store: store} }

// bounds returns the time span of a request.
func (r Request) bounds() (time.Time, time.Time) {
	now := r.Now.UTC()
	switch r.Range {
	case Range30d:
		return now.AddDate(0, 0, -30), now
	case Range90d:
		return now.AddDate(0, 0, -90), now
	case Range1y:
		return now.AddDate(-1, 0, 0), now
	case RangeCustom:
		return r.From.UTC(), r.To.UTC()
	}
	return time.Time{}, now
}

// line is one drawn series before conversion: its label, colour key, the
// accounts it sums and their history.
type line struct {
	label, key string
	hist       []totals.Account
	accounts   []data.Account
	// total is true for an official's total (joins are marked on it);
	// alerts says whether the accounts' alerts are marked on this line.
	total, alerts bool
}

// PlatformKey is the colour key of a platform's line, the same for every
// official, so Instagram keeps its colour from one chart to the next.
func PlatformKey(p data.Platform) string { return "platform-" + string(p) }

// OfficialKey is the colour key of an official's line in comparisons and
// bar charts, the same in the app and in exports.
func OfficialKey(id int64) string { return fmt.Sprintf("official-%d", id) }

// platformKey keys an account's line by its platform; a second account on
// the same platform gets its own key.
func platformKey(a data.Account, before []line) string {
	k := PlatformKey(a.Platform)
	for _, l := range before {
		if l.key == k {
			return fmt.Sprintf("%s-%d", k, a.ID)
		}
	}
	return k
}

// Spec builds the chart for req. Every value comes from the one definition
// of totals (package totals): an official's line is its total, its growth
// and daily change are like-for-like and chain-linked.
func (b *Builder) Spec(ctx context.Context, req Request) (charts.Spec, error) {
	if len(req.Officials) == 0 {
		return charts.Spec{}, fmt.Errorf("chart: no official chosen: %w", data.ErrInvalid)
	}
	from, to := req.bounds()
	if !from.IsZero() && !to.After(from) {
		return charts.Spec{}, fmt.Errorf("chart: range end %s is not after its start %s: %w", to.Format(time.DateOnly), from.Format(time.DateOnly), data.ErrInvalid)
	}
	compare := len(req.Officials) > 1
	var lines []line
	var names []string
	sources := map[data.Source]bool{}
	for _, id := range req.Officials {
		o, err := b.store.Official(ctx, id)
		if err != nil {
			return charts.Spec{}, err
		}
		names = append(names, o.Name)
		accs, err := b.store.Accounts(ctx, data.AccountFilter{OfficialID: id, Platform: req.Platform})
		if err != nil {
			return charts.Spec{}, err
		}
		hist, likes, rounded, err := b.history(ctx, accs, from, sources)
		if err != nil {
			return charts.Spec{}, err
		}
		switch {
		case compare:
			lines = append(lines, line{label: o.Name, key: OfficialKey(o.ID), hist: hist, accounts: accs, total: true, alerts: true})
			continue
		case len(accs) > 1:
			daily := req.Mode == ModeDaily
			lines = append(lines, line{label: word(req.Lang, "total"), key: OfficialKey(o.ID), hist: hist, accounts: accs, total: true, alerts: daily})
			if daily {
				continue // bars show one series: the total
			}
		}
		for i, a := range accs {
			// One line per metric: a Page's likes never join its followers.
			if len(hist[i].Readings) > 0 || len(likes[i].Readings) == 0 {
				lines = append(lines, line{label: a.Platform.Title() + handleSuffix(a) + metricSuffix(req.Lang, data.MetricOf(a.Platform, 0), rounded[i]),
					key: platformKey(a, lines), hist: hist[i : i+1], accounts: []data.Account{a}, alerts: true})
			}
			if len(likes[i].Readings) > 0 {
				lines = append(lines, line{label: a.Platform.Title() + handleSuffix(a) + metricSuffix(req.Lang, data.MetricPageLikes, false),
					key: PlatformKey(a.Platform) + "-" + string(data.MetricPageLikes), hist: []totals.Account{likes[i]}, accounts: []data.Account{a}})
			}
		}
	}
	spec := charts.Spec{Lang: req.Lang, From: from, To: to, Now: req.Now, Width: req.Width, Height: req.Height, Scale: req.Scale}
	spec.Kind, spec.Title = kindAndTitle(req, names, compare)
	spec.Subtitle = rangeLabel(req, from, to)
	spec.Source = sourceText(sources, req.Lang)
	demo, err := b.store.IsDemo(ctx)
	if err != nil {
		return spec, err
	}
	spec.Demo = demo
	for _, l := range lines {
		spec.Series = append(spec.Series, charts.Series{Label: l.label, Key: l.key, Points: derive(req.Mode, l.hist, from, to)})
		if l.total && (req.Mode == ModeFollowers || req.Mode == "") {
			addJoinMarkers(&spec, l, from, to)
		}
		if !l.alerts {
			continue
		}
		if err := b.addMarkers(ctx, &spec, l, from, to); err != nil {
			return spec, err
		}
	}
	return spec, nil
}

// history reads the accounts' snapshots the range needs (from a month before
// its start, enough to know what counted at the start), noting their sources.
// It returns each account's history as the totals read it, its Page likes
// apart (another metric, drawn as its own line) and whether YouTube
// rounded its counts.
func (b *Builder) history(ctx context.Context, accs []data.Account, from time.Time, sources map[data.Source]bool) (hist, likes []totals.Account, rounded []bool, err error) {
	load := from
	if !load.IsZero() {
		load = load.Add(-data.StaleAfter - 24*time.Hour)
	}
	hist = make([]totals.Account, len(accs))
	likes = make([]totals.Account, len(accs))
	rounded = make([]bool, len(accs))
	for i, a := range accs {
		snaps, err := b.store.Series(ctx, a.ID, load, time.Time{})
		if err != nil {
			return nil, nil, nil, err
		}
		likes[i].ID = a.ID
		for _, s := range snaps {
			sources[s.Source] = true
			rounded[i] = rounded[i] || s.Flags.Has(data.FlagRounded)
			if s.Flags.Has(data.FlagPageLikes) {
				likes[i].Readings = append(likes[i].Readings, data.TotalsReading(s))
			}
		}
		hist[i] = data.TotalsAccount(a.ID, snaps)
	}
	return hist, likes, rounded, nil
}

// addJoinMarkers marks, on a total's line, each account that starts (or
// stops) counting in the range: a step that is not growth.
func addJoinMarkers(spec *charts.Spec, l line, from, to time.Time) {
	plat := map[int64]data.Platform{}
	for _, a := range l.accounts {
		plat[a.ID] = a.Platform
	}
	had := false
	if !from.IsZero() {
		had = totals.TotalAt(l.hist, from, totals.Options{}).Members > 0
	}
	for _, s := range totals.Steps(l.hist, from, to, totals.Options{}) {
		if had {
			for _, id := range s.Joined {
				spec.Markers = append(spec.Markers, charts.Marker{Time: s.Time, Kind: charts.MarkerJoin, SeriesKey: l.key,
					Label: joinLabel(spec.Lang, "tracked", plat[id], s.Time)})
			}
			for _, id := range s.Left {
				spec.Markers = append(spec.Markers, charts.Marker{Time: s.Time, Kind: charts.MarkerJoin, SeriesKey: l.key,
					Label: joinLabel(spec.Lang, "untracked", plat[id], s.Time)})
			}
		}
		had = had || s.Members > 0
	}
}

// metricSuffix names what a line counts when it is not plain followers:
// page likes, or subscriber counts YouTube rounds.
func metricSuffix(lang string, m data.Metric, rounded bool) string {
	switch {
	case m == data.MetricPageLikes:
		return " (" + word(lang, "page_likes") + ")"
	case rounded:
		return " (" + word(lang, "rounded") + ")"
	}
	return ""
}

func handleSuffix(a data.Account) string {
	if a.Handle == "" {
		return ""
	}
	return " @" + a.Handle
}

// derive turns the history into the values the mode plots, clipped to
// [from, to], by the one definition of totals.
func derive(mode Mode, hist []totals.Account, from, to time.Time) []charts.Point {
	o := totals.Options{}
	var xy []totals.Point
	switch mode {
	case ModeDaily:
		xy = totals.Daily(hist, from, to, o)
	case ModeGrowth:
		xy = totals.GrowthPct(hist, from, to, o)
	case ModePosts:
		xy = postsPerWeek(hist, from, to)
	default:
		xy = totals.Followers(hist, from, to, o)
	}
	out := make([]charts.Point, 0, len(xy))
	for _, p := range xy {
		if (!from.IsZero() && p.Time.Before(from)) || p.Time.After(to) {
			continue
		}
		out = append(out, charts.Point{Time: p.Time, Value: p.Value})
	}
	return out
}

// postsPerWeek is, at the end of each UTC day of the range, the posts
// published in the 7 days before (like-for-like), for days with a count.
func postsPerWeek(hist []totals.Account, from, to time.Time) []totals.Point {
	start := from
	if start.IsZero() {
		for _, a := range hist {
			for _, r := range a.Readings {
				if r.Posts >= 0 && (start.IsZero() || r.Time.Before(start)) {
					start = r.Time
					break
				}
			}
		}
		if start.IsZero() {
			return nil
		}
	}
	y, m, d := start.UTC().Date()
	var out []totals.Point
	for day := time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC); !day.After(to); day = day.AddDate(0, 0, 1) {
		if n, ok := totals.PostsBetween(hist, day.Add(-data.Week), day, totals.Options{}); ok {
			out = append(out, totals.Point{Time: day, Value: float64(n)})
		}
	}
	return out
}

func (b *Builder) addMarkers(ctx context.Context, spec *charts.Spec, l line, from, to time.Time) error {
	for _, a := range l.accounts {
		alerts, err := b.store.Alerts(ctx, data.AlertFilter{AccountID: a.ID, Since: from})
		if err != nil {
			return err
		}
		for _, al := range alerts {
			if al.Time.After(to) {
				continue
			}
			spec.Markers = append(spec.Markers, charts.Marker{Time: al.Time, Kind: charts.MarkerKind(al.Kind),
				Label: charts.FormatChange(float64(al.Size), spec.Lang), SeriesKey: l.key})
		}
	}
	return nil
}

// FileName returns the default export file name for req, e.g.
// "Бакауов_instagram_90d_2026-11-26.png": the first official's surname (or
// "compare"), the platform, the range and the date.
func (b *Builder) FileName(ctx context.Context, req Request, ext string) (string, error) {
	who := "compare"
	if len(req.Officials) == 1 {
		o, err := b.store.Official(ctx, req.Officials[0])
		if err != nil {
			return "", err
		}
		f := strings.Fields(o.Name)
		who = o.Name
		if len(f) > 1 {
			who = f[len(f)-1]
		}
	}
	platform := string(req.Platform)
	if platform == "" {
		platform = "all"
	}
	r := string(req.Range)
	if r == "" {
		r = string(RangeAll)
	}
	if req.Mode != "" && req.Mode != ModeFollowers {
		r += "_" + string(req.Mode)
	}
	return charts.SafeFileName(who, platform, r, req.Now, ext), nil
}
