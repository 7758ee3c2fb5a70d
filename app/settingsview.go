package app

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"akimwatch/data"
	"akimwatch/data/alerting"
	"akimwatch/data/source"
)

// settingsView edits the refresh schedule, API tokens, alert sensitivity,
// language and database.
type settingsView struct {
	m      *MainWindow
	lang   *widget.Select
	sched  *widget.Select
	sens   *widget.Select
	tokens map[data.Platform]*widget.Entry
	igID   *widget.Entry
	// lastTest and quotaText are the last connection test's answer and
	// quota plan shown (tests read them).
	lastTest  string
	quotaText string
	// db is the Database section (dbsettings.go).
	db *dbSection
}

var languageNames = map[string]string{"ru": "Русский", "kk": "Қазақша", "en": "English"}

func newSettingsView(m *MainWindow) *settingsView {
	v := &settingsView{m: m, tokens: map[data.Platform]*widget.Entry{}}
	var langOpts []string
	for _, l := range Languages {
		langOpts = append(langOpts, languageNames[l])
	}
	v.lang = widget.NewSelect(langOpts, nil)
	v.lang.SetSelected(languageNames[Language()])
	v.lang.OnChanged = v.onLanguageChanged
	var schedOpts []string
	for _, h := range Schedules {
		schedOpts = append(schedOpts, scheduleName(h))
	}
	v.sched = widget.NewSelect(schedOpts, nil)
	v.sched.SetSelected(scheduleName(m.settings.ScheduleHours()))
	v.sched.OnChanged = v.onScheduleChanged
	v.sens = widget.NewSelect([]string{lang.L("sensitivity.low"), lang.L("sensitivity.medium"), lang.L("sensitivity.high")}, nil)
	if s, err := m.svc.Alerts.Sensitivity(context.Background()); err == nil {
		v.sens.SetSelected(lang.L("sensitivity." + s.String()))
	}
	v.sens.OnChanged = v.onSensitivityChanged
	v.igID = widget.NewEntry()
	v.igID.SetText(m.settings.InstagramAccountID())
	v.igID.OnSubmitted = func(s string) { m.settings.SetInstagramAccountID(strings.TrimSpace(s)) }
	v.db = newDBSection(m)
	return v
}

func scheduleName(h int) string {
	if h == 0 {
		return lang.L("schedule.off")
	}
	return lang.L("schedule.every", map[string]any{"Hours": h})
}

func (v *settingsView) content() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem(lang.L("settings.language"), v.lang),
		widget.NewFormItem(lang.L("settings.schedule"), container.NewBorder(nil, nil, nil,
			&widget.Button{Text: lang.L("quota.show"), OnTapped: v.onQuotaTapped}, v.sched)),
		widget.NewFormItem(lang.L("settings.sensitivity"), v.sens),
	)
	tokenForm := widget.NewForm()
	for _, p := range data.Platforms {
		if p == data.Telegram {
			// Public pages need no token; the test still reads one.
			tokenForm.Append(p.Title(), container.NewHBox(&widget.Button{Text: lang.L("settings.test"), OnTapped: func() { v.testConnection(p) }}))
			continue
		}
		e := widget.NewPasswordEntry()
		e.SetPlaceHolder("token")
		v.tokens[p] = e
		save := &widget.Button{Text: lang.L("action.save"), OnTapped: func() { v.saveToken(p) }}
		test := &widget.Button{Text: lang.L("settings.test"), OnTapped: func() { v.testConnection(p) }}
		tokenForm.Append(p.Title(), container.NewBorder(nil, nil, nil, container.NewHBox(save, test), e))
	}
	tokenForm.Append(lang.L("settings.igid"), v.igID)
	key, secret := v.tiktokCredentials()
	tokenForm.AppendItem(key)
	tokenForm.AppendItem(secret)
	// Scroll both ways: the tokens form must not widen the whole window.
	return container.NewScroll(container.NewVBox(
		form,
		widget.NewLabelWithStyle(lang.L("settings.tokens"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		&widget.Label{Text: lang.L("settings.tokens.note"), Wrapping: fyne.TextWrapWord},
		tokenForm,
		v.db.content(),
	))
}

func (v *settingsView) onLanguageChanged(name string) {
	for l, n := range languageNames {
		if n == name && l != Language() {
			v.m.settings.SetLanguage(l)
			dialog.ShowInformation(lang.L("settings.language"), lang.L("settings.restart"), v.m.Window)
		}
	}
}

// onScheduleChanged keeps a schedule the watchlist's quota plan allows;
// one it cannot keep is refused with the numbers, and the choice goes back.
func (v *settingsView) onScheduleChanged(name string) {
	for _, h := range Schedules {
		if scheduleName(h) != name || h == v.m.settings.ScheduleHours() {
			continue
		}
		if err := v.m.svc.checkSchedule(v.m.ctx, h); err != nil {
			v.sched.SetSelected(scheduleName(v.m.settings.ScheduleHours()))
			dialog.ShowInformation(lang.L("settings.schedule"), lang.L("quota.refused", map[string]any{"Detail": err.Error()}), v.m.Window)
			return
		}
		v.m.settings.SetScheduleHours(h)
		v.m.startSchedule()
	}
}

func (v *settingsView) onSensitivityChanged(name string) {
	s := ""
	for _, code := range []string{"low", "medium", "high"} {
		if lang.L("sensitivity."+code) == name {
			s = code
		}
	}
	if s == "" {
		return
	}
	if err := v.m.svc.Store.SetMeta(v.m.ctx, alerting.MetaSensitivity, s); err != nil {
		v.m.showError(lang.L("error.settings"), err)
	}
}

func (v *settingsView) saveToken(p data.Platform) {
	tok := strings.TrimSpace(v.tokens[p].Text)
	if err := v.m.svc.SaveToken(p, tok); err != nil {
		v.m.showError(lang.L("error.token", map[string]any{"Platform": p.Title(), "Env": source.TokenEnv(p)}), err)
		return
	}
	v.tokens[p].SetText("")
	v.m.status.SetText(lang.L("settings.token.saved", map[string]any{"Platform": p.Title()}))
}

func (v *settingsView) onBackupTapped() {
	go func() {
		path, err := v.m.svc.Store.BackupNow(v.m.ctx, v.m.svc.Now())
		fyne.Do(func() {
			if err != nil {
				v.m.showError(lang.L("error.backup"), err)
				return
			}
			v.m.status.SetText(lang.L("status.backedup", map[string]any{"Path": path}))
		})
	}()
}
