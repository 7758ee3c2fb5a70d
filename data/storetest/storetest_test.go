package storetest_test

import (
	"context"
	"path/filepath"
	"testing"

	"akimwatch/data"
	"akimwatch/data/storetest"
)

// TestSQLite runs the conformance suite on the SQLite engine.
func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) data.Store {
		s, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "conformance.db"), data.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
