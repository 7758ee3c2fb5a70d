package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"akimwatch/assets/i18n"
	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/report"
	"akimwatch/widgets"
)

// officialView is the right-hand view of one official: header, accounts,
// metric cards and the chart with its controls and one-click export.
type officialView struct {
	m *MainWindow

	mu       sync.Mutex
	current  data.OfficialSummary
	compare  []int64
	mode     report.Mode
	rng      report.Range
	from, to time.Time // bounds of a custom range
	plat     data.Platform

	name          *widget.Label
	detail        *widget.Label
	accounts      *fyne.Container // one row per account: its line, Edit, Delete
	accFold       *widget.Accordion
	cards         [6]*widget.Label
	modeSel       *widget.Select
	rangeSel      *segmented
	platSel       *widget.Select
	chart         *widgets.ChartImage
	body          fyne.CanvasObject
	empty         *widget.Label
	actions       *fyne.Container // the chart's toolbar buttons
	headerActions *fyne.Container // Edit and Delete beside the name
	offer         *fyne.Container // "no data in this range: show all time"
	offerText     *widget.Label
}

func newOfficialView(m *MainWindow) *officialView {
	v := &officialView{m: m, mode: report.ModeFollowers, rng: report.Range90d}
	v.name = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.detail = widget.NewLabel("")
	v.detail.Truncation = fyne.TextTruncateEllipsis
	v.accounts = container.NewVBox()
	for i := range v.cards {
		v.cards[i] = widget.NewLabelWithStyle("—", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.chart = widgets.NewChartImage(v.render)
	v.chart.OnError = func(err error) { v.m.say(lang.L("error.chart") + ": " + userError("", err)) }
	v.offerText = &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	v.offer = container.NewBorder(nil, nil, nil,
		&widget.Button{Text: lang.L("action.showall"), Icon: theme.ZoomOutIcon(), Importance: widget.HighImportance, OnTapped: func() { v.rangeSel.SetSelected(lang.L("range.all")) }},
		v.offerText)
	v.offer.Hide()
	v.chart.OnShown = func() {
		m.bench.chartShown()
		m.releaseWhenIdle() // the render's garbage
	}
	modes := map[string]report.Mode{lang.L("mode.followers"): report.ModeFollowers, lang.L("mode.daily"): report.ModeDaily,
		lang.L("mode.growth"): report.ModeGrowth, lang.L("mode.posts"): report.ModePosts}
	v.modeSel = widget.NewSelect([]string{lang.L("mode.followers"), lang.L("mode.daily"), lang.L("mode.growth"), lang.L("mode.posts")}, func(s string) {
		if md, ok := modes[s]; ok {
			v.setMode(md)
		}
	})
	v.modeSel.SetSelected(lang.L("mode.followers"))
	ranges := map[string]report.Range{"30d": report.Range30d, "90d": report.Range90d, "1y": report.Range1y, lang.L("range.all"): report.RangeAll}
	v.rangeSel = newSegmented([]string{"30d", "90d", "1y", lang.L("range.all")}, func(s string) {
		if r, ok := ranges[s]; ok {
			v.setRange(r)
		}
	})
	v.rangeSel.SetSelected("90d")
	v.platSel = widget.NewSelect([]string{lang.L("platform.all")}, func(s string) {
		p, _ := data.ParsePlatform(s)
		v.setPlatform(p)
	})
	v.platSel.SetSelectedIndex(0)
	v.empty = widget.NewLabel(lang.L("official.choose"))
	// Secondary actions are icons; their tooltips say what they do.
	icon := func(text string, res fyne.Resource, imp widget.Importance, tapped func()) *tipButton {
		return newTipButton(buttonSpec{Icon: res, Importance: imp, OnTapped: tapped}, text, m.onHint)
	}
	v.actions = container.NewHBox(
		newTipButton(buttonSpec{Text: lang.L("action.exportpng"), Icon: theme.DownloadIcon(), Importance: widget.HighImportance, OnTapped: v.onExportPNGTapped},
			shortcutHint(lang.L("action.exportpng"), "Ctrl+E"), m.onHint),
		icon(lang.L("action.saveas"), theme.DocumentSaveIcon(), widget.MediumImportance, v.onSaveAsTapped),
		newTipButton(buttonSpec{Text: lang.L("action.compare"), Icon: theme.ContentAddIcon(), OnTapped: v.onCompareTapped}, lang.L("compare.search"), m.onHint),
		icon(lang.L("action.manual"), theme.ContentPasteIcon(), widget.MediumImportance, v.onManualTapped),
	)
	v.headerActions = container.NewHBox(
		icon(lang.L("action.edit"), theme.DocumentCreateIcon(), widget.LowImportance, v.onEditTapped),
		icon(lang.L("action.delete"), theme.DeleteIcon(), widget.LowImportance, v.onDeleteTapped),
	)
	return v
}

// Widths of the chart toolbar's drop-downs: their longest choices in
// Kazakh, the widest language, without cutting.
const (
	modeWidth     = 170
	platformWidth = 200
)

// cardCaptions are the metric cards' captions, in card order.
var cardCaptions = []string{"card.followers", "card.day", "card.week", "card.month", "card.posts", "card.projection"}

// content lays the view out chart first: one line for the name, a strip
// of compact cards, the accounts folded under one line, and one toolbar row;
// the chart takes the rest (over half the height at 1366×768). Below the
// chart's minimum size the view scrolls instead of squeezing it.
func (v *officialView) content() fyne.CanvasObject {
	cards := container.NewGridWithColumns(len(v.cards))
	for i, key := range cardCaptions {
		caption := &widget.Label{Text: lang.L(key), SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}
		v.cards[i].Truncation = fyne.TextTruncateEllipsis
		cards.Add(container.New(layout.NewCustomPaddedVBoxLayout(-2*theme.Padding()), v.cards[i], caption))
	}
	header := container.NewBorder(nil, nil, v.name, v.headerActions, v.detail)
	v.accFold = widget.NewAccordion(widget.NewAccordionItem("", v.accounts))
	h := v.modeSel.MinSize().Height
	toolbar := container.NewHBox(container.NewGridWrap(fyne.NewSize(modeWidth, h), v.modeSel), v.rangeSel.box,
		container.NewGridWrap(fyne.NewSize(platformWidth, h), v.platSel), widget.NewSeparator(), v.actions)
	top := container.NewVBox(header, cards, v.accFold, container.NewHScroll(toolbar), v.offer)
	body := container.NewVScroll(container.NewBorder(top, nil, nil, nil, v.chart))
	v.body = body
	v.body.Hide()
	return container.NewStack(container.NewCenter(v.empty), v.body)
}

// accountsTitle sums the accounts up on the folded line: how many, which
// platforms, and how many failed their last update.
func accountsTitle(accs []data.Account) string {
	plats := make([]string, 0, len(accs))
	failed := 0
	for _, a := range accs {
		plats = append(plats, a.Platform.Title())
		if a.LastError != "" {
			failed++
		}
	}
	s := lang.L("accounts.title", map[string]any{"Count": len(accs)})
	if len(plats) > 0 {
		s += ": " + strings.Join(plats, ", ")
	}
	if failed > 0 {
		s += " · ⚠ " + lang.L("accounts.failed", map[string]any{"Count": failed})
	}
	return s
}

// show switches the view to official r and loads its cards and chart.
func (v *officialView) show(r data.OfficialSummary) {
	v.mu.Lock()
	v.current, v.compare = r, nil
	v.mu.Unlock()
	v.empty.Hide()
	v.body.Show()
	v.name.SetText(r.Official.Name)
	v.detail.SetText(describeOfficial(r))
	v.showAccounts(r.Accounts)
	v.platSel.Selected = ""
	v.setPlatformOptions(r.Accounts)
	v.reload()
}

// shown reports whether an official is shown.
func (v *officialView) shown() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.current.Official.ID != 0
}

// update shows a reloaded summary of the official already shown (new
// accounts, a new name) and redraws, keeping the chart's mode, range,
// platform and comparison.
func (v *officialView) update(r data.OfficialSummary) {
	v.mu.Lock()
	same := v.current.Official.ID == r.Official.ID
	if same {
		v.current = r
	}
	v.mu.Unlock()
	if !same {
		return
	}
	v.name.SetText(r.Official.Name)
	v.detail.SetText(describeOfficial(r))
	v.showAccounts(r.Accounts)
	v.setPlatformOptions(r.Accounts)
	v.reload()
}

// setPlatformOptions lists the official's platforms, keeping the choice
// when it is still there.
func (v *officialView) setPlatformOptions(accs []data.Account) {
	opts := []string{lang.L("platform.all")}
	seen := map[data.Platform]bool{}
	for _, a := range accs {
		if !seen[a.Platform] {
			seen[a.Platform] = true
			opts = append(opts, a.Platform.Title())
		}
	}
	sel := v.platSel.Selected
	v.platSel.Options = opts
	for _, o := range opts {
		if o == sel {
			v.platSel.Refresh()
			return
		}
	}
	v.platSel.SetSelectedIndex(0)
}

// reload refreshes cards and chart from the store, off the UI thread.
func (v *officialView) reload() {
	v.mu.Lock()
	id, plat := v.current.Official.ID, v.plat
	v.mu.Unlock()
	if id == 0 {
		return
	}
	v.m.svc.async(func() {
		met, err := v.m.svc.Reports.Metrics(v.m.ctx, id, plat, v.m.svc.Now())
		fyne.Do(func() { v.applyMetrics(met, err) })
	})
	v.redraw()
}

func (v *officialView) applyMetrics(m report.Metrics, err error) {
	if err != nil {
		v.m.showError(lang.L("error.load"), err)
		return
	}
	l := Language()
	if !m.HasData {
		for _, c := range v.cards {
			c.SetText("—")
		}
		return
	}
	v.cards[0].SetText(charts.FormatNumber(float64(m.Followers), l))
	if m.Apart { // an article quote or a stale count: never shown as today's
		v.cards[0].SetText("≈ " + charts.FormatNumber(float64(m.Followers), l) + " · " + lang.L("card.apart"))
	}
	for i, g := range []struct {
		ok  bool
		chg int64
		pct float64
	}{{m.Summary.DayOK, m.Summary.Day.Change, m.Summary.Day.Pct}, {m.Summary.WeekOK, m.Summary.Week.Change, m.Summary.Week.Pct}, {m.Summary.MonthOK, m.Summary.Month.Change, m.Summary.Month.Pct}} {
		if !g.ok {
			v.cards[i+1].SetText("—")
			continue
		}
		v.cards[i+1].SetText(charts.FormatChange(float64(g.chg), l) + " (" + charts.FormatPercent(g.pct, 1, l) + ")")
	}
	posts := func(n int64, ok bool) string {
		if !ok {
			return "—"
		}
		return charts.FormatNumber(float64(n), l)
	}
	v.cards[4].SetText(posts(m.Posts7d, m.Posts7dOK) + " / " + posts(m.Posts30d, m.Posts30dOK))
	if m.ProjectionOK && m.Projection.PerDay > 0 {
		v.cards[5].SetText(charts.FormatNumber(float64(m.Projection.Target), l) + " ≈ " + i18n.Date(m.Projection.At, l))
	} else {
		v.cards[5].SetText("—")
	}
}

// accountLine describes an account: handle, last update and last error.
func accountLine(a data.Account) string {
	var b strings.Builder
	h := a.Handle
	if h == "" {
		h = lang.L("account.nohandle")
	}
	fmt.Fprintf(&b, "%s: %s", a.Platform.Title(), h)
	if !a.Active {
		b.WriteString(" · " + lang.L("account.inactive"))
	}
	if !a.LastCheck.IsZero() {
		b.WriteString(" · " + lang.L("account.updated", map[string]any{"Time": i18n.DateTime(a.LastCheck.Local(), Language())}))
	}
	switch {
	case a.Metric == data.MetricPageLikes:
		b.WriteString(" · " + lang.L("account.metric.page_likes"))
	case a.Platform == data.YouTube && a.Metric != data.MetricUnknown:
		b.WriteString(" · " + lang.L("account.metric.rounded"))
	}
	switch {
	case a.LastError != "" && a.Failing():
		b.WriteString(" · ⚠ " + failReason(a.FailKind))
	case a.LastError != "":
		b.WriteString(" · ⚠ " + accountErrorText(a))
	}
	return b.String()
}

// showAccounts lists the official's accounts, each with Edit and Delete.
func (v *officialView) showAccounts(accs []data.Account) {
	if v.accFold != nil {
		v.accFold.Items[0].Title = accountsTitle(accs)
		v.accFold.Refresh()
	}
	v.accounts.RemoveAll()
	for _, a := range accs {
		line := &widget.Label{Text: accountLine(a), Truncation: fyne.TextTruncateEllipsis}
		edit := &widget.Button{Icon: theme.DocumentCreateIcon(), Importance: widget.LowImportance, OnTapped: func() { v.onEditAccountTapped(a) }}
		del := &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() { v.onDeleteAccountTapped(a) }}
		v.accounts.Add(container.NewBorder(nil, nil, nil, container.NewHBox(edit, del), line))
	}
}

// showAround draws the 90 days around t (45 before, 45 after, not past now).
func (v *officialView) showAround(t time.Time) {
	to := t.AddDate(0, 0, 45)
	if now := v.m.svc.Now(); to.After(now) {
		to = now
	}
	v.mu.Lock()
	v.rng, v.from, v.to = report.RangeCustom, t.AddDate(0, 0, -45), to
	v.mu.Unlock()
	v.rangeSel.SetSelected("") // none of the fixed ranges
	v.redraw()
}

// redraw re-renders the chart (at once in tests, debounced in the app).
func (v *officialView) redraw() {
	if v.m.svc.Async != nil {
		_ = v.chart.RedrawNow()
		return
	}
	v.chart.Redraw()
}

func (v *officialView) setMode(md report.Mode) {
	v.mu.Lock()
	v.mode = md
	shown := v.current.Official.ID != 0
	v.mu.Unlock()
	if shown {
		v.chart.Redraw()
	}
}

func (v *officialView) setRange(r report.Range) {
	v.mu.Lock()
	v.rng, v.from, v.to = r, time.Time{}, time.Time{}
	shown := v.current.Official.ID != 0
	v.mu.Unlock()
	if shown {
		v.chart.Redraw()
	}
}

func (v *officialView) setPlatform(p data.Platform) {
	v.mu.Lock()
	changed := v.plat != p
	v.plat = p
	shown := v.current.Official.ID != 0
	v.mu.Unlock()
	if changed && shown {
		v.reload()
	}
}

// request is the chart request for the current choices.
func (v *officialView) request() report.Request {
	v.mu.Lock()
	defer v.mu.Unlock()
	ids := append([]int64{v.current.Official.ID}, v.compare...)
	return report.Request{Officials: ids, Platform: v.plat, Mode: v.mode, Range: v.rng, From: v.from, To: v.to, Lang: Language(), Now: v.m.svc.Now()}
}

// render draws the current chart; it runs off the UI thread.
func (v *officialView) render(w, h int, scale float64) ([]byte, error) {
	req := v.request()
	if req.Officials[0] == 0 {
		return nil, nil
	}
	req.Width, req.Height, req.Scale = w, h, scale
	spec, err := v.m.svc.Reports.Spec(context.Background(), req)
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	last := v.current.LastTime
	counted := v.current.Counted > 0 || v.current.Apart > 0
	v.mu.Unlock()
	offer := counted && req.Range != report.RangeAll && !hasPoints(spec)
	fyne.Do(func() { v.showOffer(offer, last) })
	return charts.Render(spec, charts.FormatPNG)
}

// hasPoints reports whether any series of spec has a point to draw.
func hasPoints(spec charts.Spec) bool {
	for _, s := range spec.Series {
		if len(s.Points) > 0 {
			return true
		}
	}
	return false
}

// showOffer offers the whole history when the chosen range is empty but
// the official has counts (such as the 2019 article's baseline).
func (v *officialView) showOffer(show bool, last time.Time) {
	if !show {
		v.offer.Hide()
		return
	}
	v.offerText.SetText(lang.L("chart.emptyrange", map[string]any{"Date": i18n.Date(last.Local(), Language())}))
	v.offer.Show()
}

// ExportPNG writes the current chart at report size to the export folder
// and returns the path. The Export PNG button calls it.
func (v *officialView) ExportPNG(ctx context.Context) (string, error) {
	req := v.request()
	dir, err := v.m.svc.ExportDir()
	if err != nil {
		return "", err
	}
	name, err := v.m.svc.Reports.FileName(ctx, req, ".png")
	if err != nil {
		return "", err
	}
	spec, err := v.m.svc.Reports.Spec(ctx, req)
	if err != nil {
		return "", err
	}
	return charts.Export(filepath.Join(dir, name), spec)
}

func (v *officialView) onExportPNGTapped() { v.m.exportInBackground(v.ExportPNG) }

// exportInBackground runs a one-click export off the UI thread, then shows
// the path in the status line and a notification, and offers to open the
// folder.
func (m *MainWindow) exportInBackground(export func(context.Context) (string, error)) {
	m.svc.async(func() {
		path, err := export(m.ctx)
		fyne.Do(func() { m.exported(path, err) })
	})
}

// exported reports a finished export without blocking: the message line
// names the file and offers its folder, and a system notification says it
// is done.
func (m *MainWindow) exported(path string, err error) {
	if err != nil {
		m.showError(lang.L("error.export"), err)
		return
	}
	m.say(lang.L("status.exported", map[string]any{"Path": path}))
	m.offerFolder(filepath.Dir(path))
	m.notify(lang.L("notify.exported"), path)
}
