package cli_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akimwatch/app/cli"
	"akimwatch/data"
	"akimwatch/data/source"
)

// TestRefreshPlanFetchesNothing: "akimwatch refresh --plan" over 9,000
// accounts on the 8 platforms prints every platform's figures and the
// schedules they keep, and sends no request (every API points at a server
// that fails the test if called).
func TestRefreshPlanFetchesNothing(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("refresh --plan called %s", r.URL)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "plan.db")
	ctx := context.Background()
	s, err := cli.OpenStore(ctx, db, "test")
	if err != nil {
		t.Fatal(err)
	}
	off, err := s.CreateOfficial(ctx, data.Official{Name: "Plan Akim"})
	if err != nil {
		t.Fatal(err)
	}
	before, _ := s.Accounts(ctx, data.AccountFilter{ActiveOnly: true})
	for _, p := range data.Platforms {
		for i := range 1125 {
			h := fmt.Sprintf("plan_akim%d", i)
			if p == data.YouTube {
				h = fmt.Sprintf("UC%022d", i)
			}
			if _, err := s.CreateAccount(ctx, data.Account{OfficialID: off.ID, Platform: p, Handle: h, Active: true}); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.Close()
	env := map[string]string{}
	for _, p := range data.Platforms {
		env[source.BaseURLEnv(p)] = srv.URL
		env[source.TokenEnv(p)] = "tok-plan-1"
	}
	var out, errOut bytes.Buffer
	code := cli.Run(ctx, []string{"--db", db, "refresh", "--plan"}, cli.Env{
		Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(""),
		Getenv:  func(k string) string { return env[k] },
		Now:     func() time.Time { return time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC) },
		Keyring: func(string, string) (string, error) { return "", errors.New("no keyring in tests") },
	})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	got := out.String()
	total := 9000
	for _, a := range before {
		if a.Handle != "" {
			total++ // seeded accounts with a handle are planned too
		}
	}
	for _, want := range []string{
		"instagram", "tiktok", "telegram", fmt.Sprintf("%-10s %8d", "total", total),
		"schedule every 1 h: not kept", "Instagram:", "schedule every 24 h: not kept", "TikTok:",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("plan lacks %q:\n%s", want, got)
		}
	}
}
