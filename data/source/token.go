package source

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/zalando/go-keyring"

	"akimwatch/data"
)

// KeyringService is the OS keyring service akimwatch keeps its tokens
// under; the keyring user is the platform's name ("x", "youtube"…).
const KeyringService = "akimwatch"

// TokenSource looks up a platform's API token. It returns "" and a nil
// error when none is configured.
type TokenSource interface {
	Token(ctx context.Context, p data.Platform) (string, error)
}

// TokenFunc adapts a plain function to TokenSource, as tests do.
type TokenFunc func(ctx context.Context, p data.Platform) (string, error)

// Token calls f.
func (f TokenFunc) Token(ctx context.Context, p data.Platform) (string, error) { return f(ctx, p) }

// Tokens is the default TokenSource: the OS keyring first, then the
// AKIMWATCH_TOKEN_<PLATFORM> environment variable. Each platform is looked
// up once and remembered. A keyring that is missing, locked or slow (as on
// a headless CI machine) is passed over for the environment after
// keyringTimeout.
type Tokens struct {
	// Keyring reads one secret; nil means the OS keyring.
	Keyring func(service, user string) (string, error)
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// Timeout bounds one keyring lookup; zero means keyringTimeout.
	Timeout time.Duration

	mu    sync.Mutex
	cache map[string]string
}

// DefaultTokens returns a Tokens reading the OS keyring and environment.
func DefaultTokens() *Tokens { return &Tokens{} }

// Token returns p's token from the keyring or the environment, or "".
func (t *Tokens) Token(ctx context.Context, p data.Platform) (string, error) {
	return t.lookup(ctx, string(p), TokenEnv(p), p.Title()+" token")
}

// Secret returns a named secret other than a platform's token (such as
// TikTok's client key and secret) from the keyring (user name) or the
// environment (SecretEnv(name)), or "".
func (t *Tokens) Secret(ctx context.Context, name string) (string, error) {
	return t.lookup(ctx, name, SecretEnv(name), name)
}

// lookup reads one secret from the keyring user, else the env variable.
func (t *Tokens) lookup(ctx context.Context, user, env, what string) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if tok, ok := t.cache[user]; ok {
		return tok, nil
	}
	tok, err := t.fromKeyring(ctx, user)
	if err != nil && ctx.Err() != nil {
		return "", fmt.Errorf("look up %s: %w", what, ctx.Err())
	}
	if tok == "" {
		getenv := t.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		tok = strings.TrimSpace(getenv(env))
	}
	if t.cache == nil {
		t.cache = make(map[string]string)
	}
	t.cache[user] = tok
	return tok, nil
}

// SecretSource looks up named secrets besides platform tokens; *Tokens
// has it.
type SecretSource interface {
	Secret(ctx context.Context, name string) (string, error)
}

// Names of secrets besides platform tokens.
const (
	// SecretTikTokClientKey and SecretTikTokClientSecret are the TikTok
	// app's credentials, from which fresh client access tokens are fetched.
	SecretTikTokClientKey    = "tiktok_client_key"
	SecretTikTokClientSecret = "tiktok_client_secret"
)

// SecretEnv returns the environment variable that holds a named secret,
// such as AKIMWATCH_TIKTOK_CLIENT_KEY.
func SecretEnv(name string) string { return "AKIMWATCH_" + strings.ToUpper(name) }

// fromKeyring reads one secret, giving up after the timeout. A keyring
// error is not fatal: the caller falls back to the environment.
func (t *Tokens) fromKeyring(ctx context.Context, user string) (string, error) {
	get := t.Keyring
	if get == nil {
		get = keyring.Get
	}
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = keyringTimeout
	}
	type answer struct {
		tok string
		err error
	}
	ch := make(chan answer, 1) // buffered: a late answer must not block the goroutine
	go func() {
		tok, err := get(KeyringService, user)
		ch <- answer{strings.TrimSpace(tok), err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case a := <-ch:
		if errors.Is(a.err, keyring.ErrNotFound) {
			return "", nil
		}
		return a.tok, a.err
	case <-timer.C:
		return "", errors.New("keyring did not answer in time")
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// SaveToken stores p's token in the OS keyring, for the settings screen.
// An empty token deletes it.
func SaveToken(p data.Platform, token string) error {
	return saveSecret(string(p), p.Title()+" token", token)
}

// SaveSecret stores a named secret (SecretTikTokClientKey…) in the OS
// keyring. An empty value deletes it.
func SaveSecret(name, value string) error { return saveSecret(name, name, value) }

func saveSecret(user, what, value string) error {
	value = strings.TrimSpace(value)
	if value == "" {
		if err := keyring.Delete(KeyringService, user); err != nil && !errors.Is(err, keyring.ErrNotFound) {
			return fmt.Errorf("delete %s from keyring: %w", what, err)
		}
		return nil
	}
	if err := keyring.Set(KeyringService, user, value); err != nil {
		return fmt.Errorf("save %s in keyring: %w", what, err)
	}
	return nil
}
