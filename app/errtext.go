package app

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"akimwatch/data"
	"akimwatch/data/refresh"
	"akimwatch/data/source"
)

// errorKinds pairs the errors people meet with the key that explains them
// in the UI language; the first match wins.
var errorKinds = []struct {
	err error
	key string
}{
	{refresh.ErrDemo, "error.refresh_demo"},
	{source.ErrNoToken, "err.notoken"},
	{source.ErrTokenRejected, "err.tokenrejected"},
	{source.ErrNotFound, "err.notfound"},
	{source.ErrRateLimited, "err.ratelimited"},
	{source.ErrMalformed, "err.malformed"},
	{source.ErrHTTPStatus, "err.httpstatus"},
	{context.DeadlineExceeded, "err.timeout"},
	{data.ErrNotFound, "err.missing"},
	{data.ErrLocked, "err.locked"},
	{data.ErrOutputIsDatabase, "err.output_database"},
	{data.ErrOutputInBackups, "err.output_backups"},
}

// userError says err in the UI language when it is a kind people meet
// (no token, account not found, rate limited…), naming the platform when
// there is one; other errors keep their own words, which name the file or
// value at fault.
func userError(p data.Platform, err error) string {
	if err == nil {
		return ""
	}
	for _, k := range errorKinds {
		if errors.Is(err, k.err) {
			return withPlatform(p, lang.L(k.key, map[string]any{"Env": source.TokenEnv(p)}))
		}
	}
	return err.Error()
}

func withPlatform(p data.Platform, s string) string {
	if p == "" {
		return s
	}
	return p.Title() + ": " + s
}

// accountErrorMarks are the words the source package's error kinds leave in
// an account's stored last error, with the key that explains them.
var accountErrorMarks = []struct{ mark, key string }{
	{source.ErrNotFound.Error(), "err.notfound"},
	{source.ErrRateLimited.Error(), "err.ratelimited"},
	{source.ErrMalformed.Error(), "err.malformed"},
	{"HTTP status", "err.httpstatus"},
	{"answered 4", "err.httpstatus"},
	{"answered 5", "err.httpstatus"},
	{source.ErrTokenRejected.Error(), "err.tokenrejected"},
	{"deadline exceeded", "err.timeout"},
	{"Client.Timeout", "err.timeout"},
	{"no such host", "err.network"},
	{"connection refused", "err.network"},
	{"connection reset", "err.network"},
}

// accountErrorText says an account's stored last error (kept in the store
// in the source's English words, URLs redacted) in the UI language.
func accountErrorText(a data.Account) string {
	for _, m := range accountErrorMarks {
		if strings.Contains(a.LastError, m.mark) {
			return lang.L(m.key, map[string]any{"Env": source.TokenEnv(a.Platform)})
		}
	}
	return lang.L("err.other")
}
