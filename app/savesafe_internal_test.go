package app

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
)

// TestSaveSafeWriter checks the guarded "file" repository: a writer closed
// unwritten leaves an existing file as it was and creates no new one; a
// writer that is written to replaces the file as Fyne's own does.
func TestSaveSafeWriter(t *testing.T) {
	tests := []struct {
		name   string
		exists bool
		write  string // "" writes nothing
		want   string // the file afterwards; "-" for no file
	}{
		{"existing, closed unwritten", true, "", "old contents"},
		{"new, closed unwritten", false, "", "-"},
		{"existing, written", true, "new", "new"},
		{"new, written", false, "new", "new"},
	}
	test.NewTempApp(t)
	if !saveSafeFiles() {
		t.Fatal("the test driver's file repository could not be guarded")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.txt")
			if tc.exists {
				if err := os.WriteFile(path, []byte("old contents"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			w, err := storage.Writer(storage.NewFileURI(path))
			if err != nil {
				t.Fatal(err)
			}
			if tc.write != "" {
				if _, err := w.Write([]byte(tc.write)); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			got := string(b)
			if os.IsNotExist(err) {
				got = "-"
			} else if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("file holds %q, want %q", got, tc.want)
			}
		})
	}
}
