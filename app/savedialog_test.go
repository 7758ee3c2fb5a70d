package app_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"akimwatch/app"
	"akimwatch/data"
)

// buttons lists the buttons inside o, renderers included. Fyne's own file
// and confirm dialogs keep no references a test could hold, so this is
// the one place a tree is walked.
func buttons(o fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	switch v := o.(type) {
	case *widget.Button:
		return []*widget.Button{v}
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, buttons(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, buttons(c)...)
		}
	}
	return out
}

// tapButton taps the first button in the window's top overlay that match
// accepts, and reports whether there was one.
func tapButton(w *app.MainWindow, match func(*widget.Button) bool) bool {
	top := w.Window.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	for _, b := range buttons(top) {
		if match(b) && !b.Disabled() {
			test.Tap(b)
			return true
		}
	}
	return false
}

// TestSaveAsRefusesDatabaseUntouched picks, in Fyne's "Save as…" dialog
// for a chart, the database itself, its write-ahead log, and a new file in
// the backups folder, confirming the overwrite where Fyne asks. Fyne opens
// the chosen file with os.Create before the app sees the choice; each
// must be left byte for byte as it was (a new file never created), with
// the refusal shown in the UI language.
func TestSaveAsRefusesDatabaseUntouched(t *testing.T) {
	tests := []struct {
		name   string
		lang   string
		target func(db string) string
		want   string // in the message line
	}{
		{"the database", "ru", func(db string) string { return db }, "этот файл — база akimwatch"},
		{"its write-ahead log", "kk", func(db string) string { return db + "-wal" }, "бұл файл — akimwatch дерекқоры"},
		{"a new file in the backups folder", "en", func(db string) string { return filepath.Join(data.BackupDir(db), "chart.png") },
			"this folder holds akimwatch's backups only"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, s := windowWithChart(t)
			defer func() { _ = app.SetupLanguage("en") }()
			if err := app.SetupLanguage(tc.lang); err != nil {
				t.Fatal(err)
			}
			target := tc.target(s.Path())
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				t.Fatal(err)
			}
			before, err := os.ReadFile(target)
			existed := err == nil
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if existed && len(before) == 0 {
				t.Fatalf("%s is empty before the test: emptying it would not show", target)
			}

			w.SaveChartAs()
			d := w.FileDialog()
			if d == nil {
				t.Fatal("Save as… showed no Fyne file dialog")
			}
			dir, err := storage.ListerForURI(storage.NewFileURI(filepath.Dir(target)))
			if err != nil {
				t.Fatal(err)
			}
			d.SetLocation(dir)
			d.SetFileName(filepath.Base(target))
			const confirm = "test: save here"
			d.SetConfirmText(confirm)
			if !tapButton(w, func(b *widget.Button) bool { return b.Text == confirm }) {
				t.Fatal("no enabled save button in the dialog")
			}
			if existed { // Fyne asks before replacing a file: say yes
				if !tapButton(w, func(b *widget.Button) bool { return b.Importance == widget.HighImportance }) {
					t.Fatal("Fyne did not ask before replacing the file")
				}
			}

			after, err := os.ReadFile(target)
			switch {
			case !existed && err == nil:
				t.Errorf("%s was created (%d bytes)", target, len(after))
			case existed && err != nil:
				t.Errorf("%s is gone: %v", target, err)
			case existed && !bytes.Equal(before, after):
				t.Errorf("%s changed: %d bytes before, %d after", target, len(before), len(after))
			}
			if msg := w.MessageText(); !strings.Contains(msg, tc.want) {
				t.Errorf("message %q, want it to say %q", msg, tc.want)
			}
			if err := data.CheckIntegrity(context.Background(), s.Path()); err != nil {
				t.Errorf("database after the refusal: %v", err)
			}
		})
	}
}
