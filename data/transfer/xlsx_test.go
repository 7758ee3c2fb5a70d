package transfer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"akimwatch/data"
	"akimwatch/data/datatest"
	"akimwatch/data/transfer"
)

// The XLSX export is for people: headers in the UI language, counts and
// times as numbers with formats, a frozen header row, sensible widths, and
// a DEMO mark on demo data.
func TestExportXLSXForPeople(t *testing.T) {
	tests := []struct {
		lang   string
		demo   bool
		header string
	}{
		{"ru", false, "Подписчики"},
		{"kk", false, "Жазылушылар"},
		{"en", true, "Followers"},
		{"ru", true, "Подписчики"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+map[bool]string{true: " demo", false: ""}[tt.demo], func(t *testing.T) {
			ctx := context.Background()
			s := datatest.NewStore(t)
			if _, err := transfer.ImportFile(ctx, s, writeFile(t, "full.csv", fullCSV), now); err != nil {
				t.Fatal(err)
			}
			if tt.demo {
				if err := s.SetMeta(ctx, data.MetaDemo, "1"); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(t.TempDir(), "h.xlsx")
			if _, err := transfer.ExportFile(ctx, s, out, transfer.ExportOptions{Lang: tt.lang}); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			head := 1
			if tt.demo {
				head = 2
				if v, _ := f.GetCellValue("history", "A1"); !strings.HasPrefix(v, "DEMO") {
					t.Fatalf("A1 = %q, want the DEMO mark", v)
				}
			}
			cell := func(col string, row int) string { return col + string(rune('0'+row)) }
			if v, _ := f.GetCellValue("history", cell("E", head)); v != tt.header {
				t.Fatalf("followers header = %q, want %q", v, tt.header)
			}
			// Row head+2 is the API reading of 150 000 at 2026-11-01.
			r := head + 2
			for col, want := range map[string]excelize.CellType{"D": excelize.CellTypeUnset, "E": excelize.CellTypeUnset} {
				if typ, _ := f.GetCellType("history", cell(col, r)); typ != want {
					t.Fatalf("%s%d has type %v, want a number", col, r, typ)
				}
			}
			if raw, _ := f.GetCellValue("history", cell("E", r), excelize.Options{RawCellValue: true}); raw != "150000" {
				t.Fatalf("followers raw = %q", raw)
			}
			if shown, _ := f.GetCellValue("history", cell("E", r)); shown != "150,000" {
				t.Fatalf("followers shown as %q, want a thousands format", shown)
			}
			if shown, _ := f.GetCellValue("history", cell("D", r)); shown != "2026-11-01 00:00:00" {
				t.Fatalf("time shown as %q", shown)
			}
			if raw, _ := f.GetCellValue("history", cell("D", r), excelize.Options{RawCellValue: true}); !strings.HasPrefix(raw, "46") {
				t.Fatalf("time raw = %q, want an Excel date serial", raw)
			}
			panes, err := f.GetPanes("history")
			if err != nil || !panes.Freeze || panes.YSplit != head {
				t.Fatalf("panes = %+v, %v; want the header row frozen", panes, err)
			}
			for col, min := range map[string]float64{"A": 20, "D": 18, "K": 20} {
				if w, _ := f.GetColWidth("history", col); w < min {
					t.Fatalf("column %s is %.0f wide, want at least %.0f", col, w, min)
				}
			}
		})
	}
}

// Export to XLSX → import into a new database → export again: the same
// bytes, and the same history as the CSV route.
func TestXLSXRoundTrip(t *testing.T) {
	ctx := context.Background()
	first := datatest.NewStore(t)
	if _, err := transfer.ImportFile(ctx, first, writeFile(t, "full.csv", fullCSV), now); err != nil {
		t.Fatal(err)
	}
	if err := first.SetMeta(ctx, data.MetaDemo, "1"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	x1 := filepath.Join(dir, "one.xlsx")
	if _, err := transfer.ExportFile(ctx, first, x1, transfer.ExportOptions{Lang: "kk"}); err != nil {
		t.Fatal(err)
	}
	second := datatest.NewStore(t)
	st, err := transfer.ImportFile(ctx, second, x1, now)
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 6 {
		t.Fatalf("imported %d rows, want 6", st.Rows)
	}
	if err := second.SetMeta(ctx, data.MetaDemo, "1"); err != nil {
		t.Fatal(err)
	}
	x2 := filepath.Join(dir, "two.xlsx")
	if _, err := transfer.ExportFile(ctx, second, x2, transfer.ExportOptions{Lang: "kk"}); err != nil {
		t.Fatal(err)
	}
	b1, _ := os.ReadFile(x1)
	b2, _ := os.ReadFile(x2)
	if !bytes.Equal(b1, b2) {
		t.Fatal("the second XLSX export differs from the first")
	}
	var c bytes.Buffer
	if _, err := transfer.ExportCSV(ctx, second, &c); err != nil {
		t.Fatal(err)
	}
	if c.String() != fullCSV {
		t.Fatalf("history after the XLSX round trip:\n%s\nwant:\n%s", c.String(), fullCSV)
	}
}

// A sheet an analyst typed in Excel imports: Russian headers, counts
// stored as floats, dates as date cells or as text.
func TestImportTypedSheet(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"Чиновник", "Платформа", "Ник", "Время (UTC)", "Подписчики", "Просмотры"},
		{"Булат Бакауов", "instagram", "bakauov_b", "2026-11-01", 150000.0, nil},
		{"Булат Бакауов", "youtube", "UCbakauov", now.Add(-48 * time.Hour), 1.5e5, 2.5e6},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "typed.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := datatest.NewStore(t)
	if _, err := transfer.ImportFile(ctx, s, path, now); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := transfer.ExportCSV(ctx, s, &out); err != nil {
		t.Fatal(err)
	}
	want := "Булат Бакауов,instagram,bakauov_b,2026-11-01T00:00:00Z,150000,,,,,import,\n" +
		"Булат Бакауов,youtube,UCbakauov,2026-11-25T12:00:00Z,150000,,,,2500000,import,\n"
	if !strings.HasSuffix(out.String(), want) {
		t.Fatalf("imported:\n%s\nwant rows:\n%s", out.String(), want)
	}
}
