package transfer

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"akimwatch/data"
)

// xlsxSheet is the history sheet's name.
const xlsxSheet = "history"

// XLSX number formats.
const (
	xlsxCountFmt = 3 // built-in "#,##0": 150,000 or 150 000 as the reader's Excel shows thousands
	xlsxTimeFmt  = "yyyy-mm-dd hh:mm:ss"
)

// xlsxWidths are the history columns' widths, in characters, in the order of Columns.
var xlsxWidths = []float64{30, 11, 24, 20, 13, 12, 12, 12, 14, 10, 26}

// xlsxOptions say how an XLSX export looks.
type xlsxOptions struct {
	lang string
	demo bool
}

// xlsxRowWriter streams history rows into one sheet for people to read:
// labelled headers in a frozen row, counts as numbers with thousands
// separators, times as date-times, a DEMO row on top of demo data.
type xlsxRowWriter struct {
	out    io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	opts   xlsxOptions
	row    int
	head   bool // the header has been written
	styles struct{ header, count, time, banner int }
	vals   []any
}

func newXLSXWriter(out io.Writer, opts xlsxOptions) (*xlsxRowWriter, error) {
	f := excelize.NewFile()
	x := &xlsxRowWriter{out: out, f: f, opts: opts, vals: make([]any, len(Columns))}
	if err := x.setup(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start XLSX sheet: %w", err)
	}
	return x, nil
}

func (x *xlsxRowWriter) setup() error {
	f := x.f
	if err := f.SetSheetName("Sheet1", xlsxSheet); err != nil {
		return err
	}
	var err error
	if x.styles.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
		Border: []excelize.Border{{Type: "bottom", Color: "7F8C9D", Style: 1}}}); err != nil {
		return err
	}
	if x.styles.count, err = f.NewStyle(&excelize.Style{NumFmt: xlsxCountFmt}); err != nil {
		return err
	}
	tf := xlsxTimeFmt
	if x.styles.time, err = f.NewStyle(&excelize.Style{CustomNumFmt: &tf, Alignment: &excelize.Alignment{Horizontal: "left"}}); err != nil {
		return err
	}
	if x.styles.banner, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "B00020", Size: 12}}); err != nil {
		return err
	}
	if x.sw, err = f.NewStreamWriter(xlsxSheet); err != nil {
		return err
	}
	for i, w := range xlsxWidths {
		if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	headerRow := 1
	if x.opts.demo {
		headerRow = 2
	}
	return x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: fmt.Sprintf("A%d", headerRow+1), ActiveCell: fmt.Sprintf("A%d", headerRow+1), Pane: "bottomLeft"}}})
}

// write takes the rows export produces (all text, the first the column
// codes) and writes them typed.
func (x *xlsxRowWriter) write(cells []string) error {
	if !x.head {
		x.head = true
		return x.writeHeader()
	}
	for i, c := range cells {
		switch {
		case c == "":
			x.vals[i] = nil
		case i == colTime:
			t, err := time.Parse(time.RFC3339, c)
			if err != nil {
				return fmt.Errorf("write XLSX time %q: %w", c, err)
			}
			x.vals[i] = excelize.Cell{StyleID: x.styles.time, Value: t}
		case i >= colFollowers && i <= colViews:
			n, err := strconv.ParseInt(c, 10, 64)
			if err != nil {
				return fmt.Errorf("write XLSX count %q: %w", c, err)
			}
			x.vals[i] = excelize.Cell{StyleID: x.styles.count, Value: n}
		default:
			x.vals[i] = c
		}
	}
	return x.setRow(x.vals[:len(cells)])
}

func (x *xlsxRowWriter) writeHeader() error {
	lang := labelLang(x.opts.lang)
	if x.opts.demo {
		if err := x.setRow([]any{excelize.Cell{StyleID: x.styles.banner, Value: demoBanners[lang]}}); err != nil {
			return err
		}
		last, _ := excelize.CoordinatesToCellName(len(Columns), 1)
		if err := x.sw.MergeCell("A1", last); err != nil {
			return err
		}
	}
	head := make([]any, len(Columns))
	for i, l := range columnLabels[lang] {
		head[i] = excelize.Cell{StyleID: x.styles.header, Value: l}
	}
	return x.setRow(head)
}

func (x *xlsxRowWriter) setRow(vals []any) error {
	x.row++
	if x.row > excelize.TotalRows {
		return fmt.Errorf("the history has more rows than an Excel sheet holds (%d); export to .csv instead: %w", excelize.TotalRows, data.ErrInvalid)
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, vals)
}

func (x *xlsxRowWriter) close() error {
	if !x.head {
		if err := x.writeHeader(); err != nil {
			return err
		}
	}
	if err := x.sw.Flush(); err != nil {
		return err
	}
	if _, err := x.f.WriteTo(x.out); err != nil {
		return err
	}
	return x.f.Close()
}
