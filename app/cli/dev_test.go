package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"akimwatch/data"
)

func TestDevGen(t *testing.T) {
	dir := t.TempDir()
	small := []string{"--officials", "4", "--days", "20", "--spikes", "1"}
	db := filepath.Join(dir, "demo.db")
	tests := []struct {
		name     string
		args     []string
		code     int
		out, err string
	}{
		{"csv", append([]string{"dev", "gen", "--csv", filepath.Join(dir, "h.csv")}, small...), 0, "wrote 240 synthetic rows", ""},
		{"csv refuses to overwrite", append([]string{"dev", "gen", "--csv", filepath.Join(dir, "h.csv")}, small...), 1, "", "exists"},
		{"new database", append([]string{"--db", db, "dev", "gen"}, small...), 0, "filled", ""},
		{"existing database is refused", append([]string{"--db", db, "dev", "gen"}, small...), 1, "", "already exists"},
		{"bad size", []string{"dev", "gen", "--csv", filepath.Join(dir, "x.csv"), "--officials", "0"}, 2, "", "officials"},
		{"bad end", []string{"dev", "gen", "--csv", filepath.Join(dir, "x.csv"), "--end", "soon"}, 2, "", "--end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.out) || !strings.Contains(stderr, tt.err) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want %d, %q, %q", code, stdout, stderr, tt.code, tt.out, tt.err)
			}
		})
	}
	s, err := data.Open(context.Background(), db, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if demo, err := s.IsDemo(context.Background()); err != nil || !demo {
		t.Fatalf("generated database demo = %v (%v), want true", demo, err)
	}
	if n, err := s.SnapshotCount(context.Background(), 0); err != nil || n != 240 {
		t.Fatalf("%d snapshots (%v), want 240", n, err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "h.csv")); err != nil || !strings.HasPrefix(string(b), "official,platform,handle,time,followers") {
		t.Fatalf("csv starts %.60q (%v)", b, err)
	}
	if _, stdout, _ := run(t, nil, "--help"); strings.Contains(stdout, "dev gen") {
		t.Fatalf("--help lists the hidden dev gen command:\n%s", stdout)
	}
}
