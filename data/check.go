package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

// maxCheckProblems bounds the problems a check lists in its message.
const maxCheckProblems = 3

// checkedPath names the note a clean Close leaves beside the database: the
// size and modification time of the file (and of its write-ahead log) as
// akimwatch left them. While they still match at the next open, nothing
// but akimwatch's own clean sessions, each checked when it began, has
// written the file since it was last checked, and the check is skipped.
func checkedPath(real string) string { return real + ".checked" }

// fileState describes the database file and its write-ahead log as the
// note records them.
func fileState(real string) string {
	part := func(p string) string {
		fi, err := os.Stat(p)
		if err != nil || fi.Size() == 0 {
			return "-" // an empty log (which opening creates) is no log
		}
		return fmt.Sprintf("%d %d", fi.Size(), fi.ModTime().UnixNano())
	}
	return part(real) + " " + part(real+"-wal")
}

// markChecked records, at a clean close, the state the database was left in.
// Failing to write the note only costs the next open a check.
func markChecked(real string) {
	_ = os.WriteFile(checkedPath(real), []byte(fileState(real)+"\n"), 0o600)
}

// needsCheck reports whether Open must check the database: after an
// unclean shutdown, or when the file changed since akimwatch last closed it
// cleanly (another program wrote it, it was copied or restored in, or the
// note is missing). The note is used once: it is removed here, so a session
// that does not end cleanly cannot leave one behind.
func needsCheck(real string, unclean bool) bool {
	b, err := os.ReadFile(checkedPath(real))
	if rmErr := os.Remove(checkedPath(real)); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
		return true // a note that cannot be removed could be stale later
	}
	return unclean || err != nil || strings.TrimSpace(string(b)) != fileState(real)
}

// checkOnOpen runs SQLite's own check of the database before akimwatch
// writes to it, so a damaged file is refused instead of written into (which
// spreads the damage). After a clean shutdown it runs PRAGMA quick_check,
// which reads every page and checks each one's structure but skips the
// cross-check of indexes against their tables; after an unclean one
// (unclean is true) it runs the full PRAGMA integrity_check. Both read the
// whole file (about 5–9 s for a national-scale database of 420 MB), so Open
// runs them only when needsCheck says the file may have changed outside
// akimwatch; see the README ("Damaged databases").
func checkOnOpen(ctx context.Context, db *sql.DB, path string, unclean bool) error {
	pragma := "quick_check"
	if unclean {
		pragma = "integrity_check"
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf("PRAGMA %s(%d)", pragma, maxCheckProblems))
	if err != nil {
		return describeOpenError(path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return describeOpenError(path, err)
		}
		if p != "ok" {
			problems = append(problems, p)
		}
	}
	if err := rows.Err(); err != nil {
		return describeOpenError(path, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("open database %s: the database is damaged (%s found: %s); akimwatch will not write to it and left it as it is: %w",
			path, pragma, strings.Join(problems, "; "), ErrNotDatabase)
	}
	return nil
}
