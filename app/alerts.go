package app

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"akimwatch/assets/i18n"
	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/growth"
)

// alertRow is one alert with the names it belongs to.
type alertRow struct {
	alert    data.Alert
	account  data.Account
	official data.Official
}

// alertsView lists alerts newest first, with Acknowledge, Mute and Open chart.
type alertsView struct {
	m     *MainWindow
	rows  []alertRow
	list  *widget.List
	empty *widget.Label // says there are no alerts, and why that is good
}

func newAlertsView(m *MainWindow) *alertsView {
	v := &alertsView{m: m}
	v.list = widget.NewList(func() int { return len(v.rows) }, v.newRow, v.updateRow)
	return v
}

func (v *alertsView) content() fyne.CanvasObject {
	v.empty = &widget.Label{Text: lang.L("alerts.empty"), Wrapping: fyne.TextWrapWord, Alignment: fyne.TextAlignCenter}
	return container.NewStack(v.list, container.NewPadded(container.NewVBox(layout.NewSpacer(), v.empty, layout.NewSpacer())))
}

func (v *alertsView) newRow() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	detail := widget.NewLabel("")
	detail.Truncation = fyne.TextTruncateEllipsis
	ack := widget.NewButton(lang.L("alert.ack"), nil)
	mute := widget.NewButton(lang.L("alert.mute"), nil)
	open := widget.NewButton(lang.L("alert.open"), nil)
	return container.NewBorder(nil, nil, nil, container.NewHBox(ack, mute, open), container.NewVBox(title, detail))
}

func (v *alertsView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(v.rows) {
		return
	}
	r := v.rows[i]
	c := o.(*fyne.Container)
	texts := c.Objects[0].(*fyne.Container)
	kind := lang.L("alert.kind." + string(r.alert.Kind))
	texts.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%s · %s · %s · %s", i18n.DateTime(r.alert.Time.Local(), Language()), r.official.Name, r.account.Platform.Title(), kind))
	texts.Objects[1].(*widget.Label).SetText(alertDetail(r.alert))
	btns := c.Objects[1].(*fyne.Container)
	ack := btns.Objects[0].(*widget.Button)
	if r.alert.Acknowledged {
		ack.Disable()
	} else {
		ack.Enable()
	}
	id := r.alert.ID
	ack.OnTapped = func() { v.Acknowledge(id) }
	btns.Objects[1].(*widget.Button).OnTapped = func() { v.mute(r.account.ID) }
	at := r.alert.Time
	btns.Objects[2].(*widget.Button).OnTapped = func() { v.m.openOfficialAt(r.official.ID, at) }
}

// fetch reads alerts with their accounts and officials; off the UI thread.
func (v *alertsView) fetch(ctx context.Context) ([]alertRow, error) {
	alerts, err := v.m.svc.Store.Alerts(ctx, data.AlertFilter{})
	if err != nil {
		return nil, err
	}
	accs, err := v.m.svc.Store.Accounts(ctx, data.AccountFilter{})
	if err != nil {
		return nil, err
	}
	offs, err := v.m.svc.Store.Officials(ctx)
	if err != nil {
		return nil, err
	}
	accByID := map[int64]data.Account{}
	for _, a := range accs {
		accByID[a.ID] = a
	}
	offByID := map[int64]data.Official{}
	for _, o := range offs {
		offByID[o.ID] = o
	}
	rows := make([]alertRow, len(alerts))
	for i, a := range alerts {
		acc := accByID[a.AccountID]
		rows[i] = alertRow{alert: a, account: acc, official: offByID[acc.OfficialID]}
	}
	return rows, nil
}

func (v *alertsView) apply(rows []alertRow, err error) {
	if err != nil {
		v.m.showError(lang.L("error.load"), err)
		return
	}
	v.rows = rows
	v.list.Refresh()
	if v.empty != nil {
		v.empty.Hidden = len(rows) > 0
		v.empty.Refresh()
	}
	open := 0
	for _, r := range rows {
		if !r.alert.Acknowledged {
			open++
		}
	}
	v.m.alertTab.Text = lang.L("tab.alerts")
	if open > 0 {
		v.m.alertTab.Text = fmt.Sprintf("%s (%d)", lang.L("tab.alerts"), open)
	}
	v.m.tabs.Refresh()
}

// OpenCount returns how many shown alerts are not acknowledged.
func (v *alertsView) OpenCount() int {
	n := 0
	for _, r := range v.rows {
		if !r.alert.Acknowledged {
			n++
		}
	}
	return n
}

// Acknowledge marks an alert as seen and refreshes the list and badges.
func (v *alertsView) Acknowledge(id int64) {
	if err := v.m.svc.Store.AcknowledgeAlert(v.m.ctx, id, true); err != nil {
		v.m.showError(lang.L("error.alert"), err)
		return
	}
	rows, err := v.fetch(v.m.ctx)
	v.apply(rows, err)
	v.m.Load()
}

// muteDays is how long "Mute account" holds an account's alerts back.
const muteDays = 7

func (v *alertsView) mute(accountID int64) {
	if err := v.m.svc.Store.MuteUntil(v.m.ctx, accountID, v.m.svc.Now().AddDate(0, 0, muteDays)); err != nil {
		v.m.showError(lang.L("error.alert"), err)
		return
	}
	v.m.say(lang.L("alert.muted"))
}

// openOfficial shows the official's chart.
func (m *MainWindow) openOfficial(id int64) { m.openOfficialAt(id, time.Time{}) }

// openOfficialAt shows the official's chart; with a time, the chart spans
// the 90 days around it (an alert's date).
func (m *MainWindow) openOfficialAt(id int64, at time.Time) {
	for _, r := range m.watch.all {
		if r.Official.ID == id {
			m.onOfficialPicked(r)
			if !at.IsZero() {
				m.official.showAround(at)
			}
			return
		}
	}
}

// alertDetail says why the detector raised the alert, in the UI language,
// with the numbers it was judged on. Alerts stored by older versions carry
// an English sentence: English shows it, the other languages a summary.
func alertDetail(a data.Alert) string {
	l := Language()
	key, v, ok := growth.ParseDetail(a.Detail)
	if !ok {
		if l == "en" && a.Detail != "" {
			return a.Detail
		}
		return lang.L("alert.detail", map[string]any{
			"Change": charts.FormatChange(float64(a.Size), l),
			"Pct":    charts.FormatPercent(a.Pct, 1, l),
			"Score":  charts.FormatNumber(a.Score, l),
		})
	}
	n := func(k string) float64 { return growth.Num(v, k) }
	args := map[string]any{
		"Change":   charts.FormatChange(n("change"), l),
		"Pct":      charts.FormatPercent(n("pct"), 1, l),
		"Span":     spanText(n("span")),
		"Usual":    signedAmount(n("usual"), l),
		"Ratio":    howMany(n("ratio"), l),
		"Score":    howMany(n("score"), l),
		"Excess":   charts.FormatNumber(max(n("excess"), 0), l),
		"N":        charts.FormatNumber(n("span"), l),
		"Accounts": charts.FormatNumber(n("accounts"), l),
		"Total":    charts.FormatNumber(n("total"), l),
		"Platform": data.Platform(v["platform"]).Title(),
	}
	if key == growth.WhyChange && n("ratio") >= 2 {
		key += ".ratio"
	}
	return lang.L("alert.why."+key, args)
}

// spanText says how long a change took: "in 25 min", "in 6 h", "in 3 days".
func spanText(days float64) string {
	switch h := days * 24; {
	case h < 0.9:
		return lang.L("alert.span.minutes", map[string]any{"N": max(int(math.Round(h*60)), 1)})
	case days < 1.5:
		return lang.L("alert.span.hours", map[string]any{"N": max(int(math.Round(h)), 1)})
	}
	return lang.L("alert.span.days", map[string]any{"N": int(math.Round(days))})
}

// howMany formats a ratio: one decimal below 10 ("2,5" in ru), whole above.
func howMany(v float64, l string) string {
	if math.Abs(v) >= 10 {
		return charts.FormatNumber(v, l)
	}
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if l != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// signedAmount formats a pace with its sign, one decimal below 10.
func signedAmount(v float64, l string) string {
	if math.Abs(v) >= 10 {
		return charts.FormatChange(v, l)
	}
	sign := "+"
	if v < 0 {
		sign = "−"
	}
	return sign + howMany(math.Abs(v), l)
}
