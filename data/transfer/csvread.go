package transfer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"akimwatch/data"
)

// Columns is the header of a history file, in order. The first five are
// required; the others may be left out or left empty. source and flags keep
// a reading's provenance (see data.Source and data.Flags) across an export
// and an import.
var Columns = []string{"official", "platform", "handle", "time", "followers", "following", "posts", "likes", "views", "source", "flags"}

// requiredColumns are the columns every history file must have.
const requiredColumns = 5

// maxReportedErrors caps how many bad rows one error message lists.
const maxReportedErrors = 20

// ParseTime reads a time as RFC 3339, "YYYY-MM-DD HH:MM:SS" (UTC) or
// "YYYY-MM-DD" (midnight UTC); it is data.ParseTime.
func ParseTime(s string) (time.Time, error) { return data.ParseTime(s) }

// LineError is a problem with one line of an input file.
type LineError struct {
	Line int
	Err  error
}

// maxErrorText caps one line's error message: a huge field is never echoed whole.
const maxErrorText = 500

func (e *LineError) Error() string {
	return clip(fmt.Sprintf("line %d: %v", e.Line, e.Err), maxErrorText)
}
func (e *LineError) Unwrap() error { return e.Err }

// CSVReader reads history rows from a CSV file with a header row. It is a
// data.RowSource: after the first bad row it yields no more rows but keeps
// checking, so Err lists every bad line (up to a cap) and the import keeps
// nothing. It reads what Excel writes: UTF-8 (with or without a
// byte-order mark), UTF-16 or Windows-1251; commas, semicolons or tabs;
// LF, CRLF or CR line ends.
type CSVReader struct {
	next   func() (rec []string, line int, err error) // the next record; a *badRecord error lets reading go on
	idx    [numColumns]int                            // index of each of Columns in a record, -1 when absent
	row    data.ImportRow
	errs   []*LineError
	nerrs  int
	source data.Source
	now    time.Time
	// encoding is what the file was written in, for messages.
	encoding string
	done     bool
}

// ReadOptions tune NewReader.
type ReadOptions struct {
	// Source is stored for rows whose source column is absent or empty
	// (normally data.SourceImport).
	Source data.Source
	// Now is the moment readings are judged against: one dated more than
	// data.MaxFuture after it is refused. Zero means time.Now().
	Now time.Time
}

// NewCSVReader reads the header of r and returns a reader for its rows.
// Rows without a source column are stored with source.
func NewCSVReader(r io.Reader, source data.Source) (*CSVReader, error) {
	return NewReader(r, ReadOptions{Source: source})
}

// NewReader detects r's encoding and separator, reads its header and
// returns a reader for its rows. When the file cannot be read, the error
// names the encoding or separator found and what to do.
func NewReader(r io.Reader, opts ReadOptions) (*CSVReader, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	text, err := decode(r)
	if err != nil {
		return nil, err
	}
	head := text.headerLine()
	if strings.TrimSpace(head) == "" {
		if _, err := text.r.Peek(1); errors.Is(err, io.EOF) {
			return nil, errEmpty()
		}
	}
	sep, err := chooseSeparator(head, text.encoding)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(text.r)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	names, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errEmpty()
	}
	if err != nil {
		return nil, &LineError{Line: 1, Err: err}
	}
	col, err := readHeader(names)
	if err != nil {
		return nil, &LineError{Line: 1, Err: err}
	}
	next := func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, pe.StartLine, &badRecord{pe.Err}
			}
			return nil, 0, err
		}
		line, _ := cr.FieldPos(0)
		return rec, line, nil
	}
	return newRowReader(next, col, opts, text.encoding), nil
}

// badRecord is a record that could not be split into fields; the rest of
// the file can still be checked.
type badRecord struct{ err error }

func (b *badRecord) Error() string { return b.err.Error() }

// errEmpty is the error for a file with nothing in it.
func errEmpty() error {
	head := strings.Join(Columns[:requiredColumns], ",")
	return problem("empty", fmt.Errorf("the file is empty: it needs a header row %s", head), map[string]any{"Columns": head})
}

// newRowReader makes a reader of the records next yields, whose columns are
// at the indexes col gives.
func newRowReader(next func() ([]string, int, error), col map[string]int, opts ReadOptions, encoding string) *CSVReader {
	c := &CSVReader{next: next, source: opts.Source, now: opts.Now, encoding: encoding}
	for i, name := range Columns {
		c.idx[i] = -1
		if j, ok := col[name]; ok {
			c.idx[i] = j
		}
	}
	return c
}

// chooseSeparator picks the separator under which head is a valid header;
// when none fits, the error says what the first line looks like.
func chooseSeparator(head, enc string) (rune, error) {
	for _, sep := range separators {
		if _, err := readHeader(strings.Split(head, string(sep))); err == nil {
			return sep, nil
		}
	}
	// No separator gives a full header: report it as read with the most
	// likely one (the most frequent), so the message names that.
	best, most := ',', 0
	for _, sep := range separators {
		if n := strings.Count(head, string(sep)); n > most {
			best, most = sep, n
		}
	}
	if _, err := readHeader(strings.Split(head, string(best))); err != nil {
		return 0, &LineError{Line: 1, Err: fmt.Errorf("%w; the file was read as %s text separated by %s, and its first line must be the header",
			err, enc, sepName(best))}
	}
	return best, nil
}

// readHeader maps each known column name in names to its index.
func readHeader(names []string) (map[string]int, error) {
	col := map[string]int{}
	for i, h := range names {
		name, ok := columnFor(strings.Trim(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), `"`))
		if !ok {
			return nil, problem("header_unknown", fmt.Errorf("unknown column %q (the columns are %s)", clip(h, 60), strings.Join(Columns, ",")),
				map[string]any{"Name": h, "Columns": strings.Join(Columns, ",")})
		}
		if _, dup := col[name]; dup {
			return nil, problem("header_twice", fmt.Errorf("column %q appears twice", name), map[string]any{"Column": name})
		}
		col[name] = i
	}
	for _, c := range Columns[:requiredColumns] {
		if _, ok := col[c]; !ok {
			return nil, problem("header_missing", fmt.Errorf("missing column %q (the header must have %s)", c, strings.Join(Columns[:requiredColumns], ",")),
				map[string]any{"Column": c, "Columns": strings.Join(Columns[:requiredColumns], ",")})
		}
	}
	return col, nil
}

// Next reads the next valid row. It returns false at the end of the file or,
// once a bad row was seen, at the end of checking.
func (c *CSVReader) Next() bool {
	for !c.done {
		rec, line, err := c.next()
		if errors.Is(err, io.EOF) {
			c.done = true
			break
		}
		if err != nil {
			var bad *badRecord
			if !errors.As(err, &bad) {
				c.fail(line, err)
				c.done = true // an I/O error: nothing more to read
				continue
			}
			c.fail(line, problem("syntax", bad.err, map[string]any{}))
			continue
		}
		row, err := c.parse(rec, line)
		if err != nil {
			c.fail(line, err)
			continue
		}
		if c.nerrs > 0 {
			continue // keep checking, keep nothing
		}
		c.row = row
		return true
	}
	return false
}

func (c *CSVReader) fail(line int, err error) {
	c.nerrs++
	if len(c.errs) < maxReportedErrors {
		c.errs = append(c.errs, &LineError{Line: line, Err: err})
	}
}

// Row returns the row read by the last successful Next.
func (c *CSVReader) Row() data.ImportRow { return c.row }

// Err returns every bad line found, joined, or nil.
func (c *CSVReader) Err() error {
	if c.nerrs == 0 {
		return nil
	}
	return &LinesError{Count: c.nerrs, Lines: c.errs}
}

// Positions of the columns in Columns (and in CSVReader.idx).
const (
	colOfficial = iota
	colPlatform
	colHandle
	colTime
	colFollowers
	colFollowing
	colPosts
	colLikes
	colViews
	colSource
	colFlags
	numColumns
)

// field returns column i of Columns in rec, trimmed, and whether rec has it.
func (c *CSVReader) field(rec []string, i int) (string, bool) {
	j := c.idx[i]
	if j < 0 || j >= len(rec) {
		return "", false
	}
	return strings.TrimSpace(rec[j]), true
}

func (c *CSVReader) parse(rec []string, line int) (data.ImportRow, error) {
	var r data.ImportRow
	r.Line = line
	for i := range requiredColumns {
		if _, ok := c.field(rec, i); !ok {
			return r, problem("row_missing", fmt.Errorf("missing column %q (the row has %d fields)", Columns[i], len(rec)),
				map[string]any{"Column": Columns[i], "Fields": len(rec)})
		}
	}
	r.Official, _ = c.field(rec, colOfficial)
	if r.Official == "" {
		return r, problem("official_empty", errors.New("official is empty"), map[string]any{})
	}
	if !utf8.ValidString(r.Official) {
		return r, errInvalidText(c.encoding, "official")
	}
	p, _ := c.field(rec, colPlatform)
	plat, err := parsePlatform(p)
	if err != nil {
		return r, problem("platform", err, map[string]any{"Value": p})
	}
	r.Platform = plat
	r.Handle, _ = c.field(rec, colHandle)
	if !utf8.ValidString(r.Handle) {
		return r, errInvalidText(c.encoding, "handle")
	}
	ts, _ := c.field(rec, colTime)
	t, err := ParseTime(ts)
	if err != nil {
		return r, problem("time", err, map[string]any{"Value": ts})
	}
	r.Snapshot = data.Snapshot{Time: t, Source: c.source}
	fol, _ := c.field(rec, colFollowers)
	if r.Snapshot.Followers, err = parseCount("followers", fol); err != nil {
		return r, problem("count", err, map[string]any{"Column": "followers", "Value": fol})
	}
	for _, opt := range []struct {
		col int
		dst **int64
	}{{colFollowing, &r.Snapshot.Following}, {colPosts, &r.Snapshot.Posts}, {colLikes, &r.Snapshot.Likes}, {colViews, &r.Snapshot.Views}} {
		v, ok := c.field(rec, opt.col)
		if !ok || v == "" {
			continue
		}
		n, err := parseCount(Columns[opt.col], v)
		if err != nil {
			return r, problem("count", err, map[string]any{"Column": Columns[opt.col], "Value": v})
		}
		*opt.dst = &n
	}
	if v, ok := c.field(rec, colSource); ok && v != "" {
		if r.Snapshot.Source, err = data.ParseSource(v); err != nil {
			return r, problem("source", err, map[string]any{"Value": v})
		}
	}
	if v, ok := c.field(rec, colFlags); ok && v != "" {
		if r.Snapshot.Flags, err = data.ParseFlags(v); err != nil {
			return r, problem("flags", err, map[string]any{"Value": v})
		}
	}
	if err := r.Snapshot.CheckPlausible(c.now); err != nil {
		return r, problem("implausible", err, map[string]any{})
	}
	return r, nil
}

// parsePlatform is data.ParsePlatform with a fast path for the canonical
// lower-case names, which is what nearly every row of a history file has.
func parsePlatform(s string) (data.Platform, error) {
	for _, p := range data.Platforms {
		if string(p) == s {
			return p, nil
		}
	}
	return data.ParsePlatform(s)
}

// parseCount is data.ParseCount.
func parseCount(name, s string) (int64, error) { return data.ParseCount(name, s) }
