package app

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// Window geometry preferences, their defaults and bounds.
const (
	prefWindowWidth  = "window_width"
	prefWindowHeight = "window_height"
	prefSplit        = "window_split"
	// The default window fits a 1366×768 screen with a 40 px taskbar and
	// the window's title bar.
	defaultWindowWidth  = 1300
	defaultWindowHeight = 680
	// Smaller saved sizes (a window dragged tiny) are raised to these.
	minWindowWidth  = 800
	minWindowHeight = 500
	// maxWindowSide caps a saved size, so a bad value cannot open a huge window.
	maxWindowSide = 10000
	// defaultSplit gives the watchlist about a quarter of the width.
	defaultSplit = 0.27
	minSplit     = 0.15
	maxSplit     = 0.6
)

// WindowSize returns the main window's saved size, within bounds.
func (s *Settings) WindowSize() fyne.Size {
	w := s.p.FloatWithFallback(prefWindowWidth, defaultWindowWidth)
	h := s.p.FloatWithFallback(prefWindowHeight, defaultWindowHeight)
	return fyne.NewSize(float32(min(max(w, minWindowWidth), maxWindowSide)), float32(min(max(h, minWindowHeight), maxWindowSide)))
}

// SetWindowSize saves the main window's size.
func (s *Settings) SetWindowSize(sz fyne.Size) {
	if sz.Width < minWindowWidth || sz.Height < minWindowHeight {
		return
	}
	s.p.SetFloat(prefWindowWidth, float64(sz.Width))
	s.p.SetFloat(prefWindowHeight, float64(sz.Height))
}

// SplitOffset returns the saved share of the width the watchlist takes.
func (s *Settings) SplitOffset() float64 {
	return min(max(s.p.FloatWithFallback(prefSplit, defaultSplit), minSplit), maxSplit)
}

// SetSplitOffset saves the watchlist's share of the width.
func (s *Settings) SetSplitOffset(v float64) {
	if v >= minSplit && v <= maxSplit {
		s.p.SetFloat(prefSplit, v)
	}
}

// windowTitle names the app, the open database and, for demo data, DEMO,
// so two windows can be told apart in the taskbar.
func windowTitle(dbPath string, demo bool) string {
	t := lang.L("app.title") + " — " + filepath.Base(dbPath)
	if demo {
		t = "DEMO · " + t
	}
	return t
}

// saveGeometry remembers the window's size and split for the next start.
func (m *MainWindow) saveGeometry() {
	m.settings.SetWindowSize(m.Window.Canvas().Size())
	m.settings.SetSplitOffset(m.split.Offset)
}
