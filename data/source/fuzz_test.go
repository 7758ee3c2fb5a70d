package source

import (
	"encoding/json"
	"testing"

	"akimwatch/data"
	"akimwatch/data/source/sourcetest"
)

// The parsers must never panic and never give a snapshot with a negative
// count, whatever the platform sends.

var fuzzAccount = data.Account{ID: 1, OfficialID: 1, Handle: "akim", Active: true}

func checkSnap(t *testing.T, s *data.Snapshot, err error) {
	t.Helper()
	if err == nil && s == nil {
		t.Fatal("no snapshot and no error")
	}
	if s != nil {
		s.Time = testNow
		if verr := s.Validate(); verr != nil {
			t.Fatalf("invalid snapshot %+v: %v", s, verr)
		}
	}
}

func FuzzParseTelegramPage(f *testing.F) {
	f.Add([]byte(sourcetest.TelegramPage("c", "12 345 subscribers")))
	f.Add([]byte(sourcetest.TelegramPage("g", "1\u00a0234 members, 5 online")))
	f.Add([]byte(sourcetest.TelegramPage("c", "12.3K subscribers")))
	f.Add([]byte(sourcetest.TelegramNoSuchPage("x")))
	f.Add([]byte(`<div class="tgme_page_extra">1.2M members</div>`))
	f.Fuzz(func(t *testing.T, page []byte) {
		n, _, err := ParseTelegramPage(page)
		if err == nil && n < 0 {
			t.Fatalf("negative count %d", n)
		}
	})
}

func FuzzYouTubeAnswer(f *testing.F) {
	f.Add([]byte(`{"items":[{"id":"akim","statistics":{"viewCount":"10","subscriberCount":"5","hiddenSubscriberCount":false,"videoCount":"1"}}]}`))
	f.Add([]byte(`{"items":[{"id":"akim","statistics":{"hiddenSubscriberCount":true}}]}`))
	f.Add([]byte(`{"error":{"code":400,"errors":[{"reason":"keyInvalid"}]}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var list youtubeList
		if decodeJSON(body, &list) != nil {
			return
		}
		for _, r := range matchYouTube([]data.Account{fuzzAccount}, &list) {
			checkSnap(t, r.Snapshot, r.Err)
		}
	})
}

func FuzzXAnswer(f *testing.F) {
	f.Add([]byte(`{"data":[{"id":"1","username":"akim","public_metrics":{"followers_count":5,"following_count":1,"tweet_count":2}}]}`))
	f.Add([]byte(`{"errors":[{"value":"akim","detail":"Could not find user","title":"Not Found Error","type":"https://api.twitter.com/2/problems/resource-not-found"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var users xUsers
		if decodeJSON(body, &users) != nil {
			return
		}
		for _, r := range matchX([]data.Account{fuzzAccount}, &users) {
			checkSnap(t, r.Snapshot, r.Err)
		}
	})
}

func FuzzFacebookAnswer(f *testing.F) {
	f.Add([]byte(`{"akim":{"followers_count":5,"fan_count":4,"id":"1"}}`))
	f.Add([]byte(`{"akim":{"fan_count":"4"}}`))
	f.Add([]byte(`{"error":{"message":"(#803) Some of the aliases you requested do not exist: akim","code":803}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = parseGraphError(body)
		var pages map[string]json.RawMessage
		if decodeJSON(body, &pages) != nil {
			return
		}
		for _, r := range matchFacebook([]data.Account{fuzzAccount}, pages) {
			checkSnap(t, r.Snapshot, r.Err)
		}
	})
}

func FuzzInstagramAnswer(f *testing.F) {
	f.Add([]byte(`{"business_discovery":{"followers_count":267793,"follows_count":7,"media_count":1205,"id":"1"},"id":"2"}`))
	f.Add([]byte(`{"error":{"message":"Invalid user id","code":110,"error_subcode":2207013}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := parseInstagram(fuzzAccount, body)
		checkSnap(t, s, err)
	})
}

func FuzzVKAnswer(f *testing.F) {
	f.Add([]byte(`{"response":[{"id":1,"screen_name":"akim","followers_count":5}]}`))
	f.Add([]byte(`{"response":{"groups":[{"id":1,"screen_name":"akim","members_count":5}],"profiles":[]}}`))
	f.Add([]byte(`{"response":[{"id":1,"screen_name":"akim","deactivated":"deleted"}]}`))
	f.Add([]byte(`{"error":{"error_code":6,"error_msg":"Too many requests per second"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var ans vkAnswer
		if decodeJSON(body, &ans) != nil {
			return
		}
		objs, err := parseVKObjects(ans.Response)
		if err != nil {
			return
		}
		for _, groups := range []bool{false, true} {
			res, _ := matchVK([]data.Account{fuzzAccount, {ID: 2, Handle: "club1"}, {ID: 3, Handle: "id1"}}, objs, groups)
			for _, r := range res {
				checkSnap(t, r.Snapshot, r.Err)
			}
		}
	})
}

func FuzzThreadsAnswer(f *testing.F) {
	f.Add([]byte(`{"username":"akim","follower_count":5,"likes_count":3,"views_count":10}`))
	f.Add([]byte(`{"username":"akim"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		s, err := parseThreads(fuzzAccount, body)
		checkSnap(t, s, err)
	})
}

func FuzzTikTokAnswer(f *testing.F) {
	f.Add([]byte(`{"data":{"follower_count":5,"following_count":1,"video_count":44,"likes_count":27155089},"error":{"code":"ok","message":"","log_id":"1"}}`))
	f.Add([]byte(`{"data":{},"error":{"code":"access_token_invalid","message":"bad"}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var ans tiktokAnswer
		if decodeJSON(body, &ans) != nil {
			return
		}
		s, err := parseTikTokData(fuzzAccount, &ans)
		checkSnap(t, s, err)
	})
}
