package cli_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akimwatch/app/cli"
	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// TestRefreshEndToEnd points every platform at a local stand-in through
// AKIMWATCH_API_*, runs "akimwatch refresh" over a watchlist with every
// platform, and checks "akimwatch export" shows the served numbers while the
// failed accounts got no new snapshot.
func TestRefreshEndToEnd(t *testing.T) {
	world := sourcetest.New(t)
	env := world.Env()
	db := filepath.Join(t.TempDir(), "e2e.db")
	runEnv := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := cli.Run(context.Background(), append([]string{"--db", db}, args...), cli.Env{
			Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(""),
			Getenv:  func(k string) string { return env[k] },
			Now:     func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) },
			Keyring: func(string, string) (string, error) { return "", errors.New("no keyring in tests") },
		})
		return code, out.String(), errOut.String()
	}
	served := map[data.Platform]int64{
		data.Telegram: 12345, data.YouTube: 45600, data.X: 3210, data.Facebook: 40500,
		data.Instagram: 70100, data.VK: 999, data.Threads: 1500, data.TikTok: 8800,
	}
	handles := map[data.Platform]string{
		data.Telegram: "akimat_tg", data.YouTube: "UCaaaaaaaaaaaaaaaaaaaaaa", data.X: "akim_x", data.Facebook: "akimfb",
		data.Instagram: "akim_ig", data.VK: "akim_vk", data.Threads: "akim_threads", data.TikTok: "akim_tiktok",
	}
	if code, _, e := runEnv("officials", "add", "--name", "Тест Акимов", "--position", "akim", "--region", "pavlodar"); code != 0 {
		t.Fatal(e)
	}
	for p, h := range handles {
		world.Set(p, h, served[p])
		if code, _, e := runEnv("accounts", "add", "--official", "Акимов", "--platform", string(p), "--handle", h); code != 0 {
			t.Fatal(e)
		}
	}
	// One X account the platform does not know: it fails and gets no snapshot.
	if code, _, e := runEnv("accounts", "add", "--official", "Акимов", "--platform", "x", "--handle", "gone_account"); code != 0 {
		t.Fatal(e)
	}
	code, out, errOut := runEnv("refresh")
	if code != 0 {
		t.Fatalf("refresh exit %d: %s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "8 fetched") || !strings.Contains(out, "1 failed") || !strings.Contains(out, "gone_account") {
		t.Fatalf("summary:\n%s", out)
	}
	if world.Calls(data.X) != 1 {
		t.Fatalf("X answered %d calls for 2 accounts, want 1 batched call", world.Calls(data.X))
	}
	if !strings.Contains(out, "failed by reason: not_found: 1") || strings.Contains(out, "inactive") {
		t.Fatalf("summary does not say why, or deactivated:\n%s", out)
	}
	// The failed account stays watched and is listed with its reason.
	code, out, errOut = runEnv("accounts", "list", "--failing")
	if code != 0 || !strings.Contains(out, "gone_account") || !strings.Contains(out, "not_found") ||
		!strings.Contains(out, "2026-11-27") || !strings.Contains(out, "check the handle") || strings.Contains(out, "akim_x ") {
		t.Fatalf("accounts list --failing (exit %d):\n%s\n%s", code, out, errOut)
	}
	if _, out, _ = runEnv("accounts", "list", "--platform", "x"); !strings.Contains(out, "gone_account") || !strings.Contains(out, "true") {
		t.Fatalf("failed account not active:\n%s", out)
	}
	if _, out, _ = runEnv("accounts", "list", "--platform", "x", "--json"); !strings.Contains(out, `"fail_kind": "not_found"`) || !strings.Contains(out, `"metric": "followers"`) {
		t.Fatalf("accounts list --json lacks the health or metric:\n%s", out)
	}
	exp := filepath.Join(t.TempDir(), "out.csv")
	if code, _, e := runEnv("export", "--out", exp); code != 0 {
		t.Fatal(e)
	}
	f, err := os.Open(exp)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		if r[0] == "Тест Акимов" {
			got[r[1]+"/"+r[2]] = r[4]
		}
	}
	for p, h := range handles {
		if want := served[p]; got[string(p)+"/"+h] != itoa(want) {
			t.Errorf("%s: exported %q, want %d", p, got[string(p)+"/"+h], want)
		}
	}
	if _, ok := got["x/gone_account"]; ok {
		t.Error("the failed account has a snapshot")
	}
	if len(got) != len(handles) {
		t.Errorf("exported %d rows for the official, want %d", len(got), len(handles))
	}
}
