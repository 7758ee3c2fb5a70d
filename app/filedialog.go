package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// fileFilter is one file type a file dialog offers.
type fileFilter struct {
	name string   // "CSV"
	exts []string // without the dot: "csv"
}

// filePick says what file to ask for.
type filePick struct {
	title   string
	name    string // suggested file name when saving
	save    bool
	filters []fileFilter
}

// fyneDialogSize is the size of Fyne's own file dialog, kept inside the
// window at 1366×768.
var fyneDialogSize = fyne.NewSize(900, 560)

// chooseFileFyne asks for a file with Fyne's dialog and calls done with its
// path on the UI thread; cancelling calls nothing.
func (m *MainWindow) chooseFileFyne(p filePick, done func(path string)) {
	var exts []string
	for _, f := range p.filters {
		for _, e := range f.exts {
			exts = append(exts, "."+e)
		}
	}
	var d *dialog.FileDialog
	if p.save {
		d = dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			path := w.URI().Path()
			_ = w.Close()
			done(path)
		}, m.Window)
		d.SetFileName(p.name)
	} else {
		d = dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			path := r.URI().Path()
			_ = r.Close()
			done(path)
		}, m.Window)
		if len(exts) > 0 {
			d.SetFilter(storage.NewExtensionFileFilter(exts))
		}
	}
	d.SetTitleText(p.title)
	win := m.Window.Canvas().Size()
	d.Resize(fyne.NewSize(min(fyneDialogSize.Width, win.Width-40), min(fyneDialogSize.Height, win.Height-40)))
	d.Show()
}
