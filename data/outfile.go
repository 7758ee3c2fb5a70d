package data

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ErrOutputRefused means a command was asked to write a file where it must
// not: onto the database, its companion files or its backups, or onto an
// existing file without --force.
var ErrOutputRefused = errors.New("output file refused")

// Refusals of an output file that would destroy history, which the app
// explains in the UI language; both are also ErrOutputRefused.
var (
	// ErrOutputIsDatabase: the file is the database or one of its
	// companion files (write-ahead log, shared memory, journal, lock).
	ErrOutputIsDatabase error = outputRefusal{"output file is the database"}
	// ErrOutputInBackups: the file is in the database's backups folder.
	ErrOutputInBackups error = outputRefusal{"output file is in the backups folder"}
)

// outputRefusal is a kind of ErrOutputRefused; its text stays that of
// ErrOutputRefused, so messages read as before.
type outputRefusal struct{ kind string }

func (e outputRefusal) Error() string { return ErrOutputRefused.Error() }
func (e outputRefusal) Unwrap() error { return ErrOutputRefused }

// OutputOptions tune CheckOutput and WriteOutput.
type OutputOptions struct {
	// Force allows replacing an existing file (never the database, its
	// companion files or a backup).
	Force bool
	// IntoBackups allows a new file in the backups folder (for "backup --out").
	IntoBackups bool
}

// CheckOutput says whether a command working on the database db may write
// the file path. It refuses the database itself, its write-ahead log,
// shared-memory, journal and lock files, anything in its backups folder,
// a folder, and (without opts.Force) an existing file; whatever the
// spelling (relative, "..", a symbolic or hard link) of either path. When
// the target's folder does not exist, the message names it.
func CheckOutput(db, path string, opts OutputOptions) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	dir := filepath.Dir(abs)
	if fi, err := os.Stat(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("write %s: the folder %s does not exist; create it or choose another file: %w", path, dir, ErrOutputRefused)
		}
		return fmt.Errorf("write %s: %w", path, err)
	} else if !fi.IsDir() {
		return fmt.Errorf("write %s: %s is a file, not a folder: %w", path, dir, ErrOutputRefused)
	}
	target := realPath(abs)
	if db != "" {
		dbAbs, err := filepath.Abs(db)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		for _, d := range uniq(dbAbs, realPath(dbAbs)) {
			for _, suffix := range []string{"", "-wal", "-shm", "-journal", ".lock", ".lock.owner"} {
				if samePath(target, d+suffix) || sameFile(abs, d+suffix) {
					what := "the database"
					if suffix != "" {
						what = "the database's " + strings.TrimPrefix(suffix, "-") + " file"
					}
					return fmt.Errorf("write %s: it is %s %s; writing there would destroy the history; choose another file: %w", path, what, d, ErrOutputIsDatabase)
				}
			}
			backups := BackupDir(d)
			if !opts.IntoBackups && within(target, realPath(backups)) {
				return fmt.Errorf("write %s: it is in the backups folder %s, which holds only backups; choose another folder: %w", path, backups, ErrOutputInBackups)
			}
			if opts.IntoBackups && within(target, realPath(backups)) {
				if _, err := os.Lstat(abs); err == nil {
					return fmt.Errorf("write %s: a backup of that name already exists; choose another name: %w", path, ErrOutputRefused)
				}
			}
		}
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("write %s: %w", path, err)
	case fi.IsDir():
		return fmt.Errorf("write %s: it is a folder; give a file name: %w", path, ErrOutputRefused)
	case !opts.Force:
		return fmt.Errorf("write %s: the file already exists; choose another name, or add --force to replace it: %w", path, ErrOutputRefused)
	}
	return nil
}

// WriteOutput checks path with CheckOutput, then has write fill a
// temporary file beside it (same folder, so the rename cannot cross
// disks) and renames it into place: a failed or interrupted write never
// leaves half a file, nor touches an existing one.
func WriteOutput(db, path string, opts OutputOptions, write func(w io.Writer) error) error {
	if err := CheckOutput(db, path, opts); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	err = write(tmp)
	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if !opts.Force {
		// Link refuses an existing name: a file that appeared meanwhile stays.
		if err := os.Link(tmp.Name(), path); err == nil {
			return nil
		} else if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("write %s: the file already exists; choose another name, or add --force to replace it: %w", path, ErrOutputRefused)
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func uniq(a, b string) []string {
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}

// samePath compares two cleaned paths, ignoring case where the file
// system usually does (Windows, macOS).
func samePath(a, b string) bool {
	a, b = filepath.Clean(a), filepath.Clean(b)
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// sameFile reports whether a and b both exist and are the same file (a
// hard link to the database has another name but is the database).
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(fa, fb)
}

// within reports whether p is inside the folder dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return false
	}
	return rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) ||
		samePath(p, dir)
}
