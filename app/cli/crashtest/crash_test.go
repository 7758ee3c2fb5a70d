// Package crashtest kills akimwatch with SIGKILL at random moments of
// "refresh", "import" and "restore" and checks that the database survives
// every kill: PRAGMA integrity_check says ok, every account has either its
// whole new snapshot or none, an import is either all there or not at all,
// a restore leaves the current database or the backup (never none), and the
// next run succeeds.
//
// The short form (10 kills) runs with every go test. The long form:
//
//	AKIMWATCH_CRASH_KILLS=100 go test -tags migrated_fynedo -run Kill -v ./app/cli/crashtest/
//
// By default the child process is this test binary re-executed as the
// headless CLI (the same cli.Run that main.go calls, without the Fyne
// window), so no second build is needed. AKIMWATCH_CRASH_BIN=path runs a
// built akimwatch binary instead (make build).
package crashtest

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"akimwatch/app/cli"
	"akimwatch/app/paths"
)

// childEnv marks a re-executed test binary that must act as akimwatch.
const childEnv = "AKIMWATCH_CRASHTEST_CHILD"

// TestMain turns the test binary into the akimwatch CLI when childEnv is
// set, the way main.go runs it (minus the desktop window).
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, os.Args[1:], cli.Env{LogFile: paths.LogFile()})
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}
