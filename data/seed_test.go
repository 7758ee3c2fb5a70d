package data_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"akimwatch/assets"
	"akimwatch/data"
)

// TestSeedWatchlist checks the shipped seed against the 2019 article: the
// 13 officials it names, the figures it quotes, and no invented handles.
func TestSeedWatchlist(t *testing.T) {
	ctx := context.Background()
	sd, err := data.ParseSeed(bytes.NewReader(assets.SeedWatchlist()))
	if err != nil {
		t.Fatal(err)
	}
	s, err := data.Open(ctx, filepath.Join(t.TempDir(), "seed.db"), data.Options{Seed: func(ctx context.Context, s data.Store) error {
		return s.ApplySeed(ctx, sd)
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	officials, err := s.Officials(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(officials) != 13 {
		t.Fatalf("seed has %d officials, want the article's 13", len(officials))
	}
	for _, surname := range []string{"Isekeshev", "Sultanov", "Turlubek", "Bakauov", "Murzalin", "Marzhikpaev", "Igali",
		"Kulginov", "Akhmetov", "Omar", "Salimov", "Abdrakhim", "Zhumin"} {
		if _, err := s.FindOfficial(ctx, surname); err != nil {
			t.Errorf("find %s: %v", surname, err)
		}
	}
	accounts, _ := s.Accounts(ctx, data.AccountFilter{})
	for _, a := range accounts {
		if a.Handle != "" {
			t.Errorf("account %d has handle %q: the article names none", a.ID, a.Handle)
		}
	}
	want := map[string]struct {
		followers int64
		flags     data.Flags
	}{
		"Isekeshev/facebook":    {40000, data.FlagApproxTime | data.FlagLowerBound},
		"Turlubek/facebook":     {39000, data.FlagApproxTime | data.FlagApproxCount},
		"Turlubek/instagram":    {70000, data.FlagApproxTime | data.FlagLowerBound},
		"Bakauov/instagram":     {15000, data.FlagApproxTime | data.FlagApproxCount},
		"Murzalin/instagram":    {8000, data.FlagApproxTime | data.FlagLowerBound},
		"Marzhikpaev/instagram": {3000, data.FlagApproxTime | data.FlagApproxCount},
		"Zhumin/instagram":      {8000, data.FlagApproxTime | data.FlagApproxCount},
	}
	latest, _ := s.Latest(ctx)
	if len(latest) != len(want) {
		t.Fatalf("seed has %d baseline snapshots, want %d", len(latest), len(want))
	}
	for key, w := range want {
		var surname, plat string
		surname, plat, _ = strings.Cut(key, "/")
		o, err := s.FindOfficial(ctx, surname)
		if err != nil {
			t.Fatal(err)
		}
		accs, _ := s.Accounts(ctx, data.AccountFilter{OfficialID: o.ID, Platform: data.Platform(plat)})
		if len(accs) != 1 {
			t.Fatalf("%s: %d accounts", key, len(accs))
		}
		series, _ := s.Series(ctx, accs[0].ID, sd.Time.Add(-time.Second), sd.Time.Add(time.Second))
		if len(series) != 1 || series[0].Followers != w.followers || series[0].Flags != w.flags || series[0].Source != data.SourceArticle {
			t.Errorf("%s: series = %+v, want %d with flags %b from the article", key, series, w.followers, w.flags)
		}
	}
}
