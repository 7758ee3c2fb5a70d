package app

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/transfer"
)

// leaderboardCols are the table's columns, in order.
var leaderboardCols = []string{"lb.rank", "lb.official", "lb.region", "lb.platform", "lb.followers", "lb.week", "lb.weekpct", "lb.month", "lb.monthpct", "lb.rankchange"}

// leaderboardView is the "most active akims" table: ranks by followers with
// 7- and 30-day change and rank change, sortable, filtered by region, level
// and platform, exportable to CSV/XLSX.
type leaderboardView struct {
	m       *MainWindow
	rows    []data.LeaderboardRow
	sortCol int
	desc    bool
	table   *widget.Table
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
	for i, w := range []float32{60, 220, 240, 100, 110, 90, 80, 100, 80, 80} {
		v.table.SetColumnWidth(i, w)
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
	return v
}

func (v *leaderboardView) content() fyne.CanvasObject {
	// A scroller keeps long region names from widening the whole window.
	filters := container.NewHScroll(container.NewHBox(v.region, v.level, v.plat,
		&widget.Button{Text: lang.L("action.export"), OnTapped: v.onExportTapped},
		&widget.Button{Text: lang.L("lb.exportpng"), OnTapped: v.onExportPNGTapped}))
	return container.NewBorder(filters, nil, nil, nil, v.table)
}

func (v *leaderboardView) query() data.LeaderboardQuery {
	q := data.LeaderboardQuery{At: v.m.svc.Now(), Region: v.regions[v.region.Selected], Level: v.levels[v.level.Selected]}
	if p, err := data.ParsePlatform(v.plat.Selected); err == nil {
		q.Platform = p
	}
	return q
}

// load computes the leaderboard off the UI thread and shows it.
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
		return strconv.Itoa(r.Rank)
	case 1:
		return r.Official
	case 2:
		return r.Region.Name(l)
	case 3:
		return r.Platform.Title()
	case 4:
		return charts.FormatNumber(float64(r.Followers), l)
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

func (v *leaderboardView) sort() {
	key := func(r data.LeaderboardRow) float64 {
		switch v.sortCol {
		case 0:
			return float64(r.Rank)
		case 4:
			return float64(r.Followers)
		case 5, 7:
			if c := pick(r, v.sortCol == 5); c != nil {
				return float64(c.Abs)
			}
		case 6, 8:
			if c := pick(r, v.sortCol == 6); c != nil {
				return c.Pct
			}
		case 9:
			if d, ok := r.RankChange(); ok {
				return float64(d)
			}
		}
		return -1e18
	}
	text := func(r data.LeaderboardRow) string { return v.cellText(r, v.sortCol) }
	less := func(a, b data.LeaderboardRow) bool {
		switch v.sortCol {
		case 1, 2, 3:
			return text(a) < text(b)
		}
		return key(a) < key(b)
	}
	sort.SliceStable(v.rows, func(i, j int) bool {
		if v.desc {
			return less(v.rows[j], v.rows[i])
		}
		return less(v.rows[i], v.rows[j])
	})
	v.table.Refresh()
}

func (v *leaderboardView) onExportTapped() {
	rows := append([]data.LeaderboardRow(nil), v.rows...)
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		v.m.svc.async(func() {
			err := transfer.ExportLeaderboard(path, rows, Language())
			fyne.Do(func() {
				if err != nil {
					v.m.showError(lang.L("error.export"), err)
					return
				}
				v.m.status.SetText(lang.L("status.exported", map[string]any{"Path": path}))
			})
		})
	}, v.m.Window)
	d.SetFileName("akimwatch-leaderboard.xlsx")
	d.Show()
}

// topBars is how many accounts the leaderboard's PNG shows.
const topBars = 20

// ExportTopPNG draws the first 20 rows as shown (sorted and filtered) as a
// bar chart into the export folder and returns the file's path.
func (v *leaderboardView) ExportTopPNG(ctx context.Context) (string, error) {
	rows := v.rows[:min(topBars, len(v.rows))]
	bars := make([]charts.Bar, len(rows))
	for i, r := range rows {
		bars[i] = charts.Bar{Label: r.Official + " · " + r.Platform.Title(), Key: fmt.Sprintf("official-%d", r.OfficialID), Value: float64(r.Followers)}
	}
	demo, err := v.m.svc.Store.IsDemo(ctx)
	if err != nil {
		return "", err
	}
	now := v.m.svc.Now()
	filters := []string{v.region.Selected, v.level.Selected, v.plat.Selected}
	spec := charts.BarSpec{Spec: charts.Spec{Title: lang.L("lb.top", map[string]any{"Count": len(bars)}),
		Subtitle: strings.Join(filters, " · "), Demo: demo, Lang: Language(), Now: now}, Bars: bars}
	dir, err := v.m.svc.ExportDir()
	if err != nil {
		return "", err
	}
	name := charts.SafeFileName("leaderboard", string(v.query().Platform), "top20", now, ".png")
	return charts.ExportBars(filepath.Join(dir, name), spec)
}

func (v *leaderboardView) onExportPNGTapped() { v.m.exportInBackground(v.ExportTopPNG) }
