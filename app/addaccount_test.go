package app_test

import (
	"context"
	"errors"
	"testing"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

// The status bar tells the analyst to "select an official and use Add
// account": for a seeded, handle-less account that must give it the handle,
// not start a second series.
func TestAddAccountFillsInHandleless(t *testing.T) {
	w, s, _ := newWindow(t)
	ctx := context.Background()
	bak := datatest.Official(t, s, "Булат Бакауов")
	seeded := datatest.Account(t, s, bak, data.Instagram, "")
	a, filled, err := w.AddAccount(ctx, bak.ID, "instagram", "https://instagram.com/bakauov_b")
	if err != nil || !filled || a.ID != seeded.ID || a.Handle != "bakauov_b" {
		t.Fatalf("AddAccount = %+v, filled %v, %v; want account %d filled in", a, filled, err, seeded.ID)
	}
	// Two handle-less accounts: the app must ask which one.
	zh := datatest.Official(t, s, "Данат Жумин")
	datatest.Account(t, s, zh, data.Facebook, "")
	second := datatest.Account(t, s, zh, data.Facebook, "")
	if _, _, err := w.AddAccount(ctx, zh.ID, "facebook", "zhumin"); !errors.Is(err, data.ErrAmbiguous) {
		t.Fatalf("err = %v, want ErrAmbiguous so the app asks", err)
	}
	if a, err := w.FillInAccount(ctx, second.ID, "@zhumin"); err != nil || a.Handle != "zhumin" || a.ID != second.ID {
		t.Fatalf("FillInAccount = %+v, %v", a, err)
	}
	accs, _ := s.Accounts(ctx, data.AccountFilter{})
	if len(accs) != 3 {
		t.Fatalf("%d accounts, want 3 (none added)", len(accs))
	}
}
