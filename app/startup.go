package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"akimwatch/data"
)

// startupErrorSize fits the longest message (a damaged database, its newest
// backup and the command that restores it) without scrolling.
var startupErrorSize = fyne.NewSize(640, 360)

// startupError is the window ShowStartupError shows, with the parts a test
// looks at.
type startupError struct {
	win    fyne.Window
	dialog *dialog.CustomDialog
	title  string
	body   *widget.Label
}

// newStartupError builds a window whose dialog says why the app cannot open
// its database: another akimwatch has it, it is damaged, or another reason.
// Closing the dialog calls onClosed.
func newStartupError(a fyne.App, err error, onClosed func()) *startupError {
	kind := "failed"
	switch {
	case errors.Is(err, data.ErrLocked):
		kind = "locked"
	case errors.Is(err, data.ErrNotDatabase):
		kind = "damaged"
	}
	se := &startupError{
		win:   a.NewWindow("akimwatch"),
		title: lang.L("startup." + kind + ".title"),
		body: &widget.Label{Text: lang.L("startup."+kind+".body", map[string]any{"Error": err.Error()}),
			Wrapping: fyne.TextWrapWord, Selectable: true},
	}
	se.win.Resize(startupErrorSize)
	se.dialog = dialog.NewCustom(se.title, lang.L("action.close"), se.body, se.win)
	se.dialog.Resize(startupErrorSize)
	se.dialog.SetOnClosed(onClosed)
	se.win.SetCloseIntercept(func() { se.dialog.Hide() })
	se.dialog.Show()
	return se
}

// ShowStartupError shows why the desktop app cannot start (the database is
// in use by another akimwatch, or damaged) in a window of its own, and
// returns when the user closes it, so the app ends cleanly instead of
// leaving only a line on a console nobody sees.
func ShowStartupError(a fyne.App, err error) {
	se := newStartupError(a, err, a.Quit)
	se.win.ShowAndRun()
}
