package data_test

import (
	"context"
	"testing"
	"time"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

func TestAlertsAreRaisedOnce(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	a := datatest.Account(t, s, datatest.Official(t, s, "A"), data.Instagram, "a")
	al := data.Alert{AccountID: a.ID, Time: t0, Kind: data.AlertJump, Size: 19705, Pct: 17, Score: 1300, Detail: "jump"}
	added, err := s.AddAlerts(ctx, []data.Alert{al, al})
	if err != nil || len(added) != 1 {
		t.Fatalf("first add = %d new, %v; want 1", len(added), err)
	}
	added, err = s.AddAlerts(ctx, []data.Alert{al})
	if err != nil || len(added) != 0 {
		t.Fatalf("re-scan add = %d new, %v; want 0", len(added), err)
	}
	open, _ := s.Alerts(ctx, data.AlertFilter{OpenOnly: true})
	if len(open) != 1 {
		t.Fatalf("open alerts = %d, want 1", len(open))
	}
	if err := s.AcknowledgeAlert(ctx, open[0].ID, true); err != nil {
		t.Fatal(err)
	}
	open, _ = s.Alerts(ctx, data.AlertFilter{OpenOnly: true})
	all, _ := s.Alerts(ctx, data.AlertFilter{OfficialID: a.OfficialID})
	if len(open) != 0 || len(all) != 1 || !all[0].Acknowledged {
		t.Fatalf("after ack: open=%d all=%+v", len(open), all)
	}
}

// TestAlertTargetsMatchAccounts checks the packed account list spike
// detection reads against the full account rows, mutes included.
func TestAlertTargetsMatchAccounts(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	if got, err := s.AlertTargets(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty watchlist: %+v, %v", got, err)
	}
	o := datatest.Official(t, s, "A")
	plain := datatest.Account(t, s, o, data.Telegram, "plain")
	muted := datatest.Account(t, s, o, data.YouTube, "UC0000000000000000000001")
	until := datatest.Account(t, s, o, data.X, "for_a_week")
	both := datatest.Account(t, s, o, data.VK, "both")
	if err := s.SetMuted(ctx, muted.ID, true); err != nil {
		t.Fatal(err)
	}
	week := t0.AddDate(0, 0, 7)
	for _, id := range []int64{until.ID, both.ID} {
		if err := s.MuteUntil(ctx, id, week); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetMuted(ctx, both.ID, true); err != nil {
		t.Fatal(err)
	}
	got, err := s.AlertTargets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []data.AlertTarget{
		{ID: plain.ID, Platform: data.Telegram},
		{ID: muted.ID, Platform: data.YouTube, Muted: true},
		{ID: until.ID, Platform: data.X, MutedUntil: week},
		{ID: both.ID, Platform: data.VK, Muted: true, MutedUntil: week},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d targets, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].ID != want[i].ID || got[i].Platform != want[i].Platform || got[i].Muted != want[i].Muted || !got[i].MutedUntil.Equal(want[i].MutedUntil) {
			t.Errorf("target %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	accs, err := s.Accounts(ctx, data.AccountFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accs {
		for _, tg := range got {
			for _, at := range []time.Time{t0, week.Add(time.Second)} {
				if tg.ID == a.ID && tg.Silenced(at) != a.Silenced(at) {
					t.Errorf("account %d at %v: target silenced %v, account %v", a.ID, at, tg.Silenced(at), a.Silenced(at))
				}
			}
		}
	}
}
