package source

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"akimwatch/data"
)

// Telegram reads a public channel's or group's count from its t.me page
// (GET {base}/{channel}, no token): the element with class tgme_page_extra
// says "12 345 subscribers" or "1 234 members, 56 online".
type Telegram struct{ c *client }

// telegramMaxBatch: one page per channel.
const telegramMaxBatch = 1

// Platform returns data.Telegram.
func (t *Telegram) Platform() data.Platform { return data.Telegram }

// BatchSize is 1: one page per channel.
func (t *Telegram) BatchSize() int { return telegramMaxBatch }

// Ready always succeeds: public pages need no token.
func (t *Telegram) Ready(context.Context) error { return nil }

// Fetch reads each account's public page.
func (t *Telegram) Fetch(ctx context.Context, accounts []data.Account) ([]Result, error) {
	return eachAccount(ctx, accounts, t.one)
}

func (t *Telegram) one(ctx context.Context, a data.Account) (*data.Snapshot, error) {
	h := handleOf(a)
	if h == "" || strings.ContainsAny(h, "/?#") {
		return nil, malformed("handle %q is not a channel name", a.Handle)
	}
	resp, err := t.c.do(ctx, request{
		method: http.MethodGet,
		path:   "/" + url.PathEscape(h),
		header: http.Header{"Accept": {"text/html"}, "Accept-Language": {"en"}}, // ru and kk pages parse too
	})
	if err != nil {
		return nil, err
	}
	if resp.status != http.StatusOK {
		return nil, t.c.statusError(resp)
	}
	n, flags, err := ParseTelegramPage(resp.body)
	if err != nil {
		return nil, err
	}
	return &data.Snapshot{AccountID: a.ID, Followers: n, Source: data.SourcePage, Flags: flags}, nil
}

// ParseTelegramPage reads the subscriber or member count from a t.me page.
// Abbreviated counts ("12.3K", "1.2M") come back with data.FlagApproxCount.
// A page for a name nobody holds is ErrNotFound; a page without a count (a
// person, a bot, a changed layout, an error page) is ErrMalformed.
func ParseTelegramPage(page []byte) (int64, data.Flags, error) {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return 0, 0, malformed("t.me page is not HTML (%v)", err)
	}
	extra, found := textOfClass(doc, "tgme_page_extra")
	if !found {
		// A name nobody holds gets a page with no title and only "you can
		// contact @name" in the page's language (ru "связаться с @name").
		if desc, _ := textOfClass(doc, "tgme_page_description"); strings.Contains(desc, "@") {
			if _, titled := textOfClass(doc, "tgme_page_title"); !titled {
				return 0, 0, notFound("t.me has no channel or group by that name")
			}
		}
		return 0, 0, malformed("t.me page has no subscriber count")
	}
	return parseTelegramCount(extra)
}

// textOfClass returns the text of the first element whose class list holds
// class, and whether there was one.
func textOfClass(n *html.Node, class string) (string, bool) {
	var walk func(*html.Node, int) (*html.Node, bool)
	walk = func(n *html.Node, depth int) (*html.Node, bool) {
		if depth > maxHTMLDepth {
			return nil, false
		}
		if n.Type == html.ElementNode {
			for _, at := range n.Attr {
				if at.Key == "class" && hasField(at.Val, class) {
					return n, true
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if m, ok := walk(ch, depth+1); ok {
				return m, true
			}
		}
		return nil, false
	}
	m, ok := walk(n, 0)
	if !ok {
		return "", false
	}
	var b strings.Builder
	var text func(*html.Node, int)
	text = func(n *html.Node, depth int) {
		if depth > maxHTMLDepth {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			text(ch, depth+1)
		}
	}
	text(m, 0)
	return b.String(), true
}

// maxHTMLDepth bounds the tree walk on hostile pages (the parser itself
// already limits nesting; this keeps the walk's stack small as well).
const maxHTMLDepth = 512

func hasField(list, f string) bool {
	for _, x := range strings.Fields(list) {
		if x == f {
			return true
		}
	}
	return false
}

// Words that name the count on a t.me page, in the languages t.me serves
// (English, Russian, Kazakh), matched as word prefixes.
var (
	telegramSubscriberWords = []string{"subscriber", "подписчик", "жазылушы", "жазылым"}
	telegramMemberWords     = []string{"member", "участник", "қатысушы", "мүше"}
)

// Abbreviation suffixes on a count: thousand and million, in English,
// Russian ("тыс.", "млн") and Kazakh ("мың").
var (
	telegramThousand = []string{"k", "к", "тыс.", "тыс", "мың"}
	telegramMillion  = []string{"m", "м", "млн.", "млн"}
)

// parseTelegramCount reads "12 345 subscribers", "1 234 members, 56
// online", "12.3K subscribers" or "1.2M members" (any kind of space), and
// the same in Russian ("12 345 подписчиков", "1 234 участника") and
// Kazakh ("12 345 жазылушы", "1 234 қатысушы"). Members are flagged
// data.FlagMembers: a group's count is not a channel's subscribers.
func parseTelegramCount(s string) (int64, data.Flags, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u00a0', '\u202f', '\u2009', '\u2007', '\t', '\n', '\r':
			return ' '
		}
		return r
	}, strings.ToLower(s))
	for i := 0; i < len(s); i++ {
		if s[i] == ',' && (i+1 == len(s) || !isDigit(s[i+1])) {
			s = s[:i] // drop ", 56 online"; keep "1,234"
			break
		}
	}
	words := strings.Fields(s)
	unit, members := -1, false
	for i, w := range words {
		if hasAnyPrefix(w, telegramSubscriberWords) {
			unit = i
			break
		}
		if hasAnyPrefix(w, telegramMemberWords) {
			unit, members = i, true
			break
		}
	}
	if unit <= 0 {
		return 0, 0, malformed("t.me count %.60q names no subscribers or members", s)
	}
	num := strings.Join(words[:unit], "")
	mult, flags := int64(1), data.Flags(0)
	if members {
		flags = data.FlagMembers
	}
	if suf, ok := cutAnySuffix(num, telegramThousand); ok {
		mult, flags, num = 1_000, flags|data.FlagApproxCount, suf
	} else if suf, ok := cutAnySuffix(num, telegramMillion); ok {
		mult, flags, num = 1_000_000, flags|data.FlagApproxCount, suf
	}
	if mult == 1 {
		num = strings.ReplaceAll(num, ",", "")
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || n < 0 {
			return 0, 0, malformed("t.me count %.60q is not a number", s)
		}
		return n, flags, nil
	}
	num = strings.ReplaceAll(num, ",", ".")
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f < 0 || f > maxAbbrev || strings.ContainsAny(num, "eEpPxXnN+-_") {
		return 0, 0, malformed("t.me count %.60q is not a number", s)
	}
	return int64(f*float64(mult) + 0.5), flags, nil
}

// maxAbbrev bounds "NNNK"/"NNNM" so the product stays far inside int64.
const maxAbbrev = 1e9

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// cutAnySuffix removes the first of suffixes that s ends with.
func cutAnySuffix(s string, suffixes []string) (string, bool) {
	for _, suf := range suffixes {
		if strings.HasSuffix(s, suf) {
			return strings.TrimSuffix(s, suf), true
		}
	}
	return s, false
}
