package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"akimwatch/assets/i18n"
	"akimwatch/data"
)

// formWidth is the width of form dialogs: wide enough for Kazakh labels,
// region names and placeholders at 1366×768.
const formWidth = 620

// choice is one option of a picker: a stored code and the name shown.
type choice struct{ code, label string }

// pickEntry is a field with a drop-down of named choices that narrows as
// the analyst types (search), accepting a choice's name in any of the
// three languages or its code. Esc cancels the dialog it sits in.
type pickEntry struct {
	widget.SelectEntry
	choices  []choice
	onEscape func()
}

// newPickEntry returns a picker over choices showing value's name.
func newPickEntry(choices []choice, value string) *pickEntry {
	e := &pickEntry{choices: choices}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.SetOptions(labels(choices))
	for _, c := range choices {
		if c.code == value && value != "" {
			e.SetText(c.label)
		}
	}
	e.OnChanged = e.onTextChanged
	return e
}

func labels(cs []choice) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.label
	}
	return out
}

// onTextChanged narrows the drop-down to the choices containing the text.
func (e *pickEntry) onTextChanged(s string) {
	q := data.FoldForSearch(strings.TrimSpace(s))
	var opts []string
	for _, c := range e.choices {
		if q == "" || strings.Contains(data.FoldForSearch(c.label), q) || strings.Contains(c.code, q) || c.label == s {
			opts = append(opts, c.label)
		}
	}
	if len(opts) == 0 {
		opts = labels(e.choices)
	}
	e.SetOptions(opts)
}

// TypedKey closes the dialog on Esc; other keys edit the text.
func (e *pickEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && e.onEscape != nil {
		e.onEscape()
		return
	}
	e.SelectEntry.TypedKey(k)
}

// forwardShortcut hands a window shortcut (Ctrl+F, R, E, Q, W, N, 1…4)
// typed in a text field to the window: Fyne gives shortcuts only to the
// focused widget when it takes any. It reports whether it did.
func forwardShortcut(o fyne.CanvasObject, s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || !windowShortcut(cs) {
		return false
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(o)
	if sc, ok := c.(fyne.Shortcutable); ok {
		sc.TypedShortcut(s)
		return true
	}
	return false
}

// TypedShortcut passes window shortcuts on; the rest edit the text.
func (e *keyEntry) TypedShortcut(s fyne.Shortcut) {
	if !forwardShortcut(e, s) {
		e.Entry.TypedShortcut(s)
	}
}

// TypedShortcut passes window shortcuts on; the rest edit the text.
func (e *pickEntry) TypedShortcut(s fyne.Shortcut) {
	if !forwardShortcut(e, s) {
		e.SelectEntry.TypedShortcut(s)
	}
}

// keyEntry is a text field that reports Esc, Down and Up to its owner:
// Esc cancels a dialog, Down/Up move through a list of results.
type keyEntry struct {
	widget.Entry
	onEscape, onDown, onUp, onF5 func()
}

func newKeyEntry() *keyEntry {
	e := &keyEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey hands Esc, Down and Up to the owner when it asked for them.
func (e *keyEntry) TypedKey(k *fyne.KeyEvent) {
	switch {
	case k.Name == fyne.KeyEscape && e.onEscape != nil:
		e.onEscape()
	case k.Name == fyne.KeyDown && e.onDown != nil:
		e.onDown()
	case k.Name == fyne.KeyUp && e.onUp != nil:
		e.onUp()
	case k.Name == fyne.KeyF5 && e.onF5 != nil:
		e.onF5()
	default:
		e.Entry.TypedKey(k)
	}
}

// matchChoice returns the code of the choice named s (a name in any
// language, as given by names, or the code itself).
func matchChoice(s string, codes []string, names func(code, lang string) string) (string, bool) {
	k := data.FoldForSearch(strings.TrimSpace(s))
	for _, c := range codes {
		if k == data.FoldForSearch(c) {
			return c, true
		}
		for _, l := range i18n.Languages {
			if k == data.FoldForSearch(names(c, l)) {
				return c, true
			}
		}
	}
	return "", false
}

// positionChoices are the positions, named in the UI language.
func positionChoices() []choice {
	out := make([]choice, len(data.Positions))
	for i, p := range data.Positions {
		out[i] = choice{string(p), positionName(p)}
	}
	return out
}

// levelChoices are the levels, named in the UI language.
func levelChoices() []choice {
	out := make([]choice, len(data.Levels))
	for i, l := range data.Levels {
		out[i] = choice{string(l), lang.L("level." + string(l))}
	}
	return out
}

// regionChoices are the regions, named in the UI language.
func regionChoices() []choice {
	out := make([]choice, len(data.Regions))
	for i, r := range data.Regions {
		out[i] = choice{string(r.Code), r.Code.Name(Language())}
	}
	return out
}

// parsePosition reads a position typed or picked in any language.
func parsePosition(s string) (data.Position, error) {
	if strings.TrimSpace(s) == "" {
		return data.PosAkim, nil
	}
	codes := make([]string, len(data.Positions))
	for i, p := range data.Positions {
		codes[i] = string(p)
	}
	c, ok := matchChoice(s, codes, func(code, l string) string { return i18n.T(l, "position."+code) })
	if !ok {
		return "", errors.New(lang.L("form.position.unknown", map[string]any{"Text": s}))
	}
	return data.Position(c), nil
}

// parseLevel reads a level typed or picked in any language; empty gives
// the region's usual level.
func parseLevel(s string, r data.Region) (data.Level, error) {
	if strings.TrimSpace(s) == "" {
		return data.DefaultLevel(r), nil
	}
	codes := make([]string, len(data.Levels))
	for i, l := range data.Levels {
		codes[i] = string(l)
	}
	c, ok := matchChoice(s, codes, func(code, l string) string { return i18n.T(l, "level."+code) })
	if !ok {
		return "", errors.New(lang.L("form.level.unknown", map[string]any{"Text": s}))
	}
	return data.Level(c), nil
}

// formDialog is a wide, non-closing form: Save (or Enter in a field) runs
// submit; an error it returns shows in red under the fields and the dialog
// stays open with everything typed; Cancel or Esc closes it.
type formDialog struct {
	d      *dialog.CustomDialog
	open   bool
	form   *widget.Form
	errMsg *widget.Label
	submit func() error
	parent fyne.Window
}

// showFormDialog shows a form dialog over parent. fields are wired for
// Enter (submit) and Esc (cancel).
func showFormDialog(parent fyne.Window, title, confirm string, items []*widget.FormItem, submit func() error) *formDialog {
	fd := &formDialog{submit: submit, parent: parent}
	fd.errMsg = &widget.Label{Importance: widget.DangerImportance, Wrapping: fyne.TextWrapWord}
	fd.errMsg.Hide()
	fd.form = &widget.Form{Items: items, SubmitText: confirm, CancelText: lang.L("action.cancel"), OnSubmit: fd.onSubmit, OnCancel: fd.hide}
	for _, it := range items {
		switch w := it.Widget.(type) {
		case *keyEntry:
			w.onEscape = fd.hide
			w.OnSubmitted = func(string) { fd.onSubmit() }
		case *pickEntry:
			w.onEscape = fd.hide
			w.OnSubmitted = func(string) { fd.onSubmit() }
		}
	}
	fd.d = dialog.NewCustomWithoutButtons(title, container.NewVBox(fd.form, fd.errMsg), parent)
	fd.d.Resize(fyne.NewSize(formWidth, fd.d.MinSize().Height))
	prevKey := parent.Canvas().OnTypedKey()
	parent.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			fd.hide()
			return
		}
		if prevKey != nil {
			prevKey(k)
		}
	})
	fd.d.SetOnClosed(func() {
		fd.open = false
		parent.Canvas().SetOnTypedKey(prevKey)
	})
	fd.open = true
	fd.d.Show()
	if len(items) > 0 {
		if f, ok := items[0].Widget.(fyne.Focusable); ok {
			parent.Canvas().Focus(f)
		}
	}
	return fd
}

// onSubmit runs submit; on error the dialog stays, saying what is wrong.
func (fd *formDialog) onSubmit() {
	fd.errMsg.SetText("")
	if err := fd.submit(); err != nil {
		fd.errMsg.SetText(err.Error())
		fd.errMsg.Show()
		if fd.shownByField(err) {
			fd.errMsg.Hide() // already in red under its field
		}
		fd.d.Resize(fyne.NewSize(formWidth, fd.d.MinSize().Height))
		return
	}
	fd.hide()
}

// shownByField reports whether a field already shows err under itself.
func (fd *formDialog) shownByField(err error) bool {
	for _, it := range fd.form.Items {
		if v, ok := it.Widget.(fyne.Validatable); ok {
			if ferr := v.Validate(); ferr != nil && ferr.Error() == err.Error() {
				return true
			}
		}
	}
	return false
}

func (fd *formDialog) hide() {
	fd.open = false
	fd.d.Hide()
}

// Error returns the message the dialog shows for the last Save ("" if
// none), whether under its field or under the form.
func (fd *formDialog) Error() string { return fd.errMsg.Text }
