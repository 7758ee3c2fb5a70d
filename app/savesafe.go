package app

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"
	"github.com/sirupsen/logrus"
)

// Fyne's save dialog (dialog.NewFileSave, and the XDG portal one in a
// Flatpak) hands its callback a writer it has already opened with
// os.Create: the chosen file is created, or emptied, before the app can
// check the choice. An analyst who picked the database, or a backup, lost
// it right there. saveSafeFiles makes the "file" storage repository open a
// file for writing only when the first byte is written, so the dialog's
// writer, closed unwritten, leaves the chosen file exactly as it was; the
// app checks the path (data.CheckOutput) and writes it itself. Nothing
// else in akimwatch writes through Fyne's storage.

// fileRepository is everything Fyne's own "file" repository does; the
// wrapper passes it all through but Writer.
type fileRepository interface {
	repository.Repository
	repository.WritableRepository
	repository.AppendableRepository
	repository.HierarchicalRepository
	repository.ListableRepository
	repository.CopyableRepository
	repository.MovableRepository
	repository.DeleteAllRepository
}

// saveSafeRepository is the "file" repository with Writer deferred.
type saveSafeRepository struct{ fileRepository }

// Writer returns a writer that opens (and so creates or empties) the file
// only when it is first written to.
func (r saveSafeRepository) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	return &deferredWriter{uri: u, open: r.fileRepository.Writer}, nil
}

// deferredWriter opens its file on the first Write; closed unwritten, it
// has touched nothing.
type deferredWriter struct {
	uri  fyne.URI
	open func(fyne.URI) (fyne.URIWriteCloser, error)
	w    fyne.URIWriteCloser
}

func (d *deferredWriter) URI() fyne.URI { return d.uri }

func (d *deferredWriter) Write(p []byte) (int, error) {
	if d.w == nil {
		w, err := d.open(d.uri)
		if err != nil {
			return 0, err
		}
		d.w = w
	}
	return d.w.Write(p)
}

func (d *deferredWriter) Close() error {
	if d.w == nil {
		return nil
	}
	return d.w.Close()
}

var saveSafeMu sync.Mutex

// saveSafeFiles puts saveSafeRepository over the "file" repository the
// driver registered (again after a new driver registered its own) and
// reports whether the save dialog is safe to show.
func saveSafeFiles() bool {
	saveSafeMu.Lock()
	defer saveSafeMu.Unlock()
	cur, err := repository.ForScheme("file")
	if err != nil {
		logrus.WithError(err).Warn("no file repository to guard the save dialog")
		return false
	}
	switch r := cur.(type) {
	case saveSafeRepository:
		return true
	case fileRepository:
		repository.Register("file", saveSafeRepository{r})
		return true
	}
	logrus.Warnf("file repository %T cannot be guarded; the save dialog is not used", cur)
	return false
}
