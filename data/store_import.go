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

// ImportTx is what an engine's import transaction offers the name
// resolution every engine shares (ImportResolver): rows are matched to
// officials and accounts by the same rules on a file and on a server.
type ImportTx interface {
	// ImportNames returns every official (ID and name) and every account
	// (ID, official, platform and handle) in the transaction.
	ImportNames(ctx context.Context) ([]Official, []Account, error)
	// CreateOfficial adds an official and returns it with its ID.
	CreateOfficial(ctx context.Context, o Official) (Official, error)
	// CreateAccount adds an account and returns it with its ID.
	CreateAccount(ctx context.Context, a Account) (Account, error)
	// HandlelessAccounts returns the official's accounts on p without a handle.
	HandlelessAccounts(ctx context.Context, officialID int64, p Platform) ([]Account, error)
	// UpdateAccount saves an account's handle and settings.
	UpdateAccount(ctx context.Context, a Account) (Account, error)
}

// ImportResolver finds (or creates) the account each import row belongs
// to, inside one import transaction of any engine.
type ImportResolver struct{ im *importer }

// NewImportResolver reads the watchlist through tx; note is written on the
// officials the import creates.
func NewImportResolver(ctx context.Context, tx ImportTx, note string) (*ImportResolver, error) {
	im := &importer{tx: tx, officials: map[string][]int64{}, accounts: map[accountKey]int64{}, byHandle: map[string]int64{},
		raw: map[rawAccountKey]int64{}, note: note}
	if err := im.load(ctx); err != nil {
		return nil, err
	}
	return &ImportResolver{im: im}, nil
}

// AccountID returns the ID of row's account, creating its official and
// account when missing (or giving the official's one handle-less account
// on the platform the row's handle).
func (r *ImportResolver) AccountID(ctx context.Context, row ImportRow) (int64, error) {
	return r.im.cachedAccount(ctx, row)
}

// Stats counts the officials and accounts created and filled so far (Rows
// is the caller's to count).
func (r *ImportResolver) Stats() ImportStats { return r.im.stats }

// importer resolves names to IDs inside one import transaction, creating
// officials and accounts that do not exist yet.
type importer struct {
	tx        ImportTx
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
		res, err := NewImportResolver(ctx, sqliteImportTx{tx}, note)
		if err != nil {
			return err
		}
		im := res.im
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
	offs, accs, err := im.tx.ImportNames(ctx)
	if err != nil {
		return err
	}
	for _, o := range offs {
		k := FoldForSearch(strings.TrimSpace(o.Name))
		im.officials[k] = append(im.officials[k], o.ID)
	}
	for _, a := range accs {
		h := strings.ToLower(a.Handle)
		im.accounts[accountKey{a.OfficialID, a.Platform, h}] = a.ID
		if h != "" {
			im.byHandle[string(a.Platform)+"\x00"+h] = a.OfficialID
		}
	}
	return nil
}

func (im *importer) official(ctx context.Context, name string) (int64, error) {
	k := FoldForSearch(strings.TrimSpace(name))
	switch ids := im.officials[k]; len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		o, err := im.tx.CreateOfficial(ctx, Official{Name: name, Notes: im.note})
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
	a, err := im.tx.CreateAccount(ctx, Account{OfficialID: off, Platform: r.Platform, Handle: h, Active: true})
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
	blank, err := im.tx.HandlelessAccounts(ctx, official, p)
	if err != nil || len(blank) != 1 {
		return 0, false, err
	}
	a := blank[0]
	a.Handle, a.URL = h, ""
	if _, err := im.tx.UpdateAccount(ctx, a); err != nil {
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

// sqliteImportTx is an SQLite transaction as an ImportTx.
type sqliteImportTx struct{ tx *sql.Tx }

func (t sqliteImportTx) ImportNames(ctx context.Context) ([]Official, []Account, error) {
	var offs []Official
	rows, err := t.tx.QueryContext(ctx, "SELECT id, name FROM officials")
	if err != nil {
		return nil, nil, fmt.Errorf("load officials: %w", err)
	}
	for rows.Next() {
		var o Official
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("load officials: %w", err)
		}
		offs = append(offs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("load officials: %w", err)
	}
	var accs []Account
	rows, err = t.tx.QueryContext(ctx, "SELECT id, official_id, platform, handle FROM accounts")
	if err != nil {
		return nil, nil, fmt.Errorf("load accounts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a Account
		var plat string
		if err := rows.Scan(&a.ID, &a.OfficialID, &plat, &a.Handle); err != nil {
			return nil, nil, fmt.Errorf("load accounts: %w", err)
		}
		a.Platform = Platform(plat)
		accs = append(accs, a)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("load accounts: %w", err)
	}
	return offs, accs, nil
}

func (t sqliteImportTx) CreateOfficial(ctx context.Context, o Official) (Official, error) {
	return createOfficialTx(ctx, t.tx, o)
}

func (t sqliteImportTx) CreateAccount(ctx context.Context, a Account) (Account, error) {
	return createAccountTx(ctx, t.tx, a)
}

func (t sqliteImportTx) HandlelessAccounts(ctx context.Context, officialID int64, p Platform) ([]Account, error) {
	return handlelessTx(ctx, t.tx, officialID, p)
}

func (t sqliteImportTx) UpdateAccount(ctx context.Context, a Account) (Account, error) {
	return updateAccountTx(ctx, t.tx, a)
}
