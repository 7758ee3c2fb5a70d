package paths_test

import (
	"path/filepath"
	"strings"
	"testing"

	"akimwatch/app/paths"
)

func TestDefaultDB(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"environment wins", map[string]string{paths.EnvDB: "/srv/watch.db"}, "/srv/watch.db"},
		{"data folder otherwise", nil, filepath.Join(paths.DataDir(), "akimwatch.db")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := paths.DefaultDB(func(k string) string { return tt.env[k] }); got != tt.want {
				t.Fatalf("DefaultDB = %q, want %q", got, tt.want)
			}
		})
	}
	if !strings.HasSuffix(paths.DataDir(), "akimwatch") {
		t.Fatalf("DataDir %q does not end in akimwatch", paths.DataDir())
	}
}
