package app

import (
	"errors"
	"io"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"akimwatch/assets/i18n"
	"akimwatch/charts"
	"akimwatch/data"
)

// openFolder opens dir in the system file manager.
func (m *MainWindow) openFolder(dir string) {
	u, err := url.Parse(storage.NewFileURI(dir).String())
	if err == nil {
		err = m.app.OpenURL(u)
	}
	if err != nil {
		m.showError(lang.L("error.open"), err)
	}
}

// onSaveAsTapped asks where to save the chart, as PNG or SVG by extension,
// or its data as CSV (time,series,value).
func (v *officialView) onSaveAsTapped() {
	req := v.request()
	name, err := v.m.svc.Reports.FileName(v.m.ctx, req, ".png")
	if err != nil {
		v.m.showError(lang.L("error.export"), err)
		return
	}
	pick := filePick{title: lang.L("action.saveas"), name: name, save: true,
		filters: []fileFilter{{"PNG", []string{"png"}}, {"SVG", []string{"svg"}}}}
	v.m.chooseFile(pick, func(path string) {
		go func() {
			spec, err := v.m.svc.Reports.Spec(v.m.ctx, req)
			var b []byte
			switch {
			case err != nil:
			case charts.IsCSVPath(path): // the series exactly as drawn
				b, err = charts.SeriesCSV(spec)
			default:
				var f charts.Format
				if f, err = charts.FormatForPath(path); err == nil {
					b, err = charts.Render(spec, f)
				}
			}
			if err == nil { // checked again as it is written: the folder may have changed since
				err = data.WriteOutput(v.m.svc.Store.Path(), path, data.OutputOptions{Force: true}, func(w io.Writer) error {
					_, err := w.Write(b)
					return err
				})
			}
			fyne.Do(func() {
				if err != nil {
					v.m.showError(lang.L("error.export"), err)
					return
				}
				v.m.exported(path, nil)
			})
		}()
	})
}

// onManualTapped records a count typed in by the analyst, for platforms
// without API access.
func (v *officialView) onManualTapped() {
	v.mu.Lock()
	accs := v.current.Accounts
	v.mu.Unlock()
	if len(accs) == 0 {
		dialog.ShowInformation(lang.L("action.manual"), lang.L("manual.noaccounts"), v.m.Window)
		return
	}
	var opts []string
	byLabel := map[string]data.Account{}
	for _, a := range accs {
		label := a.Platform.Title() + " " + a.Handle
		opts = append(opts, label)
		byLabel[label] = a
	}
	acc := widget.NewSelect(opts, nil)
	acc.SetSelectedIndex(0)
	count := newKeyEntry()
	count.SetPlaceHolder("12 345")
	count.Validator = func(s string) error { _, err := parseCount(s); return err }
	now := v.m.svc.Now().Local()
	day := widget.NewDateEntry()
	day.SetDate(&now)
	clock := newKeyEntry()
	clock.SetText(now.Format("15:04"))
	clock.Validator = func(s string) error { _, err := parseClock(s); return err }
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("manual.account"), acc),
		widget.NewFormItem(lang.L("manual.followers"), count),
		widget.NewFormItem(lang.L("manual.date"), day),
		widget.NewFormItem(lang.L("manual.clock"), clock),
	}
	v.m.lastForm = showFormDialog(v.m.Window, lang.L("action.manual"), lang.L("action.save"), items, func() error {
		n, err := parseCount(count.Text)
		if err != nil {
			return err
		}
		if day.Date == nil {
			return errors.New(lang.L("manual.date.bad"))
		}
		hm, err := parseClock(clock.Text)
		if err != nil {
			return err
		}
		d := day.Date.Local()
		t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.Local).Add(hm)
		snap := data.Snapshot{AccountID: byLabel[acc.Selected].ID, Time: t.UTC(), Followers: n, Source: data.SourceManual}
		if err := snap.CheckPlausible(v.m.svc.Now()); err != nil {
			return err // said beside the form, which stays open
		}
		v.m.svc.async(func() {
			err := v.m.svc.Store.AddSnapshots(v.m.ctx, []data.Snapshot{snap})
			fyne.Do(func() {
				if err != nil {
					v.m.showError(lang.L("error.manual"), err)
					return
				}
				v.m.say(lang.L("status.manual", map[string]any{"Count": i18n.Int(n, Language()), "Time": i18n.DateTime(t, Language())}))
				v.m.Load()
				v.reload()
			})
		})
		return nil
	})
}

// parseClock reads a local time of day typed as 15:04.
func parseClock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, errors.New(lang.L("manual.clock.bad"))
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// parseCount reads a follower count typed with or without thousands
// separators (spaces, or commas as English writes them).
func parseCount(s string) (int64, error) {
	n, err := data.ParseCount("followers", strings.ReplaceAll(s, ",", ""))
	if err != nil {
		return 0, errors.New(lang.L("manual.count.bad"))
	}
	return n, nil
}

// onDeleteTapped deletes the official after a confirmation that says how
// many snapshots go with them.
func (v *officialView) onDeleteTapped() {
	v.mu.Lock()
	o := v.current.Official
	accs := v.current.Accounts
	v.mu.Unlock()
	go func() {
		var n int64
		for _, a := range accs {
			c, err := v.m.svc.Store.SnapshotCount(v.m.ctx, a.ID)
			if err != nil {
				fyne.Do(func() { v.m.showError(lang.L("error.delete"), err) })
				return
			}
			n += c
		}
		fyne.Do(func() {
			msg := lang.L("delete.confirm", map[string]any{"Name": o.Name, "Accounts": len(accs), "Snapshots": charts.FormatNumber(float64(n), Language())})
			dialog.ShowConfirm(lang.L("action.delete"), msg, func(ok bool) {
				if !ok {
					return
				}
				go func() {
					_, err := v.m.svc.Store.DeleteOfficial(v.m.ctx, o.ID)
					fyne.Do(func() {
						if err != nil {
							v.m.showError(lang.L("error.delete"), err)
							return
						}
						v.mu.Lock()
						v.current = data.OfficialSummary{}
						v.mu.Unlock()
						v.body.Hide()
						v.empty.Show()
						v.m.Load()
					})
				}()
			}, v.m.Window)
		})
	}()
}

// onEditAccountTapped edits an account's handle and whether it is refreshed.
func (v *officialView) onEditAccountTapped(a data.Account) {
	handle := widget.NewEntry()
	handle.SetText(a.Handle)
	active := widget.NewCheck(lang.L("account.active"), nil)
	active.SetChecked(a.Active)
	items := []*widget.FormItem{widget.NewFormItem(lang.L("form.handle"), handle), widget.NewFormItem("", active)}
	dialog.ShowForm(a.Platform.Title(), lang.L("action.save"), lang.L("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		a.Handle, a.Active, a.URL = handle.Text, active.Checked, ""
		v.m.svc.async(func() {
			err := v.m.svc.Store.UpdateAccount(v.m.ctx, a)
			fyne.Do(func() { v.afterAccountChange(lang.L("error.addaccount"), err) })
		})
	}, v.m.Window)
}

// onDeleteAccountTapped deletes an account after a confirmation that says
// how many snapshots go with it.
func (v *officialView) onDeleteAccountTapped(a data.Account) {
	v.m.svc.async(func() {
		n, err := v.m.svc.Store.SnapshotCount(v.m.ctx, a.ID)
		fyne.Do(func() {
			if err != nil {
				v.m.showError(lang.L("error.delete"), err)
				return
			}
			msg := lang.L("delete.account", map[string]any{"Account": accountLine(a), "Snapshots": charts.FormatNumber(float64(n), Language())})
			dialog.ShowConfirm(lang.L("action.delete"), msg, func(ok bool) {
				if !ok {
					return
				}
				v.m.svc.async(func() {
					_, err := v.m.svc.Store.DeleteAccount(v.m.ctx, a.ID)
					fyne.Do(func() { v.afterAccountChange(lang.L("error.delete"), err) })
				})
			}, v.m.Window)
		})
	})
}

// afterAccountChange reports an edit's error, or re-reads the shown
// official's accounts (off the UI thread) and redraws.
func (v *officialView) afterAccountChange(what string, err error) {
	if err != nil {
		v.m.showError(what, err)
		return
	}
	v.m.Load()
	v.mu.Lock()
	id := v.current.Official.ID
	v.mu.Unlock()
	v.m.svc.async(func() {
		accs, err := v.m.svc.Store.Accounts(v.m.ctx, data.AccountFilter{OfficialID: id})
		fyne.Do(func() {
			if err != nil {
				v.m.showError(lang.L("error.load"), err)
				return
			}
			v.mu.Lock()
			v.current.Accounts = accs
			v.mu.Unlock()
			v.showAccounts(accs)
			v.reload()
		})
	})
}
