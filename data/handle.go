package data

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// linkHosts maps each platform's web hosts (without "www.", "m." and the
// like) to the platform.
var linkHosts = map[string]Platform{
	"t.me": Telegram, "telegram.me": Telegram, "telegram.dog": Telegram,
	"instagram.com": Instagram, "instagr.am": Instagram,
	"facebook.com": Facebook, "fb.com": Facebook, "fb.me": Facebook,
	"x.com": X, "twitter.com": X,
	"youtube.com": YouTube,
	"vk.com":      VK, "vk.ru": VK, "vkontakte.ru": VK,
	"threads.net": Threads, "threads.com": Threads,
	"tiktok.com": TikTok,
}

// hostPrefixes are sub-domains that serve the same profiles.
var hostPrefixes = []string{"www.", "m.", "mobile.", "web.", "mbasic.", "touch.", "new.", "business."}

// schemeRE matches a URL scheme at the start, in any case.
var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// ErrNotProfileLink means a link points at something other than a profile
// (a post, a private invite, a search).
var ErrNotProfileLink = fmt.Errorf("not a link to a profile, page or channel: %w", ErrInvalid)

// NormalizeHandle reduces what people paste to the handle the platform's
// API takes: it trims spaces and a leading "@", and reduces a profile link
// on any platform's host (any case of scheme, "www."/"m." hosts, query
// strings and fragments) to its handle: t.me/s/x → x, youtube.com/channel/
// UC… → UC…, youtube.com/@x, /c/x and /user/x → x, threads.com/@x → x,
// facebook.com/profile.php?id=N → N. A link it cannot read comes back
// trimmed. It never fails; HandleFromLink says what is wrong with a link.
func NormalizeHandle(h string) string {
	out, err := HandleFromLink("", h)
	if err != nil {
		return strings.TrimSpace(h)
	}
	return out
}

// HandleFromLink reduces a pasted handle or link to the handle on platform
// p ("" accepts a link to any platform). A link to another platform's host,
// a private invite, or a link to a post or search is an error wrapping
// ErrInvalid that says what to paste instead.
func HandleFromLink(p Platform, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if strings.HasPrefix(strings.ToLower(s), "tg://") {
		u, err := url.Parse(s)
		if err != nil || u.Query().Get("domain") == "" {
			return "", fmt.Errorf("telegram link %q names no channel: %w", s, ErrNotProfileLink)
		}
		return u.Query().Get("domain"), nil
	}
	raw := s
	if !schemeRE.MatchString(raw) {
		host, _, _ := strings.Cut(strings.ToLower(raw), "/")
		if !strings.Contains(raw, "/") || !knownHost(host) {
			return strings.TrimLeft(strings.TrimSuffix(raw, "/"), "@"), nil // a plain handle
		}
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("link %q cannot be read (%v): %w", s, err, ErrInvalid)
	}
	host := strings.ToLower(u.Hostname())
	for _, pre := range hostPrefixes {
		host = strings.TrimPrefix(host, pre)
	}
	lp, ok := linkHosts[host]
	if !ok {
		return "", fmt.Errorf("%q is not a link to a platform akimwatch reads: %w", s, ErrInvalid)
	}
	if p != "" && lp != p {
		return "", fmt.Errorf("%q is a %s link, not %s: %w", s, lp.Title(), p.Title(), ErrInvalid)
	}
	segs := pathSegments(u.Path)
	if len(segs) == 0 && strings.HasPrefix(u.Fragment, "!/") {
		segs = pathSegments(u.Fragment[2:]) // old twitter.com/#!/name links
	}
	h, err := handleFromPath(lp, segs, u.Query())
	if err != nil {
		return "", fmt.Errorf("%q: %w", s, err)
	}
	if h == "" {
		return "", fmt.Errorf("%q names no account: %w", s, ErrNotProfileLink)
	}
	return h, nil
}

func knownHost(host string) bool {
	for _, pre := range hostPrefixes {
		host = strings.TrimPrefix(host, pre)
	}
	_, ok := linkHosts[host]
	return ok
}

// pathSegments splits a URL path into its non-empty, unescaped parts.
func pathSegments(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Paths on each platform that are not a profile.
var notProfile = map[Platform]map[string]bool{
	Telegram:  {"joinchat": true, "addstickers": true, "share": true, "proxy": true},
	Instagram: {"p": true, "reel": true, "reels": true, "stories": true, "explore": true, "tv": true},
	Facebook:  {"groups": true, "events": true, "watch": true, "photo.php": true, "story.php": true, "permalink.php": true, "sharer": true, "hashtag": true},
	X:         {"search": true, "hashtag": true, "i": true, "home": true},
	YouTube:   {"watch": true, "shorts": true, "playlist": true, "results": true, "embed": true},
	VK:        {"wall": true, "feed": true, "search": true, "video": true},
	Threads:   {"search": true},
	TikTok:    {"video": true, "tag": true, "discover": true},
}

// handleFromPath reads the handle from a profile link's path on p.
func handleFromPath(p Platform, segs []string, q url.Values) (string, error) {
	if len(segs) == 0 {
		if p == Facebook && q.Get("id") != "" {
			return q.Get("id"), nil
		}
		return "", ErrNotProfileLink
	}
	first := segs[0]
	if notProfile[p][strings.ToLower(first)] {
		return "", ErrNotProfileLink
	}
	switch p {
	case Telegram:
		if strings.HasPrefix(first, "+") {
			return "", fmt.Errorf("a private invite link: only public channels and groups can be read: %w", ErrNotProfileLink)
		}
		if first == "s" && len(segs) > 1 {
			return segs[1], nil // the web preview t.me/s/name
		}
	case Facebook:
		switch strings.ToLower(first) {
		case "profile.php":
			if id := q.Get("id"); id != "" {
				return id, nil
			}
			return "", ErrNotProfileLink
		case "pages", "people", "pg":
			// pages/Name/123 and people/Name/123: the id; pg/name: the name.
			if len(segs) >= 3 {
				return segs[2], nil
			}
			if len(segs) == 2 {
				return segs[1], nil
			}
			return "", ErrNotProfileLink
		}
	case X:
		if strings.EqualFold(first, "intent") && q.Get("screen_name") != "" {
			return q.Get("screen_name"), nil
		}
	case YouTube:
		switch strings.ToLower(first) {
		case "channel", "c", "user":
			if len(segs) < 2 {
				return "", ErrNotProfileLink
			}
			return segs[1], nil
		}
	}
	return strings.TrimLeft(first, "@"), nil
}
