package sourcetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"akimwatch/data"
)

func writeJSON(rw http.ResponseWriter, status int, v any) {
	rw.Header().Set("Content-Type", "application/json; charset=UTF-8")
	rw.WriteHeader(status)
	_ = json.NewEncoder(rw).Encode(v)
}

func writeRaw(rw http.ResponseWriter, status int, body string) {
	rw.Header().Set("Content-Type", "application/json; charset=UTF-8")
	rw.WriteHeader(status)
	_, _ = rw.Write([]byte(body))
}

func rejectToken(rw http.ResponseWriter, p data.Platform) {
	st, body := TokenRejection(p)
	writeRaw(rw, st, body)
}

// spaced writes n with a space between groups of three digits, as t.me does.
func spaced(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TelegramPage renders a t.me channel page with count as its extra line.
func TelegramPage(name, extra string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Telegram: Contact @` + name + `</title></head><body>
<div class="tgme_page_wrap"><div class="tgme_page"><div class="tgme_page_photo"></div>
<div class="tgme_page_title" dir="auto"><span dir="auto">` + name + `</span></div>
<div class="tgme_page_extra">` + extra + `</div>
<div class="tgme_page_description" dir="auto">Official channel</div>
<div class="tgme_page_action"><a class="tgme_action_button_new" href="tg://resolve?domain=` + name + `">View in Telegram</a></div>
</div></div></body></html>`
}

// TelegramNoSuchPage is what t.me shows for a name nobody holds.
func TelegramNoSuchPage(name string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Telegram: Contact @` + name + `</title></head><body>
<div class="tgme_page_wrap"><div class="tgme_page"><div class="tgme_page_photo"></div>
<div class="tgme_page_description">If you have <strong>Telegram</strong>, you can contact <a class="tgme_username_link" href="tg://resolve?domain=` + name + `">@` + name + `</a> right away.</div>
</div></div></body></html>`
}

func (w *World) telegram(rw http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	e, ok := w.lookup(data.Telegram, name)
	if !ok {
		_, _ = rw.Write([]byte(TelegramNoSuchPage(name)))
		return
	}
	unit := "subscribers"
	if e.Kind == Community {
		unit = "members, 3 online"
	}
	_, _ = rw.Write([]byte(TelegramPage(name, spaced(e.Followers)+" "+unit)))
}

func ytStats(e Entry) map[string]any {
	return map[string]any{
		"viewCount": strconv.FormatInt(e.Followers*10, 10), "subscriberCount": strconv.FormatInt(e.Followers, 10),
		"hiddenSubscriberCount": false, "videoCount": "42",
	}
}

func (w *World) youtube(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.URL.Path != "/youtube/v3/channels" || q.Get("part") != "statistics" {
		writeRaw(rw, 400, `{"error":{"code":400,"message":"bad request","errors":[{"reason":"badRequest"}]}}`)
		return
	}
	if q.Get("key") != Token {
		rejectToken(rw, data.YouTube)
		return
	}
	items := []map[string]any{}
	if h := q.Get("forHandle"); h != "" {
		if e, ok := w.lookup(data.YouTube, strings.TrimPrefix(h, "@")); ok {
			items = append(items, map[string]any{"kind": "youtube#channel", "id": fmt.Sprintf("UC%022d", e.ID), "statistics": ytStats(e)})
		}
	} else {
		ids := strings.Split(q.Get("id"), ",")
		if len(ids) > 50 {
			writeRaw(rw, 400, `{"error":{"code":400,"message":"too many ids","errors":[{"reason":"invalidParameter"}]}}`)
			return
		}
		for _, id := range ids {
			if e, ok := w.lookup(data.YouTube, id); ok {
				items = append(items, map[string]any{"kind": "youtube#channel", "id": id, "statistics": ytStats(e)})
			}
		}
	}
	ans := map[string]any{"kind": "youtube#channelListResponse", "pageInfo": map[string]int{"totalResults": len(items), "resultsPerPage": 5}}
	if len(items) > 0 {
		ans["items"] = items
	}
	writeJSON(rw, 200, ans)
}

func (w *World) x(rw http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+Token {
		rejectToken(rw, data.X)
		return
	}
	q := r.URL.Query()
	names := strings.Split(q.Get("usernames"), ",")
	if r.URL.Path != "/2/users/by" || q.Get("user.fields") != "public_metrics" || len(names) > 100 {
		writeRaw(rw, 400, `{"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}`)
		return
	}
	var users, problems []map[string]any
	for _, n := range names {
		e, ok := w.lookup(data.X, n)
		if !ok {
			problems = append(problems, map[string]any{
				"value": n, "detail": "Could not find user with usernames: [" + n + "].", "title": "Not Found Error",
				"resource_type": "user", "parameter": "usernames", "resource_id": n,
				"type": "https://api.twitter.com/2/problems/resource-not-found",
			})
			continue
		}
		users = append(users, map[string]any{
			"id": strconv.FormatInt(e.ID, 10), "name": n, "username": n,
			"public_metrics": map[string]int64{"followers_count": e.Followers, "following_count": 12, "tweet_count": 345, "listed_count": 6, "like_count": 78},
		})
	}
	ans := map[string]any{}
	if users != nil {
		ans["data"] = users
	}
	if problems != nil {
		ans["errors"] = problems
	}
	rw.Header().Set("x-rate-limit-limit", "300")
	writeJSON(rw, 200, ans)
}

func graphErr(rw http.ResponseWriter, code, sub int, msg string) {
	writeJSON(rw, 400, map[string]any{"error": map[string]any{"message": msg, "type": "OAuthException", "code": code, "error_subcode": sub, "fbtrace_id": "AbCdEf"}})
}

func (w *World) facebook(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("access_token") != Token {
		rejectToken(rw, data.Facebook)
		return
	}
	ids := strings.Split(q.Get("ids"), ",")
	if r.URL.Path != "/v25.0/" || len(ids) > 50 {
		graphErr(rw, 100, 0, "(#100) Invalid parameter")
		return
	}
	ans := map[string]any{}
	var missing []string
	for _, id := range ids {
		e, ok := w.lookup(data.Facebook, id)
		if !ok {
			missing = append(missing, id)
			continue
		}
		ans[id] = map[string]any{"followers_count": e.Followers, "fan_count": e.Followers - e.Followers/10, "id": strconv.FormatInt(e.ID, 10)}
	}
	if missing != nil {
		graphErr(rw, 803, 0, "(#803) Some of the aliases you requested do not exist: "+strings.Join(missing, ","))
		return
	}
	writeJSON(rw, 200, ans)
}

func (w *World) instagram(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("access_token") != Token {
		rejectToken(rw, data.Instagram)
		return
	}
	f := q.Get("fields")
	const pre = "business_discovery.username("
	i, j := strings.Index(f, pre), strings.Index(f, ")")
	if r.URL.Path != "/v25.0/"+InstagramAccountID || i != 0 || j < len(pre) {
		graphErr(rw, 100, 0, "(#100) Invalid parameter")
		return
	}
	e, ok := w.lookup(data.Instagram, f[len(pre):j])
	if !ok {
		graphErr(rw, 110, 2207013, "Invalid user id")
		return
	}
	writeJSON(rw, 200, map[string]any{
		"business_discovery": map[string]any{"followers_count": e.Followers, "follows_count": 7, "media_count": 1205, "id": strconv.FormatInt(e.ID, 10)},
		"id":                 InstagramAccountID,
	})
}

func (w *World) threads(rw http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("access_token") != Token {
		rejectToken(rw, data.Threads)
		return
	}
	e, ok := w.lookup(data.Threads, q.Get("username"))
	if r.URL.Path != "/v1.0/profile_lookup" {
		graphErr(rw, 100, 0, "Unsupported get request")
		return
	}
	if !ok {
		graphErr(rw, 100, 33, "Unsupported get request. Object with ID '"+q.Get("username")+"' does not exist")
		return
	}
	writeJSON(rw, 200, map[string]any{
		"username": q.Get("username"), "name": "Test", "is_verified": false,
		"follower_count": e.Followers, "likes_count": 900, "quotes_count": 1, "replies_count": 2, "reposts_count": 3, "views_count": 12345,
	})
}

func (w *World) tiktok(rw http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+Token {
		rejectToken(rw, data.TikTok)
		return
	}
	var body struct {
		Username string `json:"username"`
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v2/research/user/info/" || json.NewDecoder(r.Body).Decode(&body) != nil {
		writeRaw(rw, 400, `{"error":{"code":"invalid_params","message":"bad request","log_id":"1"}}`)
		return
	}
	e, ok := w.lookup(data.TikTok, body.Username)
	if !ok {
		writeRaw(rw, 404, `{"data":{},"error":{"code":"user_not_found","message":"The user does not exist","log_id":"2"}}`)
		return
	}
	writeJSON(rw, 200, map[string]any{
		"data":  map[string]any{"follower_count": e.Followers, "following_count": 5, "video_count": 44, "likes_count": 27155089, "is_verified": false},
		"error": map[string]string{"code": "ok", "message": "", "log_id": "3"},
	})
}

func (w *World) vk(rw http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.FormValue("v") != "5.199" {
		writeRaw(rw, 200, `{"error":{"error_code":8,"error_msg":"Invalid request: v is required"}}`)
		return
	}
	if r.FormValue("access_token") != Token {
		rejectToken(rw, data.VK)
		return
	}
	switch r.URL.Path {
	case "/method/users.get":
		var out []map[string]any
		for _, n := range strings.Split(r.FormValue("user_ids"), ",") {
			if e, ok := w.lookup(data.VK, n); ok && e.Kind == Person {
				out = append(out, map[string]any{"id": e.ID, "first_name": "A", "last_name": "B", "screen_name": n, "followers_count": e.Followers})
			}
		}
		if out == nil {
			writeRaw(rw, 200, `{"error":{"error_code":113,"error_msg":"Invalid user id"}}`)
			return
		}
		writeJSON(rw, 200, map[string]any{"response": out})
	case "/method/groups.getById":
		out := []map[string]any{}
		for _, n := range strings.Split(r.FormValue("group_ids"), ",") {
			if e, ok := w.lookup(data.VK, n); ok && e.Kind == Community {
				out = append(out, map[string]any{"id": e.ID, "name": "G", "screen_name": n, "type": "page", "members_count": e.Followers})
			}
		}
		if len(out) == 0 {
			writeRaw(rw, 200, `{"error":{"error_code":100,"error_msg":"One of the parameters specified was missing or invalid: group_ids is undefined"}}`)
			return
		}
		writeJSON(rw, 200, map[string]any{"response": map[string]any{"groups": out, "profiles": []any{}}})
	default:
		writeRaw(rw, 200, `{"error":{"error_code":3,"error_msg":"Unknown method passed"}}`)
	}
}
