package transfer_test

import (
	"bytes"
	"context"
	"testing"

	"akimwatch/data"
	"akimwatch/data/datatest"
	"akimwatch/data/transfer"
)

// fullCSV has every column and every source and flag: the article's
// approximate lower bound, a demo reading, YouTube views, Threads likes.
const fullCSV = `official,platform,handle,time,followers,following,posts,likes,views,source,flags
Булат Бакауов,instagram,,2019-04-15T00:00:00Z,40000,,,,,article,approx_time+lower_bound
Булат Бакауов,instagram,,2026-11-01T00:00:00Z,150000,12,900,,,api,
Булат Бакауов,instagram,,2026-11-02T00:00:00Z,150420,12,903,,,page,
Булат Бакауов,youtube,UCbakauov,2026-11-02T06:30:00Z,8100,,214,,1250000,api,
Данат Жумин,threads,zhumin,2026-11-02T00:00:00Z,21000,40,12,5300,88000,manual,approx_count
Данат Жумин,tiktok,zhumin,2026-11-03T00:00:00Z,900,,31,12000,,import,demo
`

// Export → import into a new database → export gives the same bytes, with
// every reading's source and flags kept.
func TestExportImportExportKeepsProvenance(t *testing.T) {
	ctx := context.Background()
	first := datatest.NewStore(t)
	if _, err := transfer.ImportFile(ctx, first, writeFile(t, "full.csv", fullCSV), now); err != nil {
		t.Fatal(err)
	}
	var out1 bytes.Buffer
	if _, err := transfer.ExportCSV(ctx, first, &out1); err != nil {
		t.Fatal(err)
	}
	if out1.String() != fullCSV {
		t.Fatalf("first export:\n%s\nwant:\n%s", out1.String(), fullCSV)
	}
	second := datatest.NewStore(t)
	if _, err := transfer.ImportFile(ctx, second, writeFile(t, "out1.csv", out1.String()), now); err != nil {
		t.Fatal(err)
	}
	var out2 bytes.Buffer
	if _, err := transfer.ExportCSV(ctx, second, &out2); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out1.Bytes(), out2.Bytes()) {
		t.Fatalf("second export differs:\n%s\nfirst:\n%s", out2.String(), out1.String())
	}
	// The stored readings carry them too, not only the file.
	accs, _ := second.Accounts(ctx, data.AccountFilter{Platform: data.Instagram})
	series, _ := second.Series(ctx, accs[0].ID, now.AddDate(-20, 0, 0), now)
	if len(series) != 3 || series[0].Source != data.SourceArticle || series[0].Flags != data.FlagApproxTime|data.FlagLowerBound {
		t.Fatalf("baseline = %+v, want an article figure, approximate time, lower bound", series)
	}
}

func TestFlagsNames(t *testing.T) {
	tests := []struct {
		in   string
		want data.Flags
		bad  bool
	}{
		{"", 0, false},
		{"approx_time", data.FlagApproxTime, false},
		{"lower_bound+approx_count", data.FlagLowerBound | data.FlagApproxCount, false},
		{" Demo + approx_time ", data.FlagDemo | data.FlagApproxTime, false},
		{"rounded", 0, true},
		{"approx_time;demo", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := data.ParseFlags(tt.in)
			if (err != nil) != tt.bad || got != tt.want {
				t.Fatalf("ParseFlags(%q) = %v, %v", tt.in, got, err)
			}
			if !tt.bad {
				if back, _ := data.ParseFlags(got.String()); back != got {
					t.Fatalf("%v does not survive String: %q", got, got.String())
				}
			}
		})
	}
}

// An import that names a handle for an official's only handle-less account
// on the platform (the article's baseline) fills that account in rather
// than starting a second series.
func TestImportFillsInHandlelessAccount(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "Булат Бакауов")
	seeded := datatest.Account(t, s, o, data.Instagram, "")
	st, err := transfer.ImportFile(ctx, s, writeFile(t, "h.csv", goodCSV), now)
	if err != nil {
		t.Fatal(err)
	}
	if st.AccountsFilled != 1 || st.AccountsCreated != 2 {
		t.Fatalf("stats = %+v, want 1 filled in and 2 new (telegram, Жумин's facebook)", st)
	}
	a, err := s.Account(ctx, seeded.ID)
	if err != nil || a.Handle != "bakauov_b" {
		t.Fatalf("seeded account = %+v, %v", a, err)
	}
	if n, _ := s.SnapshotCount(ctx, seeded.ID); n != 2 {
		t.Fatalf("seeded account has %d readings, want the 2 imported", n)
	}
}
