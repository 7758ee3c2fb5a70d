package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// restoreStep, when a test sets it, is called after each step of Restore
// with the step's name; an error stops Restore right there, leaving the
// files as a crash at that moment would.
var restoreStep func(step string) error

// Restore replaces the database at db with the backup file from, after
// checking the backup's integrity. The current database (with its -wal and
// -shm files) is kept aside, never deleted, and the path it was kept at is
// returned. It fails if another akimwatch has the database open.
//
// A crash at any moment leaves at db either the current database or the
// restored one, never no file (which the next start would fill with a new,
// empty watchlist) and never the backup beside the current one's
// write-ahead log: the log is folded into the current file first, the file
// is kept aside by a hard link, and the backup takes its name by one rename.
func Restore(ctx context.Context, db, from string, now time.Time) (keptAside string, err error) {
	if err := CheckBackup(ctx, from); err != nil {
		return "", fmt.Errorf("restore %s: the backup is not usable: %w", db, err)
	}
	if err := os.MkdirAll(filepath.Dir(db), 0o750); err != nil {
		return "", fmt.Errorf("restore %s: %w", db, err)
	}
	db = realPath(db) // through a symbolic link, replace the file, not the link
	lock, err := acquireLock(db, "akimwatch restore")
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	defer lock.release()
	tmp := db + ".restoring"
	if err := copyFile(from, tmp); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("restore %s from %s: %w", db, from, err)
	}
	if err := step("copied"); err != nil {
		return "", err
	}
	if _, err := os.Stat(db); err == nil {
		keptAside = asideName(db, now)
		if err := setAside(ctx, db, keptAside); err != nil {
			_ = os.Remove(tmp)
			return "", fmt.Errorf("restore %s: keep the current file: %w", db, err)
		}
	}
	if err := os.Rename(tmp, db); err != nil {
		return keptAside, fmt.Errorf("restore %s: %w", db, err)
	}
	syncDir(filepath.Dir(db))
	return keptAside, step("renamed")
}

// asideName returns a name, not yet taken, under which the database at db
// is kept when a restore replaces it: "<db>.before-restore-<stamp>", with
// "-2", "-3"… added when a restore in the same second (or a leftover of an
// interrupted one) already took it. The caller holds the writer lock, so no
// other restore of db picks a name meanwhile.
func asideName(db string, now time.Time) string {
	base := fmt.Sprintf("%s.before-restore-%s", db, now.UTC().Format(backupStampFmt))
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		if !anyExists(name, name+"-wal", name+"-shm") {
			return name
		}
	}
}

// anyExists reports whether any of paths exists (or cannot be checked).
func anyExists(paths ...string) bool {
	for _, p := range paths {
		if _, err := os.Lstat(p); !errors.Is(err, os.ErrNotExist) {
			return true
		}
	}
	return false
}

// setAside folds db's write-ahead log into it (when SQLite can open it),
// links db and its -wal and -shm files to aside, then removes db's -wal and
// -shm so they cannot be applied to the file that takes db's name.
func setAside(ctx context.Context, db, aside string) error {
	// Best effort: a damaged file cannot be checkpointed, and its log then
	// goes aside with it.
	_ = checkpoint(ctx, db)
	if err := step("checkpointed"); err != nil {
		return err
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := linkOrCopy(db+suffix, aside+suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := step("linked"); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(db + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return step("log removed")
}

// checkpoint copies every committed page from db's write-ahead log into the
// file and empties the log. The caller holds the writer lock.
func checkpoint(ctx context.Context, db string) error {
	w, err := sql.Open("sqlite3", dsn(db, false))
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", db, err)
	}
	defer w.Close()
	var busy, logged, moved int
	if err := w.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logged, &moved); err != nil {
		return fmt.Errorf("checkpoint %s: %w", db, err)
	}
	if busy != 0 {
		return fmt.Errorf("checkpoint %s: the log is in use", db)
	}
	return nil
}

// linkOrCopy makes dst a hard link to src, or a copy where the filesystem
// has no hard links. It never replaces an existing dst: that may be a
// database kept aside by an earlier restore.
func linkOrCopy(src, dst string) error {
	if _, err := os.Stat(src); err != nil {
		return err
	}
	err := os.Link(src, dst)
	if err == nil || errors.Is(err, os.ErrExist) {
		return err
	}
	return copyNew(src, dst)
}

// syncDir makes a rename in dir durable; where directories cannot be
// synced (Windows) the rename is already durable or nothing can be done.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// step reports a finished step of Restore to a test.
func step(name string) error {
	if restoreStep == nil {
		return nil
	}
	return restoreStep(name)
}
