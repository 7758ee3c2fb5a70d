package data_test

import (
	"context"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

func TestRetryDelay(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		kind  data.FailKind
		count int
		since time.Time
		want  time.Duration
	}{
		{"network is retried next pass", data.FailNetwork, 5, now.Add(-time.Hour), 0},
		{"quota is retried next pass", data.FailQuota, 1, now, 0},
		{"first not found waits an hour", data.FailNotFound, 1, now, time.Hour},
		{"third suspended waits four hours", data.FailSuspended, 3, now.Add(-3 * time.Hour), 4 * time.Hour},
		{"growth stops at a day", data.FailPrivate, 12, now.Add(-2 * 24 * time.Hour), 24 * time.Hour},
		{"after a week daily even on few failures", data.FailNotFound, 2, now.Add(-8 * 24 * time.Hour), 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := data.RetryDelay(tt.kind, tt.count, tt.since, now); got != tt.want {
				t.Fatalf("RetryDelay = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRecordChecksHealth: failures are recorded with their kind and start,
// never deactivate, back off, and a success clears them.
func TestRecordChecksHealth(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	a := datatest.Account(t, s, datatest.Official(t, s, "A"), data.YouTube, "akim")
	t1 := time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC)
	steps := []struct {
		at        time.Time
		res       data.CheckResult
		wantKind  data.FailKind
		wantSince time.Time
		wantCount int
		wantNext  time.Time
	}{
		{t1, data.CheckResult{Err: "gone", Fail: data.FailNotFound}, data.FailNotFound, t1, 1, t1.Add(time.Hour)},
		{t1.Add(2 * time.Hour), data.CheckResult{Err: "gone", Fail: data.FailNotFound}, data.FailNotFound, t1, 2, t1.Add(4 * time.Hour)},
		{t1.Add(3 * time.Hour), data.CheckResult{Err: "suspended", Fail: data.FailSuspended}, data.FailSuspended, t1.Add(3 * time.Hour), 1, t1.Add(4 * time.Hour)},
		{t1.Add(4 * time.Hour), data.CheckResult{Err: "timeout", Fail: data.FailNetwork}, data.FailNetwork, t1.Add(4 * time.Hour), 1, time.Time{}},
		{t1.Add(5 * time.Hour), data.CheckResult{Err: "odd", Fail: data.FailNone}, data.FailOther, t1.Add(5 * time.Hour), 1, time.Time{}},
	}
	for i, st := range steps {
		r := st.res
		r.AccountID, r.At = a.ID, st.at
		if err := s.RecordCheck(ctx, r); err != nil {
			t.Fatal(err)
		}
		got, err := s.Account(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Active || got.FailKind != st.wantKind || !got.FailingSince.Equal(st.wantSince) || got.FailCount != st.wantCount || !got.NextTry.Equal(st.wantNext) {
			t.Fatalf("step %d: account = active %v kind %q since %v count %d next %v", i, got.Active, got.FailKind, got.FailingSince, got.FailCount, got.NextTry)
		}
	}
	failing, err := s.FailingAccounts(ctx)
	if err != nil || len(failing) != 1 || failing[0].ID != a.ID {
		t.Fatalf("failing = %v, %v", failing, err)
	}
	at := t1.Add(6 * time.Hour)
	snap := data.Snapshot{AccountID: a.ID, Time: at, Followers: 1230, Source: data.SourceAPI, Flags: data.FlagRounded}
	chID := "UC_x5XG1OV2P6uZZ5FSM9Ttw"
	if err := s.RecordCheck(ctx, data.CheckResult{AccountID: a.ID, At: at, Snapshot: &snap, PlatformID: chID, Metric: data.MetricSubscribers}); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Account(ctx, a.ID)
	if got.Failing() || got.LastError != "" || !got.NextTry.IsZero() || got.PlatformID != chID || got.Metric != data.MetricSubscribers {
		t.Fatalf("after success: %+v", got)
	}
	// A new handle forgets the id resolved for the old one.
	got.Handle = "other"
	if err := s.UpdateAccount(ctx, got); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Account(ctx, a.ID)
	if got.PlatformID != "" {
		t.Fatalf("platform id kept after the handle changed: %q", got.PlatformID)
	}
	if err := s.RecordCheck(ctx, data.CheckResult{AccountID: a.ID, At: at, Err: "x", Fail: "bogus"}); err == nil {
		t.Fatal("unknown failure kind was stored")
	}
}

func TestSplitByMetric(t *testing.T) {
	s := []data.Snapshot{{Followers: 1}, {Followers: 2}, {Followers: 3, Flags: data.FlagPageLikes}, {Followers: 4}}
	parts := data.SplitByMetric(data.Facebook, s)
	if len(parts) != 3 || len(parts[0]) != 2 || len(parts[1]) != 1 || len(parts[2]) != 1 {
		t.Fatalf("parts = %v", parts)
	}
	if data.MetricOf(data.Facebook, parts[1][0].Flags) != data.MetricPageLikes {
		t.Fatal("page likes not told apart")
	}
}
