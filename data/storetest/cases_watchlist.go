package storetest

import (
	"testing"

	"akimwatch/data"
)

func testOfficials(t *testing.T, s data.Store) {
	b := official(t, s, "beta", "pavlodar")
	a := official(t, s, "Alpha", "almaty")
	c := official(t, s, "Әлия Серікқызы", "astana")
	if a.NameLatin == "" || c.NameLatin == "" {
		t.Errorf("NameLatin not filled: %q, %q", a.NameLatin, c.NameLatin)
	}
	got := r(s.Officials(ctx)).must(t)
	equal(t, "officials in name order (ASCII case folded, then bytes)", got, []data.Official{a, b, c})
	a.Notes, a.Region = "edited", "karaganda"
	check(t, s.UpdateOfficial(ctx, a))
	equal(t, "official after update", r(s.Official(ctx, a.ID)).must(t), a)
	_, err := s.Official(ctx, c.ID+100)
	wantErr(t, err, data.ErrNotFound, "missing official")
	wantErr(t, s.UpdateOfficial(ctx, data.Official{ID: c.ID + 100, Name: "x", Position: data.PosAkim, Level: data.LevelRegion}), data.ErrNotFound, "update missing official")
	_, err = s.CreateOfficial(ctx, data.Official{Name: "  "})
	wantErr(t, err, data.ErrInvalid, "empty name")
	n := r(s.DeleteOfficial(ctx, b.ID)).must(t)
	equal(t, "snapshots deleted with an official without accounts", n, int64(0))
	_, err = s.DeleteOfficial(ctx, b.ID)
	wantErr(t, err, data.ErrNotFound, "delete twice")
}

func testFindOfficial(t *testing.T, s data.Store) {
	a := official(t, s, "Асқар Мамин", "astana")
	official(t, s, "Ерлан Мамин", "almaty")
	equal(t, "by id", r(s.FindOfficial(ctx, " "+itoa(a.ID)+" ")).must(t), a)
	equal(t, "by whole name", r(s.FindOfficial(ctx, "асқар мамин")).must(t), a)
	equal(t, "by Latin word", r(s.FindOfficial(ctx, "asqar")).must(t), a)
	_, err := s.FindOfficial(ctx, "Мамин")
	wantErr(t, err, data.ErrAmbiguous, "two Mamins")
	_, err = s.FindOfficial(ctx, "nobody")
	wantErr(t, err, data.ErrNotFound, "nobody")
}

func testAccounts(t *testing.T, s data.Store) {
	o := official(t, s, "Аким", "pavlodar")
	p := official(t, s, "Другой", "almaty")
	ig := account(t, s, o, data.Instagram, "Akim.Pav")
	tg := account(t, s, o, data.Telegram, "https://t.me/akim_pav")
	if tg.Handle != "akim_pav" || ig.URL == "" {
		t.Errorf("handle from link %q, URL %q: want normalised handle and a URL", tg.Handle, ig.URL)
	}
	_, err := s.CreateAccount(ctx, data.Account{OfficialID: p.ID, Platform: data.Instagram, Handle: "AKIM.PAV", Active: true})
	wantErr(t, err, data.ErrInvalid, "same handle in other case")
	x := account(t, s, p, data.X, "other")
	equal(t, "accounts of one official", ids(r(s.Accounts(ctx, data.AccountFilter{OfficialID: o.ID})).must(t)), []int64{ig.ID, tg.ID})
	equal(t, "accounts on one platform", ids(r(s.Accounts(ctx, data.AccountFilter{Platform: data.X})).must(t)), []int64{x.ID})
	ig.Active = false
	check(t, s.UpdateAccount(ctx, ig))
	equal(t, "active accounts", ids(r(s.Accounts(ctx, data.AccountFilter{ActiveOnly: true})).must(t)), []int64{tg.ID, x.ID})
	got := r(s.Account(ctx, ig.ID)).must(t)
	if got.Active || got.Handle != ig.Handle {
		t.Errorf("after update: %+v", got)
	}
	x.Handle = "akim_pav"
	x.Platform = data.Telegram
	x.URL = ""
	wantErr(t, s.UpdateAccount(ctx, x), data.ErrInvalid, "update to a taken handle")
	h := "new_handle"
	off := false
	a2 := r(s.SetHandle(ctx, tg.ID, &h, &off)).must(t)
	if a2.Handle != h || a2.Active || a2.URL == tg.URL {
		t.Errorf("SetHandle: %+v", a2)
	}
	_, err = s.Account(ctx, 9999)
	wantErr(t, err, data.ErrNotFound, "missing account")
	_, err = s.DeleteAccount(ctx, 9999)
	wantErr(t, err, data.ErrNotFound, "delete missing account")
}

func testAddAccount(t *testing.T, s data.Store) {
	o := official(t, s, "Аким", "pavlodar")
	blank := r(s.CreateAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.YouTube, Active: true})).must(t)
	equal(t, "handleless", ids(r(s.HandlelessAccounts(ctx, o.ID, data.YouTube)).must(t)), []int64{blank.ID})
	got, filled, err := s.AddAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.YouTube, Handle: "@akim", Active: true})
	check(t, err)
	if !filled || got.ID != blank.ID || got.Handle == "" {
		t.Errorf("AddAccount filled=%v id=%d (want %d) handle %q", filled, got.ID, blank.ID, got.Handle)
	}
	r(s.CreateAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.VK, Active: true})).must(t)
	r(s.CreateAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.VK, Active: true})).must(t)
	_, _, err = s.AddAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.VK, Handle: "akim", Active: true})
	wantErr(t, err, data.ErrAmbiguous, "two handleless VK accounts")
	_, filled, err = s.AddAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.X, Handle: "akim", Active: true})
	check(t, err)
	if filled {
		t.Error("a platform without a handleless account was filled")
	}
}

func ids(as []data.Account) []int64 {
	out := []int64{}
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func itoa(v int64) string {
	if v == 0 {
		return "0"
	}
	var b []byte
	for ; v > 0; v /= 10 {
		b = append([]byte{byte('0' + v%10)}, b...)
	}
	return string(b)
}
