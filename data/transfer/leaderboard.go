package transfer

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"akimwatch/data"
)

// LeaderboardColumns is the header of a leaderboard export.
var LeaderboardColumns = []string{"rank", "official", "position", "level", "region", "platform", "handle",
	"followers", "change_7d", "change_7d_pct", "change_30d", "change_30d_pct", "rank_change", "posts_7d", "posts_30d", "apart"}

// ExportLeaderboard writes rows to path as CSV or XLSX by its extension.
// Region names are written in lang; numbers stay plain for spreadsheets.
func ExportLeaderboard(path string, rows []data.LeaderboardRow, lang string) error {
	cells := [][]any{}
	for _, r := range rows {
		rc := any("")
		if d, ok := r.RankChange(); ok {
			rc = d
		}
		rank := any("") // a figure apart has no rank
		if r.Rank > 0 {
			rank = r.Rank
		}
		cells = append(cells, []any{rank, r.Official, string(r.Position), string(r.Level), r.Region.Name(lang), string(r.Platform), r.Handle,
			r.Followers, changeAbs(r.Week), changePct(r.Week), changeAbs(r.Month), changePct(r.Month), rc, posts(r.Posts7d), posts(r.Posts30d), r.Apart})
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return writeCSVCells(path, cells)
	case ".xlsx":
		return writeXLSXCells(path, cells)
	}
	return fmt.Errorf("export leaderboard to %s: use a .csv or .xlsx file name: %w", path, data.ErrInvalid)
}

func changeAbs(c *data.Change) any {
	if c == nil {
		return ""
	}
	return c.Abs
}

func posts(n *int64) any {
	if n == nil {
		return ""
	}
	return *n
}

func changePct(c *data.Change) any {
	if c == nil {
		return ""
	}
	return strconv.FormatFloat(c.Pct, 'f', 2, 64)
}

func writeCSVCells(path string, rows [][]any) error {
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := w.Write(LeaderboardColumns); err != nil {
		return err
	}
	for _, r := range rows {
		rec := make([]string, len(r))
		for i, c := range r {
			rec[i] = fmt.Sprint(c)
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return writeAtomic(path, []byte(b.String()))
}

func writeXLSXCells(path string, rows [][]any) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "leaderboard"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head := make([]any, len(LeaderboardColumns))
	for i, c := range LeaderboardColumns {
		head[i] = c
	}
	if err := f.SetSheetRow(sheet, "A1", &head); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	return writeAtomic(path, buf.Bytes())
}

// writeAtomic writes b beside path and renames it into place.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".akimwatch-export-*")
	if err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("export to %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export to %s: %w", path, err)
	}
	return nil
}
