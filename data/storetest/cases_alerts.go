package storetest

import (
	"testing"
	"time"

	"akimwatch/data"
)

func alert(id int64, day int, kind data.AlertKind) data.Alert {
	return data.Alert{AccountID: id, Time: t0.AddDate(0, 0, day), Kind: kind, Size: int64(100 * (day + 1)), Pct: 12.5, Score: 7.25, Detail: "+100 in a day"}
}

func testAlerts(t *testing.T, s data.Store) {
	o := official(t, s, "Аким", "pavlodar")
	p := official(t, s, "Другой", "almaty")
	a := account(t, s, o, data.Instagram, "akim")
	b := account(t, s, p, data.Telegram, "other")
	added := r(s.AddAlerts(ctx, []data.Alert{alert(a.ID, 1, data.AlertJump), alert(a.ID, 2, data.AlertDrop), alert(b.ID, 3, data.AlertJump)})).must(t)
	if len(added) != 3 || added[0].ID == 0 || added[0].ID == added[1].ID {
		t.Fatalf("added %+v", added)
	}
	again := r(s.AddAlerts(ctx, []data.Alert{alert(a.ID, 1, data.AlertJump), alert(a.ID, 4, data.AlertStall)})).must(t)
	if len(again) != 1 || again[0].Kind != data.AlertStall {
		t.Errorf("a re-raised alert was added again: %+v", again)
	}
	all := r(s.Alerts(ctx, data.AlertFilter{})).must(t)
	equal(t, "alerts newest first", len(all), 4)
	if !all[0].Time.After(all[1].Time) {
		t.Errorf("not newest first: %s then %s", all[0].Time, all[1].Time)
	}
	equal(t, "one alert read back", findAlert(all, added[0].ID), added[0])
	equal(t, "alerts of an official", len(r(s.Alerts(ctx, data.AlertFilter{OfficialID: p.ID})).must(t)), 1)
	equal(t, "alerts of an account since day 2", len(r(s.Alerts(ctx, data.AlertFilter{AccountID: a.ID, Since: t0.AddDate(0, 0, 2)})).must(t)), 2)

	before := time.Now().Add(-time.Second)
	check(t, s.AcknowledgeAlert(ctx, added[0].ID, true))
	open := r(s.Alerts(ctx, data.AlertFilter{OpenOnly: true})).must(t)
	equal(t, "open alerts after one acknowledgement", len(open), 3)
	acked := findAlert(r(s.Alerts(ctx, data.AlertFilter{})).must(t), added[0].ID)
	if !acked.Acknowledged {
		t.Error("acknowledged alert reads as open")
	}
	// An engine that records who and when records both.
	if acked.AcknowledgedBy != "" && (acked.AcknowledgedAt.Before(before.Truncate(time.Second)) || acked.AcknowledgedAt.After(time.Now().Add(time.Second))) {
		t.Errorf("acknowledged by %q at %s, want about now", acked.AcknowledgedBy, acked.AcknowledgedAt)
	}
	check(t, s.AcknowledgeAlert(ctx, added[0].ID, false))
	reopened := findAlert(r(s.Alerts(ctx, data.AlertFilter{})).must(t), added[0].ID)
	if reopened.Acknowledged || reopened.AcknowledgedBy != "" || !reopened.AcknowledgedAt.IsZero() {
		t.Errorf("reopened alert: %+v", reopened)
	}
	wantErr(t, s.AcknowledgeAlert(ctx, 99999, true), data.ErrNotFound, "acknowledge a missing alert")
}

func findAlert(as []data.Alert, id int64) data.Alert {
	for _, a := range as {
		if a.ID == id {
			return a
		}
	}
	return data.Alert{}
}

func testDetection(t *testing.T, s data.Store) {
	o := official(t, s, "Аким", "pavlodar")
	a := account(t, s, o, data.Instagram, "akim")
	b := account(t, s, o, data.Telegram, "akim")
	states := []data.DetectorState{{AccountID: a.ID, Sensitivity: "normal", State: []byte{1, 2, 3}}, {AccountID: b.ID, Sensitivity: "high", State: []byte{}}}
	added := r(s.SaveDetection(ctx, []data.Alert{alert(a.ID, 1, data.AlertJump)}, states)).must(t)
	equal(t, "new alerts", len(added), 1)
	got := r(s.DetectorStates(ctx)).must(t)
	if len(got) != 2 || string(got[a.ID].State) != "\x01\x02\x03" || got[b.ID].Sensitivity != "high" {
		t.Errorf("states %+v", got)
	}
	r(s.SaveDetection(ctx, nil, []data.DetectorState{{AccountID: a.ID, Sensitivity: "low", State: []byte{9}}})).must(t)
	equal(t, "state replaced", r(s.DetectorStates(ctx)).must(t)[a.ID], data.DetectorState{AccountID: a.ID, Sensitivity: "low", State: []byte{9}})

	check(t, s.SetMuted(ctx, a.ID, true))
	until := t0.AddDate(0, 0, 7)
	check(t, s.MuteUntil(ctx, b.ID, until))
	targets := r(s.AlertTargets(ctx)).must(t)
	equal(t, "alert targets", targets, []data.AlertTarget{{ID: a.ID, Platform: data.Instagram, Muted: true}, {ID: b.ID, Platform: data.Telegram, MutedUntil: until}})
	check(t, s.MuteUntil(ctx, b.ID, time.Time{}))
	if acc := r(s.Account(ctx, b.ID)).must(t); !acc.MutedUntil.IsZero() {
		t.Errorf("mute not cleared: %s", acc.MutedUntil)
	}
	wantErr(t, s.SetMuted(ctx, 9999, true), data.ErrNotFound, "mute a missing account")
}
