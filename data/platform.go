package data

import (
	"fmt"
	"strings"
)

// Platform names a social network that akimwatch tracks. The value is the
// lower-case name used in the CLI, in CSV files and in the database.
type Platform string

// The platforms akimwatch knows.
const (
	Telegram  Platform = "telegram"
	Instagram Platform = "instagram"
	Facebook  Platform = "facebook"
	X         Platform = "x"
	YouTube   Platform = "youtube"
	VK        Platform = "vk"
	Threads   Platform = "threads"
	TikTok    Platform = "tiktok"
)

// Platforms lists every known platform in display order.
var Platforms = []Platform{Telegram, Instagram, Facebook, X, YouTube, VK, Threads, TikTok}

// platformAliases maps other spellings people use to the canonical name.
var platformAliases = map[string]Platform{
	"twitter": X, "tg": Telegram, "ig": Instagram, "fb": Facebook,
	"yt": YouTube, "vkontakte": VK,
}

// ParsePlatform returns the platform named by s (case-insensitive; "twitter"
// is accepted for X). Unknown names give an error wrapping ErrInvalid.
func ParsePlatform(s string) (Platform, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, p := range Platforms {
		if string(p) == k {
			return p, nil
		}
	}
	if p, ok := platformAliases[k]; ok {
		return p, nil
	}
	return "", fmt.Errorf("unknown platform %q (want one of %s): %w", s, platformList(), ErrInvalid)
}

// Valid reports whether p is one of the known platforms.
func (p Platform) Valid() bool {
	for _, q := range Platforms {
		if p == q {
			return true
		}
	}
	return false
}

// Title returns the platform's name as people write it ("Instagram", "X").
func (p Platform) Title() string {
	switch p {
	case Telegram:
		return "Telegram"
	case Instagram:
		return "Instagram"
	case Facebook:
		return "Facebook"
	case X:
		return "X"
	case YouTube:
		return "YouTube"
	case VK:
		return "VK"
	case Threads:
		return "Threads"
	case TikTok:
		return "TikTok"
	}
	return string(p)
}

// ProfileURL returns the public address of handle on p, or "" when the handle
// is empty or the platform has no handle-based address.
func (p Platform) ProfileURL(handle string) string {
	h := strings.TrimPrefix(strings.TrimSpace(handle), "@")
	if h == "" {
		return ""
	}
	switch p {
	case Telegram:
		return "https://t.me/" + h
	case Instagram:
		return "https://www.instagram.com/" + h
	case Facebook:
		return "https://www.facebook.com/" + h
	case X:
		return "https://x.com/" + h
	case YouTube:
		if strings.HasPrefix(h, "UC") && len(h) == 24 {
			return "https://www.youtube.com/channel/" + h
		}
		return "https://www.youtube.com/@" + h
	case VK:
		return "https://vk.com/" + h
	case Threads:
		return "https://www.threads.net/@" + h
	case TikTok:
		return "https://www.tiktok.com/@" + h
	}
	return ""
}

func platformList() string {
	s := make([]string, len(Platforms))
	for i, p := range Platforms {
		s[i] = string(p)
	}
	return strings.Join(s, ", ")
}
