package alerting_test

import (
	"context"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/datatest"
)

var start = time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)

// steady returns days of daily readings growing about 15 a day with a small
// wobble, like the public case of an account that then gained 19,705 in a day.
func steady(id int64, from time.Time, days int, first int64) []data.Snapshot {
	out := make([]data.Snapshot, days)
	f := first
	for i := range out {
		f += 15 + int64((i*7)%5) - 2
		out[i] = data.Snapshot{AccountID: id, Time: from.AddDate(0, 0, i), Followers: f, Source: data.SourceAPI}
	}
	return out
}

func TestIncrementalAndRescanRaiseOnce(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "A")
	acc := datatest.Account(t, s, o, data.Instagram, "a")
	muted := datatest.Account(t, s, o, data.Telegram, "m")
	if err := s.SetMuted(ctx, muted.ID, true); err != nil {
		t.Fatal(err)
	}
	hist := steady(acc.ID, start, 90, 3000)
	mhist := steady(muted.ID, start, 90, 3000)
	if err := s.AddSnapshots(ctx, append(hist, mhist...)); err != nil {
		t.Fatal(err)
	}
	var notified [][]data.Alert
	svc := alerting.New(s, func(a []data.Alert) { notified = append(notified, a) }, nil)

	added, err := svc.Incremental(ctx, nil)
	if err != nil || len(added) != 0 {
		t.Fatalf("organic history raised %d alerts (%v): %+v", len(added), err, added)
	}
	// A bought jump on both accounts: +19,705 in a day.
	last := hist[len(hist)-1]
	jump := data.Snapshot{AccountID: acc.ID, Time: last.Time.AddDate(0, 0, 1), Followers: last.Followers + 19705, Source: data.SourceAPI}
	mjump := jump
	mjump.AccountID = muted.ID
	if err := s.AddSnapshots(ctx, []data.Snapshot{jump, mjump}); err != nil {
		t.Fatal(err)
	}
	var progressed int
	added, err = svc.Incremental(ctx, func(done, total int) { progressed = done })
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 1 || added[0].Kind != data.AlertJump || added[0].AccountID != acc.ID || added[0].Size != 19705 {
		t.Fatalf("incremental found %+v, want one jump of +19705 on account %d (the muted one stays quiet)", added, acc.ID)
	}
	if len(notified) != 1 || progressed != 2 {
		t.Fatalf("notified %d times, progress %d; want 1 and 2", len(notified), progressed)
	}
	// Neither a re-run, a full re-scan nor a restart raises it again.
	for name, run := range map[string]func() ([]data.Alert, error){
		"incremental again": func() ([]data.Alert, error) { return svc.Incremental(ctx, nil) },
		"rescan":            func() ([]data.Alert, error) { return svc.Rescan(ctx, nil) },
		"after restart":     func() ([]data.Alert, error) { return alerting.New(s, nil, nil).Incremental(ctx, nil) },
	} {
		if again, err := run(); err != nil || len(again) != 0 {
			t.Fatalf("%s raised %d alerts (%v)", name, len(again), err)
		}
	}
	stored, _ := s.Alerts(ctx, data.AlertFilter{})
	if len(stored) != 1 {
		t.Fatalf("stored %d alerts, want 1", len(stored))
	}
}

func TestSensitivitySetting(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	svc := alerting.New(s, nil, nil)
	tests := []struct{ stored, want string }{{"", "medium"}, {"low", "low"}, {"high", "high"}}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if err := s.SetMeta(ctx, alerting.MetaSensitivity, tt.stored); err != nil {
				t.Fatal(err)
			}
			got, err := svc.Sensitivity(ctx)
			if err != nil || got.String() != tt.want {
				t.Fatalf("sensitivity = %v, %v; want %s", got, err, tt.want)
			}
		})
	}
	if err := s.SetMeta(ctx, alerting.MetaSensitivity, "paranoid"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Sensitivity(ctx); err == nil {
		t.Fatal("a bad stored sensitivity must be reported")
	}
}

func TestMuteForAWhile(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	acc := datatest.Account(t, s, datatest.Official(t, s, "A"), data.Instagram, "a")
	hist := steady(acc.ID, start, 90, 3000)
	last := hist[len(hist)-1]
	jump := data.Snapshot{AccountID: acc.ID, Time: last.Time.AddDate(0, 0, 1), Followers: last.Followers + 19705, Source: data.SourceAPI}
	if err := s.AddSnapshots(ctx, append(hist, jump)); err != nil {
		t.Fatal(err)
	}
	now := jump.Time.Add(time.Hour)
	tests := []struct {
		name  string
		until time.Time
		want  int
	}{
		{"muted for 7 days", now.AddDate(0, 0, 7), 0},
		{"mute over", now.Add(-time.Minute), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := s.MuteUntil(ctx, acc.ID, tt.until); err != nil {
				t.Fatal(err)
			}
			svc := alerting.New(s, nil, nil)
			svc.Now = func() time.Time { return now }
			added, err := svc.Rescan(ctx, nil)
			if err != nil || len(added) != tt.want {
				t.Fatalf("rescan raised %d alerts (%v), want %d", len(added), err, tt.want)
			}
		})
	}
}
