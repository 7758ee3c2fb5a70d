package alerting_test

import (
	"context"
	"math"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/datatest"
	"akimwatch/data/fixture"
	"akimwatch/data/growth"
)

// TestNoAlertBelowMinimumSizes scans a database filled like the app's DEMO
// (the same generator, seed and shape) and checks issue 16's rule: no
// single-account alert is smaller than the minimum sizes of its
// sensitivity (the demo once showed a −11, −0.1 % drop). Platform alerts may
// group smaller drops; they say how many accounts and how much in all.
func TestNoAlertBelowMinimumSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a two-year database")
	}
	ctx := context.Background()
	s := datatest.NewStore(t)
	end := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	if _, err := fixture.Fill(ctx, s, fixture.Config{Seed: 2019, Officials: 60, AccountsPerOfficial: 3, Days: 730, End: end, Spikes: 6}); err != nil {
		t.Fatal(err)
	}
	added, err := alerting.New(s, nil, nil).Rescan(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) == 0 {
		t.Fatal("no alerts at all on the demo data, which has spikes")
	}
	p := growth.Medium.Params()
	for _, a := range added {
		if a.Kind == data.AlertPlatform {
			if _, v, ok := growth.ParseDetail(a.Detail); !ok || growth.Num(v, "accounts") < 2 {
				t.Errorf("platform alert %+v does not say how many accounts", a)
			}
			continue
		}
		if a.Kind == data.AlertStall {
			continue
		}
		// The minimum sizes: MinAbs, and MinPct of the account or, for a
		// rise, MinDays of its usual daily gain (named in the detail).
		_, v, _ := growth.ParseDetail(a.Detail)
		abs := math.Abs(float64(a.Size))
		relOK := math.Abs(a.Pct) >= p.MinPct || a.Size > 0 && growth.Num(v, "gain") > 0 && abs >= p.MinDays*growth.Num(v, "gain")
		if abs < float64(p.MinAbs) || !relOK {
			t.Errorf("alert %s %+d (%+.2f%%, detail %q) on account %d at %v is below the minimum sizes (%d, %.1f%% or %.0f days of its usual gain)",
				a.Kind, a.Size, a.Pct, a.Detail, a.AccountID, a.Time, p.MinAbs, p.MinPct, p.MinDays)
		}
		if math.IsNaN(a.Score) || math.IsInf(a.Score, 0) {
			t.Errorf("alert %+v has a score that is not finite", a)
		}
	}
	t.Logf("%d alerts on the demo-shaped data", len(added))
}
