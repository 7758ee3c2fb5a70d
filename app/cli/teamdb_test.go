package cli_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"akimwatch/app/cli"
	"akimwatch/data"
	"akimwatch/data/pgstore"
	"akimwatch/data/pgstore/pgtest"
	"akimwatch/data/source/sourcetest"
)

// TestTwoRefreshersShareTeamDatabase starts two "akimwatch refresh" runs
// together against one PostgreSQL database (the same start instant): each
// platform is fetched by one of them, every account gets one reading, and
// both exit 0, the second saying who had the platform or skipping what was
// already checked.
func TestTwoRefreshersShareTeamDatabase(t *testing.T) {
	dsn := pgtest.DSN(t)
	world := sourcetest.New(t)
	env := world.Env()
	start := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := cli.Run(context.Background(), append([]string{"--db", dsn}, args...), cli.Env{
			Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(""),
			Getenv:  func(k string) string { return env[k] },
			Now:     func() time.Time { return start },
			Keyring: func(string, string) (string, error) { return "", errors.New("no keyring in tests") },
		})
		return code, out.String(), errOut.String()
	}
	if code, _, e := run("officials", "add", "--name", "Тест Акимов", "--position", "akim", "--region", "pavlodar"); code != 0 {
		t.Fatal(e)
	}
	handles := map[data.Platform]string{data.Telegram: "akimat_tg", data.X: "akim_x", data.Instagram: "akim_ig", data.VK: "akim_vk"}
	for p, h := range handles {
		world.Set(p, h, 1000)
		if code, _, e := run("accounts", "add", "--official", "Акимов", "--platform", string(p), "--handle", h); code != 0 {
			t.Fatal(e)
		}
	}
	s, err := pgstore.Open(context.Background(), dsn, pgstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	type result struct {
		code     int
		out, err string
	}
	var res [2]result
	var wg sync.WaitGroup
	for i := range res {
		wg.Go(func() {
			c, o, e := run("refresh", "--no-scan")
			res[i] = result{c, o, e}
		})
	}
	wg.Wait()
	for i, r := range res {
		if r.code != 0 {
			t.Fatalf("refresher %d exit %d:\n%s\n%s", i, r.code, r.out, r.err)
		}
	}
	for p := range handles {
		if n := world.Calls(p); n != 1 {
			t.Errorf("%s answered %d calls, want 1 (one pass per platform)", p, n)
		}
	}
	total := 0
	for _, r := range res {
		m := fetchedRe.FindStringSubmatch(r.out)
		if m == nil {
			t.Fatalf("no summary: %q", r.out)
		}
		n, _ := strconv.Atoi(m[1])
		total += n
	}
	if both := res[0].out + res[1].out; total != len(handles) || !strings.Contains(both, "refreshed by another process") {
		t.Errorf("fetched %d in all, want %d, the rest left to the other refresher:\n%s\n%s", total, len(handles), res[0].out, res[1].out)
	}
	for p, h := range handles {
		acc := accountOf(t, s, p, h)
		if n, err := s.SnapshotCount(context.Background(), acc.ID); err != nil || n != 1 {
			t.Errorf("%s %s: %d readings (%v), want 1", p, h, n, err)
		}
	}
}

var fetchedRe = regexp.MustCompile(`accounts: (\d+) fetched`)

func accountOf(t *testing.T, s data.Store, p data.Platform, handle string) data.Account {
	t.Helper()
	accs, err := s.Accounts(context.Background(), data.AccountFilter{Platform: p})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accs {
		if a.Handle == handle {
			return a
		}
	}
	t.Fatalf("no %s account %s", p, handle)
	return data.Account{}
}

// TestImportIntoTeamDatabase imports a CSV file into a PostgreSQL database
// with "akimwatch import": the rows are there for another process to read,
// and a file with a bad line is refused as a whole (nothing of it kept),
// as on a file.
func TestImportIntoTeamDatabase(t *testing.T) {
	dsn := pgtest.DSN(t)
	dir := t.TempDir()
	run := func(args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := cli.Run(context.Background(), append([]string{"--db", dsn}, args...), cli.Env{
			Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(""),
			Getenv:  func(string) string { return "" },
			Now:     func() time.Time { return time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC) },
			Keyring: func(string, string) (string, error) { return "", errors.New("no keyring in tests") },
		})
		return code, out.String(), errOut.String()
	}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.csv", "official,platform,handle,time,followers\n"+
		"Тест Акимов,telegram,akim_tg,2026-11-01,1000\nТест Акимов,telegram,akim_tg,2026-11-02,1010\nДругой Аким,vk,other_vk,2026-11-01,50\n")
	code, out, e := run("import", good)
	if code != 0 || !strings.Contains(out, "imported 3 rows") || !strings.Contains(out, "2 new officials, 2 new accounts") {
		t.Fatalf("import exit %d:\n%s\n%s", code, out, e)
	}
	s, err := pgstore.Open(context.Background(), dsn, pgstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	counts := func() (readings int64, officials int) {
		offs, err := s.Officials(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.SnapshotCount(context.Background(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return n, len(offs)
	}
	for h, want := range map[string]int64{"akim_tg": 2, "other_vk": 1} {
		p := data.Telegram
		if h == "other_vk" {
			p = data.VK
		}
		if n, err := s.SnapshotCount(context.Background(), accountOf(t, s, p, h).ID); err != nil || n != want {
			t.Errorf("%s: %d readings (%v), want %d", h, n, err, want)
		}
	}
	n0, o0 := counts()
	bad := write("bad.csv", "official,platform,handle,time,followers\nТретий,telegram,third,2026-11-01,5\nТретий,telegram,third,2026-13-45,6\n")
	if code, out, e := run("import", bad); code == 0 {
		t.Fatalf("a file with a bad line was imported:\n%s\n%s", out, e)
	}
	if n, o := counts(); n != n0 || o != o0 {
		t.Errorf("after the bad file: %d readings, %d officials; want %d, %d as before (nothing kept)", n, o, n0, o0)
	}
}
