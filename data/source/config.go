package source

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/sirupsen/logrus"
	"golang.org/x/time/rate"

	"akimwatch/data"
)

// DefaultBaseURLs are the platforms' API base URLs. AKIMWATCH_API_<PLATFORM>
// (or Config.BaseURLs) replaces one; requests then go to that base with the
// same paths.
var DefaultBaseURLs = map[data.Platform]string{
	data.Telegram:  "https://t.me",
	data.YouTube:   "https://www.googleapis.com",
	data.X:         "https://api.x.com",
	data.Facebook:  "https://graph.facebook.com",
	data.Instagram: "https://graph.facebook.com",
	data.VK:        "https://api.vk.com",
	data.Threads:   "https://graph.threads.net",
	data.TikTok:    "https://open.tiktokapis.com",
}

// Config is what the providers share. The zero value is usable: tokens from
// the keyring and environment, documented limits and timeouts.
type Config struct {
	// Tokens looks up API tokens; nil means DefaultTokens().
	Tokens TokenSource
	// InstagramAccountID is the user's own Instagram professional account
	// id that business discovery runs on; "" falls back to the
	// AKIMWATCH_INSTAGRAM_ACCOUNT_ID environment variable.
	InstagramAccountID string
	// BaseURLs overrides base URLs per platform (before the environment).
	BaseURLs map[data.Platform]string
	// Limits overrides DefaultLimits per platform (all fields of an entry).
	Limits map[data.Platform]Limit
	// Retry tunes retries; zero fields take the documented defaults.
	Retry Retry
	// CallTimeout bounds one HTTP exchange; zero means DefaultCallTimeout.
	CallTimeout time.Duration
	// MaxBody caps one answer in bytes; zero means DefaultMaxBody.
	MaxBody int64
	// HTTPClient sends requests; nil means a client with sane transport
	// timeouts.
	HTTPClient *http.Client
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// Now is the clock used for reset headers; nil means time.Now.
	Now func() time.Time
	// Log receives retry and stop messages (never secrets); nil means the
	// standard logrus logger.
	Log logrus.FieldLogger
}

// DefaultProviders returns a provider for every platform in data.Platforms,
// configured from cfg. It fails only on a malformed base-URL override.
func DefaultProviders(cfg Config) ([]Provider, error) {
	out := make([]Provider, 0, len(data.Platforms))
	for _, p := range data.Platforms {
		pr, err := NewProvider(p, cfg)
		if err != nil {
			return nil, err
		}
		out = append(out, pr)
	}
	return out, nil
}

// NewProvider returns the provider for one platform. Every error it
// returns, per account or for the whole platform, is scrubbed of the token.
func NewProvider(p data.Platform, cfg Config) (Provider, error) {
	c, err := newClient(p, cfg)
	if err != nil {
		return nil, err
	}
	pr, err := newProvider(p, cfg, c)
	if err != nil {
		return nil, err
	}
	return &scrubbing{Provider: pr, c: c}, nil
}

// newProvider builds platform p's provider on c.
func newProvider(p data.Platform, cfg Config, c *client) (Provider, error) {
	tok := tokenHolder{platform: p, src: cfg.tokens(), c: c}
	switch p {
	case data.Telegram:
		return &Telegram{c: c}, nil
	case data.YouTube:
		return &YouTube{c: c, tok: &tok}, nil
	case data.X:
		return &XProvider{c: c, tok: &tok}, nil
	case data.Facebook:
		return &Facebook{c: c, tok: &tok}, nil
	case data.Instagram:
		id := strings.TrimSpace(cfg.InstagramAccountID)
		if id == "" {
			id = strings.TrimSpace(cfg.getenv()(InstagramAccountEnv))
		}
		return &Instagram{c: c, tok: &tok, accountID: id}, nil
	case data.VK:
		return &VK{c: c, tok: &tok}, nil
	case data.Threads:
		return &Threads{c: c, tok: &tok}, nil
	case data.TikTok:
		ss, _ := cfg.tokens().(SecretSource)
		return &TikTok{c: c, auth: &tiktokAuth{c: c, static: &tok, secrets: ss}}, nil
	}
	return nil, fmt.Errorf("no provider for platform %q: %w", p, data.ErrInvalid)
}

func (cfg Config) tokens() TokenSource {
	if cfg.Tokens != nil {
		return cfg.Tokens
	}
	return &Tokens{Getenv: cfg.Getenv}
}

func (cfg Config) getenv() func(string) string {
	if cfg.Getenv != nil {
		return cfg.Getenv
	}
	return os.Getenv
}

// defaultHTTPClient has transport-level timeouts; the per-call timeout is
// applied through the request context. Each client copies it and adds its
// own redirect rule (client.checkRedirect).
var defaultHTTPClient = &http.Client{
	Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: DefaultCallTimeout,
	},
}

// newClient builds platform p's HTTP plumbing from cfg.
func newClient(p data.Platform, cfg Config) (*client, error) {
	base := DefaultBaseURLs[p]
	if v := cfg.BaseURLs[p]; v != "" {
		base = v
	} else if v := strings.TrimSpace(cfg.getenv()(BaseURLEnv(p))); v != "" {
		base = v
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("base URL %q for %s (from %s) is not an http(s) URL: %w", base, p.Title(), BaseURLEnv(p), data.ErrInvalid)
	}
	u.RawQuery, u.Fragment = "", ""
	lim, ok := cfg.Limits[p]
	if !ok {
		lim = DefaultLimits[p]
	}
	if lim.Batch <= 0 {
		lim.Batch = 1
	}
	if lim.Burst <= 0 {
		lim.Burst = 1
	}
	c := &client{
		platform: p,
		base:     u,
		hc:       cfg.HTTPClient,
		lim:      rate.NewLimiter(lim.Rate, lim.Burst),
		retry:    cfg.Retry.withDefaults(),
		timeout:  cfg.CallTimeout,
		maxBody:  cfg.MaxBody,
		now:      cfg.Now,
		log:      cfg.Log,
		batch:    lim.Batch,
	}
	if c.hc == nil {
		c.hc = defaultHTTPClient
	}
	// A copy, so the redirect rule names this platform's base whatever
	// client the caller passed.
	hc := *c.hc
	hc.CheckRedirect = c.checkRedirect
	c.hc = &hc
	if c.timeout <= 0 {
		c.timeout = DefaultCallTimeout
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxBody
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = logrus.StandardLogger()
	}
	return c, nil
}

// tokenHolder looks a platform's token up once and keeps it.
type tokenHolder struct {
	platform data.Platform
	src      TokenSource
	c        *client

	mu  sync.Mutex
	tok string
}

// get returns the token, or an error wrapping ErrNoToken.
func (t *tokenHolder) get(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok != "" {
		return t.tok, nil
	}
	tok, err := t.src.Token(ctx, t.platform)
	if err != nil {
		return "", fmt.Errorf("%s token: %w", t.platform.Title(), err)
	}
	if tok == "" {
		return "", fmt.Errorf("%s: no token. Set it in Settings or %s: %w", t.platform.Title(), TokenEnv(t.platform), ErrNoToken)
	}
	t.tok = tok
	t.c.setSecret(tok)
	return tok, nil
}
