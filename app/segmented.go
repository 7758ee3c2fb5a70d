package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// segmented is a row of small buttons of which one is chosen (shown
// highlighted): one click picks a chart range, in less width than radio
// buttons take.
type segmented struct {
	box      *fyne.Container
	buttons  []*widget.Button
	options  []string
	Selected string
	onChange func(string)
}

func newSegmented(options []string, onChange func(string)) *segmented {
	s := &segmented{options: options, onChange: onChange, box: container.New(layout.NewCustomPaddedHBoxLayout(0))}
	for _, o := range options {
		b := &widget.Button{Text: o, Importance: widget.LowImportance, OnTapped: func() { s.SetSelected(o) }}
		s.buttons = append(s.buttons, b)
		s.box.Add(b)
	}
	return s
}

// SetSelected chooses an option ("" chooses none) and reports a change.
func (s *segmented) SetSelected(o string) {
	changed := o != s.Selected
	s.Selected = o
	for i, b := range s.buttons {
		imp := widget.LowImportance
		if s.options[i] == o {
			imp = widget.HighImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
	if changed && o != "" && s.onChange != nil {
		s.onChange(o)
	}
}
