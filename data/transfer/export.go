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

// ExportOptions tune ExportFile.
type ExportOptions struct {
	// Force replaces an existing file (never the database or a backup).
	Force bool
	// Lang is the language of an XLSX file's headers and DEMO mark: ru, kk
	// or en (English for anything else). CSV headers are always the codes.
	Lang string
}

// ExportFile writes the whole history to path, as CSV or XLSX by its
// extension. It refuses to write onto the database, its companion files or
// backups, or (unless opts.Force) an existing file (see data.CheckOutput).
// The file is written beside path first and renamed into place, so a
// failed export never leaves half a file. An XLSX file is for people:
// headers in opts.Lang, counts and times as numbers with formats, the
// header row frozen, and a DEMO row on top when the database holds demo
// data.
func ExportFile(ctx context.Context, s data.Store, path string, opts ExportOptions) (ExportStats, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".csv" && ext != ".xlsx" {
		return ExportStats{}, fmt.Errorf("export to %s: unknown file type %q (use .csv or .xlsx): %w", path, ext, data.ErrInvalid)
	}
	demo := false
	if ext == ".xlsx" {
		var err error
		if demo, err = s.IsDemo(ctx); err != nil {
			return ExportStats{}, fmt.Errorf("export to %s: %w", path, err)
		}
		n, err := s.SnapshotCount(ctx, 0)
		if err != nil {
			return ExportStats{}, fmt.Errorf("export to %s: %w", path, err)
		}
		if n+2 > excelize.TotalRows {
			return ExportStats{}, fmt.Errorf("export to %s: the history has %d readings, more than an Excel sheet holds (%d rows); export to .csv instead: %w",
				path, n, excelize.TotalRows, data.ErrInvalid)
		}
	}
	var st ExportStats
	err := data.WriteOutput(s.Path(), path, data.OutputOptions{Force: opts.Force}, func(out io.Writer) error {
		var w rowWriter = newCSVWriter(out)
		if ext == ".xlsx" {
			x, err := newXLSXWriter(out, xlsxOptions{lang: opts.Lang, demo: demo})
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
func ExportCSV(ctx context.Context, s data.Store, w io.Writer) (ExportStats, error) {
	return export(ctx, s, newCSVWriter(w))
}

// export streams every snapshot, ordered by account and time, to w.
func export(ctx context.Context, s data.Store, w rowWriter) (ExportStats, error) {
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
