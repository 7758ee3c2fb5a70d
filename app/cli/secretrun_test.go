package cli_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"akimwatch/app/cli"
	"akimwatch/data"
)

// secretHandles is one account per platform, for the tests that look for
// tokens in everything akimwatch writes.
var secretHandles = map[data.Platform]string{
	data.Telegram: "akimat_tg", data.YouTube: "UCaaaaaaaaaaaaaaaaaaaaaa", data.X: "akim_x", data.Facebook: "akimfb",
	data.Instagram: "akim_ig", data.VK: "akim_vk", data.Threads: "akim_threads", data.TikTok: "akim_tiktok",
}

// secretRunner returns a function that runs the command line on db with
// env as the environment, a keyring that fails (as on a headless machine),
// logs to logFile and all output to console; each run is a minute after the
// last, so backups get distinct names.
func secretRunner(t *testing.T, db, logFile string, env map[string]string, console *lockedBuffer) func(args ...string) int {
	runs := 0
	return func(args ...string) int {
		t.Helper()
		runs++
		now := time.Date(2026, 11, 27, 9, runs, 0, 0, time.UTC)
		return cli.Run(context.Background(), append([]string{"--db", db}, args...), cli.Env{
			Stdout: console, Stderr: console, Stdin: strings.NewReader(""),
			Getenv:  func(k string) string { return env[k] },
			Now:     func() time.Time { return now },
			LogFile: logFile,
			Keyring: func(string, string) (string, error) { return "", errors.New("keyring unavailable") },
		})
	}
}
