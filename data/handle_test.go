package data_test

import (
	"context"
	"errors"
	"testing"

	"akimwatch/data"
	"akimwatch/data/datatest"
)

// TestHandleFromLink covers every link form named in issue 14 and the
// profile URL forms each platform documents or shows in its address bar.
func TestHandleFromLink(t *testing.T) {
	tests := []struct {
		p    data.Platform
		in   string
		want string
		err  bool
	}{
		// Plain handles.
		{data.X, "akim_astana", "akim_astana", false},
		{data.X, "  @akim_astana ", "akim_astana", false},
		{data.Facebook, "akimat.page", "akimat.page", false},
		{data.VK, "12345", "12345", false},
		{data.YouTube, "@GoogleDevelopers", "GoogleDevelopers", false},
		{data.YouTube, "UC_x5XG1OV2P6uZZ5FSM9Ttw", "UC_x5XG1OV2P6uZZ5FSM9Ttw", false},
		// Telegram.
		{data.Telegram, "https://t.me/astana_akimat", "astana_akimat", false},
		{data.Telegram, "t.me/s/astana_akimat", "astana_akimat", false},
		{data.Telegram, "https://t.me/s/astana_akimat?before=120", "astana_akimat", false},
		{data.Telegram, "HTTPS://T.ME/astana_akimat", "astana_akimat", false},
		{data.Telegram, "https://telegram.me/astana_akimat/", "astana_akimat", false},
		{data.Telegram, "https://t.me/astana_akimat/1234", "astana_akimat", false},
		{data.Telegram, "tg://resolve?domain=astana_akimat", "astana_akimat", false},
		{data.Telegram, "https://t.me/+AbCdEf123", "", true},
		{data.Telegram, "https://t.me/joinchat/AbCdEf", "", true},
		// Instagram.
		{data.Instagram, "https://www.instagram.com/akim.almaty/?hl=ru", "akim.almaty", false},
		{data.Instagram, "instagram.com/akim.almaty", "akim.almaty", false},
		{data.Instagram, "https://instagram.com/akim.almaty/reels/", "akim.almaty", false},
		{data.Instagram, "https://www.instagram.com/p/C1a2b3c4/", "", true},
		// Facebook.
		{data.Facebook, "https://m.facebook.com/akimat.page", "akimat.page", false},
		{data.Facebook, "https://www.facebook.com/akimat.page/?ref=page_internal", "akimat.page", false},
		{data.Facebook, "https://web.facebook.com/akimat.page", "akimat.page", false},
		{data.Facebook, "https://www.facebook.com/profile.php?id=100064721456789", "100064721456789", false},
		{data.Facebook, "https://www.facebook.com/pages/Akimat/123456789", "123456789", false},
		{data.Facebook, "https://www.facebook.com/people/Akim-Name/100012345678901/", "100012345678901", false},
		{data.Facebook, "https://fb.com/akimat.page", "akimat.page", false},
		{data.Facebook, "https://www.facebook.com/groups/123/", "", true},
		// X.
		{data.X, "https://x.com/akim_astana", "akim_astana", false},
		{data.X, "https://twitter.com/akim_astana?lang=ru", "akim_astana", false},
		{data.X, "https://mobile.twitter.com/akim_astana/status/1", "akim_astana", false},
		{data.X, "https://twitter.com/#!/akim_astana", "akim_astana", false},
		{data.X, "https://twitter.com/intent/user?screen_name=akim_astana", "akim_astana", false},
		{data.X, "Https://X.com/akim_astana", "akim_astana", false},
		// YouTube.
		{data.YouTube, "https://www.youtube.com/@GoogleDevelopers", "GoogleDevelopers", false},
		{data.YouTube, "https://www.youtube.com/@GoogleDevelopers/videos", "GoogleDevelopers", false},
		{data.YouTube, "https://m.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw?si=x", "UC_x5XG1OV2P6uZZ5FSM9Ttw", false},
		{data.YouTube, "https://www.youtube.com/c/GoogleDevelopers", "GoogleDevelopers", false},
		{data.YouTube, "https://www.youtube.com/user/GoogleDevelopers", "GoogleDevelopers", false},
		{data.YouTube, "https://www.youtube.com/watch?v=abc", "", true},
		// VK.
		{data.VK, "https://vk.com/akimat_astana", "akimat_astana", false},
		{data.VK, "https://vk.ru/akimat_astana", "akimat_astana", false},
		{data.VK, "https://m.vk.com/id12345", "id12345", false},
		{data.VK, "vk.com/club123?w=wall-123_1", "club123", false},
		// Threads.
		{data.Threads, "https://www.threads.net/@akim.almaty", "akim.almaty", false},
		{data.Threads, "https://www.threads.com/@akim.almaty?igshid=x", "akim.almaty", false},
		// TikTok.
		{data.TikTok, "https://www.tiktok.com/@akim.almaty?lang=ru", "akim.almaty", false},
		{data.TikTok, "https://www.tiktok.com/@akim.almaty/video/1", "akim.almaty", false},
		// Wrong platform, unknown host.
		{data.X, "https://t.me/astana_akimat", "", true},
		{data.X, "https://example.com/akim", "", true},
	}
	for _, tt := range tests {
		t.Run(string(tt.p)+" "+tt.in, func(t *testing.T) {
			got, err := data.HandleFromLink(tt.p, tt.in)
			if tt.err {
				if !errors.Is(err, data.ErrInvalid) {
					t.Fatalf("HandleFromLink = %q, %v; want an error", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("HandleFromLink = %q, %v; want %q", got, err, tt.want)
			}
			if n := data.NormalizeHandle(tt.in); n != tt.want {
				t.Fatalf("NormalizeHandle = %q, want %q", n, tt.want)
			}
		})
	}
}

func FuzzHandleFromLink(f *testing.F) {
	for _, s := range []string{"https://t.me/s/x", "HTTPS://www.YouTube.com/@x", "tg://resolve?domain=x", "@x", "%zz", "https://facebook.com/profile.php?id="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := data.HandleFromLink("", s)
		if err == nil && h != "" && h[0] == '@' {
			t.Fatalf("handle %q keeps its @", h)
		}
		_ = data.NormalizeHandle(s)
	})
}

// TestCreateAccountReadsLinks: the store keeps the handle of a pasted link
// and refuses links it cannot use, saying why.
func TestCreateAccountReadsLinks(t *testing.T) {
	ctx := context.Background()
	s := datatest.NewStore(t)
	o := datatest.Official(t, s, "A")
	a, err := s.CreateAccount(ctx, data.Account{OfficialID: o.ID, Platform: data.Threads, Handle: "https://www.threads.com/@akim.almaty?hl=ru", Active: true})
	if err != nil || a.Handle != "akim.almaty" {
		t.Fatalf("account %+v, %v", a, err)
	}
	for _, bad := range []struct {
		p    data.Platform
		link string
	}{{data.Telegram, "https://t.me/+AbCdEf"}, {data.X, "https://vk.com/akim"}} {
		if _, err := s.CreateAccount(ctx, data.Account{OfficialID: o.ID, Platform: bad.p, Handle: bad.link, Active: true}); !errors.Is(err, data.ErrInvalid) {
			t.Errorf("%s %s: err = %v, want refused", bad.p, bad.link, err)
		}
	}
}
