package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// importBatch is how many snapshots one INSERT statement carries during an
// import. Each statement crossing from Go to SQLite costs a few
// microseconds; 256 rows share it. 256 × 9 variables stays far below
// SQLite's limit of 32,766.
const importBatch = 256

// batchWriter buffers snapshots and writes them importBatch at a time inside
// one transaction. A batch whose rows have followers only and share one
// source and flags (the usual case) binds three variables a row and writes
// the rest as literals; any other batch binds all nine.
type batchWriter struct {
	tx        *sql.Tx
	lean      map[leanKey]*sql.Stmt
	full, one *sql.Stmt
	snaps     []Snapshot
	lines     []int
	args      []any
}

// leanKey is what a lean batch statement writes as literals.
type leanKey struct {
	source Source
	flags  Flags
}

const upsertTail = ` ON CONFLICT(account_id, ts) DO UPDATE SET followers=excluded.followers, following=excluded.following,
posts=excluded.posts, likes=excluded.likes, views=excluded.views, source=excluded.source, flags=excluded.flags`

func batchSQL(n int, row string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO snapshots(" + snapshotCols + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(row)
	}
	b.WriteString(upsertTail)
	return b.String()
}

func newBatchWriter(ctx context.Context, tx *sql.Tx) (*batchWriter, error) {
	w := &batchWriter{tx: tx, lean: map[leanKey]*sql.Stmt{}, snaps: make([]Snapshot, 0, importBatch), lines: make([]int, 0, importBatch), args: make([]any, 0, importBatch*9)}
	var err error
	if w.full, err = tx.PrepareContext(ctx, batchSQL(importBatch, "(?, ?, ?, ?, ?, ?, ?, ?, ?)")); err != nil {
		w.close()
		return nil, fmt.Errorf("prepare snapshot batch insert: %w", err)
	}
	if w.one, err = tx.PrepareContext(ctx, upsertSnapshotSQL); err != nil {
		w.close()
		return nil, fmt.Errorf("prepare snapshot insert: %w", err)
	}
	return w, nil
}

func (w *batchWriter) close() {
	for _, st := range w.lean {
		st.Close()
	}
	for _, st := range []*sql.Stmt{w.full, w.one} {
		if st != nil {
			st.Close()
		}
	}
}

// leanStmt returns the lean batch statement for k, preparing it on first use.
func (w *batchWriter) leanStmt(ctx context.Context, k leanKey) (*sql.Stmt, error) {
	if st, ok := w.lean[k]; ok {
		return st, nil
	}
	st, err := w.tx.PrepareContext(ctx, batchSQL(importBatch, fmt.Sprintf("(?, ?, ?, NULL, NULL, NULL, NULL, %d, %d)", k.source, k.flags)))
	if err != nil {
		return nil, fmt.Errorf("prepare snapshot batch insert: %w", err)
	}
	w.lean[k] = st
	return st, nil
}

// add queues one snapshot read from line, writing a batch when it is full.
func (w *batchWriter) add(ctx context.Context, line int, sn Snapshot) error {
	w.snaps = append(w.snaps, sn)
	w.lines = append(w.lines, line)
	if len(w.snaps) < importBatch {
		return nil
	}
	return w.flush(ctx)
}

// flush writes the queued snapshots.
func (w *batchWriter) flush(ctx context.Context) error {
	defer func() { w.snaps, w.lines = w.snaps[:0], w.lines[:0] }()
	if len(w.snaps) < importBatch {
		return w.oneByOne(ctx)
	}
	k := leanKey{w.snaps[0].Source, w.snaps[0].Flags}
	lean := true
	for _, sn := range w.snaps {
		if sn.Following != nil || sn.Posts != nil || sn.Likes != nil || sn.Views != nil || sn.Source != k.source || sn.Flags != k.flags {
			lean = false
			break
		}
	}
	st := w.full
	w.args = w.args[:0]
	if lean {
		var err error
		if st, err = w.leanStmt(ctx, k); err != nil {
			return err
		}
		for _, sn := range w.snaps {
			w.args = append(w.args, sn.AccountID, sn.Time.Unix(), sn.Followers)
		}
	} else {
		for _, sn := range w.snaps {
			w.args = append(w.args, snapshotArgs(sn)...)
		}
	}
	if _, err := st.ExecContext(ctx, w.args...); err != nil {
		// A full disk or an I/O error can make SQLite roll the whole
		// transaction back on its own; replaying rows then would run them
		// outside it and commit each one. Stop at once.
		var se sqlite3.Error
		if !errors.As(err, &se) || se.Code != sqlite3.ErrConstraint {
			return fmt.Errorf("lines %d–%d: save snapshots: %w", w.lines[0], w.lines[len(w.lines)-1], err)
		}
		// A constraint failure changed nothing and left the transaction
		// open; replay row by row so the error names the line.
		if rerr := w.oneByOne(ctx); rerr != nil {
			return rerr
		}
		return fmt.Errorf("lines %d–%d: save snapshots: %w", w.lines[0], w.lines[len(w.lines)-1], err)
	}
	return nil
}

func (w *batchWriter) oneByOne(ctx context.Context) error {
	for i, sn := range w.snaps {
		if _, err := w.one.ExecContext(ctx, snapshotArgs(sn)...); err != nil {
			return fmt.Errorf("line %d: save snapshot of account %d at %s: %w", w.lines[i], sn.AccountID, sn.Time.UTC().Format(time.RFC3339), err)
		}
	}
	return nil
}
