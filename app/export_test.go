package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Test hooks: what the tests in package app_test need to reach inside.

// ReadOnlyShown reports whether the read-only banner is shown and how many
// of the buttons that write are.
func (m *MainWindow) ReadOnlyShown() (banner bool, editButtons int) {
	for _, w := range m.edits {
		if w.Visible() {
			editButtons++
		}
	}
	return m.readOnly.Visible(), editButtons
}

// TabIndex returns the selected tab.
func (m *MainWindow) TabIndex() int { return m.tabs.SelectedIndex() }

// SelectTab selects a tab as a click on it does.
func (m *MainWindow) SelectTab(i int) { m.tabs.SelectIndex(i) }

// Shortcut runs a window shortcut as the keyboard does.
func (m *MainWindow) Shortcut(name string) {
	sc := map[string]fyne.Shortcut{"find": scFind, "refresh": scRefresh, "export": scExport, "quit": scQuit, "close": scClose,
		"new": scNew, "tab1": scTabs[0], "tab2": scTabs[1], "tab3": scTabs[2], "tab4": scTabs[3]}[name]
	m.Window.Canvas().(fyne.Shortcutable).TypedShortcut(sc)
}

// PressKey sends a key to the window as if no widget had focus.
func (m *MainWindow) PressKey(k fyne.KeyName) {
	m.Window.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k})
}

// FocusedIsSearch reports whether the watchlist's search box has focus.
func (m *MainWindow) FocusedIsSearch() bool { return m.Window.Canvas().Focused() == m.watch.search }

// SearchKey sends a key to the search box.
func (m *MainWindow) SearchKey(k fyne.KeyName) { m.watch.search.TypedKey(&fyne.KeyEvent{Name: k}) }

// ShownOfficial returns the ID of the official the official view shows.
func (m *MainWindow) ShownOfficial() int64 {
	m.official.mu.Lock()
	defer m.official.mu.Unlock()
	return m.official.current.Official.ID
}

// CompareWith sets the officials drawn alongside, as the Compare dialog does.
func (m *MainWindow) CompareWith(ids []int64) {
	m.official.mu.Lock()
	m.official.compare = ids
	m.official.mu.Unlock()
}

// Compared returns the officials drawn alongside.
func (m *MainWindow) Compared() []int64 {
	m.official.mu.Lock()
	defer m.official.mu.Unlock()
	return m.official.compare
}

// OpenAddOfficial opens the add-official dialog and returns its fields.
func (m *MainWindow) OpenAddOfficial() (name, position, region, level *widget.Entry) {
	m.onAddOfficialTapped()
	it := m.lastForm.form.Items
	return &it[0].Widget.(*keyEntry).Entry, &it[1].Widget.(*pickEntry).Entry, &it[2].Widget.(*pickEntry).Entry, &it[3].Widget.(*pickEntry).Entry
}

// PressInForm sends a key to the form's first field (Enter submits, Esc cancels).
func (m *MainWindow) PressInForm(k fyne.KeyName) {
	e := m.lastForm.form.Items[0].Widget.(*keyEntry)
	if k == fyne.KeyReturn {
		e.OnSubmitted(e.Text)
		return
	}
	e.TypedKey(&fyne.KeyEvent{Name: k})
}

// FormOpen reports whether the last form dialog is still open, and the
// error it shows.
func (m *MainWindow) FormOpen() (bool, string) { return m.lastForm.open, m.lastForm.Error() }

// OpenCompare opens the Compare dialog and returns its search box.
func (m *MainWindow) OpenCompare() *widget.Entry {
	m.official.onCompareTapped()
	return &m.comparePicker.search.Entry
}

// CompareShown returns how many officials the Compare dialog lists.
func (m *MainWindow) CompareShown() int { return len(m.comparePicker.shown) }

// CompareToggle ticks or unticks the i-th listed official.
func (m *MainWindow) CompareToggle(i int) { m.comparePicker.toggle(i) }

// ComparePicked returns the ticked officials.
func (m *MainWindow) ComparePicked() []int64 { return m.comparePicker.Picked() }

// MessageText returns the message line.
func (m *MainWindow) MessageText() string { return m.message.Text }

// Title returns the window's title.
func (m *MainWindow) Title() string { return m.Window.Title() }

// RefreshEnded returns a channel that receives when each refresh pass ends.
func (m *MainWindow) RefreshEnded() <-chan struct{} {
	ch := make(chan struct{}, 4)
	m.refreshDone = func() { ch <- struct{}{} }
	return ch
}

// OfferText returns the "show all time" offer over an empty chart ("" when
// hidden).
func (m *MainWindow) OfferText() string {
	if !m.official.offer.Visible() {
		return ""
	}
	return m.official.offerText.Text
}

// ShortcutInSearch types a window shortcut while the search box has focus.
func (m *MainWindow) ShortcutInSearch(name string) {
	sc := map[string]fyne.Shortcut{"new": scNew, "tab2": scTabs[1]}[name]
	m.watch.search.TypedShortcut(sc)
}

// SaveChartAs taps "Save as…" on the shown official's chart.
func (m *MainWindow) SaveChartAs() { m.official.onSaveAsTapped() }

// FileDialog returns Fyne's file dialog shown last (nil if none).
func (m *MainWindow) FileDialog() *dialog.FileDialog { return m.fileDialog }

// ExportLeaderboardTo writes the leaderboard's rows, as shown, to path as
// its Export button does once a file is chosen.
func (m *MainWindow) ExportLeaderboardTo(path string) error {
	return m.board.exportRows(m.ctx, path, m.board.rows, Language())
}

// WatchReach starts the team database's reachability watcher with short
// timing (check every check, retry from first up to max) and returns a
// channel that hears each change (true: reachable again).
func (m *MainWindow) WatchReach(check, first, max time.Duration) <-chan bool {
	ch := make(chan bool, 4)
	m.reachChanged = func(ok bool) { ch <- ok }
	m.reachTiming = reachTiming{check: check, first: first, max: max}
	m.watchReach()
	return ch
}

// UnreachableShown reports whether the unreachable banner is shown and how
// many of the buttons that write are enabled.
func (m *MainWindow) UnreachableShown() (banner bool, enabled int) {
	for _, w := range m.edits {
		if d, ok := w.(fyne.Disableable); ok && !d.Disabled() {
			enabled++
		}
	}
	return m.unreachable.Visible(), enabled
}

// UnreachableText returns the unreachable banner's text.
func (m *MainWindow) UnreachableText() string { return m.unreachable.Text }

// DatabaseSection returns Settings → Database's fields: the database or URL
// typed, the password and the result line.
func (m *MainWindow) DatabaseSection() (target, password *widget.Entry, result *widget.Label) {
	d := m.prefs.db
	return d.target, d.password, d.result
}

// TestDatabase and UseDatabase tap Settings → Database's buttons.
func (m *MainWindow) TestDatabase() { m.prefs.db.onTestTapped() }

// UseDatabase taps "Use at next start".
func (m *MainWindow) UseDatabase() { m.prefs.db.onUseTapped() }

// TestDatabaseWith is the default connection test with a keyring reader.
var TestDatabaseWith = testDatabase

// SaveDatabaseWith is the default save with a keyring writer and a
// remembering function.
var SaveDatabaseWith = saveDatabase

// DatabaseShown returns what Settings → Database says is open and the data
// folder it shows ("" when none is shown: a database on a server).
func (m *MainWindow) DatabaseShown() (current, folder string) {
	d := m.prefs.db
	if d.folder != nil {
		folder = d.folder.Text
	}
	return d.current.Text, folder
}
