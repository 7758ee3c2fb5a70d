//go:build unix

package cli_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"akimwatch/app/cli"
	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// TestRefreshEverySIGTERMFinishesBatch sends the process a real SIGTERM
// (caught through signal.NotifyContext, as main does) while "refresh
// --every" has Telegram batches in flight. The batches already sent are
// finished and written, no new batch is sent, the command says how many
// accounts were not asked for, and exits 0.
func TestRefreshEverySIGTERMFinishesBatch(t *testing.T) {
	world := sourcetest.New(t)
	env := world.Env()
	db := filepath.Join(t.TempDir(), "signal.db")
	const accounts = 8 // one a batch on Telegram; 4 batches go at once
	addTelegramOfficial(t, world, env, db, accounts)

	// Telegram through a gate that holds every page until the test lets go.
	target, err := url.Parse(world.URL(data.Telegram))
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	first, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	var answered atomic.Int64
	gate := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(first) })
		<-release
		proxy.ServeHTTP(rw, r)
		answered.Add(1)
	}))
	defer gate.Close()
	env["AKIMWATCH_API_TELEGRAM"] = gate.URL

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	out, errOut := newNotifyWriter("next pass at"), &lockedBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- cli.Run(ctx, []string{"--db", db, "refresh", "--every", "6h", "--official", "Расписания"}, everyEnv(env, out, errOut))
	}()
	<-first // a batch is in flight
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	<-ctx.Done()
	close(release)
	var c int
	select {
	case c = <-code:
	case <-time.After(30 * time.Second):
		t.Fatal("refresh --every did not stop within 30 s of SIGTERM")
	}
	got := out.String()
	if c != cli.ExitOK {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", c, got, errOut)
	}
	if strings.Contains(got, "next pass at") {
		t.Errorf("a next pass was scheduled after SIGTERM:\n%s", got)
	}

	s, err := data.Open(context.Background(), db, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	accs, err := s.Accounts(context.Background(), data.AccountFilter{Platform: data.Telegram})
	if err != nil {
		t.Fatal(err)
	}
	ours := map[int64]bool{}
	for _, a := range accs {
		if strings.HasPrefix(a.Handle, "sched_tg_") {
			ours[a.ID] = true
		}
	}
	latest, err := s.Latest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	written := 0
	for _, sn := range latest {
		if ours[sn.AccountID] {
			written++
		}
	}
	if sent := int(answered.Load()); written != sent || written == 0 || written > 4 {
		t.Errorf("%d pages answered, %d readings written; want every answered page written, 1 to 4 of them (the batches in flight)", sent, written)
	}
	notAsked := accounts - written
	if !strings.Contains(got, "stopped: the batches in flight were finished and written; "+itoa(int64(notAsked))+" account(s) not asked for") {
		t.Errorf("stop note does not say %d accounts were not asked for:\n%s", notAsked, got)
	}
}
