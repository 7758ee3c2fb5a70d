package seriescsv

import (
	"errors"
	"strings"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/growth"
)

func TestRead(t *testing.T) {
	pt := func(s string, n int64) growth.Point {
		tt, _ := time.Parse(time.RFC3339, s)
		return growth.Point{Time: tt.UTC(), Followers: n}
	}
	tests := []struct {
		name    string
		in      string
		want    []growth.Point
		wantErr string
	}{
		{name: "header and three layouts", in: "time,followers\n2024-01-01,10\n2024-01-02 12:00:00,12\n2024-01-03T05:00:00+05:00,15\n",
			want: []growth.Point{pt("2024-01-01T00:00:00Z", 10), pt("2024-01-02T12:00:00Z", 12), pt("2024-01-03T00:00:00Z", 15)}},
		{name: "no header, blank line, spaces", in: "2024-01-01, 10\n\n 2024-01-02 , 11\n",
			want: []growth.Point{pt("2024-01-01T00:00:00Z", 10), pt("2024-01-02T00:00:00Z", 11)}},
		{name: "unsorted and duplicate keep last", in: "2024-01-03,30\n2024-01-01,10\n2024-01-03,31\n",
			want: []growth.Point{pt("2024-01-01T00:00:00Z", 10), pt("2024-01-03T00:00:00Z", 31)}},
		{name: "empty", in: "", want: []growth.Point{}},
		{name: "byte-order mark and header", in: "\ufefftime,followers\n2024-01-01,10\n", want: []growth.Point{pt("2024-01-01T00:00:00Z", 10)}},
		{name: "byte-order mark, no header", in: "\ufeff2024-01-01,10\n", want: []growth.Point{pt("2024-01-01T00:00:00Z", 10)}},
		{name: "first data row in another format is not a header", in: "01.11.2026,12 345\n2024-01-02,11\n", wantErr: "line 1: bad time \"01.11.2026\""},
		{name: "first row of unix times is not a header", in: "1700000000,x\n2024-01-02,11\n", wantErr: "line 1: bad time"},
		{name: "bad time names line", in: "time,followers\n2024-01-01,1\nyesterday,2\n", wantErr: "line 3: bad time \"yesterday\""},
		{name: "bad count", in: "2024-01-01,many\n", wantErr: "line 1: followers \"many\""},
		{name: "negative", in: "2024-01-01,5\n2024-01-02,-5\n", wantErr: "line 2: followers -5 is negative"},
		{name: "three fields", in: "2024-01-01,5,6\n", wantErr: "line 1: want 2 fields"},
		{name: "header not first", in: "2024-01-01,5\ntime,followers\n", wantErr: "line 2:"},
		{name: "bad quoting", in: "2024-01-01,5\n\"2024,5\n", wantErr: "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, data.ErrInvalid) {
					t.Fatalf("err = %v, want it to contain %q and wrap ErrInvalid", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if !got[i].Time.Equal(tt.want[i].Time) || got[i].Followers != tt.want[i].Followers {
					t.Errorf("point %d = %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{"time,followers\n2024-01-01,10\n", "2024-01-01 10:00:00,5\n2024-01-01T00:00:00Z,3\n", "a,b,c\n", "\"x\n", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		pts, err := Read(strings.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error does not name the line: %v", err)
			}
			return
		}
		for i := 1; i < len(pts); i++ {
			if !pts[i].Time.After(pts[i-1].Time) {
				t.Fatalf("points not strictly increasing at %d", i)
			}
		}
		if err := Scan(strings.NewReader(in), &strings.Builder{}, growth.Medium); err != nil {
			t.Fatalf("scan failed on input that reads: %v", err)
		}
	})
}
