package source

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"akimwatch/data"
)

// ConnectionReport is what a connection test found on one platform.
type ConnectionReport struct {
	Platform data.Platform
	// Detail is what the platform answered, in plain words (a count read,
	// a token's validity); "" when the test failed.
	Detail string
	// Expires is when the token stops working (zero: not known, or never).
	Expires time.Time
	// Err is why the test failed, or nil.
	Err error
	// What was read, for the app to say in the UI language (Detail says
	// it in English): a public account's Handle and Followers; the token's
	// own account (Own); or the token's type and number of permissions.
	Handle      string
	Followers   int64
	Own         string
	TokenType   string
	Permissions int
}

// Public accounts the connection test reads: the platforms' own, which
// exist as long as the platform does.
var testAccounts = map[data.Platform]string{
	data.Telegram: "telegram",
	data.YouTube:  "UC_x5XG1OV2P6uZZ5FSM9Ttw", // Google for Developers
	data.X:        "XDevelopers",
	data.VK:       "id1",
	data.TikTok:   "tiktok",
}

// TestConnection makes one real, cheap call on platform p with cfg's token
// and reports the answer: a public account's count (Telegram, YouTube, X,
// VK, TikTok), the token's validity and expiry (Facebook, via
// debug_token), or the user's own account (Instagram, Threads).
func TestConnection(ctx context.Context, p data.Platform, cfg Config) ConnectionReport {
	rep := ConnectionReport{Platform: p}
	pr, err := NewProvider(p, cfg)
	if err != nil {
		rep.Err = err
		return rep
	}
	if err := pr.Ready(ctx); err != nil {
		rep.Err = err
		return rep
	}
	sc := pr.(*scrubbing)
	switch p {
	case data.Facebook:
		info, err := debugToken(ctx, sc.c, sc.Provider.(*Facebook).tok)
		rep.Err = sc.c.scrubErr(err)
		if err == nil {
			rep.Detail, rep.Expires = info.describe(), info.expires()
			rep.TokenType, rep.Permissions = info.Type, len(info.Scopes)
		}
		return rep
	case data.Instagram, data.Threads:
		name, err := ownAccount(ctx, sc)
		rep.Err = sc.c.scrubErr(err)
		if err == nil {
			rep.Detail, rep.Own = fmt.Sprintf("token works: your account @%s", name), name
		}
		return rep
	}
	a := data.Account{ID: 1, OfficialID: 1, Platform: p, Handle: testAccounts[p], Active: true}
	res, err := pr.Fetch(ctx, []data.Account{a})
	switch {
	case err != nil:
		rep.Err = err
	case len(res) != 1:
		rep.Err = malformed("%d results for one account", len(res))
	case res[0].Err != nil:
		rep.Err = res[0].Err
	default:
		rep.Detail = fmt.Sprintf("read @%s: %d", a.Handle, res[0].Snapshot.Followers)
		rep.Handle, rep.Followers = a.Handle, res[0].Snapshot.Followers
	}
	if p == data.TikTok {
		rep.Expires = tiktokExpiry(pr)
	}
	return rep
}

// ownAccount reads the username of the token's own account: GET
// /v25.0/{ig-id}?fields=username (Instagram) or /v1.0/me?fields=username
// (Threads).
func ownAccount(ctx context.Context, sc *scrubbing) (string, error) {
	var (
		tok  *tokenHolder
		path string
	)
	switch pr := sc.Provider.(type) {
	case *Instagram:
		tok, path = pr.tok, "/"+graphVersion+"/"+pr.accountID
	case *Threads:
		tok, path = pr.tok, "/v1.0/me"
	default:
		return "", fmt.Errorf("no own-account test for %s: %w", sc.Platform().Title(), data.ErrInvalid)
	}
	t, err := tok.get(ctx)
	if err != nil {
		return "", err
	}
	resp, err := sc.c.do(ctx, request{method: http.MethodGet, path: path,
		query: url.Values{"fields": {"username"}, "access_token": {t}}})
	if err != nil {
		return "", err
	}
	if resp.status != http.StatusOK || parseGraphError(resp.body) != nil {
		return "", sc.c.graphFailure(resp)
	}
	var me struct {
		Username string `json:"username"`
	}
	if err := decodeJSON(resp.body, &me); err != nil {
		return "", err
	}
	if me.Username == "" {
		return "", malformed("answer has no username")
	}
	return me.Username, nil
}

// tokenInfo is debug_token's data object.
type tokenInfo struct {
	IsValid   bool     `json:"is_valid"`
	Type      string   `json:"type"`
	ExpiresAt int64    `json:"expires_at"` // Unix seconds; 0 = never
	DataUntil int64    `json:"data_access_expires_at"`
	Scopes    []string `json:"scopes"`
	Error     *struct {
		Message string `json:"message"`
	} `json:"error"`
}

// expires returns when the token lapses: the earlier of its own expiry and
// its data access expiry (zero when neither is set).
func (ti tokenInfo) expires() time.Time {
	var t time.Time
	for _, s := range []int64{ti.ExpiresAt, ti.DataUntil} {
		if s > 0 && (t.IsZero() || time.Unix(s, 0).Before(t)) {
			t = time.Unix(s, 0).UTC()
		}
	}
	return t
}

// describe says what the token is, in plain words.
func (ti tokenInfo) describe() string {
	s := fmt.Sprintf("token valid (%s token, %d permissions)", ti.Type, len(ti.Scopes))
	if e := ti.expires(); !e.IsZero() {
		s += ", expires " + e.Format("2006-01-02")
	} else {
		s += ", does not expire"
	}
	return s
}

// debugToken asks Meta about the token itself:
// GET {base}/v25.0/debug_token?input_token=T&access_token=T.
func debugToken(ctx context.Context, c *client, th *tokenHolder) (tokenInfo, error) {
	t, err := th.get(ctx)
	if err != nil {
		return tokenInfo{}, err
	}
	resp, err := c.do(ctx, request{method: http.MethodGet, path: "/" + graphVersion + "/debug_token",
		query: url.Values{"input_token": {t}, "access_token": {t}}})
	if err != nil {
		return tokenInfo{}, err
	}
	if resp.status != http.StatusOK || parseGraphError(resp.body) != nil {
		return tokenInfo{}, c.graphFailure(resp)
	}
	var env struct {
		Data *tokenInfo `json:"data"`
	}
	if err := decodeJSON(resp.body, &env); err != nil {
		return tokenInfo{}, err
	}
	if env.Data == nil {
		return tokenInfo{}, malformed("debug_token answer has no data")
	}
	if !env.Data.IsValid {
		msg := "token is not valid"
		if env.Data.Error != nil {
			msg = c.scrub(env.Data.Error.Message)
		}
		return *env.Data, fmt.Errorf("%s: %s: %w", c.platform.Title(), msg, ErrTokenRejected)
	}
	return *env.Data, nil
}

// TokenWarnAhead is how long before a token lapses the app warns.
const TokenWarnAhead = 7 * 24 * time.Hour

// ErrTokenExpiring means a token lapses within TokenWarnAhead.
var ErrTokenExpiring = errors.New("token expires soon")

// MetaTokenExpiry asks Meta (debug_token) when the Facebook or Instagram
// token lapses. It returns the time (zero: never) and, when that is within
// TokenWarnAhead of now, an error wrapping ErrTokenExpiring that says what
// to do.
func MetaTokenExpiry(ctx context.Context, p data.Platform, cfg Config, now time.Time) (time.Time, error) {
	if p != data.Facebook && p != data.Instagram {
		return time.Time{}, fmt.Errorf("%s tokens are not Meta tokens: %w", p.Title(), data.ErrInvalid)
	}
	pr, err := NewProvider(p, cfg)
	if err != nil {
		return time.Time{}, err
	}
	sc := pr.(*scrubbing)
	var th *tokenHolder
	switch inner := sc.Provider.(type) {
	case *Facebook:
		th = inner.tok
	case *Instagram:
		th = inner.tok
	}
	info, err := debugToken(ctx, sc.c, th)
	if err != nil {
		return time.Time{}, sc.c.scrubErr(err)
	}
	exp := info.expires()
	if !exp.IsZero() && exp.Sub(now) < TokenWarnAhead {
		return exp, fmt.Errorf("%s: the token expires on %s; get a new long-lived token and set it in Settings or %s: %w",
			p.Title(), exp.Format("2006-01-02 15:04 UTC"), TokenEnv(p), ErrTokenExpiring)
	}
	return exp, nil
}
