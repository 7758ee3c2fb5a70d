package transfer

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"akimwatch/data"
)

// rowWriter receives export rows, one slice of cells per row.
type rowWriter interface {
	write(cells []string) error
	close() error
}

// ExportStats counts what an export wrote.
type ExportStats struct{ Rows int }

// ExportFile writes the whole history to path, as CSV or XLSX by its
// extension. It refuses to write onto the database, its companion files or
// backups, or (unless force) an existing file (see data.CheckOutput). The
// file is written beside path first and renamed into place, so a failed
// export never leaves half a file.
func ExportFile(ctx context.Context, s *data.Store, path string, force bool) (ExportStats, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".csv" && ext != ".xlsx" {
		return ExportStats{}, fmt.Errorf("export to %s: unknown file type %q (use .csv or .xlsx): %w", path, ext, data.ErrInvalid)
	}
	var st ExportStats
	err := data.WriteOutput(s.Path(), path, data.OutputOptions{Force: force}, func(out io.Writer) error {
		var w rowWriter = newCSVWriter(out)
		if ext == ".xlsx" {
			x, err := newXLSXWriter(out)
			if err != nil {
				return err
			}
			w = x
		}
		var err error
		st, err = export(ctx, s, w)
		return err
	})
	if err != nil {
		return ExportStats{}, fmt.Errorf("export: %w", err)
	}
	return st, nil
}

// ExportCSV streams the whole history as CSV to w.
func ExportCSV(ctx context.Context, s *data.Store, w io.Writer) (ExportStats, error) {
	return export(ctx, s, newCSVWriter(w))
}

// export streams every snapshot, ordered by account and time, to w.
func export(ctx context.Context, s *data.Store, w rowWriter) (ExportStats, error) {
	var st ExportStats
	officials, err := s.Officials(ctx)
	if err != nil {
		return st, err
	}
	names := make(map[int64]string, len(officials))
	for _, o := range officials {
		names[o.ID] = o.Name
	}
	accounts, err := s.Accounts(ctx, data.AccountFilter{})
	if err != nil {
		return st, err
	}
	acc := make(map[int64]data.Account, len(accounts))
	for _, a := range accounts {
		acc[a.ID] = a
	}
	if err := w.write(Columns); err != nil {
		return st, err
	}
	cells := make([]string, len(Columns))
	err = s.EachSnapshot(ctx, func(sn data.Snapshot) error {
		a := acc[sn.AccountID]
		cells[0], cells[1], cells[2] = names[a.OfficialID], string(a.Platform), a.Handle
		cells[3] = sn.Time.UTC().Format(time.RFC3339)
		cells[4] = strconv.FormatInt(sn.Followers, 10)
		cells[5], cells[6] = optCount(sn.Following), optCount(sn.Posts)
		cells[7], cells[8] = optCount(sn.Likes), optCount(sn.Views)
		cells[9], cells[10] = sn.Source.String(), sn.Flags.String()
		st.Rows++
		return w.write(cells)
	})
	if err != nil {
		return st, err
	}
	return st, w.close()
}

func optCount(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

type csvRowWriter struct{ w *csv.Writer }

func newCSVWriter(w io.Writer) *csvRowWriter { return &csvRowWriter{w: csv.NewWriter(w)} }

func (c *csvRowWriter) write(cells []string) error { return c.w.Write(cells) }
func (c *csvRowWriter) close() error {
	c.w.Flush()
	return c.w.Error()
}

// xlsxRowWriter streams rows into one sheet, numbers as numbers.
type xlsxRowWriter struct {
	out io.Writer
	f   *excelize.File
	sw  *excelize.StreamWriter
	row int
}

const xlsxSheet = "history"

func newXLSXWriter(out io.Writer) (*xlsxRowWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", xlsxSheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(xlsxSheet)
	if err != nil {
		return nil, err
	}
	return &xlsxRowWriter{out: out, f: f, sw: sw}, nil
}

func (x *xlsxRowWriter) write(cells []string) error {
	x.row++
	vals := make([]any, len(cells))
	for i, c := range cells {
		vals[i] = c
		if x.row > 1 && i >= 4 && c != "" {
			if n, err := strconv.ParseInt(c, 10, 64); err == nil {
				vals[i] = n
			}
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, vals)
}

func (x *xlsxRowWriter) close() error {
	if err := x.sw.Flush(); err != nil {
		return err
	}
	if _, err := x.f.WriteTo(x.out); err != nil {
		return err
	}
	return x.f.Close()
}
