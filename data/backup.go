package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Backup policy: one automatic backup a day, the newest KeepBackups kept.
const (
	KeepBackups    = 7
	AutoBackupAge  = 24 * time.Hour
	backupStampFmt = "20060102-150405"
)

// BackupDir returns the folder of automatic backups for the database at db:
// a "backups" folder beside it.
func BackupDir(db string) string { return filepath.Join(filepath.Dir(db), "backups") }

// backupName returns the file name of a backup of db taken at t.
func backupName(db string, t time.Time) string {
	base := strings.TrimSuffix(filepath.Base(db), filepath.Ext(db))
	return fmt.Sprintf("%s-%s.db", base, t.UTC().Format(backupStampFmt))
}

// Backup writes a consistent, compacted copy of the database to dest with
// VACUUM INTO. Readers keep working; writes wait until it ends. dest must not
// exist yet.
func (s *SQLiteStore) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("back up %s to %s: the file already exists; choose another name: %w", s.path, dest, ErrInvalid)
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o750); err != nil {
		return fmt.Errorf("back up %s: create folder: %w", s.path, err)
	}
	tmp := dest + partialSuffix
	_ = os.Remove(tmp)
	if s.w == nil {
		return fmt.Errorf("back up %s: %w", s.path, ErrReadOnly)
	}
	// VACUUM INTO writes a new file, which the query-only readers may not do.
	if _, err := s.w.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("back up %s to %s: %w", s.path, dest, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("back up %s to %s: %w", s.path, dest, err)
	}
	return nil
}

// BackupNow writes a backup into BackupDir, prunes old ones so KeepBackups
// remain, and returns the new file's path.
func (s *SQLiteStore) BackupNow(ctx context.Context, now time.Time) (string, error) {
	dest := filepath.Join(BackupDir(s.path), backupName(s.path, now))
	removeStalePartials(s.path)
	if err := s.Backup(ctx, dest); err != nil {
		return "", err
	}
	if err := pruneBackups(s.path, KeepBackups); err != nil {
		return dest, err
	}
	return dest, nil
}

// AutoBackup makes a backup when the newest one is older than AutoBackupAge
// (or there is none). It returns the new path, or "" when none was needed.
func (s *SQLiteStore) AutoBackup(ctx context.Context, now time.Time) (string, error) {
	list, err := Backups(s.path)
	if err != nil {
		return "", err
	}
	if len(list) > 0 && now.Sub(list[0].Time) < AutoBackupAge {
		return "", nil
	}
	return s.BackupNow(ctx, now)
}

// partialSuffix marks a backup being written; it is renamed away at the end.
const partialSuffix = ".partial"

// removeStalePartials deletes the unfinished backups of db that a killed
// backup left in BackupDir (a national database's is hundreds of MB). Only
// the writer makes backups, and the caller holds the writer lock, so no
// backup of db is being written while this runs. Backups of other databases
// in the same folder are left alone: only names with db's prefix and a
// backup's time stamp are removed.
func removeStalePartials(db string) {
	dir := BackupDir(db)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return // no backups folder yet, or unreadable: nothing to tidy
	}
	prefix := strings.TrimSuffix(filepath.Base(db), filepath.Ext(db)) + "-"
	for _, e := range entries {
		name := e.Name()
		stamp, ok := strings.CutSuffix(strings.TrimPrefix(name, prefix), ".db"+partialSuffix)
		if e.IsDir() || !ok || !strings.HasPrefix(name, prefix) {
			continue
		}
		if _, err := time.Parse(backupStampFmt, stamp); err != nil {
			continue
		}
		// Best effort: a partial that cannot be removed now is tried again next time.
		_ = os.Remove(filepath.Join(dir, name))
	}
}

// BackupFile is one backup found beside a database.
type BackupFile struct {
	Path string
	Time time.Time
}

// Backups lists the backups of db in BackupDir, newest first.
func Backups(db string) ([]BackupFile, error) {
	dir := BackupDir(db)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups in %s: %w", dir, err)
	}
	prefix := strings.TrimSuffix(filepath.Base(db), filepath.Ext(db)) + "-"
	var out []BackupFile
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasPrefix(name, prefix) || !strings.HasSuffix(name, ".db") {
			continue
		}
		t, err := time.Parse(backupStampFmt, strings.TrimSuffix(strings.TrimPrefix(name, prefix), ".db"))
		if err != nil {
			continue
		}
		out = append(out, BackupFile{Path: filepath.Join(dir, name), Time: t})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out, nil
}

func pruneBackups(db string, keep int) error {
	list, err := Backups(db)
	if err != nil {
		return err
	}
	for _, b := range list[min(keep, len(list)):] {
		if err := os.Remove(b.Path); err != nil {
			return fmt.Errorf("remove old backup %s: %w", b.Path, err)
		}
	}
	return nil
}

// CheckIntegrity opens the file read-only and runs PRAGMA integrity_check.
// It returns nil only for an intact SQLite database this build can read.
func CheckIntegrity(ctx context.Context, path string) error {
	if err := checkPath(path, true); err != nil {
		return err
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.ToSlash(path)+"?mode=ro&immutable=1")
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return describeOpenError(path, err)
	}
	if res != "ok" {
		return fmt.Errorf("check %s: integrity check failed: %s: %w", path, res, ErrNotDatabase)
	}
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if v > SchemaVersion() {
		return fmt.Errorf("check %s: schema version %d is newer than this akimwatch (%d): %w", path, v, SchemaVersion(), ErrSchemaTooNew)
	}
	return nil
}

// ourTables are tables every akimwatch database has had since the first
// schema version; a file without them is some other program's database.
var ourTables = []string{"officials", "accounts", "snapshots", "alerts", "meta"}

// CheckBackup returns nil only for a file that may take a database's place:
// not empty, intact (CheckIntegrity) and an akimwatch database, with a
// schema version and akimwatch's tables.
func CheckBackup(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if fi.Size() == 0 {
		return fmt.Errorf("check %s: the file is empty, not an akimwatch backup: %w", path, ErrNotDatabase)
	}
	if err := CheckIntegrity(ctx, path); err != nil {
		return err
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.ToSlash(path)+"?mode=ro&immutable=1")
	if err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	defer db.Close()
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	var missing []string
	for _, tbl := range ourTables {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", tbl).Scan(&n); err != nil {
			return fmt.Errorf("check %s: %w", path, err)
		}
		if n == 0 {
			missing = append(missing, tbl)
		}
	}
	if v < 1 || len(missing) > 0 {
		return fmt.Errorf("check %s: it is an SQLite file but not an akimwatch database (schema version %d, missing tables: %s); choose a file made by \"akimwatch backup\" or from the backups folder: %w",
			path, v, strings.Join(missing, ", "), ErrNotDatabase)
	}
	return nil
}

// NewestGoodBackup returns the newest backup of db that passes
// CheckBackup, or "" when there is none.
func NewestGoodBackup(ctx context.Context, db string) string {
	list, err := Backups(db)
	if err != nil {
		return ""
	}
	for _, b := range list {
		if CheckBackup(ctx, b.Path) == nil {
			return b.Path
		}
	}
	return ""
}

// copyFile copies src to dst, replacing dst, and syncs it to disk.
func copyFile(src, dst string) error { return copyWith(src, dst, os.O_TRUNC) }

// copyNew copies src to dst, which must not exist yet, and syncs it to disk.
func copyNew(src, dst string) error { return copyWith(src, dst, os.O_EXCL) }

// copyWith copies src to dst opened with flag (O_TRUNC or O_EXCL) added to
// create-for-writing.
func copyWith(src, dst string, flag int) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|flag, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
