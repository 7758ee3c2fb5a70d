package app

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"akimwatch/data"
	"akimwatch/data/refresh"
	"akimwatch/data/source"
)

// attentionView lists the accounts that need the analyst: those whose last
// check failed (what failed, since when, what to do), and Meta tokens that
// expire within a week. Nothing here deactivates an account.
type attentionView struct {
	m      *MainWindow
	tokens *widget.Label
	list   *fyne.Container
	rows   []string // the lines shown, for tests
}

func newAttentionView(m *MainWindow) *attentionView {
	v := &attentionView{m: m, list: container.NewVBox()}
	v.tokens = &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance}
	v.tokens.Hide()
	return v
}

// content is the tab's body.
func (v *attentionView) content() fyne.CanvasObject {
	// One scroll for all: wrapped labels then take the tab's width.
	return container.NewVScroll(container.NewVBox(
		&widget.Label{Text: lang.L("attention.intro"), Wrapping: fyne.TextWrapWord},
		v.tokens,
		container.NewHBox(&widget.Button{Text: lang.L("attention.reload"), Icon: theme.ViewRefreshIcon(), OnTapped: v.load}),
		v.list,
	))
}

// attentionTab builds the "Needs attention" tab.
func (m *MainWindow) attentionTab() *container.TabItem {
	m.attention = newAttentionView(m)
	return container.NewTabItemWithIcon(lang.L("tab.attention"), theme.ErrorIcon(), m.attention.content())
}

// load reads the failing accounts in the background and shows them.
func (v *attentionView) load() {
	v.m.svc.async(func() {
		lines, err := v.fetch(v.m.ctx)
		fyne.Do(func() { v.apply(lines, err) })
	})
}

// fetch reads what to list: one line per account needing attention now.
func (v *attentionView) fetch(ctx context.Context) ([]string, error) {
	accs, err := v.m.svc.Store.FailingAccounts(ctx)
	if err != nil {
		return nil, err
	}
	offs, err := v.m.svc.Store.Officials(ctx)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, o := range offs {
		names[o.ID] = o.Name
	}
	now := v.m.svc.Now()
	var lines []string
	for _, a := range accs {
		if !a.NeedsAttention(now) {
			continue
		}
		lines = append(lines, lang.L("attention.row", map[string]any{
			"Official": names[a.OfficialID], "Platform": a.Platform.Title(), "Handle": a.Handle,
			"Reason": failReason(a.FailKind), "Since": a.FailingSince.Local().Format("2006-01-02"),
			"Tries": a.FailCount, "Advice": lang.L("advice." + string(a.FailKind)),
		}))
	}
	return lines, nil
}

// apply shows lines; on the UI thread.
func (v *attentionView) apply(lines []string, err error) {
	if err != nil {
		v.m.showError(lang.L("error.load"), err)
		return
	}
	v.rows = lines
	v.list.RemoveAll()
	if len(lines) == 0 {
		v.list.Add(widget.NewLabel(lang.L("attention.none")))
	}
	for _, l := range lines {
		v.list.Add(&widget.Label{Text: "⚠ " + l, Wrapping: fyne.TextWrapWord})
	}
	v.list.Refresh()
}

// failReason names a failure kind in the UI's language.
func failReason(k data.FailKind) string { return lang.L("fail." + string(k)) }

// attentionNote is appended to the status line after a pass: how many
// accounts failed or wait out their backoff (never hidden in "skipped").
func attentionNote(sum refresh.Summary) string {
	n := sum.Failed + sum.Skips[refresh.SkipBackoff]
	if n == 0 {
		return ""
	}
	return " · " + lang.L("status.failing", map[string]any{"Count": n})
}

// checkTokenExpiry asks Meta when the Facebook and Instagram tokens lapse
// and shows a warning a week ahead (source.TokenWarnAhead). Platforms
// without a token are passed over.
func (v *attentionView) checkTokenExpiry() {
	if v.m.svc.SourceConfig == nil {
		return
	}
	cfg := v.m.svc.SourceConfig()
	v.m.svc.async(func() {
		var warn []string
		for _, p := range []data.Platform{data.Facebook, data.Instagram} {
			exp, err := source.MetaTokenExpiry(v.m.ctx, p, cfg, v.m.svc.Now())
			if errors.Is(err, source.ErrTokenExpiring) {
				warn = append(warn, lang.L("attention.token", map[string]any{"Platform": p.Title(), "Date": exp.Local().Format("2006-01-02")}))
			}
		}
		fyne.Do(func() { v.showTokenWarnings(warn) })
	})
}

// showTokenWarnings shows (or hides) the token warnings; on the UI thread.
func (v *attentionView) showTokenWarnings(warn []string) {
	if len(warn) == 0 {
		v.tokens.Hide()
		return
	}
	text := ""
	for i, w := range warn {
		if i > 0 {
			text += "\n"
		}
		text += "⚠ " + w
	}
	v.tokens.SetText(text)
	v.tokens.Show()
	v.m.status.SetText(warn[0])
}

// tokenCheckEvery is how often the running app looks at token expiry.
const tokenCheckEvery = 12 * time.Hour

// watchTokens checks token expiry now and every tokenCheckEvery until the
// window's context ends.
func (m *MainWindow) watchTokens() {
	m.attention.checkTokenExpiry()
	go func() {
		t := time.NewTicker(tokenCheckEvery)
		defer t.Stop()
		for {
			select {
			case <-m.ctx.Done():
				return
			case <-t.C:
				m.attention.checkTokenExpiry()
			}
		}
	}()
}

// AttentionRows returns the lines the Needs attention tab shows (tests).
func (m *MainWindow) AttentionRows() []string { return m.attention.rows }

// TokenWarning returns the token expiry warning shown, or "" (tests).
func (m *MainWindow) TokenWarning() string {
	if !m.attention.tokens.Visible() {
		return ""
	}
	return m.attention.tokens.Text
}

// ChooseSchedule picks a refresh interval in Settings as the analyst does
// (tests); a schedule the quota plan cannot keep is refused.
func (m *MainWindow) ChooseSchedule(h int) { m.prefs.sched.SetSelected(scheduleName(h)) }

// CheckTokens runs the token expiry check now (tests).
func (m *MainWindow) CheckTokens() { m.attention.checkTokenExpiry() }

// ScheduleHours returns the refresh interval in effect (tests).
func (m *MainWindow) ScheduleHours() int { return m.settings.ScheduleHours() }
