package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"akimwatch/data"
	"akimwatch/data/source"
)

// quotaPlan works out the watchlist's quota plan (source.Plan): per
// platform the calls a pass needs, its time, and the shortest schedule the
// documented limits allow. It reads the store only.
func (s *Services) quotaPlan(ctx context.Context) ([]source.PlatformPlan, error) {
	accs, err := s.Store.Accounts(ctx, data.AccountFilter{ActiveOnly: true})
	if err != nil {
		return nil, err
	}
	return source.Plan(accs, nil), nil
}

// onQuotaTapped shows the quota plan in a dialog.
func (v *settingsView) onQuotaTapped() {
	v.m.svc.async(func() {
		plans, err := v.m.svc.quotaPlan(v.m.ctx)
		fyne.Do(func() {
			if err != nil {
				v.m.showError(lang.L("error.load"), err)
				return
			}
			v.quotaText = source.FormatPlan(plans)
			text := &widget.Label{Text: v.quotaText, TextStyle: fyne.TextStyle{Monospace: true}}
			d := dialog.NewCustom(lang.L("quota.title"), lang.L("action.close"), container.NewScroll(text), v.m.Window)
			d.Resize(fyne.NewSize(980, 420))
			d.Show()
		})
	})
}

// checkSchedule says whether refreshing every h hours fits the quota plan
// of the watchlist; the error names each platform that cannot keep up,
// with its numbers. Off (0) always fits.
func (s *Services) checkSchedule(ctx context.Context, h int) error {
	if h == 0 {
		return nil
	}
	plans, err := s.quotaPlan(ctx)
	if err != nil {
		return err
	}
	return source.CheckSchedule(plans, time.Duration(h)*time.Hour)
}

// testConnection makes one real, cheap call on p (source.TestConnection)
// and shows the answer; without a source configuration (tests) it only
// checks that the provider is ready.
func (v *settingsView) testConnection(p data.Platform) {
	go func() {
		var msg string
		if v.m.svc.SourceConfig != nil {
			msg = connectionText(p, source.TestConnection(v.m.ctx, p, v.m.svc.SourceConfig()))
		} else {
			msg = lang.L("settings.test.ok", map[string]any{"Platform": p.Title()})
			if err := v.providerReady(p); err != nil {
				msg = connectionErrorText(p, err)
			}
		}
		fyne.Do(func() {
			v.lastTest = msg
			dialog.ShowInformation(lang.L("settings.test"), msg, v.m.Window)
		})
	}()
}

// providerReady asks p's provider whether it can run.
func (v *settingsView) providerReady(p data.Platform) error {
	provs, err := v.m.svc.Providers()
	if err != nil {
		return err
	}
	for _, pr := range provs {
		if pr.Platform() == p {
			return pr.Ready(v.m.ctx)
		}
	}
	return nil
}

// tiktokCredentials is the form row for TikTok's client key and secret,
// kept in the keyring: fresh 2-hour client tokens are fetched from them.
func (v *settingsView) tiktokCredentials() (*widget.FormItem, *widget.FormItem) {
	key, secret := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	key.SetPlaceHolder("client_key")
	secret.SetPlaceHolder("client_secret")
	save := func(name string, e *widget.Entry) func() {
		return func() {
			if v.m.svc.SaveSecret == nil {
				return
			}
			if err := v.m.svc.SaveSecret(name, e.Text); err != nil {
				v.m.showError(lang.L("error.token", map[string]any{"Platform": data.TikTok.Title(), "Env": source.SecretEnv(name)}), err)
				return
			}
			e.SetText("")
			v.m.status.SetText(lang.L("settings.token.saved", map[string]any{"Platform": data.TikTok.Title()}))
		}
	}
	row := func(name string, e *widget.Entry) fyne.CanvasObject {
		return container.NewBorder(nil, nil, nil, &widget.Button{Text: lang.L("action.save"), OnTapped: save(name, e)}, e)
	}
	return widget.NewFormItem(lang.L("settings.tiktok.key"), row(source.SecretTikTokClientKey, key)),
		widget.NewFormItem(lang.L("settings.tiktok.secret"), row(source.SecretTikTokClientSecret, secret))
}
