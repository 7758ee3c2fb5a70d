package cli_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akimwatch/app/cli"
	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// TestRefreshExitCode runs "akimwatch refresh" (and "refresh --strict")
// against the stand-ins in the situations a scheduled task must tell
// apart, and checks the exit code each gives.
func TestRefreshExitCode(t *testing.T) {
	type acct struct {
		p      data.Platform
		handle string
		known  bool // the stand-in serves it
	}
	good := []acct{{data.Telegram, "akimat_tg", true}, {data.YouTube, "UCaaaaaaaaaaaaaaaaaaaaaa", true}, {data.X, "akim_x", true}}
	tests := []struct {
		name             string
		accounts         []acct
		env              map[string]string // changes to the stand-ins' environment ("" unsets)
		want, wantStrict int
	}{
		{"all fetched", good, nil, 0, 0},
		{"one account of four failed", append(append([]acct(nil), good...), acct{data.X, "gone_account", false}), nil, 0, 1},
		{"a token rejected", good, map[string]string{"AKIMWATCH_TOKEN_X": "wrong-token-1234"}, 1, 1},
		{"every account failed", []acct{{data.X, "gone_one", false}, {data.YouTube, "UCbbbbbbbbbbbbbbbbbbbbbb", false}}, nil, 1, 1},
		{"a platform without a token", good, map[string]string{"AKIMWATCH_TOKEN_YOUTUBE": ""}, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			world := sourcetest.New(t)
			env := world.Env()
			for k, v := range tc.env {
				if v == "" {
					delete(env, k)
				} else {
					env[k] = v
				}
			}
			// Each mode on a new database: a failed "not found" account is
			// marked inactive and not asked for again.
			for _, mode := range []struct {
				flags []string
				want  int
			}{{nil, tc.want}, {[]string{"--strict"}, tc.wantStrict}} {
				db := filepath.Join(t.TempDir(), "exit.db")
				var out bytes.Buffer
				run := func(args ...string) int {
					return cli.Run(context.Background(), append([]string{"--db", db}, args...), cli.Env{
						Stdout: &out, Stderr: &out, Stdin: strings.NewReader(""),
						Getenv:  func(k string) string { return env[k] },
						Now:     func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) },
						Keyring: func(string, string) (string, error) { return "", errors.New("no keyring in tests") },
					})
				}
				if code := run("officials", "add", "--name", "Тест Выхода", "--position", "akim", "--region", "pavlodar"); code != 0 {
					t.Fatal(out.String())
				}
				for _, a := range tc.accounts {
					if a.known {
						world.Set(a.p, a.handle, 1000)
					}
					if code := run("accounts", "add", "--official", "Выхода", "--platform", string(a.p), "--handle", a.handle); code != 0 {
						t.Fatal(out.String())
					}
				}
				// Only the test's official: the seeded watchlist's accounts would be asked for too.
				args := append([]string{"refresh", "--official", "Выхода"}, mode.flags...)
				if code := run(args...); code != mode.want {
					t.Errorf("%v: exit %d, want %d:\n%s", args, code, mode.want, out.String())
				}
			}
		})
	}
}
