package source

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

func acct(id int64, p data.Platform, h string) data.Account {
	return data.Account{ID: id, OfficialID: 1, Platform: p, Handle: h, Active: true}
}

func TestYouTubeIDsAndHandles(t *testing.T) {
	w := sourcetest.New(t)
	pr, _ := newTestProvider(t, w, data.YouTube, sourcetest.Token)
	id := "UCabcdefghijklmnopqrstuv"
	w.Set(data.YouTube, id, 10)
	w.Set(data.YouTube, "akimat_astana", 20)
	accs := []data.Account{acct(1, data.YouTube, id), acct(2, data.YouTube, "@akimat_astana"), acct(3, data.YouTube, "https://youtube.com/@nobody_here")}
	res, err := pr.Fetch(context.Background(), accs)
	if err != nil {
		t.Fatal(err)
	}
	got := byAccount(res)
	if got[1].Snapshot == nil || got[1].Snapshot.Followers != 10 || *got[1].Snapshot.Views != 100 || *got[1].Snapshot.Posts != 42 {
		t.Errorf("id: %+v", got[1])
	}
	if got[2].Snapshot == nil || got[2].Snapshot.Followers != 20 {
		t.Errorf("handle: %+v", got[2])
	}
	if !errors.Is(got[3].Err, ErrNotFound) {
		t.Errorf("unknown handle: %v", got[3].Err)
	}
	if w.Calls(data.YouTube) != 3 { // one for the ids, one per handle
		t.Errorf("calls = %d, want 3", w.Calls(data.YouTube))
	}
}

func TestYouTubeHiddenSubscribers(t *testing.T) {
	w := sourcetest.New(t)
	pr, _ := newTestProvider(t, w, data.YouTube, sourcetest.Token)
	id := "UCabcdefghijklmnopqrstuv"
	w.FailNext(data.YouTube, 1, http.StatusOK, nil, `{"items":[{"id":"`+id+`","statistics":{"viewCount":"5","hiddenSubscriberCount":true,"videoCount":"1"}}]}`)
	res, err := pr.Fetch(context.Background(), []data.Account{acct(1, data.YouTube, id)})
	if err != nil || res[0].Snapshot != nil || res[0].Err == nil {
		t.Fatalf("got %+v %v, want an error", res, err)
	}
}

func TestVKPeopleAndCommunities(t *testing.T) {
	w := sourcetest.New(t)
	pr, _ := newTestProvider(t, w, data.VK, sourcetest.Token)
	w.SetEntry(data.VK, "akim_person", sourcetest.Entry{Followers: 11, Kind: sourcetest.Person})
	w.SetEntry(data.VK, "akimat_page", sourcetest.Entry{Followers: 22, Kind: sourcetest.Community})
	w.SetEntry(data.VK, "club777", sourcetest.Entry{Followers: 33, Kind: sourcetest.Community, ID: 777})
	accs := []data.Account{acct(1, data.VK, "akim_person"), acct(2, data.VK, "vk.com/akimat_page"), acct(3, data.VK, "club777"), acct(4, data.VK, "nobody_at_all")}
	res, err := pr.Fetch(context.Background(), accs)
	if err != nil {
		t.Fatal(err)
	}
	got := byAccount(res)
	for id, want := range map[int64]int64{1: 11, 2: 22, 3: 33} {
		if r := got[id]; r.Snapshot == nil || r.Snapshot.Followers != want {
			t.Errorf("account %d: %+v (err %v), want %d", id, r.Snapshot, r.Err, want)
		}
	}
	if !errors.Is(got[4].Err, ErrNotFound) {
		t.Errorf("unknown: %v", got[4].Err)
	}
}

func TestVKTooManyRequestsIsRetried(t *testing.T) {
	w := sourcetest.New(t)
	pr, sl := newTestProvider(t, w, data.VK, sourcetest.Token)
	w.Set(data.VK, "akim_person", 5)
	w.FailNext(data.VK, 1, http.StatusOK, nil, `{"error":{"error_code":6,"error_msg":"Too many requests per second"}}`)
	res, err := pr.Fetch(context.Background(), []data.Account{acct(1, data.VK, "akim_person")})
	if err != nil || res[0].Err != nil || len(sl.all()) != 1 {
		t.Fatalf("got %+v %v, waits %v", res, err, sl.all())
	}
	w.FailNext(data.VK, 1, http.StatusOK, nil, `{"error":{"error_code":29,"error_msg":"Rate limit reached"}}`)
	res, _ = pr.Fetch(context.Background(), []data.Account{acct(1, data.VK, "akim_person")})
	if !errors.Is(res[0].Err, ErrRateLimited) {
		t.Errorf("error 29: %v, want rate limited", res[0].Err)
	}
}

func TestFacebookFanCountFallback(t *testing.T) {
	w := sourcetest.New(t)
	pr, _ := newTestProvider(t, w, data.Facebook, sourcetest.Token)
	w.FailNext(data.Facebook, 1, http.StatusOK, nil, `{"akimat":{"fan_count":321,"id":"1"}}`)
	res, err := pr.Fetch(context.Background(), []data.Account{acct(1, data.Facebook, "akimat")})
	if err != nil || res[0].Snapshot == nil || res[0].Snapshot.Followers != 321 {
		t.Fatalf("got %+v %v", res, err)
	}
}

func TestInstagramNeedsAccountID(t *testing.T) {
	w := sourcetest.New(t)
	cfg, _ := testConfig(w, sourcetest.Token)
	cfg.InstagramAccountID = ""
	pr, err := NewProvider(data.Instagram, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := pr.Ready(context.Background()); !errors.Is(err, ErrNoToken) {
		t.Errorf("Ready = %v, want ErrNoToken", err)
	}
	cfg.Getenv = func(k string) string {
		if k == InstagramAccountEnv {
			return sourcetest.InstagramAccountID
		}
		return ""
	}
	pr, _ = NewProvider(data.Instagram, cfg)
	if err := pr.Ready(context.Background()); err != nil {
		t.Errorf("Ready with env fallback = %v", err)
	}
}
