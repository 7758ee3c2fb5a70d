package seriescsv

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"akimwatch/data/growth"
)

// steadySeries is a daily series growing ~15 a day with a +19,705 day.
func steadySeries(jumpDay int) string {
	var b strings.Builder
	b.WriteString("time,followers\n")
	n := 40000
	start := time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range 60 {
		n += 12 + (i*7)%7 + i%3*2
		if i == jumpDay {
			n += 19705
		}
		fmt.Fprintf(&b, "%s,%d\n", start.AddDate(0, 0, i).Format("2006-01-02 15:04:05"), n)
	}
	return b.String()
}

func TestScan(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		sens     growth.Sensitivity
		wantRows int
		wantKind string
		wantErr  string
	}{
		{name: "bought jump", in: steadySeries(40), wantRows: 2, wantKind: "jump"},
		{name: "bought jump low", in: steadySeries(40), sens: growth.Low, wantRows: 2, wantKind: "jump"},
		{name: "organic", in: steadySeries(-1), wantRows: 1},
		{name: "bad line", in: "time,followers\n2024-01-01,1\n2024-01-02,x\n", wantErr: "line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			err := Scan(strings.NewReader(tt.in), &out, tt.sens)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rows := strings.Split(strings.TrimSpace(out.String()), "\n")
			if len(rows) != tt.wantRows || rows[0] != "time,kind,followers,change,score" {
				t.Fatalf("output:\n%s", out.String())
			}
			if tt.wantKind != "" {
				f := strings.Split(rows[1], ",")
				if f[0] != "2024-02-10T09:00:00Z" || f[1] != tt.wantKind || !strings.HasPrefix(f[3], "197") {
					t.Errorf("alert row = %q", rows[1])
				}
			}
		})
	}
}
