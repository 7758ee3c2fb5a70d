package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/mattn/go-sqlite3"
)

func TestExplainDiskFull(t *testing.T) {
	db := t.TempDir() + "/akimwatch.db"
	cases := []struct {
		name string
		err  error
		full bool
	}{
		{"sqlite full", fmt.Errorf("record check: %w", sqlite3.Error{Code: sqlite3.ErrFull}), true},
		{"os no space", fmt.Errorf("export: %w", &fs.PathError{Op: "write", Path: "x.csv", Err: syscall.ENOSPC}), true},
		{"sqlite text only", errors.New("open database x: disk I/O error: no space left on device"), true},
		{"other", errors.New("X: token rejected (401)"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := explainDisk(db, tc.err)
			if !errors.Is(got, tc.err) {
				t.Errorf("%v does not wrap the cause", got)
			}
			if full := strings.HasPrefix(got.Error(), "the disk holding "+db+" is full"); full != tc.full {
				t.Errorf("explainDisk = %q, want full=%v", got, tc.full)
			}
		})
	}
}
