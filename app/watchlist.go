package app

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"akimwatch/charts"
	"akimwatch/data"
)

// MainWindow is the app's one window. For now it lists the watchlist; the
// official view, leaderboard and alerts join it in later screens.
type MainWindow struct {
	Window fyne.Window

	svc      Services
	lang     string
	all      []data.OfficialSummary
	shown    []data.OfficialSummary
	search   *widget.Entry
	list     *widget.List
	status   *widget.Label
	demo     *widget.Label
	progress *widget.ProgressBarInfinite
}

// NewMainWindow builds the main window on a, reading through svc.
func NewMainWindow(a fyne.App, svc Services) *MainWindow {
	m := &MainWindow{svc: svc, lang: Language()}
	m.Window = a.NewWindow(lang.L("app.title"))
	m.search = &widget.Entry{PlaceHolder: lang.L("watchlist.search"), OnChanged: m.onSearchChanged}
	m.search.ExtendBaseWidget(m.search)
	m.list = widget.NewList(m.rowCount, m.newRow, m.updateRow)
	m.status = widget.NewLabel("")
	m.demo = &widget.Label{Text: lang.L("demo.banner"), Importance: widget.DangerImportance}
	m.demo.Hide()
	m.progress = widget.NewProgressBarInfinite()
	m.progress.Hide()
	top := container.NewVBox(m.demo, widget.NewLabelWithStyle(lang.L("watchlist.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), m.search)
	bottom := container.NewVBox(m.progress, m.status)
	m.Window.SetContent(container.NewBorder(top, bottom, nil, nil, m.list))
	m.Window.Resize(fyne.NewSize(720, 560))
	return m
}

// Load reads the watchlist in the background and shows it when ready.
func (m *MainWindow) Load(ctx context.Context) {
	m.progress.Show()
	m.progress.Start()
	go func() {
		rows, demo, err := m.fetch(ctx)
		fyne.Do(func() { m.apply(rows, demo, err) })
	}()
}

// Reload reads the watchlist and shows it before returning. Tests use it;
// the app calls Load.
func (m *MainWindow) Reload(ctx context.Context) error {
	rows, demo, err := m.fetch(ctx)
	m.apply(rows, demo, err)
	return err
}

func (m *MainWindow) fetch(ctx context.Context) ([]data.OfficialSummary, bool, error) {
	rows, err := m.svc.Overview(ctx)
	if err != nil {
		return nil, false, err
	}
	demo, err := m.svc.IsDemo(ctx)
	return rows, demo, err
}

func (m *MainWindow) apply(rows []data.OfficialSummary, demo bool, err error) {
	m.progress.Stop()
	m.progress.Hide()
	if err != nil {
		logrus.WithError(err).Error("load watchlist")
		m.status.SetText(lang.L("error.load") + ": " + err.Error())
		return
	}
	m.all = rows
	if demo {
		m.demo.Show()
	} else {
		m.demo.Hide()
	}
	m.filter()
}

func (m *MainWindow) onSearchChanged(string) { m.filter() }

// filter shows the officials whose Cyrillic or Latin name contains the search text.
func (m *MainWindow) filter() {
	q := data.FoldForSearch(strings.TrimSpace(m.search.Text))
	m.shown = m.shown[:0]
	accounts := 0
	for _, r := range m.all {
		if q == "" || strings.Contains(data.FoldForSearch(r.Official.Name), q) || strings.Contains(strings.ToLower(r.Official.NameLatin), q) {
			m.shown = append(m.shown, r)
			accounts += len(r.Accounts)
		}
	}
	m.list.Refresh()
	if len(m.all) == 0 {
		m.status.SetText(lang.L("watchlist.empty"))
		return
	}
	m.status.SetText(lang.L("watchlist.count", map[string]any{"Count": len(m.shown), "Accounts": accounts}))
}

// Shown returns the officials the list shows now, in order.
func (m *MainWindow) Shown() []data.OfficialSummary { return m.shown }

func (m *MainWindow) rowCount() int { return len(m.shown) }

func (m *MainWindow) newRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	detail := widget.NewLabel("")
	count := widget.NewLabelWithStyle("", fyne.TextAlignTrailing, fyne.TextStyle{})
	return container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), count, container.NewVBox(name, detail))
}

func (m *MainWindow) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(m.shown) {
		return
	}
	r := m.shown[i]
	c := o.(*fyne.Container)
	texts := c.Objects[0].(*fyne.Container)
	texts.Objects[0].(*widget.Label).SetText(r.Official.Name)
	texts.Objects[1].(*widget.Label).SetText(m.describe(r))
	c.Objects[2].(*widget.Label).SetText(m.followers(r))
}

func (m *MainWindow) describe(r data.OfficialSummary) string {
	o := r.Official
	pos := lang.L("position.unknown")
	if o.Position != "" {
		pos = lang.L("position." + string(o.Position))
	}
	parts := []string{pos}
	if o.Region != "" {
		parts = append(parts, o.Region.Name(m.lang))
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

func (m *MainWindow) followers(r data.OfficialSummary) string {
	if r.Counted == 0 {
		return lang.L("watchlist.nodata")
	}
	n := charts.FormatNumber(float64(r.Followers), m.lang)
	if r.Flags.Has(data.FlagLowerBound) {
		n = "≥ " + n
	} else if r.Flags.Has(data.FlagApproxCount) {
		n = "≈ " + n
	}
	s := lang.L("watchlist.followers", map[string]any{"Followers": n})
	if r.Sources[data.SourceArticle] {
		s += fmt.Sprintf("\n(%s, %d)", lang.L("watchlist.article"), r.LastTime.Year())
	}
	return s
}

// SearchEntry returns the search box, for tests that type into it.
func (m *MainWindow) SearchEntry() *widget.Entry { return m.search }

// StatusText returns the status line under the list.
func (m *MainWindow) StatusText() string { return m.status.Text }

// DemoShown reports whether the DEMO banner is visible.
func (m *MainWindow) DemoShown() bool { return m.demo.Visible() }
