package cli_test

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"akimwatch/app/cli"
	"akimwatch/data"
)

// straddleToken is shaped like a YouTube API key (39 characters).
const straddleToken = "AIzaSyB7kQ2mW9xR4tV1nP6sL3hJ8dF5gC0eZuY"

// straddleOffsets are the lengths of padding put before the echoed token,
// one per request in turn. The answer's excerpt is cut at 200 bytes, 21 of
// which are the JSON envelope, so 142–178 make the token straddle the cut;
// every fourth request (the last try of a call, whose error is stored)
// straddles it.
var straddleOffsets = []int{200, 150, 220, 160, 141, 190, 178, 170}

// TestStraddlingTokenLeavesNoPiece runs the built-in command line against
// platforms that answer every request with 500 and an error echoing the
// token at offsets around the excerpt cut, then lists, exports and backs
// up, and searches every file akimwatch wrote (database, WAL, log, backups,
// exports) and its console output for any 8-character piece of the token.
func TestStraddlingTokenLeavesNoPiece(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		n := straddleOffsets[int(calls.Add(1)-1)%len(straddleOffsets)]
		rw.Header().Set("Content-Type", "application/json")
		rw.WriteHeader(http.StatusInternalServerError)
		_, _ = rw.Write([]byte(`{"error":{"message":"` + strings.Repeat("x", n) + straddleToken + `"}}`))
	}))
	defer srv.Close()
	// Telegram's public pages take no token, so its stand-in cannot echo one.
	tg := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.WriteHeader(http.StatusInternalServerError)
	}))
	defer tg.Close()
	env := map[string]string{"AKIMWATCH_INSTAGRAM_ACCOUNT_ID": "17841405309211844"}
	for _, p := range data.Platforms {
		up := strings.ToUpper(string(p))
		env["AKIMWATCH_API_"+up] = srv.URL
		env["AKIMWATCH_TOKEN_"+up] = straddleToken
	}
	env["AKIMWATCH_API_TELEGRAM"] = tg.URL
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "akimwatch.db")
	logFile := filepath.Join(dir, "logs", "akimwatch.log")
	var console lockedBuffer
	run := secretRunner(t, db, logFile, env, &console)
	handles := secretHandles
	if code := run("officials", "add", "--name", "Тест Разреза", "--position", "akim", "--region", "pavlodar"); code != 0 {
		t.Fatal(console.String())
	}
	for p, h := range handles {
		if code := run("accounts", "add", "--official", "Разреза", "--platform", string(p), "--handle", h); code != 0 {
			t.Fatal(console.String())
		}
	}
	for range 2 {
		run("--verbose", "refresh") // every account fails; the exit code is another test's business
	}
	if !strings.Contains(console.String(), "failed: youtube") {
		t.Fatalf("the refresh did not record the failures:\n%s", console.String())
	}
	var listed lockedBuffer
	code := cli.Run(context.Background(), []string{"--db", db, "accounts", "list", "--json"}, cli.Env{
		Stdout: &listed, Stderr: &console, Getenv: func(k string) string { return env[k] }, LogFile: logFile,
	})
	if code != 0 || !strings.Contains(listed.String(), "HTTP status 500") {
		t.Fatalf("accounts list --json (exit %d) shows no stored error:\n%s", code, listed.String())
	}
	exports := filepath.Join(dir, "exports")
	for _, args := range [][]string{
		{"export", "--out", filepath.Join(exports, "all.csv")},
		{"export", "--out", filepath.Join(exports, "all.xlsx")},
		{"backup"},
	} {
		if err := os.MkdirAll(exports, 0o750); err != nil {
			t.Fatal(err)
		}
		if code := run(args...); code != 0 {
			t.Fatalf("%v: exit %d:\n%s", args, code, console.String())
		}
	}
	texts := map[string][]byte{"console": []byte(console.String()), "accounts list --json": []byte(listed.String())}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for name, content := range expand(t, path, b) {
			texts[name] = content
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) < 6 {
		t.Fatalf("searched only %d texts", len(texts))
	}
	for name, content := range texts {
		for i := 0; i+8 <= len(straddleToken); i++ {
			if piece := straddleToken[i : i+8]; bytes.Contains(content, []byte(piece)) {
				at := bytes.Index(content, []byte(piece))
				t.Errorf("%s holds %q of the token: …%s…", name, piece, content[max(0, at-300):min(len(content), at+160)])
				break
			}
		}
	}
}
