package transfer_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"akimwatch/data"
	"akimwatch/data/datatest"
	"akimwatch/data/transfer"
)

// excelCSV is a history file as a Russian analyst types it in Excel.
const excelCSV = "official,platform,handle,time,followers\nБулат Бакауов,instagram,bakauov_b,2026-11-01,150000\nБулат Бакауов,instagram,bakauov_b,2026-11-02,150420\n"

func encode(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeBytes(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every way Excel saves "CSV" imports into the same official, spelled in
// UTF-8 in the database, with no garbled duplicate.
func TestImportReadsWhatExcelWrites(t *testing.T) {
	semi := strings.ReplaceAll(excelCSV, ",", ";")
	tab := strings.ReplaceAll(excelCSV, ",", "\t")
	tests := []struct {
		name string
		file []byte
	}{
		{"utf-8", []byte(excelCSV)},
		{"utf-8 with BOM", append([]byte("\xEF\xBB\xBF"), excelCSV...)},
		{"utf-8 CRLF", []byte(strings.ReplaceAll(excelCSV, "\n", "\r\n"))},
		{"utf-8 CR only", []byte(strings.ReplaceAll(excelCSV, "\n", "\r"))},
		{"windows-1251", encode(t, charmap.Windows1251, excelCSV)},
		{"windows-1251 semicolons CRLF", encode(t, charmap.Windows1251, strings.ReplaceAll(semi, "\n", "\r\n"))},
		{"utf-16 LE with BOM, tabs", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), strings.ReplaceAll(tab, "\n", "\r\n"))},
		{"utf-16 BE with BOM", encode(t, unicode.UTF16(unicode.BigEndian, unicode.UseBOM), excelCSV)},
		{"utf-16 LE without BOM", encode(t, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), semi)},
		{"semicolons, quoted header", []byte(`"official";"platform";"handle";"time";"followers"` + "\n" + strings.SplitN(semi, "\n", 2)[1])},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := datatest.NewStore(t)
			existing := datatest.Official(t, s, "Булат Бакауов")
			st, err := transfer.ImportFile(ctx, s, writeBytes(t, "excel.csv", tt.file), now)
			if err != nil {
				t.Fatal(err)
			}
			offs, _ := s.Officials(ctx)
			if st.Rows != 2 || st.OfficialsCreated != 0 || len(offs) != 1 || offs[0].ID != existing.ID {
				t.Fatalf("stats %+v, officials %+v: want 2 rows for the existing official", st, offs)
			}
			accs, _ := s.Accounts(ctx, data.AccountFilter{})
			if len(accs) != 1 || accs[0].Handle != "bakauov_b" {
				t.Fatalf("accounts = %+v", accs)
			}
		})
	}
}

// A file that cannot be read is refused with the encoding or separator
// found and what to do; nothing invalid is stored.
func TestImportRefusesUnreadableText(t *testing.T) {
	cp := encode(t, charmap.Windows1251, "Булат Бакауов")
	tests := []struct {
		name string
		file []byte
		want []string
	}{
		{"utf-8 file with a windows-1251 name further down",
			append([]byte(excelCSV+strings.Repeat("Булат Бакауов,instagram,bakauov_b,2026-11-03,150500\n", 1500)), append(cp, ",instagram,bakauov_b,2026-11-04,150600\n"...)...),
			[]string{"line 1504", "official is not valid UTF-8 text", "CSV UTF-8"}},
		{"not text at all", append([]byte{0x89, 'P', 'N', 'G', 0x80, 0x81, 0x82, 0x90, 0x91}, excelCSV...), []string{"not UTF-8, UTF-16 or Windows-1251", "CSV UTF-8"}},
		{"pipes", []byte(strings.ReplaceAll(excelCSV, ",", "|")), []string{"line 1", "unknown column", "separated by commas", "the columns are official,platform,handle,time,followers"}},
		{"semicolons with an unknown column", []byte("official;platform;handle;time;followers;mood\n"), []string{`unknown column "mood"`, "separated by semicolons"}},
		{"windows-1251 header with unknown names", encode(t, charmap.Windows1251, "фио;соцсеть;ник;дата;подписчики\n"), []string{"Windows-1251", "semicolons", `unknown column "фио"`}},
		{"russian labels need the (UTC) time", []byte("Чиновник;Платформа;Ник;Время;Подписчики\n"), []string{`unknown column "Время"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := datatest.NewStore(t)
			_, err := transfer.ImportFile(ctx, s, writeBytes(t, "bad.csv", tt.file), now)
			if err == nil {
				t.Fatal("want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Fatalf("error %q does not say %q", err, w)
				}
			}
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("the error itself is not valid UTF-8: %q", err)
			}
			if n, _ := s.SnapshotCount(ctx, 0); n != 0 {
				t.Fatalf("%d readings kept", n)
			}
		})
	}
}

// Readings that cannot be real are refused with their line; a huge field is
// not echoed whole.
func TestImportRefusesImplausibleReadings(t *testing.T) {
	header := "official,platform,handle,time,followers\n"
	good := "A,x,a,2026-11-01,10\n"
	tests := []struct {
		name, row, want string
	}{
		{"year 2099", "A,x,a,2099-01-01,10\n", "line 3: time 2099-01-01T00:00:00Z is in the future"},
		{"9999-12-31", "A,x,a,9999-12-31,10\n", "line 3: time 9999-12-31T00:00:00Z is in the future"},
		{"two days ahead", "A,x,a,2026-11-29T12:00:01Z,10\n", "is in the future"},
		{"year 1", "A,x,a,0001-01-01,10\n", "line 3: time 0001-01-01T00:00:00Z is before 2000-01-01"},
		{"1999", "A,x,a,1999-12-31,10\n", "before 2000-01-01"},
		{"int64 max followers", "A,x,a,2026-11-02,9223372036854775807\n", "line 3: followers 9223372036854775807 is above 10000000000"},
		{"ten billion and one", "A,x,a,2026-11-02,10000000001\n", "above 10000000000"},
		{"10 MB platform", "A," + strings.Repeat("y", 10<<20) + ",a,2026-11-02,10\n", "line 3: unknown platform"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := datatest.NewStore(t)
			_, err := transfer.ImportFile(ctx, s, writeFile(t, "bad.csv", header+good+tt.row), now)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v does not say %q", err, tt.want)
			}
			if len(err.Error()) > 2000 {
				t.Fatalf("error is %d bytes long; a bad field must not be echoed whole", len(err.Error()))
			}
			if n, _ := s.SnapshotCount(ctx, 0); n != 0 {
				t.Fatalf("%d readings kept", n)
			}
		})
	}
	// A day ahead is a clock or time zone difference: accepted.
	s := datatest.NewStore(t)
	if _, err := transfer.ImportFile(context.Background(), s, writeFile(t, "ok.csv", header+"A,x,a,2026-11-28T11:00:00Z,10\n"), now); err != nil {
		t.Fatalf("a reading 23 h ahead: %v", err)
	}
	// Views above the ceiling too.
	_, err := transfer.ImportFile(context.Background(), s, writeFile(t, "v.csv", "official,platform,handle,time,followers,views\nA,x,a,2026-11-02,10,99999999999\n"), now)
	if err == nil || !strings.Contains(err.Error(), "views 99999999999 is above") {
		t.Fatalf("views above the ceiling: %v", err)
	}
}

// However an import fails, no line of its message echoes a huge field whole.
func TestImportErrorsNeverEchoAHugeField(t *testing.T) {
	huge := strings.Repeat("я", 5<<20) // 10 MB
	header := "official,platform,handle,time,followers\n"
	tests := []struct{ name, file, want string }{
		{"handle of another official", header + "A,x," + huge + ",2026-11-01,1\nB,x," + huge + ",2026-11-02,1\n", "already belongs"},
		{"huge time", header + "A,x,a," + huge + ",1\n", "bad time"},
		{"huge header", "official,platform,handle,time,followers," + huge + "\n", "unknown column"},
		{"huge source", "official,platform,handle,time,followers,source\nA,x,a,2026-11-01,1," + huge + "\n", "unknown source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := datatest.NewStore(t)
			_, err := transfer.ImportFile(context.Background(), s, writeFile(t, "huge.csv", tt.file), now)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error does not say %q: %.300v", tt.want, err)
			}
			for _, l := range strings.Split(err.Error(), "\n") {
				if len(l) > 600 {
					t.Fatalf("a line of the error is %d bytes long", len(l))
				}
			}
		})
	}
}
