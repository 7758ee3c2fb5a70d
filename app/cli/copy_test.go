package cli_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akimwatch/app/cli"
	"akimwatch/data"
	"akimwatch/data/fixture"
	"akimwatch/data/pgstore/pgtest"
)

// copyRun runs akimwatch with args and no --db of its own.
func copyRun(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := cli.Run(context.Background(), args, cli.Env{
		Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(""),
		Getenv:  func(string) string { return "" },
		Keyring: func(string, string) (string, error) { return "", errors.New("no keyring in tests") },
	})
	return code, out.String(), errOut.String()
}

// copySource makes an SQLite file with a generated watchlist (DEMO), its
// readings, alerts from a scan and one acknowledged alert.
func copySource(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "src.db")
	s, err := data.Open(ctx, src, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := fixture.Config{Seed: 17, Officials: 30, AccountsPerOfficial: 3, Days: 90, End: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC), Spikes: 3}
	if _, err := fixture.Fill(ctx, s, c); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if code, out, e := copyRun("--db", src, "scan"); code != 0 {
		t.Fatalf("scan: %s %s", out, e)
	}
	s, err = data.Open(ctx, src, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	alerts, err := s.Alerts(ctx, data.AlertFilter{})
	if err != nil || len(alerts) == 0 {
		t.Fatalf("the source has %d alerts (%v): the copy of alerts would prove nothing", len(alerts), err)
	}
	if err := s.AcknowledgeAlert(ctx, alerts[0].ID, true); err != nil {
		t.Fatal(err)
	}
	return src
}

func exportOf(t *testing.T, db string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "x.csv")
	if code, o, e := copyRun("--db", db, "export", "--out", out); code != 0 {
		t.Fatalf("export %s: %s %s", db, o, e)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCopyRoundTrip copies a file to another store and back, and checks
// that "export --out x.csv" gives the same bytes, and that the alerts, their
// acknowledgements and the DEMO mark came along.
func TestCopyRoundTrip(t *testing.T) {
	src := copySource(t)
	want := exportOf(t, src)
	if bytes.Count(want, []byte("\n")) < 1000 {
		t.Fatalf("the export has %d lines: too few to prove anything", bytes.Count(want, []byte("\n")))
	}
	targets := []struct {
		name string
		mid  func(t *testing.T) string
	}{
		{"file to file to file", func(t *testing.T) string { return filepath.Join(t.TempDir(), "mid.db") }},
		{"file to PostgreSQL to file", func(t *testing.T) string { return pgtest.DSN(t) }},
	}
	for _, tc := range targets {
		t.Run(tc.name, func(t *testing.T) {
			mid := tc.mid(t)
			back := filepath.Join(t.TempDir(), "back.db")
			code, out, e := copyRun("copy", "--from", src, "--to", mid)
			if code != 0 || !strings.Contains(out, "30 officials, 90 accounts") {
				t.Fatalf("copy to %s: exit %d\n%s\n%s", mid, code, out, e)
			}
			if code, out, e := copyRun("copy", "--from", mid, "--to", back); code != 0 {
				t.Fatalf("copy back: exit %d\n%s\n%s", code, out, e)
			}
			if got := exportOf(t, back); !bytes.Equal(got, want) {
				t.Errorf("export after the round trip differs: %d bytes, want %d", len(got), len(want))
			}
			if got := exportOf(t, mid); !bytes.Equal(got, want) {
				t.Errorf("export of the middle store differs: %d bytes, want %d", len(got), len(want))
			}
			ctx := context.Background()
			a, b := openRO(t, src), openRO(t, back)
			wa, _ := a.Alerts(ctx, data.AlertFilter{})
			wb, _ := b.Alerts(ctx, data.AlertFilter{})
			if len(wa) != len(wb) || len(wb) == 0 || !anyAcked(wb) {
				t.Errorf("alerts: %d copied back of %d, acknowledged kept: %v", len(wb), len(wa), anyAcked(wb))
			}
			if demo, _ := b.IsDemo(ctx); !demo {
				t.Error("the DEMO mark was lost")
			}
			// A second copy into the same target is refused without --merge
			// and changes nothing with it (the same readings).
			code, _, e = copyRun("copy", "--from", src, "--to", mid)
			if code == 0 || !strings.Contains(e, "not empty") || !strings.Contains(e, "--merge") {
				t.Errorf("a copy into a non-empty target: exit %d, %s", code, e)
			}
			code, out, e = copyRun("copy", "--from", src, "--to", mid, "--merge")
			if code != 0 || !strings.Contains(out, "(30 officials and 90 accounts were there already)") {
				t.Errorf("merge: exit %d\n%s\n%s", code, out, e)
			}
			if got := exportOf(t, mid); !bytes.Equal(got, want) {
				t.Errorf("export after merging the same data differs: %d bytes, want %d", len(got), len(want))
			}
		})
	}
}

func anyAcked(as []data.Alert) bool {
	for _, a := range as {
		if a.Acknowledged {
			return true
		}
	}
	return false
}

func openRO(t *testing.T, db string) data.Store {
	t.Helper()
	s, err := data.Open(context.Background(), db, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
