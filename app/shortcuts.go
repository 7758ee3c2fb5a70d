package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// Keyboard shortcuts of the main window. On macOS, Fyne reads Control as
// Command for the standard ones; these are the same on every platform.
var (
	scFind    = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	scRefresh = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}
	scExport  = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	scQuit    = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
	scClose   = &desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault}
	scNew     = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	// scTabs are Ctrl+1…Ctrl+5: the tabs in order (official, leaderboard,
	// alerts, needs attention, settings).
	scTabs = []*desktop.CustomShortcut{
		{KeyName: fyne.Key1, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.Key2, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.Key3, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.Key4, Modifier: fyne.KeyModifierShortcutDefault},
		{KeyName: fyne.Key5, Modifier: fyne.KeyModifierShortcutDefault},
	}
)

// windowShortcut reports whether s is one of the window's shortcuts.
func windowShortcut(s *desktop.CustomShortcut) bool {
	for _, w := range append([]*desktop.CustomShortcut{scFind, scRefresh, scExport, scQuit, scClose, scNew}, scTabs...) {
		if s.KeyName == w.KeyName && s.Modifier == w.Modifier {
			return true
		}
	}
	return false
}

// addShortcuts binds the window's keys: Ctrl+F search, F5 or Ctrl+R
// refresh, Ctrl+E export the chart as PNG, Ctrl+Q quit, Ctrl+W close this
// window when it is a secondary one (the DEMO window), Ctrl+N add an
// official, Ctrl+1…5 the tabs, and Esc closes a dialog.
func (m *MainWindow) addShortcuts() {
	c := m.Window.Canvas()
	c.AddShortcut(scFind, func(fyne.Shortcut) { m.onFindKey() })
	c.AddShortcut(scRefresh, func(fyne.Shortcut) { m.onRefreshTapped() })
	c.AddShortcut(scExport, func(fyne.Shortcut) { m.onExportKey() })
	c.AddShortcut(scQuit, func(fyne.Shortcut) { m.quit() })
	c.AddShortcut(scClose, func(fyne.Shortcut) { m.onCloseKey() })
	c.AddShortcut(scNew, func(fyne.Shortcut) { m.onAddOfficialTapped() })
	for i, sc := range scTabs {
		c.AddShortcut(sc, func(fyne.Shortcut) {
			if i < len(m.tabs.Items) {
				m.tabs.SelectIndex(i)
			}
		})
	}
	c.SetOnTypedKey(m.onKey)
	// A focused search box takes keys first: F5 still refreshes there.
	m.watch.search.onF5 = m.onRefreshTapped
}

// onKey handles keys no focused widget took: F5 refreshes.
func (m *MainWindow) onKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyF5 {
		m.onRefreshTapped()
	}
}

func (m *MainWindow) onFindKey() {
	m.Window.Canvas().Focus(m.watch.search)
}

// onExportKey exports the shown chart; with none shown it says how.
func (m *MainWindow) onExportKey() {
	if !m.official.shown() {
		m.say(lang.L("official.choose"))
		return
	}
	m.official.onExportPNGTapped()
}

// onCloseKey closes a secondary window: the DEMO window is one (the
// analyst's own database stays open in the first).
func (m *MainWindow) onCloseKey() {
	if m.demoDB {
		m.quit()
	}
}

// quit saves the window's size and split, then ends the app; Run then
// stops background work and writes the detectors' states.
func (m *MainWindow) quit() {
	m.saveGeometry()
	m.app.Quit()
}

// shortcutHint returns a label with its shortcut, for tooltips.
func shortcutHint(label, keys string) string { return label + " (" + keys + ")" }

// tipButton is a button whose tooltip (what it does and its shortcut)
// shows in the message line while the pointer is over it: Fyne has no
// floating tooltips, and an overlay would take the pointer from the button.
type tipButton struct {
	widget.Button
	tip     string
	onHover func(tip string, in bool)
}

// buttonSpec is what a tipButton shows and does.
type buttonSpec struct {
	Text       string
	Icon       fyne.Resource
	Importance widget.Importance
	OnTapped   func()
}

func newTipButton(b buttonSpec, tip string, onHover func(string, bool)) *tipButton {
	t := &tipButton{tip: tip, onHover: onHover}
	t.Text, t.Icon, t.Importance, t.OnTapped = b.Text, b.Icon, b.Importance, b.OnTapped
	t.ExtendBaseWidget(t)
	return t
}

// MouseIn shows the tooltip.
func (b *tipButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.onHover(b.tip, true)
}

// MouseOut hides the tooltip.
func (b *tipButton) MouseOut() {
	b.Button.MouseOut()
	b.onHover(b.tip, false)
}

// onHint shows a tooltip in the message line, and puts the message back
// when the pointer leaves.
func (m *MainWindow) onHint(tip string, in bool) {
	if in {
		m.hintSaved = m.message.Text
		m.message.SetText(tip)
		return
	}
	if m.message.Text == tip {
		m.message.SetText(m.hintSaved)
	}
}
