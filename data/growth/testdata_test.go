package growth

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/eval and testdata/alerts.txt")

// sampleAccounts are the evaluation accounts written out as CSV examples: the
// +19,705 case, a steady account with a bought jump, a YouTube channel and a
// stalled source.
var sampleAccounts = []int64{2, 1, 6, 57}

// TestEvalFiles checks that testdata/eval holds what the generator makes:
// labels.csv lists every labelled event, and account-N.csv are sample series
// for `akimwatch scan --csv`. Run with -update to rewrite them.
func TestEvalFiles(t *testing.T) {
	set := generateEval()
	files := map[string][]byte{"labels.csv": labelsCSV(set)}
	for _, id := range sampleAccounts {
		var b bytes.Buffer
		b.WriteString("time,followers\n")
		for _, p := range set.Accounts[id-1].Points {
			fmt.Fprintf(&b, "%s,%d\n", p.Time.Format(time.RFC3339), p.Followers)
		}
		files[fmt.Sprintf("account-%d.csv", id)] = b.Bytes()
	}
	for name, want := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "eval", name)
			if *update {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the generator's output; run go test -run TestEvalFiles -update", path)
			}
		})
	}
}

// TestAlertsPinned pins every alert and weak drop the detector raises on the
// evaluation set, at each sensitivity, in testdata/alerts.txt. A speed-up
// must leave the file unchanged; a deliberate change of behaviour shows up as
// a readable diff there (rewrite it with -update and recheck the evaluation).
func TestAlertsPinned(t *testing.T) {
	set := generateEval()
	var b bytes.Buffer
	b.WriteString("# sensitivity account time verdict kind change score\n")
	for _, s := range []Sensitivity{Low, Medium, High} {
		for _, a := range set.Accounts {
			alerts, weak := Scan(a.Points, Options{AccountID: a.ID, Platform: a.Platform, Params: s.Params()})
			for _, v := range []struct {
				name string
				as   []Alert
			}{{"alert", alerts}, {"weak", weak}} {
				for _, x := range v.as {
					fmt.Fprintf(&b, "%s %d %s %s %s %+d %.2f\n", s, x.AccountID, x.Time.Format(time.RFC3339), v.name, x.Kind, x.Change, x.Score)
				}
			}
		}
	}
	path := filepath.Join("testdata", "alerts.txt")
	if *update {
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Bytes(); !bytes.Equal(got, want) {
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := range min(len(gl), len(wl)) {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("%s line %d: detector now gives %q, file has %q (%d lines now, %d in the file); if the change is meant, run go test -run TestAlertsPinned -update",
					path, i+1, gl[i], wl[i], len(gl), len(wl))
			}
		}
		t.Fatalf("%s: detector now gives %d lines, file has %d", path, len(gl), len(wl))
	}
}

func labelsCSV(set evalSet) []byte {
	var b bytes.Buffer
	b.WriteString("account,platform,profile,kind,start,end,size\n")
	for _, p := range set.Purges {
		fmt.Fprintf(&b, "0,%s,,%s,%s,%s,\n", p.Platform, p.Kind, p.Start.Format(time.RFC3339), p.End.Format(time.RFC3339))
	}
	for _, a := range set.Accounts {
		for _, e := range a.Events {
			fmt.Fprintf(&b, "%d,%s,%s,%s,%s,%s,%.2f\n", a.ID, a.Platform, a.Profile, e.Kind,
				e.Start.Format(time.RFC3339), e.End.Format(time.RFC3339), e.Size)
		}
	}
	return b.Bytes()
}
