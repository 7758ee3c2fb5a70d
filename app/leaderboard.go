package app

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/report"
	"akimwatch/data/transfer"
)

// leaderboardCols are the table's columns, in order; column i sorts by
// data.LeaderboardSorts[i].
var leaderboardCols = []string{"lb.rank", "lb.official", "lb.region", "lb.platform", "lb.followers", "lb.week", "lb.weekpct", "lb.month", "lb.monthpct", "lb.rankchange", "lb.posts7", "lb.posts30"}

// leaderboardView is the "most active akims" table: officials ranked by
// their total (or accounts one by one) with 7- and 30-day change, posts and
// rank change, sortable, filtered by region, level and platform, with
// stale and article figures shown apart, exportable to CSV/XLSX and PNG.
type leaderboardView struct {
	m       *MainWindow
	rows    []data.LeaderboardRow
	sortCol int
	desc    bool
	table   *widget.Table
	by      *widget.RadioGroup
	apart   *widget.Check
	region  *widget.Select
	level   *widget.Select
	plat    *widget.Select
	regions map[string]data.Region
	levels  map[string]data.Level
	// wanted is set once the leaderboard was asked for (its tab opened):
	// from then on it is rebuilt after each refresh pass.
	wanted bool
}

func newLeaderboardView(m *MainWindow) *leaderboardView {
	v := &leaderboardView{m: m, sortCol: 0, regions: map[string]data.Region{}, levels: map[string]data.Level{}}
	v.table = widget.NewTableWithHeaders(v.size, func() fyne.CanvasObject {
		return &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	}, v.updateCell)
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject { return widget.NewButton("", nil) }
	v.table.UpdateHeader = v.updateHeader
	// Each column is wide enough for its header in the UI language (with
	// the sort arrow), and at least as wide as its figures need.
	for i, w := range []float32{64, 200, 170, 100, 100, 76, 72, 84, 72, 66, 76, 76} {
		head := fyne.MeasureText(lang.L(leaderboardCols[i])+" ↑", theme.TextSize(), fyne.TextStyle{Bold: true}).Width +
			2*theme.InnerPadding() + 2*theme.Padding()
		v.table.SetColumnWidth(i, max(w, head))
	}
	all := lang.L("filter.all")
	regionOpts := []string{all}
	for _, r := range data.Regions {
		n := r.Code.Name(Language())
		regionOpts = append(regionOpts, n)
		v.regions[n] = r.Code
	}
	levelOpts := []string{all}
	for _, l := range data.Levels {
		n := lang.L("level." + string(l))
		levelOpts = append(levelOpts, n)
		v.levels[n] = l
	}
	platOpts := []string{all}
	for _, p := range data.Platforms {
		platOpts = append(platOpts, string(p))
	}
	v.region = widget.NewSelect(regionOpts, func(string) { v.load() })
	v.level = widget.NewSelect(levelOpts, func(string) { v.load() })
	v.plat = widget.NewSelect(platOpts, func(string) { v.load() })
	v.region.Selected, v.level.Selected, v.plat.Selected = all, all, all
	v.by = &widget.RadioGroup{Options: []string{lang.L("lb.by.official"), lang.L("lb.by.account")}, Horizontal: true,
		Selected: lang.L("lb.by.official"), OnChanged: func(string) { v.load() }}
	v.apart = &widget.Check{Text: lang.L("lb.includeapart"), OnChanged: func(bool) { v.load() }}
	return v
}

func (v *leaderboardView) content() fyne.CanvasObject {
	label := func(key string) *widget.Label { return widget.NewLabel(lang.L(key)) }
	// A scroller keeps long region names from widening the whole window.
	filters := container.NewHScroll(container.NewHBox(
		label("lb.by"), v.by,
		label("lb.filter.region"), v.region, label("lb.filter.level"), v.level, label("lb.filter.platform"), v.plat))
	actions := container.NewHScroll(container.NewHBox(v.apart,
		&widget.Button{Text: lang.L("action.export"), OnTapped: v.onExportTapped},
		&widget.Button{Text: lang.L("lb.exportpng"), OnTapped: v.onExportPNGTapped}))
	return container.NewBorder(container.NewVBox(filters, actions), nil, nil, nil, v.table)
}

func (v *leaderboardView) query() data.LeaderboardQuery {
	q := data.LeaderboardQuery{At: v.m.svc.Now(), Region: v.regions[v.region.Selected], Level: v.levels[v.level.Selected],
		IncludeApart: v.apart.Checked, By: data.ByOfficial}
	if v.by.Selected == lang.L("lb.by.account") {
		q.By = data.ByAccount
	}
	if p, err := data.ParsePlatform(v.plat.Selected); err == nil {
		q.Platform = p
	}
	return q
}

// load computes the leaderboard off the UI thread and shows it. The window
// calls it after every load of the watchlist: start-up, a refresh pass, an
// import, an edit or a delete.
func (v *leaderboardView) load() {
	v.wanted = true
	q := v.query()
	v.m.svc.async(func() {
		rows, err := v.m.svc.Store.Leaderboard(context.Background(), q)
		fyne.Do(func() {
			defer v.m.releaseWhenIdle()
			if err != nil {
				v.m.showError(lang.L("error.load"), err)
				return
			}
			v.rows = rows
			v.sort()
		})
	})
}

func (v *leaderboardView) size() (int, int) { return len(v.rows), len(leaderboardCols) }

func (v *leaderboardView) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	b := o.(*widget.Button)
	if id.Col < 0 {
		b.SetText("")
		return
	}
	text := lang.L(leaderboardCols[id.Col])
	if id.Col == v.sortCol {
		if v.desc {
			text += " ↓"
		} else {
			text += " ↑"
		}
	}
	b.SetText(text)
	col := id.Col
	b.OnTapped = func() { v.SortBy(col) }
}

func (v *leaderboardView) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Row >= len(v.rows) {
		return
	}
	o.(*widget.Label).SetText(v.cellText(v.rows[id.Row], id.Col))
}

func (v *leaderboardView) cellText(r data.LeaderboardRow, col int) string {
	l := Language()
	switch col {
	case 0:
		if r.Rank == 0 {
			return lang.L("lb.apart")
		}
		return strconv.Itoa(r.Rank)
	case 1:
		return r.Official
	case 2:
		return r.Region.Name(l)
	case 3:
		if r.AccountID == 0 && r.Platform == "" {
			return lang.L("lb.accounts", map[string]any{"Count": r.Accounts})
		}
		return r.Platform.Title()
	case 4:
		n := charts.FormatNumber(float64(r.Followers), l)
		if r.Apart {
			n = "≈ " + n + " (" + r.Time.Format("2006") + ")"
		}
		return n
	case 5, 7:
		if c := pick(r, col == 5); c != nil {
			return charts.FormatChange(float64(c.Abs), l)
		}
	case 6, 8:
		if c := pick(r, col == 6); c != nil {
			return charts.FormatPercent(c.Pct, 1, l)
		}
	case 9:
		if d, ok := r.RankChange(); ok {
			if d == 0 {
				return "="
			}
			return fmt.Sprintf("%+d", d)
		}
	case 10, 11:
		if n, ok := r.Value(data.LeaderboardSorts[col]); ok {
			return charts.FormatNumber(n, l)
		}
	}
	return "—"
}

func pick(r data.LeaderboardRow, week bool) *data.Change {
	if week {
		return r.Week
	}
	return r.Month
}

// SortBy sorts by a column; a second tap on the same column reverses it.
func (v *leaderboardView) SortBy(col int) {
	if col == v.sortCol {
		v.desc = !v.desc
	} else {
		v.sortCol, v.desc = col, col >= 4 // numbers: biggest first
	}
	v.sort()
}

// sortKey is what the rows are ordered by.
func (v *leaderboardView) sortKey() data.LeaderboardSort { return data.LeaderboardSorts[v.sortCol] }

func (v *leaderboardView) sort() {
	k := v.sortKey()
	if k == data.SortRegion { // by the name shown, not the code
		slices.SortStableFunc(v.rows, func(a, b data.LeaderboardRow) int {
			c := strings.Compare(a.Region.Name(Language()), b.Region.Name(Language()))
			if v.desc {
				return -c
			}
			return c
		})
	} else {
		data.SortLeaderboard(v.rows, k, v.desc)
	}
	v.table.Refresh()
}

func (v *leaderboardView) onExportTapped() {
	rows := append([]data.LeaderboardRow(nil), v.rows...)
	pick := filePick{title: lang.L("action.export"), name: "akimwatch-leaderboard.xlsx", save: true,
		filters: []fileFilter{{"Excel", []string{"xlsx"}}, {"CSV", []string{"csv"}}}}
	v.m.chooseFile(pick, func(path string) {
		v.m.svc.async(func() {
			err := v.exportRows(v.m.ctx, path, rows, Language())
			fyne.Do(func() { v.m.exported(path, err) })
		})
	})
}

// exportRows writes rows to path (CSV or XLSX), marked DEMO when the
// database holds demo data. The save dialog has already asked before
// replacing a file. It reads the store: call it off the UI thread.
func (v *leaderboardView) exportRows(ctx context.Context, path string, rows []data.LeaderboardRow, lang string) error {
	demo, err := v.m.svc.Store.IsDemo(ctx)
	if err != nil {
		return err
	}
	return transfer.ExportLeaderboard(path, rows, transfer.LeaderboardOptions{Lang: lang, Demo: demo, DB: v.m.svc.Store.Path(), Force: true})
}

// topBars is how many rows the leaderboard's PNG shows.
const topBars = 20

// topExport is what "Top 20 as PNG" draws, taken on the UI thread.
type topExport struct {
	rows    []data.LeaderboardRow
	key     data.LeaderboardSort
	filters []string
	plat    data.Platform
}

func (v *leaderboardView) snapshot() topExport {
	return topExport{rows: slices.Clone(v.rows), key: v.sortKey(),
		filters: []string{v.by.Selected, v.region.Selected, v.level.Selected, v.plat.Selected}, plat: v.query().Platform}
}

// ExportTopPNG draws the first 20 rows exactly as shown (sorted and
// filtered), titled by what they are ordered by, into the export folder
// and returns the file's path.
func (v *leaderboardView) ExportTopPNG(ctx context.Context) (string, error) {
	return v.exportTop(ctx, v.snapshot())
}

func (v *leaderboardView) exportTop(ctx context.Context, t topExport) (string, error) {
	demo, err := v.m.svc.Store.IsDemo(ctx)
	if err != nil {
		return "", err
	}
	now := v.m.svc.Now()
	spec := v.topSpec(t)
	spec.Demo = demo
	dir, err := v.m.svc.ExportDir()
	if err != nil {
		return "", err
	}
	name := charts.SafeFileName("leaderboard", string(t.plat), "top20_"+string(t.key), now, ".png")
	return charts.ExportBars(filepath.Join(dir, name), spec)
}

// topSpec is the bar chart of the first rows of t, in t's order.
func (v *leaderboardView) topSpec(t topExport) charts.BarSpec {
	spec := report.TopBars(t.rows, topBars, t.key, Language())
	spec.Subtitle, spec.Now = strings.Join(t.filters, " · "), v.m.svc.Now()
	return spec
}

func (v *leaderboardView) onExportPNGTapped() {
	t := v.snapshot()
	v.m.exportInBackground(func(ctx context.Context) (string, error) { return v.exportTop(ctx, t) })
}
