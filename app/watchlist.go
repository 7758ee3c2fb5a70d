package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"akimwatch/assets/i18n"
	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/widgets"
)

// watchlist is the left panel: officials with their totals, filtered by a
// search box (Cyrillic or Latin) and by region.
type watchlist struct {
	all      []data.OfficialSummary
	shown    []data.OfficialSummary
	search   *keyEntry
	region   *widget.Select
	list     *keyList
	regionOf map[string]data.Region // region select label → code
	sparks   map[int64][]float64    // official ID → last 30 days' totals

	onSelected func(data.OfficialSummary)
	quiet      bool // selecting from code: do not report it
}

func newWatchlist(onSelected func(data.OfficialSummary)) *watchlist {
	w := &watchlist{onSelected: onSelected, regionOf: map[string]data.Region{}}
	w.search = newKeyEntry()
	w.search.PlaceHolder = lang.L("watchlist.search") + " (Ctrl+F)"
	w.search.OnChanged = w.onSearchChanged
	w.search.OnSubmitted = func(string) { w.pick(max(w.list.cursor, 0)) }
	w.search.onDown = func() { w.pick(w.list.cursor + 1) }
	w.search.onUp = func() { w.pick(max(w.list.cursor-1, 0)) }
	opts := []string{lang.L("watchlist.allregions")}
	for _, r := range data.Regions {
		name := r.Code.Name(Language())
		opts = append(opts, name)
		w.regionOf[name] = r.Code
	}
	w.list = newKeyList(w.rowCount, w.newRow, w.updateRow)
	w.list.OnSelected = w.onRowSelected
	w.region = widget.NewSelect(opts, func(string) { w.filter() })
	w.region.SetSelectedIndex(0)
	return w
}

func (w *watchlist) content() fyne.CanvasObject {
	return container.NewBorder(container.NewVBox(w.search, w.region), nil, nil, nil, w.list)
}

func (w *watchlist) set(rows []data.OfficialSummary, sparks map[int64][]float64) {
	w.all, w.sparks = rows, sparks
	w.filter()
}

// setSparks shows the sparklines (read after the rows at start-up).
func (w *watchlist) setSparks(sparks map[int64][]float64) {
	w.sparks = sparks
	w.list.Refresh()
}

func (w *watchlist) onSearchChanged(string) { w.filter() }

// filter shows the officials whose Cyrillic or Latin name contains the
// search text and who work in the chosen region.
func (w *watchlist) filter() {
	q := data.FoldForSearch(strings.TrimSpace(w.search.Text))
	region := w.regionOf[w.region.Selected]
	w.shown = w.shown[:0]
	for _, r := range w.all {
		if region != "" && r.Official.Region != region {
			continue
		}
		if q == "" || strings.Contains(data.FoldForSearch(r.Official.Name), q) || strings.Contains(strings.ToLower(r.Official.NameLatin), q) {
			w.shown = append(w.shown, r)
		}
	}
	w.list.UnselectAll()
	w.list.cursor = -1
	w.list.Refresh()
}

func (w *watchlist) onRowSelected(id widget.ListItemID) {
	w.list.cursor = id
	if w.quiet {
		return
	}
	if id < len(w.shown) && w.onSelected != nil {
		w.onSelected(w.shown[id])
	}
}

// pick selects and opens the i-th shown official (arrows and Enter in the
// search box).
func (w *watchlist) pick(i int) {
	if i < 0 || i >= len(w.shown) {
		return
	}
	w.list.Select(i)
}

// selectQuietly marks the official with the given ID as selected, without
// reporting it (a reload keeps the selection and stays on the current tab),
// and returns the official's fresh summary.
func (w *watchlist) selectQuietly(id int64) (data.OfficialSummary, bool) {
	for _, r := range w.all {
		if r.Official.ID != id {
			continue
		}
		for i, sh := range w.shown {
			if sh.Official.ID == id {
				w.quiet = true
				w.list.Select(i)
				w.quiet = false
			}
		}
		return r, true
	}
	return data.OfficialSummary{}, false
}

func (w *watchlist) rowCount() int { return len(w.shown) }

func (w *watchlist) newRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	detail := widget.NewLabel("")
	detail.Truncation = fyne.TextTruncateEllipsis
	count := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	badge := widget.NewIcon(theme.WarningIcon())
	spark := widgets.NewSparkline()
	return container.NewBorder(nil, nil, badge, container.NewHBox(container.NewCenter(spark), count), container.NewVBox(name, detail))
}

func (w *watchlist) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(w.shown) {
		return
	}
	r := w.shown[i]
	c := o.(*fyne.Container)
	texts := c.Objects[0].(*fyne.Container)
	texts.Objects[0].(*widget.Label).SetText(r.Official.Name)
	texts.Objects[1].(*widget.Label).SetText(describeOfficial(r))
	right := c.Objects[2].(*fyne.Container)
	right.Objects[0].(*fyne.Container).Objects[0].(*widgets.Sparkline).SetValues(w.sparks[r.Official.ID])
	right.Objects[1].(*widget.Label).SetText(followersText(r))
	badge := c.Objects[1].(*widget.Icon)
	if r.OpenAlerts > 0 {
		badge.Show()
	} else {
		badge.Hide()
	}
}

// describeOfficial says position · region · platforms.
func describeOfficial(r data.OfficialSummary) string {
	parts := []string{positionName(r.Official.Position)}
	if r.Official.Region != "" {
		parts = append(parts, r.Official.Region.Name(Language()))
	}
	plats := make([]string, 0, len(r.Accounts))
	for _, a := range r.Accounts {
		plats = append(plats, a.Platform.Title())
	}
	if len(plats) == 0 {
		parts = append(parts, lang.L("watchlist.noaccounts"))
	} else {
		parts = append(parts, strings.Join(plats, ", "))
	}
	return strings.Join(parts, " · ")
}

func positionName(p data.Position) string {
	if p == "" {
		return lang.L("position.unknown")
	}
	return lang.L("position." + string(p))
}

// followersText gives the total, marked ≥ or ≈ when a figure is a lower
// bound or approximate, and the 7-day change in %.
func followersText(r data.OfficialSummary) string {
	if r.Counted == 0 && r.Apart == 0 {
		return lang.L("watchlist.nodata")
	}
	if r.Counted == 0 { // only figures apart: marked, never shown as today's
		n := charts.FormatNumber(float64(r.ApartFollowers), Language())
		if r.Flags.Has(data.FlagLowerBound) {
			n = "≥ " + n
		} else {
			n = "≈ " + n
		}
		if r.Sources[data.SourceArticle] {
			return n + "\n" + lang.L("watchlist.article") + ", " + r.LastTime.Format("2006")
		}
		return n + "\n" + lang.L("watchlist.stale", map[string]any{"Date": i18n.Date(r.LastTime.Local(), Language())})
	}
	s := charts.FormatNumber(float64(r.Followers), Language())
	if pct, ok := r.WeekPct(); ok {
		s += "\n" + lang.L("watchlist.week", map[string]any{"Pct": charts.FormatPercent(pct, 1, Language())})
	}
	return s
}

// sparkDays is how many days the watchlist's sparklines show.
const sparkDays = 30

// overview is what the watchlist shows, read off the UI thread.
type overview struct {
	rows   []data.OfficialSummary
	sparks map[int64][]float64
	demo   bool
}

// loadOverview reads the watchlist summary with its sparklines; it runs off
// the UI thread. The two are read one after the other, so that the
// sparklines find in the connection's page cache the index pages the
// summary has just read (each walks 9,000 accounts' newest readings).
func loadOverview(ctx context.Context, svc *Services) (overview, error) {
	ov, err := loadRows(ctx, svc)
	if err != nil {
		return ov, err
	}
	ov.sparks, err = loadSparks(ctx, svc)
	return ov, err
}

// loadRows reads the watchlist summary without the sparklines.
func loadRows(ctx context.Context, svc *Services) (overview, error) {
	var ov overview
	var err error
	if ov.rows, err = svc.Store.Overview(ctx, svc.Now()); err != nil {
		return ov, err
	}
	ov.demo, err = svc.Store.IsDemo(ctx)
	return ov, err
}

// loadSparks reads the watchlist's sparklines.
func loadSparks(ctx context.Context, svc *Services) (map[int64][]float64, error) {
	return svc.Store.Sparklines(ctx, svc.Now(), sparkDays)
}

// keyList is a list that opens the focused row on Enter as well as Space,
// and remembers the row the arrows are on.
type keyList struct {
	widget.List
	cursor int
}

func newKeyList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{cursor: -1}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey moves with Up and Down and opens the row on Enter or Space.
func (l *keyList) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeySpace:
		if l.cursor >= 0 && l.cursor < l.Length() {
			l.Select(l.cursor)
		}
		return
	case fyne.KeyDown:
		if l.cursor < l.Length()-1 {
			l.cursor++
		}
	case fyne.KeyUp:
		if l.cursor > 0 {
			l.cursor--
		}
	}
	l.List.TypedKey(k)
}
