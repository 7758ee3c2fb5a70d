package paths

import (
	"path/filepath"
	"testing"
)

// TestChoice saves and forgets the database chosen in the app: the default
// file until a choice, the choice after, the default again once forgotten.
func TestChoice(t *testing.T) {
	dir := t.TempDir()
	def := filepath.Join(dir, "akimwatch.db")
	for _, tc := range []struct{ save, want string }{
		{"", def},
		{"postgres://aigerim@db.example.kz:5432/akimwatch?sslmode=verify-full", "postgres://aigerim@db.example.kz:5432/akimwatch?sslmode=verify-full"},
		{"/srv/other.db", "/srv/other.db"},
		{"", def},
	} {
		if err := saveChoiceIn(dir, tc.save); err != nil {
			t.Fatal(err)
		}
		if got := defaultDBIn(dir); got != tc.want {
			t.Errorf("after saving %q: default %q, want %q", tc.save, got, tc.want)
		}
	}
}
