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
// Region names are written in lang; in CSV numbers stay plain for
// spreadsheets, in XLSX they are numbers with formats under headers in lang.
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
		return writeXLSXCells(path, cells, lang)
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

// leaderboardLabels are the leaderboard columns' XLSX headers per
// language, in the order of LeaderboardColumns.
var leaderboardLabels = map[string][]string{
	"en": {"Rank", "Official", "Position", "Level", "Region", "Platform", "Handle", "Followers",
		"7-day change", "7-day change, %", "30-day change", "30-day change, %", "Rank change"},
	"ru": {"Место", "Чиновник", "Должность", "Уровень", "Регион", "Платформа", "Ник", "Подписчики",
		"Изменение за 7 дней", "Изменение за 7 дней, %", "Изменение за 30 дней", "Изменение за 30 дней, %", "Изменение места"},
	"kk": {"Орын", "Шенеунік", "Лауазым", "Деңгей", "Өңір", "Платформа", "Аккаунт аты", "Жазылушылар",
		"7 күндегі өзгеріс", "7 күндегі өзгеріс, %", "30 күндегі өзгеріс", "30 күндегі өзгеріс, %", "Орын өзгерісі"},
}

// leaderboardWidths are the leaderboard columns' widths, in characters.
var leaderboardWidths = []float64{7, 30, 18, 10, 26, 11, 22, 13, 14, 14, 14, 14, 10}

// writeXLSXCells writes the leaderboard for people: headers in lang, a
// frozen header row, counts with thousands separators and percentages as
// numbers with a percent format.
func writeXLSXCells(path string, rows [][]any, lang string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "leaderboard"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head := make([]any, len(LeaderboardColumns))
	labels := leaderboardLabels[labelLang(lang)]
	for i, c := range LeaderboardColumns {
		head[i] = c // a column without a label keeps its code
		if i < len(labels) {
			head[i] = labels[i]
		}
	}
	if err := f.SetSheetRow(sheet, "A1", &head); err != nil {
		return err
	}
	for i, r := range rows {
		for j, c := range r {
			if j < len(LeaderboardColumns) && strings.HasSuffix(LeaderboardColumns[j], "_pct") { // a fraction, shown as %
				if s, ok := c.(string); ok && s != "" {
					if v, err := strconv.ParseFloat(s, 64); err == nil {
						r[j] = v / 100
					}
				}
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return err
		}
	}
	if err := styleLeaderboard(f, sheet, len(rows)); err != nil {
		return err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	return writeAtomic(path, buf.Bytes())
}

// styleLeaderboard sets the leaderboard sheet's formats, widths and frozen header.
func styleLeaderboard(f *excelize.File, sheet string, n int) error {
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}}})
	if err != nil {
		return err
	}
	count, err := f.NewStyle(&excelize.Style{NumFmt: xlsxCountFmt})
	if err != nil {
		return err
	}
	pctFmt := "+0.00%;-0.00%;0.00%"
	pct, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pctFmt})
	if err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(LeaderboardColumns), 1)
	if err := f.SetCellStyle(sheet, "A1", last, header); err != nil {
		return err
	}
	for i, c := range LeaderboardColumns {
		name, _ := excelize.ColumnNumberToName(i + 1)
		style := 0
		switch {
		case strings.HasSuffix(c, "_pct"):
			style = pct
		case c == "followers" || strings.HasPrefix(c, "change_") || strings.HasPrefix(c, "posts_"):
			style = count
		}
		if style != 0 && n > 0 {
			if err := f.SetCellStyle(sheet, name+"2", fmt.Sprintf("%s%d", name, n+1), style); err != nil {
				return err
			}
		}
		w := 12.0
		if i < len(leaderboardWidths) {
			w = leaderboardWidths[i]
		}
		if err := f.SetColWidth(sheet, name, name, w); err != nil {
			return err
		}
	}
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
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
