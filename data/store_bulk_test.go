package data_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

// sliceRows is a RowSource over a slice.
type sliceRows struct {
	rows []data.ImportRow
	i    int
}

func (s *sliceRows) Next() bool          { s.i++; return s.i <= len(s.rows) }
func (s *sliceRows) Row() data.ImportRow { return s.rows[s.i-1] }
func (s *sliceRows) Err() error          { return nil }

// importRows makes n daily rows for two accounts (alternating runs of 100),
// with the optional counters set on every row when full is true.
func importRows(n int, full bool) []data.ImportRow {
	out := make([]data.ImportRow, n)
	for i := range out {
		acc := (i / 100) % 2
		sn := data.Snapshot{Time: t0.AddDate(0, 0, i), Followers: int64(1000 + i), Source: data.SourceImport}
		if full {
			sn.Following, sn.Posts = data.Int64(int64(i)), data.Int64(int64(2*i))
		}
		out[i] = data.ImportRow{Line: i + 2, Official: []string{"Аким Один", "Аким Два"}[acc], Platform: data.Instagram,
			Handle: []string{"one", "two"}[acc], Snapshot: sn}
	}
	return out
}

func TestImportBatches(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		n       int
		full    bool
		badLine int // a row whose followers break the CHECK constraint; 0 for none
	}{
		{"less than one batch", 10, false, 0},
		{"several batches and a tail", 1000, false, 0},
		{"optional counters kept", 700, true, 0},
		{"bad row inside a full batch names its line", 1000, false, 302},
		{"bad row in the tail names its line", 1000, false, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := datatest.NewStore(t)
			rows := importRows(tt.n, tt.full)
			if tt.badLine > 0 {
				rows[tt.badLine-2].Snapshot.Followers = -1
			}
			st, err := s.Import(ctx, &sliceRows{rows: rows}, "test")
			count, cerr := s.SnapshotCount(ctx, 0)
			if cerr != nil {
				t.Fatal(cerr)
			}
			if tt.badLine > 0 {
				if err == nil || !strings.Contains(err.Error(), "line "+strconv.Itoa(tt.badLine)+":") {
					t.Fatalf("err = %v, want it to name line %d", err, tt.badLine)
				}
				if count != 0 {
					t.Fatalf("%d rows kept after a failed import, want 0", count)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.Rows != tt.n || count != int64(tt.n) || st.AccountsCreated != min(2, (tt.n+99)/100) {
				t.Fatalf("stats %+v, %d stored; want %d rows", st, count, tt.n)
			}
			// Every row landed on its account with its counters.
			accs, err := s.Accounts(ctx, data.AccountFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var got int
			for _, a := range accs {
				series, err := s.Series(ctx, a.ID, time.Time{}, time.Time{})
				if err != nil {
					t.Fatal(err)
				}
				for _, sn := range series {
					i := int(sn.Followers - 1000)
					wantHandle := []string{"one", "two"}[(i/100)%2]
					if a.Handle != wantHandle || !sn.Time.Equal(t0.AddDate(0, 0, i)) ||
						(tt.full && (sn.Posts == nil || *sn.Posts != int64(2*i))) || (!tt.full && sn.Posts != nil) {
						t.Fatalf("row %d stored on %q as %+v", i, a.Handle, sn)
					}
					got++
				}
			}
			if got != tt.n {
				t.Fatalf("read back %d rows, want %d", got, tt.n)
			}
		})
	}
}
