package cli_test

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// TestSecretsNeverWritten gives akimwatch tokens through the environment
// (the keyring fails, as on a headless machine), runs a refresh in which
// platforms reject a token and echo the token and the request URL back in
// their errors, then an export and backups, and searches everything it
// wrote (database, WAL, backups, log, exports, console) for the tokens.
func TestSecretsNeverWritten(t *testing.T) {
	const rejected = "x-REJECTED-token-9f8e7d6c"
	secrets := []string{sourcetest.Token, rejected}
	world := sourcetest.New(t)
	env := world.Env()
	env["AKIMWATCH_TOKEN_X"] = rejected // the X stand-in refuses it
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "akimwatch.db")
	logFile := filepath.Join(dir, "logs", "akimwatch.log")
	var console lockedBuffer // progress lines and --verbose logs come from many goroutines
	run := secretRunner(t, db, logFile, env, &console)
	handles := secretHandles
	if code := run("officials", "add", "--name", "Тест Секретов", "--position", "akim", "--region", "pavlodar"); code != 0 {
		t.Fatal(console.String())
	}
	for p, h := range handles {
		world.Set(p, h, 1000)
		if code := run("accounts", "add", "--official", "Секретов", "--platform", string(p), "--handle", h); code != 0 {
			t.Fatal(console.String())
		}
	}
	// Platforms that echo the token and the URL that carried it.
	echo := func(p data.Platform) string {
		return world.URL(p) + "/v25.0/?ids=akimfb&access_token=" + sourcetest.Token + "&key=" + sourcetest.Token
	}
	faults := []struct {
		p      data.Platform
		n      int
		status int
		body   string
	}{
		{data.YouTube, 2, http.StatusInternalServerError, `{"error":{"code":500,"message":"backend error for ` + echo(data.YouTube) + `"}}`},
		{data.Facebook, 1, http.StatusBadRequest, `{"error":{"message":"Unsupported request ` + echo(data.Facebook) + `","type":"GraphMethodException","code":1}}`},
		{data.Instagram, 1, http.StatusBadRequest, `{"error":{"message":"(#100) Invalid parameter access_token=` + sourcetest.Token + `","type":"OAuthException","code":100}}`},
		{data.VK, 1, http.StatusOK, `{"error":{"error_code":10,"error_msg":"Internal server error: ` + echo(data.VK) + `","request_params":[{"key":"access_token","value":"` + sourcetest.Token + `"}]}}`},
		{data.Threads, 1, http.StatusNotFound, `<html><body>No route for ` + echo(data.Threads) + `</body></html>`},
		{data.TikTok, 1, http.StatusTeapot, `{"error":{"code":"internal","message":"Bearer ` + sourcetest.Token + ` is odd","log_id":"9"}}`},
	}
	for _, f := range faults {
		world.FailNext(f.p, f.n, f.status, nil, f.body)
	}
	if code := run("--verbose", "refresh"); code != 1 { // X stopped: its token was rejected
		t.Fatalf("refresh exit %d, want 1:\n%s", code, console.String())
	}
	out := console.String()
	for _, want := range []string{"X: token rejected (401)", "failed: facebook", "failed: threads", "failed: tiktok", "failed: vk", "failed: instagram"} {
		if !strings.Contains(out, want) {
			t.Errorf("refresh output lacks %q:\n%s", want, out)
		}
	}
	exports := filepath.Join(dir, "exports")
	if err := os.MkdirAll(exports, 0o750); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"export", "--out", filepath.Join(exports, "all.csv")},
		{"export", "--out", filepath.Join(exports, "all.xlsx")},
		{"backup"},
		{"backup", "--out", filepath.Join(exports, "copy.db")},
	} {
		if code := run(args...); code != 0 {
			t.Fatalf("%v: exit %d:\n%s", args, code, console.String())
		}
	}

	// The failures reached the database and the log, redacted.
	var files, redactedSeen int
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		redactedSeen += bytes.Count(b, []byte("REDACTED"))
		for name, content := range expand(t, path, b) {
			for _, s := range secrets {
				if bytes.Contains(content, []byte(s)) {
					t.Errorf("%s holds the token %q", name, s)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if strings.Contains(console.String(), s) {
			t.Errorf("the console output holds the token %q", s)
		}
	}
	if files < 5 || redactedSeen == 0 {
		t.Errorf("searched %d files and saw REDACTED %d times: the echoed errors did not reach the files", files, redactedSeen)
	}
	if lb, err := os.ReadFile(logFile); err != nil || !bytes.Contains(lb, []byte("retrying API call")) {
		t.Errorf("the log (err %v) does not show the YouTube retry", err)
	}
}

// lockedBuffer is a bytes.Buffer safe for concurrent writers, as a
// terminal is.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// expand returns a file's searchable contents: the file itself and, for a
// zip container such as .xlsx, every member uncompressed.
func expand(t *testing.T, path string, b []byte) map[string][]byte {
	t.Helper()
	out := map[string][]byte{path: b}
	if !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		return out
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s/%s: %v", path, f.Name, err)
		}
		m, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s/%s: %v", path, f.Name, err)
		}
		out[path+"/"+f.Name] = m
	}
	return out
}
