package cli_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"akimwatch/app/cli"
	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// notifyWriter is a console that tells on lines containing a word: the
// scheduled refresh prints "next pass at" once a pass is over and its
// database closed, which is where the tests step in.
type notifyWriter struct {
	mu   sync.Mutex
	b    bytes.Buffer
	word string
	hit  chan struct{}
}

func newNotifyWriter(word string) *notifyWriter {
	return &notifyWriter{word: word, hit: make(chan struct{}, 100)}
}

func (w *notifyWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if bytes.Contains(p, []byte(w.word)) {
		w.hit <- struct{}{}
	}
	return w.b.Write(p)
}

func (w *notifyWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// everyEnv is a CLI environment on the stand-ins whose clock moves a
// minute at each reading, so each pass's readings get their own time.
func everyEnv(env map[string]string, stdout, stderr interface{ Write([]byte) (int, error) }) cli.Env {
	var mu sync.Mutex
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	return cli.Env{
		Stdout: stdout, Stderr: stderr, Stdin: strings.NewReader(""),
		Getenv: func(k string) string { return env[k] },
		Now: func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			now = now.Add(time.Minute)
			return now
		},
		Keyring: func(string, string) (string, error) { return "", errors.New("no keyring in tests") },
	}
}

// addTelegramOfficial adds an official with n Telegram accounts the
// stand-in knows.
func addTelegramOfficial(t *testing.T, world *sourcetest.World, env map[string]string, db string, n int) {
	t.Helper()
	var out bytes.Buffer
	run := func(args ...string) {
		t.Helper()
		if code := cli.Run(context.Background(), append([]string{"--db", db}, args...), everyEnv(env, &out, &out)); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, out.String())
		}
	}
	run("officials", "add", "--name", "Тест Расписания", "--position", "akim", "--region", "pavlodar")
	for i := range n {
		h := fmt.Sprintf("sched_tg_%d", i)
		world.Set(data.Telegram, h, int64(1000+i))
		run("accounts", "add", "--official", "Расписания", "--platform", "telegram", "--handle", h)
	}
}

// TestRefreshEveryBadInterval checks that a schedule that is not a
// duration, or shorter than an hour, is refused as a usage error that says
// what to give instead.
func TestRefreshEveryBadInterval(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no unit", []string{"--every", "6"}, "such as 6h"},
		{"not a duration", []string{"--every", "daily"}, "such as 6h"},
		{"too short", []string{"--every", "30m"}, "too short: the shortest schedule is 1h0m0s"},
		{"zero", []string{"--every", "0s"}, "too short"},
		{"negative", []string{"--every", "-6h"}, "too short"},
		{"with --plan", []string{"--every", "6h", "--plan"}, "do not go together"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "every.db")
			code, out, errOut := run(t, nil, append([]string{"--db", db, "refresh"}, tc.args...)...)
			if code != cli.ExitUsage || !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "--every") && !strings.Contains(errOut, "-every") {
				t.Errorf("exit %d, stderr %q (stdout %q); want exit 2 saying %q", code, errOut, out, tc.want)
			}
		})
	}
}

// TestRefreshEveryRunsPasses runs "refresh --every" with a schedule of a
// second (the shortest lowered for the test): it makes a pass, says when
// the next one is, leaves the database free for other commands between
// passes, makes the next pass on time, and exits 0 when stopped.
func TestRefreshEveryRunsPasses(t *testing.T) {
	defer cli.SetMinEvery(time.Millisecond)()
	world := sourcetest.New(t)
	env := world.Env()
	db := filepath.Join(t.TempDir(), "every.db")
	addTelegramOfficial(t, world, env, db, 2)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, errOut := newNotifyWriter("next pass at"), &lockedBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- cli.Run(ctx, []string{"--db", db, "refresh", "--every", "1s", "--official", "Расписания"}, everyEnv(env, out, errOut))
	}()
	<-out.hit // pass 1 done
	// Between passes the database is closed: a command that writes runs.
	var o bytes.Buffer
	if c := cli.Run(context.Background(), []string{"--db", db, "officials", "add", "--name", "Между Проходами", "--position", "akim", "--region", "pavlodar"},
		everyEnv(env, &o, &o)); c != 0 {
		t.Errorf("a write between passes: exit %d\n%s", c, o.String())
	}
	<-out.hit // pass 2 done
	cancel()
	if c := <-code; c != cli.ExitOK {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", c, out, errOut)
	}
	got := out.String()
	if n := strings.Count(got, "refresh: 2 accounts: "); n != 2 {
		t.Errorf("%d pass summaries, want 2:\n%s", n, got)
	}
	if !strings.Contains(got, "2 fetched") || !strings.Contains(got, "2 unchanged") || !strings.Contains(got, "stopped between passes") {
		t.Errorf("output lacks the first pass's fetch, the second's unchanged counts or the stop:\n%s", got)
	}
	if c := world.Calls(data.Telegram); c != 4 {
		t.Errorf("Telegram answered %d calls, want 2 passes × 2 accounts", c)
	}
}
