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

// ImportFile imports a CSV history file into s, all or nothing. Officials
// and accounts it names are created when missing, with a note saying so.
// Readings are judged plausible against now. Rows without a source column
// are stored as imported.
func ImportFile(ctx context.Context, s *data.Store, path string, now time.Time) (data.ImportStats, error) {
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".csv" && ext != ".txt" && ext != ".tsv" {
		return data.ImportStats{}, fmt.Errorf("import %s: only .csv (or Excel's .txt and .tsv text) files can be imported (save an .xlsx sheet as CSV first): %w", path, data.ErrInvalid)
	}
	f, err := os.Open(path)
	if err != nil {
		return data.ImportStats{}, fmt.Errorf("import %s: %w", path, err)
	}
	defer f.Close()
	r, err := NewReader(f, ReadOptions{Source: data.SourceImport, Now: now})
	if err != nil {
		return data.ImportStats{}, fmt.Errorf("import %s: nothing was saved: %w", path, err)
	}
	note := fmt.Sprintf("Created by import of %s on %s; position, level and region unknown.", filepath.Base(path), now.UTC().Format("2006-01-02"))
	st, err := s.Import(ctx, r, note)
	if err != nil {
		return st, fmt.Errorf("import %s: %w", path, err)
	}
	return st, nil
}
