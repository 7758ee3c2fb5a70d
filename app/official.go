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
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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

	name     *widget.Label
	detail   *widget.Label
	accounts *fyne.Container // one row per account: its line, Edit, Delete
	cards    [6]*widget.Label
	modeSel  *widget.RadioGroup
	rangeSel *widget.RadioGroup
	platSel  *widget.Select
	chart    *widgets.ChartImage
	body     *fyne.Container
	empty    *widget.Label
	actions  *fyne.Container
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
	v.chart.OnError = func(err error) { v.m.status.SetText(lang.L("error.chart") + ": " + err.Error()) }
	v.chart.OnShown = func() {
		m.bench.chartShown()
		m.releaseWhenIdle() // the render's garbage
	}
	modes := map[string]report.Mode{lang.L("mode.followers"): report.ModeFollowers, lang.L("mode.daily"): report.ModeDaily,
		lang.L("mode.growth"): report.ModeGrowth, lang.L("mode.posts"): report.ModePosts}
	v.modeSel = widget.NewRadioGroup([]string{lang.L("mode.followers"), lang.L("mode.daily"), lang.L("mode.growth"), lang.L("mode.posts")}, func(s string) {
		if md, ok := modes[s]; ok {
			v.setMode(md)
		}
	})
	v.modeSel.Horizontal = true
	v.modeSel.SetSelected(lang.L("mode.followers"))
	ranges := map[string]report.Range{"30d": report.Range30d, "90d": report.Range90d, "1y": report.Range1y, lang.L("range.all"): report.RangeAll}
	v.rangeSel = widget.NewRadioGroup([]string{"30d", "90d", "1y", lang.L("range.all")}, func(s string) {
		if r, ok := ranges[s]; ok {
			v.setRange(r)
		}
	})
	v.rangeSel.Horizontal = true
	v.rangeSel.SetSelected("90d")
	v.platSel = widget.NewSelect([]string{lang.L("platform.all")}, func(s string) {
		p, _ := data.ParsePlatform(s)
		v.setPlatform(p)
	})
	v.platSel.SetSelectedIndex(0)
	v.empty = widget.NewLabel(lang.L("official.choose"))
	v.actions = container.NewHBox(
		&widget.Button{Text: lang.L("action.exportpng"), Icon: theme.DownloadIcon(), Importance: widget.HighImportance, OnTapped: v.onExportPNGTapped},
		&widget.Button{Text: lang.L("action.saveas"), Icon: theme.DocumentSaveIcon(), OnTapped: v.onSaveAsTapped},
		&widget.Button{Text: lang.L("action.compare"), Icon: theme.ContentAddIcon(), OnTapped: v.onCompareTapped},
		&widget.Button{Text: lang.L("action.manual"), Icon: theme.DocumentCreateIcon(), OnTapped: v.onManualTapped},
		&widget.Button{Text: lang.L("action.edit"), Icon: theme.DocumentCreateIcon(), OnTapped: v.onEditTapped},
		&widget.Button{Text: lang.L("action.delete"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: v.onDeleteTapped},
	)
	return v
}

func (v *officialView) content() fyne.CanvasObject {
	cards := container.NewGridWithColumns(len(v.cards))
	for i, key := range []string{"card.followers", "card.day", "card.week", "card.month", "card.posts", "card.projection"} {
		caption := widget.NewLabel(lang.L(key))
		caption.Truncation = fyne.TextTruncateEllipsis
		v.cards[i].Truncation = fyne.TextTruncateEllipsis
		cards.Add(container.NewVBox(v.cards[i], caption))
	}
	controls := container.NewBorder(nil, nil, nil, v.platSel, container.NewHScroll(container.NewHBox(v.modeSel, widget.NewSeparator(), v.rangeSel)))
	top := container.NewVBox(v.name, v.detail, v.accounts, cards, controls)
	v.body = container.NewBorder(top, container.NewHScroll(v.actions), nil, nil, v.chart)
	v.body.Hide()
	return container.NewStack(container.NewCenter(v.empty), v.body)
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
	opts := []string{lang.L("platform.all")}
	for _, a := range r.Accounts {
		opts = append(opts, string(a.Platform))
	}
	v.platSel.Options = opts
	v.platSel.SetSelectedIndex(0)
	v.reload()
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
		v.cards[5].SetText(charts.FormatNumber(float64(m.Projection.Target), l) + " ≈ " + m.Projection.At.Format("2006-01-02"))
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
		b.WriteString(" · " + lang.L("account.updated", map[string]any{"Time": a.LastCheck.Local().Format("2006-01-02 15:04")}))
	}
	switch {
	case a.Metric == data.MetricPageLikes:
		b.WriteString(" · " + lang.L("account.metric.page_likes"))
	case a.Platform == data.YouTube && a.Metric != data.MetricUnknown:
		b.WriteString(" · " + lang.L("account.metric.rounded"))
	}
	switch {
	case a.LastError != "" && a.Failing():
		b.WriteString(" · ⚠ " + failReason(a.FailKind) + ": " + a.LastError)
	case a.LastError != "":
		b.WriteString(" · ⚠ " + a.LastError)
	}
	return b.String()
}

// showAccounts lists the official's accounts, each with Edit and Delete.
func (v *officialView) showAccounts(accs []data.Account) {
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
	return charts.Render(spec, charts.FormatPNG)
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
		fyne.Do(func() {
			if err != nil {
				m.showError(lang.L("error.export"), err)
				return
			}
			m.status.SetText(lang.L("status.exported", map[string]any{"Path": path}))
			m.notify(lang.L("notify.exported"), path)
			dialog.ShowCustomConfirm(lang.L("notify.exported"), lang.L("action.openfolder"), lang.L("action.close"),
				widget.NewLabel(path), func(open bool) {
					if open {
						m.openFolder(filepath.Dir(path))
					}
				}, m.Window)
		})
	})
}
