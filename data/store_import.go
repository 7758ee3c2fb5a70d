package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// ImportRow is one parsed row of a history file: which official and account
// it belongs to, and the reading itself (its AccountID is filled in by Import).
type ImportRow struct {
	Line     int // line number in the source file, for error messages
	Official string
	Platform Platform
	Handle   string
	Snapshot Snapshot
}

// RowSource yields import rows one at a time, like bufio.Scanner. Err
// reports every bad row it met; when it is not nil, Import rolls back.
type RowSource interface {
	Next() bool
	Row() ImportRow
	Err() error
}

// ImportStats counts what an import changed.
type ImportStats struct {
	Rows             int
	OfficialsCreated int
	AccountsCreated  int
	// AccountsFilled counts accounts without a handle that a row's handle
	// was given to (instead of a new account being made).
	AccountsFilled int
}

type accountKey struct {
	official int64
	platform Platform
	handle   string
}

// importer resolves names to IDs inside one import transaction, creating
// officials and accounts that do not exist yet.
type importer struct {
	tx        *sql.Tx
	officials map[string][]int64 // folded name → IDs
	accounts  map[accountKey]int64
	byHandle  map[string]int64 // platform+"\x00"+lower(handle) → official ID
	raw       map[rawAccountKey]int64
	last      rawAccountKey
	lastID    int64
	stats     ImportStats
	note      string
}

// Import adds every row of src in one transaction: if any row is bad (src.Err
// is not nil) or cannot be stored, nothing is kept. Officials and accounts
// named in the rows are created when missing; note is written on new officials.
//
// Rows are written in batches of importBatch per statement, which is what
// makes a national-scale history (16 M rows) import at the speed of the
// sqlite3 shell's .import; a batch that fails is replayed row by row so the
// error still names the bad line.
func (s *SQLiteStore) Import(ctx context.Context, src RowSource, note string) (ImportStats, error) {
	var stats ImportStats
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		im := &importer{tx: tx, officials: map[string][]int64{}, accounts: map[accountKey]int64{}, byHandle: map[string]int64{},
			raw: map[rawAccountKey]int64{}, note: note}
		if err := im.load(ctx); err != nil {
			return err
		}
		w, err := newBatchWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.close()
		// Reading and parsing the file runs on its own goroutine, so it
		// overlaps with SQLite's work on this one.
		rows, stop, srcDone := readAhead(src)
		defer func() {
			close(stop)
			<-srcDone
		}()
		for chunk := range rows {
			for _, r := range chunk {
				accID, err := im.cachedAccount(ctx, r)
				if err != nil {
					return fmt.Errorf("line %d: %w", r.Line, err)
				}
				r.Snapshot.AccountID = accID
				if err := w.add(ctx, r.Line, r.Snapshot); err != nil {
					return err
				}
			}
			im.stats.Rows += len(chunk)
			if ctx.Err() != nil {
				return fmt.Errorf("import cancelled after %d rows: %w", im.stats.Rows, ctx.Err())
			}
		}
		<-srcDone
		if err := src.Err(); err != nil {
			return err
		}
		if err := w.flush(ctx); err != nil {
			return err
		}
		stats = im.stats
		return nil
	})
	if err != nil {
		return ImportStats{}, fmt.Errorf("nothing was saved: %w", err)
	}
	return stats, nil
}

// rawAccountKey is a row's account as written in the file, before names are
// folded and handles normalised: consecutive rows of one account hit it
// without that per-row work.
type rawAccountKey struct {
	official string
	platform Platform
	handle   string
}

// cachedAccount resolves r's account, remembering the answer by the row's
// raw spelling.
func (im *importer) cachedAccount(ctx context.Context, r ImportRow) (int64, error) {
	k := rawAccountKey{r.Official, r.Platform, r.Handle}
	if im.lastID != 0 && k == im.last {
		return im.lastID, nil
	}
	id, ok := im.raw[k]
	if !ok {
		var err error
		if id, err = im.account(ctx, r); err != nil {
			return 0, err
		}
		im.raw[k] = id
	}
	im.last, im.lastID = k, id
	return id, nil
}

func (im *importer) load(ctx context.Context) error {
	rows, err := im.tx.QueryContext(ctx, "SELECT id, name FROM officials")
	if err != nil {
		return fmt.Errorf("load officials: %w", err)
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return fmt.Errorf("load officials: %w", err)
		}
		k := FoldForSearch(strings.TrimSpace(name))
		im.officials[k] = append(im.officials[k], id)
	}
	rows.Close()
	rows, err = im.tx.QueryContext(ctx, "SELECT id, official_id, platform, handle FROM accounts")
	if err != nil {
		return fmt.Errorf("load accounts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, off int64
		var plat, handle string
		if err := rows.Scan(&id, &off, &plat, &handle); err != nil {
			return fmt.Errorf("load accounts: %w", err)
		}
		h := strings.ToLower(handle)
		im.accounts[accountKey{off, Platform(plat), h}] = id
		if h != "" {
			im.byHandle[plat+"\x00"+h] = off
		}
	}
	return rows.Err()
}

func (im *importer) official(ctx context.Context, name string) (int64, error) {
	k := FoldForSearch(strings.TrimSpace(name))
	switch ids := im.officials[k]; len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		o, err := createOfficialTx(ctx, im.tx, Official{Name: name, Notes: im.note})
		if err != nil {
			return 0, err
		}
		im.officials[k] = []int64{o.ID}
		im.stats.OfficialsCreated++
		return o.ID, nil
	default:
		return 0, fmt.Errorf("official %q is on the watchlist %d times; rename one so rows can be matched: %w", name, len(ids), ErrAmbiguous)
	}
}

func (im *importer) account(ctx context.Context, r ImportRow) (int64, error) {
	off, err := im.official(ctx, r.Official)
	if err != nil {
		return 0, err
	}
	h := NormalizeHandle(r.Handle)
	key := accountKey{off, r.Platform, strings.ToLower(h)}
	if id, ok := im.accounts[key]; ok {
		return id, nil
	}
	if owner, ok := im.byHandle[string(r.Platform)+"\x00"+key.handle]; ok && owner != off {
		return 0, fmt.Errorf("%s handle %q already belongs to official %d, not %q: %w", r.Platform, h, owner, r.Official, ErrInvalid)
	}
	if key.handle != "" {
		// The official's one account on the platform without a handle
		// (such as the article's baseline) takes the handle: one series,
		// not two.
		if id, ok, err := im.fillIn(ctx, off, r.Platform, h); err != nil || ok {
			if ok {
				im.accounts[key] = id
				im.byHandle[string(r.Platform)+"\x00"+key.handle] = off
			}
			return id, err
		}
	}
	a, err := createAccountTx(ctx, im.tx, Account{OfficialID: off, Platform: r.Platform, Handle: h, Active: true})
	if err != nil {
		return 0, err
	}
	im.accounts[key] = a.ID
	if key.handle != "" {
		im.byHandle[string(r.Platform)+"\x00"+key.handle] = off
	}
	im.stats.AccountsCreated++
	return a.ID, nil
}

// fillIn gives the official's only handle-less account on p the handle h,
// and reports whether there was exactly one such account.
func (im *importer) fillIn(ctx context.Context, official int64, p Platform, h string) (int64, bool, error) {
	blank, err := handlelessTx(ctx, im.tx, official, p)
	if err != nil || len(blank) != 1 {
		return 0, false, err
	}
	a := blank[0]
	a.Handle, a.URL = h, ""
	if _, err := updateAccountTx(ctx, im.tx, a); err != nil {
		return 0, false, err
	}
	delete(im.accounts, accountKey{official, p, ""})
	im.stats.AccountsFilled++
	return a.ID, true, nil
}

// readAheadChunk is how many parsed rows travel together from the reading
// goroutine to the writing one.
const readAheadChunk = 1024

// readAhead calls src.Next and src.Row on a goroutine of its own and sends
// the rows in chunks. Closing stop makes it give up early; done is closed
// once it no longer touches src, after which src.Err may be read.
func readAhead(src RowSource) (rows <-chan []ImportRow, stop chan struct{}, done <-chan struct{}) {
	out := make(chan []ImportRow, 4)
	stop = make(chan struct{})
	fin := make(chan struct{})
	go func() {
		defer close(fin)
		defer close(out)
		buf := make([]ImportRow, 0, readAheadChunk)
		for src.Next() {
			buf = append(buf, src.Row())
			if len(buf) == readAheadChunk {
				select {
				case out <- buf:
				case <-stop:
					return
				}
				buf = make([]ImportRow, 0, readAheadChunk)
			}
		}
		if len(buf) > 0 {
			select {
			case out <- buf:
			case <-stop:
			}
		}
	}()
	return out, stop, fin
}
