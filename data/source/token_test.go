package source

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"akimwatch/data"
)

func TestTokensKeyringThenEnv(t *testing.T) {
	env := map[string]string{"AKIMWATCH_TOKEN_X": "from-env", "AKIMWATCH_TOKEN_VK": "vk-env"}
	tests := []struct {
		name    string
		keyring func(service, user string) (string, error)
		p       data.Platform
		want    string
	}{
		{"keyring wins", func(s, u string) (string, error) { return "from-keyring", nil }, data.X, "from-keyring"},
		{"not in keyring", func(s, u string) (string, error) { return "", keyring.ErrNotFound }, data.X, "from-env"},
		{"keyring broken", func(s, u string) (string, error) { return "", errors.New("no dbus") }, data.VK, "vk-env"},
		{"keyring hangs", func(s, u string) (string, error) { select {} }, data.X, "from-env"},
		{"nowhere", func(s, u string) (string, error) { return "", keyring.ErrNotFound }, data.YouTube, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok := &Tokens{Keyring: tt.keyring, Getenv: func(k string) string { return env[k] }, Timeout: 20 * time.Millisecond}
			got, err := tok.Token(context.Background(), tt.p)
			if err != nil || got != tt.want {
				t.Errorf("Token = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestTokensAsksKeyringOnce(t *testing.T) {
	n := 0
	tok := &Tokens{Keyring: func(s, u string) (string, error) {
		n++
		if s != KeyringService || u != "x" {
			t.Errorf("keyring asked for %s/%s", s, u)
		}
		return "k", nil
	}}
	for range 3 {
		if got, _ := tok.Token(context.Background(), data.X); got != "k" {
			t.Fatalf("Token = %q", got)
		}
	}
	if n != 1 {
		t.Errorf("keyring asked %d times, want 1", n)
	}
}
