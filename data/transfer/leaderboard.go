package transfer

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"akimwatch/data"
)

// LeaderboardColumns is the header of a leaderboard export.
var LeaderboardColumns = []string{"rank", "official", "position", "level", "region", "platform", "handle",
	"followers", "change_7d", "change_7d_pct", "change_30d", "change_30d_pct", "rank_change", "posts_7d", "posts_30d", "apart"}

// LeaderboardDemoColumn is the column a leaderboard CSV of demo data gets
// after LeaderboardColumns, holding demoMark in every row.
const LeaderboardDemoColumn = "demo"

// LeaderboardOptions tune ExportLeaderboard.
type LeaderboardOptions struct {
	// Lang is the language of region names, XLSX headers and the DEMO mark.
	Lang string
	// Demo marks the rows as generated demo data, as the history export
	// does: a DEMO row above the XLSX header; in CSV, which has no room
	// above its header, a last column "demo" saying DEMO on every row.
	Demo bool
	// DB is the database the rows come from: the file is never written
	// onto it, its companion files or its backups (data.CheckOutput).
	DB string
	// Force replaces an existing file.
	Force bool
}

// ExportLeaderboard writes rows to path as CSV or XLSX by its extension,
// through data.WriteOutput (checked, written beside it, renamed into
// place). Region names are written in opts.Lang; in CSV numbers stay plain
// for spreadsheets, in XLSX they are numbers with formats under headers in
// opts.Lang.
func ExportLeaderboard(path string, rows []data.LeaderboardRow, opts LeaderboardOptions) error {
	lang := opts.Lang
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
	var b []byte
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		b, err = leaderboardCSV(cells, opts.Demo)
	case ".xlsx":
		b, err = leaderboardXLSX(cells, lang, opts.Demo)
	default:
		return fmt.Errorf("export leaderboard to %s: use a .csv or .xlsx file name: %w", path, data.ErrInvalid)
	}
	if err == nil {
		err = data.WriteOutput(opts.DB, path, data.OutputOptions{Force: opts.Force}, func(w io.Writer) error {
			_, err := w.Write(b)
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("export leaderboard: %w", err)
	}
	return nil
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

// leaderboardCSV is the rows as CSV under the column codes, with the demo
// column when demo.
func leaderboardCSV(rows [][]any, demo bool) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := LeaderboardColumns
	if demo {
		head = append(slices.Clone(head), LeaderboardDemoColumn)
	}
	if err := w.Write(head); err != nil {
		return nil, err
	}
	for _, r := range rows {
		rec := make([]string, len(r), len(r)+1)
		for i, c := range r {
			rec[i] = fmt.Sprint(c)
		}
		if demo {
			rec = append(rec, demoMark)
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
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

// leaderboardXLSX is the leaderboard for people: headers in lang, a frozen
// header row, counts with thousands separators and percentages as numbers
// with a percent format; with demo, a DEMO row above the header, as the
// history export has.
func leaderboardXLSX(rows [][]any, lang string, demo bool) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "leaderboard"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	top := 1 // the header's row
	if demo {
		top = 2
		if err := demoBannerRow(f, sheet, lang); err != nil {
			return nil, err
		}
	}
	head := make([]any, len(LeaderboardColumns))
	labels := leaderboardLabels[labelLang(lang)]
	for i, c := range LeaderboardColumns {
		head[i] = c // a column without a label keeps its code
		if i < len(labels) {
			head[i] = labels[i]
		}
	}
	if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", top), &head); err != nil {
		return nil, err
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
		cell, _ := excelize.CoordinatesToCellName(1, top+1+i)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return nil, err
		}
	}
	if err := styleLeaderboard(f, sheet, top, len(rows)); err != nil {
		return nil, err
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// demoBannerRow puts the DEMO mark in lang across the first row, styled
// as the history export's.
func demoBannerRow(f *excelize.File, sheet, lang string) error {
	style, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "B00020", Size: 12}})
	if err != nil {
		return err
	}
	if err := f.SetCellValue(sheet, "A1", demoBanners[labelLang(lang)]); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(LeaderboardColumns), 1)
	if err := f.MergeCell(sheet, "A1", last); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, "A1", last, style)
}

// styleLeaderboard sets the leaderboard sheet's formats, widths and frozen
// header, which is on row top, with n rows below it.
func styleLeaderboard(f *excelize.File, sheet string, top, n int) error {
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
	first, _ := excelize.CoordinatesToCellName(1, top)
	last, _ := excelize.CoordinatesToCellName(len(LeaderboardColumns), top)
	if err := f.SetCellStyle(sheet, first, last, header); err != nil {
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
			if err := f.SetCellStyle(sheet, fmt.Sprintf("%s%d", name, top+1), fmt.Sprintf("%s%d", name, top+n), style); err != nil {
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
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: fmt.Sprintf("A%d", top+1), ActivePane: "bottomLeft"})
}
