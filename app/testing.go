package app

import (
	"context"
	"fyne.io/fyne/v2/lang"
	"time"

	"fyne.io/fyne/v2/widget"

	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/refresh"
)

// These methods expose state and actions for tests and for scripting the
// window; the UI itself goes through the buttons.

// SearchEntry returns the watchlist's search box.
func (m *MainWindow) SearchEntry() *widget.Entry { return &m.watch.search.Entry }

// Shown returns the officials the watchlist shows now, in order.
func (m *MainWindow) Shown() []data.OfficialSummary { return m.watch.shown }

// StatusText returns the status line.
func (m *MainWindow) StatusText() string { return m.status.Text }

// DemoShown reports whether the DEMO banner is visible.
func (m *MainWindow) DemoShown() bool { return m.demo.Visible() }

// ProgressVisible reports whether the refresh progress bar shows.
func (m *MainWindow) ProgressVisible() bool { return m.progress.Visible() }

// RefreshButtonText returns the Refresh all button's label.
func (m *MainWindow) RefreshButtonText() string { return m.refreshBt.Text }

// StartRefresh starts a refresh pass as the button does; done runs on the
// UI thread when it ends. It returns false if a pass is already running.
func (m *MainWindow) StartRefresh(done func(error)) bool {
	return m.startRefresh(func(_ refresh.Summary, err error) {
		if done != nil {
			done(err)
		}
	})
}

// CancelRefresh stops the running pass, as the Cancel button does.
func (m *MainWindow) CancelRefresh() { m.onCancelTapped() }

// OpenAlerts returns how many alerts are not acknowledged.
func (m *MainWindow) OpenAlerts() int { return m.alerts.OpenCount() }

// AlertsTabText returns the alerts tab's title.
func (m *MainWindow) AlertsTabText() string { return m.alertTab.Text }

// AcknowledgeFirstAlert acknowledges the newest alert.
func (m *MainWindow) AcknowledgeFirstAlert() {
	if len(m.alerts.rows) > 0 {
		m.alerts.Acknowledge(m.alerts.rows[0].alert.ID)
	}
}

// SelectOfficial shows the official with the given ID.
func (m *MainWindow) SelectOfficial(id int64) { m.openOfficial(id) }

// ExportPNG runs the one-click export of the shown chart.
func (m *MainWindow) ExportPNG() (string, error) { return m.official.ExportPNG(context.Background()) }

// LeaderboardRows returns the leaderboard rows in the order shown.
func (m *MainWindow) LeaderboardRows() []data.LeaderboardRow { return m.board.rows }

// SortLeaderboard sorts the leaderboard by column, as tapping its header does.
func (m *MainWindow) SortLeaderboard(col int) { m.board.SortBy(col) }

// FilterLeaderboardRegion picks a region (its name in the UI language, or
// "" for all) in the leaderboard's filter.
func (m *MainWindow) FilterLeaderboardRegion(name string) {
	if name == "" {
		name = m.board.region.Options[0]
	}
	m.board.region.SetSelected(name)
}

// OpenChartAt opens an official's chart around a time, as an alert's
// "Open chart" does.
func (m *MainWindow) OpenChartAt(id int64, at time.Time) { m.openOfficialAt(id, at) }

// ChartRange returns the shown chart's custom range (zero for fixed ranges).
func (m *MainWindow) ChartRange() (time.Time, time.Time) {
	r := m.official.request()
	return r.From, r.To
}

// LeaderboardTopSpec returns the bar chart "Top 20 as PNG" would draw now.
func (m *MainWindow) LeaderboardTopSpec() charts.BarSpec { return m.board.topSpec(m.board.snapshot()) }

// ExportLeaderboardPNG runs the leaderboard's "Top 20 as PNG".
func (m *MainWindow) ExportLeaderboardPNG() (string, error) {
	return m.board.ExportTopPNG(context.Background())
}

// OpenLeaderboardTab selects the leaderboard's tab, as a click on it does:
// the leaderboard is built then, and kept fresh after every load.
func (m *MainWindow) OpenLeaderboardTab() {
	for _, it := range m.tabs.Items {
		if it.Text == lang.L("tab.leaderboard") {
			m.tabs.Select(it)
			return
		}
	}
}
