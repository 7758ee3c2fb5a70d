// Package report turns stored history into chart specifications: it queries
// the store, derives the growth series and alert markers, and fills a
// charts.Spec that the charts package renders. The CLI's "chart" command and
// the app's official view both use it, so they draw the same chart.
package report

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/growth"
)

// Mode says what a chart shows.
type Mode string

// Chart modes.
const (
	ModeFollowers Mode = "followers" // follower count over time
	ModeDaily     Mode = "daily"     // change per day, as bars
	ModeGrowth    Mode = "growth"    // growth % from the start of the range
)

// ParseMode accepts a mode name.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(s))); m {
	case ModeFollowers, ModeDaily, ModeGrowth:
		return m, nil
	}
	return "", fmt.Errorf("unknown chart mode %q (want followers, daily or growth): %w", s, data.ErrInvalid)
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

// line is one drawn series before conversion: its label, colour key,
// snapshots and the accounts it covers.
type line struct {
	label, key string
	snaps      [][]data.Snapshot
	accounts   []data.Account
}

// Spec builds the chart for req.
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
		var all [][]data.Snapshot
		for _, a := range accs {
			// Growth % and daily change need the reading just before the range.
			snaps, err := b.store.Series(ctx, a.ID, from.AddDate(0, 0, -7*boolInt(!from.IsZero())), time.Time{})
			if err != nil {
				return charts.Spec{}, err
			}
			for _, s := range snaps {
				sources[s.Source] = true
			}
			if compare {
				// An official's total sums followers: page likes are
				// another metric and stay out of it.
				all = append(all, byMetric(a.Platform, snaps)[data.MetricOf(a.Platform, 0)])
				continue
			}
			// One line per metric: a Page's likes never join its followers.
			parts := byMetric(a.Platform, snaps)
			for _, m := range metricOrder(a.Platform, parts) {
				key := fmt.Sprintf("account-%d", a.ID)
				if m != data.MetricOf(a.Platform, 0) {
					key += "-" + string(m)
				}
				lines = append(lines, line{label: a.Platform.Title() + handleSuffix(a) + metricSuffix(req.Lang, m, parts[m]), key: key,
					snaps: [][]data.Snapshot{parts[m]}, accounts: []data.Account{a}})
			}
		}
		if compare {
			lines = append(lines, line{label: o.Name, key: fmt.Sprintf("official-%d", o.ID), snaps: all, accounts: accs})
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
		pts := mergeDaily(l.snaps)
		spec.Series = append(spec.Series, charts.Series{Label: l.label, Key: l.key, Points: derive(req.Mode, pts, from, to)})
		if err := b.addMarkers(ctx, &spec, l, from, to); err != nil {
			return spec, err
		}
	}
	return spec, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// byMetric groups an account's snapshots by the metric each holds, in
// time order within each.
func byMetric(p data.Platform, snaps []data.Snapshot) map[data.Metric][]data.Snapshot {
	out := map[data.Metric][]data.Snapshot{}
	for _, s := range snaps {
		m := data.MetricOf(p, s.Flags)
		out[m] = append(out[m], s)
	}
	return out
}

// metricOrder lists the metrics present, the platform's own first; an
// account with no snapshots still gets its (empty) line.
func metricOrder(p data.Platform, parts map[data.Metric][]data.Snapshot) []data.Metric {
	own := data.MetricOf(p, 0)
	out := []data.Metric{own}
	for _, m := range []data.Metric{data.MetricFollowers, data.MetricSubscribers, data.MetricMembers, data.MetricPageLikes} {
		if m != own && len(parts[m]) > 0 {
			out = append(out, m)
		}
	}
	if len(parts[own]) == 0 && len(out) > 1 {
		out = out[1:]
	}
	return out
}

// metricSuffix names what a line counts when it is not plain followers:
// page likes, or subscriber counts YouTube rounds.
func metricSuffix(lang string, m data.Metric, snaps []data.Snapshot) string {
	if m == data.MetricPageLikes {
		return " (" + word(lang, "page_likes") + ")"
	}
	for _, s := range snaps {
		if s.Flags.Has(data.FlagRounded) {
			return " (" + word(lang, "rounded") + ")"
		}
	}
	return ""
}

func handleSuffix(a data.Account) string {
	if a.Handle == "" {
		return ""
	}
	return " @" + a.Handle
}

// mergeDaily returns one account's points, or for several accounts their
// sum: each account's last known count carried forward, summed at every
// time any account has a reading (after each account's first reading).
func mergeDaily(sets [][]data.Snapshot) []growth.Point {
	if len(sets) == 1 {
		return growth.FromSnapshots(sets[0])
	}
	var times []time.Time
	for _, s := range sets {
		for _, sn := range s {
			times = append(times, sn.Time)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	idx := make([]int, len(sets))
	var out []growth.Point
	for i, t := range times {
		if i > 0 && t.Equal(times[i-1]) {
			continue
		}
		var sum int64
		for k, s := range sets {
			for idx[k] < len(s) && !s[idx[k]].Time.After(t) {
				idx[k]++
			}
			if idx[k] > 0 {
				sum += s[idx[k]-1].Followers
			}
		}
		out = append(out, growth.Point{Time: t, Followers: sum})
	}
	return out
}

// derive turns points into the values the mode plots, clipped to [from, to].
func derive(mode Mode, pts []growth.Point, from, to time.Time) []charts.Point {
	var xy []growth.XY
	switch mode {
	case ModeDaily:
		xy = growth.DailyChange(pts, time.UTC)
	case ModeGrowth:
		start := from
		if start.IsZero() && len(pts) > 0 {
			start = pts[0].Time
		}
		xy = growth.GrowthPct(pts, start, to)
	default:
		xy = growth.Cumulative(pts)
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
