package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"akimwatch/app/cli"
)

// listAccounts returns "accounts list --json" for one official.
func listAccounts(t *testing.T, db, official string) []struct {
	ID        int64  `json:"id"`
	Platform  string `json:"platform"`
	Handle    string `json:"handle"`
	Active    bool   `json:"active"`
	Followers *int64 `json:"followers"`
} {
	t.Helper()
	code, out, errOut := run(t, nil, "--db", db, "accounts", "list", "--json", "--official", official)
	if code != 0 {
		t.Fatalf("accounts list: exit %d: %s", code, errOut)
	}
	var rows []struct {
		ID        int64  `json:"id"`
		Platform  string `json:"platform"`
		Handle    string `json:"handle"`
		Active    bool   `json:"active"`
		Followers *int64 `json:"followers"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// The seeded Бакауов has one handle-less Instagram account holding the
// article's baseline: adding his handle fills that account in.
func TestAccountsAddFillsInSeededAccount(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	before := listAccounts(t, db, "Бакауов")
	if len(before) != 1 || before[0].Handle != "" || before[0].Followers == nil {
		t.Fatalf("seeded accounts = %+v, want one handle-less instagram with a baseline", before)
	}
	code, out, errOut := run(t, nil, "--db", db, "accounts", "add", "--official", "Бакауов", "--platform", "instagram", "--handle", "@bakauov_b")
	if code != 0 || !strings.Contains(out, "history is kept") {
		t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
	}
	after := listAccounts(t, db, "Бакауов")
	if len(after) != 1 || after[0].ID != before[0].ID || after[0].Handle != "bakauov_b" || after[0].Followers == nil {
		t.Fatalf("after add: %+v, want account %d with handle bakauov_b and its baseline", after, before[0].ID)
	}
	// A second handle on the same platform is a second account.
	if code, _, errOut := run(t, nil, "--db", db, "accounts", "add", "--official", "Бакауов", "--platform", "instagram", "--handle", "bakauov_2"); code != 0 {
		t.Fatalf("second account: exit %d: %s", code, errOut)
	}
	if n := len(listAccounts(t, db, "Бакауов")); n != 2 {
		t.Fatalf("%d accounts, want 2", n)
	}
}

func TestAccountsEditMergeOfficialsEdit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	seeded := listAccounts(t, db, "Бакауов")[0]
	// An analyst who added the account before this fix has two series.
	for _, add := range [][2]string{{"Бакауов", "bakauov"}, {"Турлубек", "turlubek"}} { // accounts 14 and 15
		if code, _, errOut := run(t, nil, "--db", db, "accounts", "add", "--official", add[0], "--platform", "telegram", "--handle", add[1]); code != 0 {
			t.Fatal(errOut)
		}
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"edit help", []string{"accounts", "edit", "--help"}, 0, "-handle", ""},
		{"merge help", []string{"accounts", "merge", "--help"}, 0, "INTO_ID", ""},
		{"officials edit help", []string{"officials", "edit", "--help"}, 0, "-region", ""},
		{"edit without id", []string{"accounts", "edit", "--handle", "x"}, 2, "", "exactly one account ID"},
		{"edit bad id", []string{"accounts", "edit", "abc", "--handle", "x"}, 2, "", "numeric ID"},
		{"edit nothing", []string{"accounts", "edit", "5"}, 2, "", "nothing to change"},
		{"edit unknown", []string{"accounts", "edit", "999", "--handle", "x"}, 1, "", "account 999: not found"},
		{"edit taken handle", []string{"accounts", "edit", "15", "--handle", "@Bakauov"}, 1, "", "accounts merge"},
		{"merge one id", []string{"accounts", "merge", "5"}, 2, "", "two account IDs"},
		{"merge same", []string{"accounts", "merge", "5", "5"}, 2, "", "the same"},
		{"merge other official", []string{"accounts", "merge", "6", "5"}, 1, "", "different officials"},
		{"officials edit nothing", []string{"officials", "edit", "1"}, 2, "", "nothing to change"},
		{"officials edit bad region", []string{"officials", "edit", "1", "--region", "mars"}, 2, "", "region"},
		{"officials edit unknown", []string{"officials", "edit", "999", "--notes", "x"}, 1, "", "official 999: not found"},
		{"officials edit empty name", []string{"officials", "edit", "1", "--name", " "}, 2, "", "--name cannot be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, nil, append([]string{"--db", db}, tt.args...)...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Fatalf("exit %d (want %d), stdout %q (want %q), stderr %q (want %q)", code, tt.code, out, tt.stdout, errOut, tt.stderr)
			}
		})
	}
	if seeded.ID != 5 || listAccounts(t, db, "4")[0].ID != 5 {
		t.Fatalf("the seed changed: Бакауов (official 4) has instagram account %d, the test assumes 5", seeded.ID)
	}
	// The old way made a second instagram account: merge it into the seeded one.
	code, out, errOut := run(t, nil, "--db", db, "accounts", "add", "--official", "Бакауов", "--platform", "instagram", "--handle", "bakauov_b")
	if code != 0 || !strings.Contains(out, "account 5") {
		t.Fatalf("fill in: exit %d: %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, nil, "--db", db, "accounts", "edit", "5", "--handle", "", "--active=false"); code != 0 {
		t.Fatalf("clear handle: %s", errOut)
	}
	code, out, errOut = run(t, nil, "--db", db, "accounts", "add", "--official", "Бакауов", "--platform", "instagram", "--handle", "bakauov_b", "--inactive")
	if code != 0 || !strings.Contains(out, "account 5") {
		t.Fatalf("fill in again: exit %d: %s %s", code, out, errOut)
	}
	accs := listAccounts(t, db, "Бакауов")
	if len(accs) != 2 || accs[0].ID != 5 || accs[0].Handle != "bakauov_b" || accs[0].Active {
		t.Fatalf("accounts = %+v", accs)
	}
	code, out, errOut = run(t, nil, "--db", db, "officials", "edit", "4", "--name", "Булат Бакауов-Тест", "--level", "city", "--notes", "renamed")
	if code != cli.ExitOK || !strings.Contains(out, "Булат Бакауов-Тест") {
		t.Fatalf("officials edit: exit %d: %s %s", code, out, errOut)
	}
	code, out, _ = run(t, nil, "--db", db, "officials", "list", "--json")
	if code != 0 || !strings.Contains(out, `"name_latin": "Bulat Bakauov-Test"`) || !strings.Contains(out, `"level": "city"`) {
		t.Fatalf("officials list after edit:\n%s", out)
	}
	// An import names another instagram handle: a second account, merged back.
	csv := filepath.Join(t.TempDir(), "h.csv")
	if err := os.WriteFile(csv, []byte("official,platform,handle,time,followers\nБулат Бакауов-Тест,instagram,bakauov_old,2019-04-15,15100\nБулат Бакауов-Тест,instagram,bakauov_old,2026-11-01,150000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, nil, "--db", db, "import", csv); code != 0 {
		t.Fatal(errOut)
	}
	accs = listAccounts(t, db, "4")
	if len(accs) != 3 {
		t.Fatalf("accounts after import = %+v", accs)
	}
	code, out, errOut = run(t, nil, "--db", db, "accounts", "merge", "16", "5")
	if code != 0 || !strings.Contains(out, "1 readings moved (0 of them") || !strings.Contains(out, "1 dropped") {
		t.Fatalf("merge: exit %d: %s %s", code, out, errOut)
	}
	accs = listAccounts(t, db, "4")
	if len(accs) != 2 || accs[0].ID != 5 || accs[0].Handle != "bakauov_b" || *accs[0].Followers != 150000 {
		t.Fatalf("accounts after merge = %+v", accs)
	}
}
