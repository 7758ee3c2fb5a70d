package data_test

import (
	"context"
	"testing"

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
