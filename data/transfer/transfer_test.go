package transfer_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"akimwatch/data"
	"akimwatch/data/datatest"
	"akimwatch/data/transfer"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

const goodCSV = `official,platform,handle,time,followers,following,posts
Булат Бакауов,instagram,bakauov_b,2026-11-01T00:00:00Z,150000,12,900
Булат Бакауов,instagram,bakauov_b,2026-11-02T00:00:00Z,150420,12,903
Булат Бакауов,telegram,bakauov,2026-11-02T06:30:00Z,8100,,
Данат Жумин,facebook,,2026-11-02T00:00:00Z,21000,,
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// goodCSVExported is goodCSV as an export writes it: every column, and the
// rows' source (import) kept.
const goodCSVExported = `official,platform,handle,time,followers,following,posts,likes,views,source,flags
Булат Бакауов,instagram,bakauov_b,2026-11-01T00:00:00Z,150000,12,900,,,import,
Булат Бакауов,instagram,bakauov_b,2026-11-02T00:00:00Z,150420,12,903,,,import,
Булат Бакауов,telegram,bakauov,2026-11-02T06:30:00Z,8100,,,,,import,
Данат Жумин,facebook,,2026-11-02T00:00:00Z,21000,,,,,import,
`

func TestImportExportRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	// An older file, without likes, views, source and flags, still imports.
	st, err := transfer.ImportFile(ctx, s, writeFile(t, "in.csv", goodCSV), now)
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 4 || st.OfficialsCreated != 2 || st.AccountsCreated != 3 {
		t.Fatalf("stats = %+v", st)
	}
	var out bytes.Buffer
	if _, err := transfer.ExportCSV(ctx, s, &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != goodCSVExported {
		t.Fatalf("export differs from import:\n%s\nwant:\n%s", got, goodCSVExported)
	}
	// Importing the export again changes nothing: snapshots are idempotent.
	if _, err := transfer.ImportFile(ctx, s, writeFile(t, "again.csv", out.String()), now); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.SnapshotCount(ctx, 0); n != 4 {
		t.Fatalf("snapshots after re-import = %d, want 4", n)
	}
}

func TestImportBadCSVChangesNothing(t *testing.T) {
	header := "official,platform,handle,time,followers\n"
	good := "A,x,a,2026-01-01,10\n"
	tests := []struct {
		name, csv, want string
	}{
		{"bad time", header + good + "A,x,a,yesterday,10\n", "line 3: bad time"},
		{"negative count", header + good + "A,x,a,2026-01-02,-5\n", "line 3: followers -5 is negative"},
		{"not a number", header + good + "A,x,a,2026-01-02,lots\n", "line 3: followers \"lots\" is not a whole number"},
		{"unknown platform", header + good + "A,myspace,a,2026-01-02,5\n", "line 3: unknown platform \"myspace\""},
		{"missing column", header + good + "A,x,a,2026-01-02\n", "line 3: missing column \"followers\""},
		{"header without followers", "official,platform,handle,time\n" + good, "missing column \"followers\""},
		{"unknown header", "official,platform,handle,time,followers,mood\n", "unknown column \"mood\""},
		{"empty file", "", "the file is empty"},
		{"two bad lines", header + "A,x,a,nope,1\n" + good + "A,x,a,2026-01-03,-1\n", "line 4: followers -1 is negative"},
		{"handle of another official", header + good + "B,x,a,2026-01-02,5\n", "line 3: x handle \"a\" already belongs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := datatest.NewStore(t)
			_, err := transfer.ImportFile(ctx, s, writeFile(t, "bad.csv", tt.csv), now)
			if err == nil {
				t.Fatal("want an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not say %q", err, tt.want)
			}
			n, _ := s.SnapshotCount(ctx, 0)
			offs, _ := s.Officials(ctx)
			if n != 0 || len(offs) != 0 {
				t.Fatalf("bad import kept %d snapshots and %d officials", n, len(offs))
			}
		})
	}
}

func TestExportRefusesUnknownType(t *testing.T) {
	s := datatest.NewStore(t)
	_, err := transfer.ExportFile(context.Background(), s, filepath.Join(t.TempDir(), "h.json"), transfer.ExportOptions{})
	if !errors.Is(err, data.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
}

func FuzzCSVReader(f *testing.F) {
	f.Add(goodCSV)
	f.Add("official,platform,handle,time,followers\nA,x,a,2026-01-01,1\n")
	f.Add("official,platform,handle,time,followers\n\"A,x\n")
	f.Add("official;platform;handle;time;followers;likes;views;source;flags\r\nA;x;a;2026-01-01;1;2;3;api;demo\r")
	f.Add("\xff\xfeo\x00f\x00f\x00i\x00c\x00i\x00a\x00l\x00\n\x00")
	f.Add("official,platform,handle,time,followers\n\xc1\xf3\xeb\xe0\xf2,x,a,2026-01-01,1\n")
	f.Fuzz(func(t *testing.T, in string) {
		r, err := transfer.NewCSVReader(strings.NewReader(in), data.SourceImport)
		if err != nil {
			return
		}
		for r.Next() {
			row := r.Row()
			if row.Snapshot.Followers < 0 || row.Snapshot.Followers > data.MaxCount || !row.Platform.Valid() ||
				!utf8.ValidString(row.Official) || !utf8.ValidString(row.Handle) {
				t.Fatalf("reader yielded an invalid row: %+v", row)
			}
		}
		_ = r.Err()
	})
}
