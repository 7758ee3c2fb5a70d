package source

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// tiktokAuth hands out TikTok client access tokens. With a client key and
// secret it fetches one from POST {base}/v2/oauth/token/
// (grant_type=client_credentials), keeps it, and fetches a new one
// tiktokRenewBefore its expiry (tokens last 2 hours) or when TikTok calls
// it invalid. Without them it falls back to a token set by hand.
type tiktokAuth struct {
	c       *client
	static  *tokenHolder
	secrets SecretSource // nil: no client key and secret can be looked up

	mu  sync.Mutex
	tok string
	exp time.Time
}

// tiktokRenewBefore is how long before its expiry a client token is
// replaced, so no call goes out with a token about to lapse.
const tiktokRenewBefore = 5 * time.Minute

// credentials returns the client key and secret, or "" when either is unset.
func (t *tiktokAuth) credentials(ctx context.Context) (key, secret string, err error) {
	if t.secrets == nil {
		return "", "", nil
	}
	if key, err = t.secrets.Secret(ctx, SecretTikTokClientKey); err != nil || key == "" {
		return "", "", err
	}
	if secret, err = t.secrets.Secret(ctx, SecretTikTokClientSecret); err != nil || secret == "" {
		return "", "", err
	}
	return key, secret, nil
}

// ready reports whether a token can be had without asking TikTok.
func (t *tiktokAuth) ready(ctx context.Context) error {
	key, _, err := t.credentials(ctx)
	if err != nil {
		return fmt.Errorf("TikTok client key: %w", err)
	}
	if key != "" {
		return nil
	}
	if _, err := t.static.get(ctx); err != nil {
		return fmt.Errorf("%w (or set the client key and secret: %s, %s)", err,
			SecretEnv(SecretTikTokClientKey), SecretEnv(SecretTikTokClientSecret))
	}
	return nil
}

// token returns a valid client access token.
func (t *tiktokAuth) token(ctx context.Context) (string, error) {
	key, secret, err := t.credentials(ctx)
	if err != nil {
		return "", fmt.Errorf("TikTok client key: %w", err)
	}
	if key == "" {
		return t.static.get(ctx)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok != "" && t.c.now().Before(t.exp.Add(-tiktokRenewBefore)) {
		return t.tok, nil
	}
	tok, life, err := t.fetch(ctx, key, secret)
	if err != nil {
		return "", err
	}
	t.tok, t.exp = tok, t.c.now().Add(life)
	t.c.setSecret(tok)
	return tok, nil
}

// renew drops the kept client token so the next call fetches a new one;
// false when there is no client key to fetch one with.
func (t *tiktokAuth) renew() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok == "" {
		return false
	}
	t.tok = ""
	return true
}

// expiry returns when the kept client token lapses (zero: none kept).
func (t *tiktokAuth) expiry() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok == "" {
		return time.Time{}
	}
	return t.exp
}

// tiktokTokenAnswer is the client-credentials answer: the token, or an
// OAuth error ("invalid_client"…).
type tiktokTokenAnswer struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
	TokenType   string `json:"token_type"`
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// fetch asks TikTok for a client access token and its lifetime.
func (t *tiktokAuth) fetch(ctx context.Context, key, secret string) (string, time.Duration, error) {
	form := url.Values{"client_key": {key}, "client_secret": {secret}, "grant_type": {"client_credentials"}}
	resp, err := t.c.do(ctx, request{
		method: http.MethodPost,
		path:   "/v2/oauth/token/",
		header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Cache-Control": {"no-cache"}},
		body:   []byte(form.Encode()),
	})
	if err != nil {
		return "", 0, fmt.Errorf("TikTok client token: %w", err)
	}
	var ans tiktokTokenAnswer
	decErr := decodeJSON(resp.body, &ans)
	if ans.Error != "" || resp.status == http.StatusUnauthorized || resp.status == http.StatusBadRequest {
		desc := strings.ReplaceAll(strings.ReplaceAll(ans.Description, secret, redacted), key, redacted)
		return "", 0, fmt.Errorf("TikTok refused the client key and secret (%s: %s). Set them in Settings or %s and %s: %w",
			ans.Error, desc, SecretEnv(SecretTikTokClientKey), SecretEnv(SecretTikTokClientSecret), ErrTokenRejected)
	}
	if resp.status != http.StatusOK {
		return "", 0, t.c.statusError(resp)
	}
	if decErr != nil {
		return "", 0, decErr
	}
	if ans.AccessToken == "" || ans.ExpiresIn <= 0 {
		return "", 0, malformed("TikTok client token answer has no access_token or expires_in")
	}
	return ans.AccessToken, time.Duration(ans.ExpiresIn) * time.Second, nil
}

// tiktokExpiry says when the client token pr keeps lapses (zero: none
// kept, or pr is not TikTok's provider); for the connection test.
func tiktokExpiry(pr Provider) time.Time {
	if s, ok := pr.(*scrubbing); ok {
		pr = s.Provider
	}
	if t, ok := pr.(*TikTok); ok {
		return t.auth.expiry()
	}
	return time.Time{}
}
