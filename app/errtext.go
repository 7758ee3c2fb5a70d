package app

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2/lang"

	"akimwatch/assets/i18n"
	"akimwatch/data"
	"akimwatch/data/refresh"
	"akimwatch/data/source"
	"akimwatch/data/transfer"
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

// importErrorText says why an import failed in the UI language: how many
// lines are bad and, for each one listed, its number and what is wrong
// (transfer.Problem). An error of another kind keeps its own words.
func importErrorText(err error) string {
	var le *transfer.LinesError
	if errors.As(err, &le) {
		out := []string{lang.L("import.badlines", map[string]any{"Count": i18n.Int(int64(le.Count), Language())})}
		for _, l := range le.Lines {
			out = append(out, lineErrorText(l))
		}
		if more := le.Count - len(le.Lines); more > 0 {
			out = append(out, lang.L("import.more", map[string]any{"Count": i18n.Int(int64(more), Language())}))
		}
		return strings.Join(out, "\n")
	}
	var one *transfer.LineError // the header: the file is read no further
	if errors.As(err, &one) {
		return lineErrorText(one)
	}
	var p *transfer.Problem // the whole file: empty, not a workbook…
	if errors.As(err, &p) {
		return lang.L(p.Key, p.Args)
	}
	return userError("", err)
}

// lineErrorText is one bad line: its number and what is wrong with it.
func lineErrorText(l *transfer.LineError) string {
	reason := l.Err.Error()
	var p *transfer.Problem
	if errors.As(l.Err, &p) {
		reason = lang.L(p.Key, p.Args)
	}
	return lang.L("import.line", map[string]any{"Line": l.Line, "Reason": reason})
}

// connectionErrorKinds explain, beyond errorKinds, why a connection test
// failed; elsewhere these errors keep their own, more detailed words.
var connectionErrorKinds = []struct {
	err error
	key string
}{
	{source.ErrAccessLevel, "err.accesslevel"},
	{source.ErrQuotaExhausted, "err.quota"},
}

// connectionErrorText says why p's connection test failed in the UI
// language, then the platform's own (English, token-free) words as the
// details.
func connectionErrorText(p data.Platform, err error) string {
	reason := ""
	env := map[string]any{"Env": source.TokenEnv(p)}
	for _, k := range append(errorKinds[:len(errorKinds):len(errorKinds)], connectionErrorKinds...) {
		if errors.Is(err, k.err) {
			reason = lang.L(k.key, env)
			break
		}
	}
	if reason == "" {
		for _, m := range accountErrorMarks {
			if strings.Contains(err.Error(), m.mark) {
				reason = lang.L(m.key, env)
				break
			}
		}
	}
	if reason == "" {
		reason = lang.L("settings.test.unknown")
	}
	return lang.L("settings.test.failed", map[string]any{"Platform": p.Title(), "Reason": reason, "Detail": err.Error()})
}

// connectionText says in the UI language what p's connection test read.
func connectionText(p data.Platform, rep source.ConnectionReport) string {
	switch {
	case rep.Err != nil:
		return connectionErrorText(p, rep.Err)
	case rep.Own != "":
		return lang.L("settings.test.own", map[string]any{"Platform": p.Title(), "Handle": rep.Own})
	case rep.TokenType != "":
		expiry := lang.L("settings.test.noexpiry")
		if !rep.Expires.IsZero() {
			expiry = lang.L("settings.test.expires", map[string]any{"Date": rep.Expires.Format("2006-01-02")})
		}
		return lang.L("settings.test.token", map[string]any{"Platform": p.Title(), "Type": rep.TokenType,
			"Permissions": i18n.Int(int64(rep.Permissions), Language()), "Expiry": expiry})
	case rep.Handle != "":
		return lang.L("settings.test.read", map[string]any{"Platform": p.Title(), "Handle": rep.Handle,
			"Count": i18n.Int(rep.Followers, Language())})
	}
	return lang.L("settings.test.result", map[string]any{"Platform": p.Title(), "Detail": rep.Detail})
}
