package app

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"

	"akimwatch/data"
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

// chooseFile asks for a file (the system's dialog where there is one, see
// choosePath) and calls done with its path on the UI thread; cancelling
// calls nothing. A file to save to is checked before done may write
// anything: the database, its companion files and the backups folder are
// refused with a message in the UI language, and done is not called.
func (m *MainWindow) chooseFile(p filePick, done func(path string)) {
	if p.save {
		done = m.checkedSave(done)
	}
	m.choosePath(p, done)
}

// checkedSave wraps done so that it only runs for a path the app may write
// (data.CheckOutput; the dialogs have already asked before replacing a
// file, hence Force).
func (m *MainWindow) checkedSave(done func(path string)) func(path string) {
	return func(path string) {
		if err := data.CheckOutput(m.svc.Store.Path(), path, data.OutputOptions{Force: true}); err != nil {
			m.showError(lang.L("error.export"), err)
			return
		}
		done(path)
	}
}

// errNoSafeSave means Fyne's save dialog could not be made to leave the
// chosen file untouched (see saveSafeFiles), so it is not shown.
var errNoSafeSave = errors.New("the save dialog cannot be used safely on this system")

// chooseFileFyne asks for a file with Fyne's dialog and calls done with its
// path on the UI thread; cancelling calls nothing. When saving, the
// dialog's writer is closed unwritten (saveSafeFiles): the chosen file is
// neither created nor emptied here, so done can still refuse it.
func (m *MainWindow) chooseFileFyne(p filePick, done func(path string)) {
	if p.save && !saveSafeFiles() {
		m.showError(lang.L("error.export"), errNoSafeSave)
		return
	}
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
			_ = w.Close() // nothing written: the file was not opened
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
	m.fileDialog = d
	d.Show()
}
