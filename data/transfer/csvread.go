package transfer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"akimwatch/data"
)

// Columns is the header of a history file, in order. The first five are required.
var Columns = []string{"official", "platform", "handle", "time", "followers", "following", "posts"}

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

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// CSVReader reads history rows from a CSV file with a header row. It is a
// data.RowSource: after the first bad row it yields no more rows but keeps
// checking, so Err lists every bad line (up to a cap) and the import keeps
// nothing.
type CSVReader struct {
	r      *csv.Reader
	col    map[string]int
	idx    [7]int // index of each of Columns in a record, -1 when absent
	row    data.ImportRow
	errs   []error
	nerrs  int
	source data.Source
	done   bool
}

// NewCSVReader reads the header of r and returns a reader for its rows.
// Rows are stored with the given source (normally data.SourceImport).
func NewCSVReader(r io.Reader, source data.Source) (*CSVReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("the file is empty: it needs a header row %s", strings.Join(Columns[:requiredColumns], ","))
	}
	if err != nil {
		return nil, &LineError{Line: 1, Err: err}
	}
	col := map[string]int{}
	for i, h := range head {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if !known(name) {
			return nil, &LineError{Line: 1, Err: fmt.Errorf("unknown column %q (the columns are %s)", h, strings.Join(Columns, ","))}
		}
		if _, dup := col[name]; dup {
			return nil, &LineError{Line: 1, Err: fmt.Errorf("column %q appears twice", name)}
		}
		col[name] = i
	}
	for _, c := range Columns[:requiredColumns] {
		if _, ok := col[c]; !ok {
			return nil, &LineError{Line: 1, Err: fmt.Errorf("missing column %q (the header must have %s)", c, strings.Join(Columns[:requiredColumns], ","))}
		}
	}
	c := &CSVReader{r: cr, col: col, source: source}
	for i, name := range Columns {
		c.idx[i] = -1
		if j, ok := col[name]; ok {
			c.idx[i] = j
		}
	}
	return c, nil
}

func known(name string) bool {
	for _, c := range Columns {
		if c == name {
			return true
		}
	}
	return false
}

// Next reads the next valid row. It returns false at the end of the file or,
// once a bad row was seen, at the end of checking.
func (c *CSVReader) Next() bool {
	for !c.done {
		rec, err := c.r.Read()
		if errors.Is(err, io.EOF) {
			c.done = true
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				c.fail(0, err)
				c.done = true // an I/O error: nothing more to read
				continue
			}
			c.fail(pe.StartLine, pe.Err)
			continue
		}
		line, _ := c.r.FieldPos(0)
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
	err := errors.Join(c.errs...)
	if c.nerrs > len(c.errs) {
		err = fmt.Errorf("%w\n… and %d more bad lines", err, c.nerrs-len(c.errs))
	}
	return fmt.Errorf("%d bad line(s):\n%w", c.nerrs, err)
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
			return r, fmt.Errorf("missing column %q (the row has %d fields)", Columns[i], len(rec))
		}
	}
	r.Official, _ = c.field(rec, colOfficial)
	if r.Official == "" {
		return r, errors.New("official is empty")
	}
	p, _ := c.field(rec, colPlatform)
	plat, err := parsePlatform(p)
	if err != nil {
		return r, err
	}
	r.Platform = plat
	r.Handle, _ = c.field(rec, colHandle)
	ts, _ := c.field(rec, colTime)
	t, err := ParseTime(ts)
	if err != nil {
		return r, err
	}
	r.Snapshot = data.Snapshot{Time: t, Source: c.source}
	fol, _ := c.field(rec, colFollowers)
	if r.Snapshot.Followers, err = parseCount("followers", fol); err != nil {
		return r, err
	}
	for _, opt := range []struct {
		col int
		dst **int64
	}{{colFollowing, &r.Snapshot.Following}, {colPosts, &r.Snapshot.Posts}} {
		v, ok := c.field(rec, opt.col)
		if !ok || v == "" {
			continue
		}
		n, err := parseCount(Columns[opt.col], v)
		if err != nil {
			return r, err
		}
		*opt.dst = &n
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
