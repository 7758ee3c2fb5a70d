package app_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"akimwatch/app"
	"akimwatch/data"
)

// TestDemoNeverInTheFuture builds the demo history early in the morning,
// before the day's readings would be taken, and checks that no reading is
// later than now (the cards and the chart then agree).
func TestDemoNeverInTheFuture(t *testing.T) {
	ctx := context.Background()
	for _, now := range []time.Time{
		time.Date(2026, 11, 30, 5, 19, 0, 0, time.UTC), // before the morning's readings
		time.Date(2026, 11, 30, 9, 21, 0, 0, time.UTC), // after all of them
	} {
		t.Run(now.Format(time.TimeOnly), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "demo.db")
			if err := app.MakeDemo(ctx, path, now); err != nil {
				t.Fatal(err)
			}
			s, err := data.Open(ctx, path, data.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			latest, err := s.Latest(ctx)
			if err != nil || len(latest) == 0 {
				t.Fatalf("latest = %d, %v", len(latest), err)
			}
			newest := latest[0].Time
			for _, sn := range latest {
				if sn.Time.After(now) {
					t.Fatalf("account %d has a reading at %s, after now %s", sn.AccountID, sn.Time, now)
				}
				if sn.Time.After(newest) {
					newest = sn.Time
				}
			}
			if now.Sub(newest) > 30*time.Hour {
				t.Fatalf("newest reading %s is more than a day before now %s", newest, now)
			}
		})
	}
}
