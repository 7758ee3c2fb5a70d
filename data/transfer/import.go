package transfer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"akimwatch/data"
)

// ImportFile imports a CSV (or XLSX) history file into s, all or nothing. Officials
// and accounts it names are created when missing, with a note saying so.
// Readings are judged plausible against now. Rows without a source column
// are stored as imported.
func ImportFile(ctx context.Context, s data.Store, path string, now time.Time) (data.ImportStats, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".csv" && ext != ".txt" && ext != ".tsv" && ext != ".xlsx" {
		return data.ImportStats{}, fmt.Errorf("import %s: %w", path, problem("file_type",
			fmt.Errorf("only .csv, .xlsx (or Excel's .txt and .tsv text) files can be imported: %w", data.ErrInvalid), map[string]any{}))
	}
	f, err := os.Open(path)
	if err != nil {
		return data.ImportStats{}, fmt.Errorf("import %s: %w", path, err)
	}
	defer f.Close()
	opts := ReadOptions{Source: data.SourceImport, Now: now}
	var r data.RowSource
	if ext == ".xlsx" {
		x, err := NewXLSXReader(f, opts)
		if err != nil {
			return data.ImportStats{}, clipLines(fmt.Errorf("import %s: nothing was saved: %w", path, err))
		}
		defer x.Close()
		r = x
	} else {
		c, err := NewReader(f, opts)
		if err != nil {
			return data.ImportStats{}, clipLines(fmt.Errorf("import %s: nothing was saved: %w", path, err))
		}
		r = c
	}
	note := fmt.Sprintf("Created by import of %s on %s; position, level and region unknown.", filepath.Base(path), now.UTC().Format("2006-01-02"))
	st, err := s.Import(ctx, r, note)
	if err != nil {
		return st, clipLines(fmt.Errorf("import %s: %w", path, err))
	}
	return st, nil
}
