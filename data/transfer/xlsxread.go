package transfer

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// XLSXReader reads history rows from the first sheet (or the "history"
// sheet) of an Excel workbook: what ExportFile writes, or a sheet an
// analyst made with the same columns (codes, or the headers in ru, kk or
// en). A DEMO row above the header is skipped. Close it when done.
type XLSXReader struct {
	*CSVReader
	f    *excelize.File
	rows *excelize.Rows
}

// NewXLSXReader opens the workbook in r and reads its header.
func NewXLSXReader(r io.Reader, opts ReadOptions) (*XLSXReader, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, problem("not_xlsx", fmt.Errorf("the file is not an Excel workbook (.xlsx) that can be read (%v); save it again from Excel as .xlsx, or as CSV UTF-8", err), map[string]any{})
	}
	x := &XLSXReader{f: f}
	if err := x.start(opts); err != nil {
		f.Close()
		return nil, err
	}
	return x, nil
}

func (x *XLSXReader) start(opts ReadOptions) error {
	sheets := x.f.GetSheetList()
	if len(sheets) == 0 {
		return problem("no_sheet", errors.New("the workbook has no sheet"), map[string]any{})
	}
	sheet := sheets[0]
	for _, s := range sheets {
		if s == xlsxSheet {
			sheet = s
		}
	}
	rows, err := x.f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("read sheet %q: %w", sheet, err)
	}
	x.rows = rows
	line := 0
	// next returns the next non-empty row with its number, raw (numbers
	// unformatted).
	next := func() ([]string, int, error) {
		for x.rows.Next() {
			line++
			rec, err := x.rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				return nil, line, err
			}
			if !allEmpty(rec) {
				return rec, line, nil
			}
		}
		if err := x.rows.Error(); err != nil {
			return nil, line, err
		}
		return nil, line, io.EOF
	}
	head, hl, err := next()
	if errors.Is(err, io.EOF) {
		head := strings.Join(Columns[:requiredColumns], ",")
		return problem("empty", fmt.Errorf("sheet %q is empty: it needs a header row %s", sheet, head), map[string]any{"Columns": head})
	}
	if err != nil {
		return err
	}
	if strings.HasPrefix(strings.TrimSpace(head[0]), demoMark) && allEmpty(head[1:]) {
		if head, hl, err = next(); err != nil {
			return fmt.Errorf("sheet %q has no header row below its DEMO mark", sheet)
		}
	}
	col, err := readHeader(trimEmptyTail(head))
	if err != nil {
		return &LineError{Line: hl, Err: fmt.Errorf("%w (sheet %q)", err, sheet)}
	}
	timeCol := col["time"]
	var countCols []int
	for _, name := range Columns[colFollowers : colViews+1] {
		if j, ok := col[name]; ok {
			countCols = append(countCols, j)
		}
	}
	x.CSVReader = newRowReader(func() ([]string, int, error) {
		rec, l, err := next()
		if err != nil {
			return rec, l, err
		}
		if timeCol < len(rec) {
			rec[timeCol] = excelTime(rec[timeCol])
		}
		for _, j := range countCols {
			if j < len(rec) {
				rec[j] = excelCount(rec[j])
			}
		}
		return rec, l, nil
	}, col, opts, "Excel")
	return nil
}

// Close releases the workbook.
func (x *XLSXReader) Close() error {
	var errs []error
	if x.rows != nil {
		errs = append(errs, x.rows.Close())
	}
	return errors.Join(append(errs, x.f.Close())...)
}

// excelTime turns a date-time cell's raw serial number (days since 1900)
// into RFC 3339, to the nearest second; text is left as typed.
func excelTime(v string) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f < 1 || f > 2958465 { // 2958465 is 9999-12-31
		return v
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return v
	}
	secs := math.Round(float64(t.UnixNano()) / 1e9)
	return time.Unix(int64(secs), 0).UTC().Format(time.RFC3339)
}

// excelCount writes a whole number Excel stored as a float ("150000.0",
// "1.5E+5") as digits; anything else is left for the count parser to judge.
func excelCount(v string) string {
	t := strings.TrimSpace(v)
	if _, err := strconv.ParseInt(t, 10, 64); err == nil || !strings.ContainsAny(t, ".eE") {
		return v
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e15 {
		return v
	}
	return strconv.FormatInt(int64(f), 10)
}

func allEmpty(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// trimEmptyTail drops empty cells at the end of a header row.
func trimEmptyTail(rec []string) []string {
	for len(rec) > 0 && strings.TrimSpace(rec[len(rec)-1]) == "" {
		rec = rec[:len(rec)-1]
	}
	return rec
}
