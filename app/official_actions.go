package app

import (
	"context"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

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
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
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
			if err == nil {
				err = writeFileAtomic(path, b)
			}
			fyne.Do(func() {
				if err != nil {
					v.m.showError(lang.L("error.export"), err)
					return
				}
				v.m.status.SetText(lang.L("status.exported", map[string]any{"Path": path}))
			})
		}()
	}, v.m.Window)
	d.SetFileName(name)
	d.Show()
}

// onCompareTapped lets the analyst pick other officials to draw alongside.
func (v *officialView) onCompareTapped() {
	v.mu.Lock()
	cur := v.current.Official.ID
	v.mu.Unlock()
	var names []string
	ids := map[string]int64{}
	for _, r := range v.m.watch.all {
		if r.Official.ID != cur && r.Counted > 0 {
			names = append(names, r.Official.Name)
			ids[r.Official.Name] = r.Official.ID
		}
	}
	check := widget.NewCheckGroup(names, nil)
	dialog.ShowCustomConfirm(lang.L("action.compare"), lang.L("action.ok"), lang.L("action.cancel"), check, func(ok bool) {
		if !ok {
			return
		}
		var sel []int64
		for _, n := range check.Selected {
			sel = append(sel, ids[n])
		}
		v.mu.Lock()
		v.compare = sel
		v.mu.Unlock()
		v.chart.Redraw()
	}, v.m.Window)
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
	count := widget.NewEntry()
	count.SetPlaceHolder("12 345")
	when := widget.NewEntry()
	when.SetText(v.m.svc.Now().UTC().Format("2006-01-02 15:04"))
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("manual.account"), acc),
		widget.NewFormItem(lang.L("manual.followers"), count),
		widget.NewFormItem(lang.L("manual.time"), when),
	}
	count.Validator = func(s string) error { _, err := parseCount(s); return err }
	dialog.ShowForm(lang.L("action.manual"), lang.L("action.save"), lang.L("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		n, _ := parseCount(count.Text)
		t, err := time.Parse("2006-01-02 15:04", strings.TrimSpace(when.Text))
		if err != nil {
			v.m.showError(lang.L("error.manual"), err)
			return
		}
		snap := data.Snapshot{AccountID: byLabel[acc.Selected].ID, Time: t.UTC(), Followers: n, Source: data.SourceManual}
		if err := snap.CheckPlausible(v.m.svc.Now()); err != nil {
			v.m.showError(lang.L("error.manual"), err)
			return
		}
		go func() {
			err := v.m.svc.Store.AddSnapshots(context.Background(), []data.Snapshot{snap})
			fyne.Do(func() {
				if err != nil {
					v.m.showError(lang.L("error.manual"), err)
					return
				}
				v.m.Load()
				v.reload()
			})
		}()
	}, v.m.Window)
}

// parseCount reads a follower count typed with or without thousands
// separators (spaces, or commas as English writes them).
func parseCount(s string) (int64, error) {
	n, err := data.ParseCount("followers", strings.ReplaceAll(s, ",", ""))
	if err != nil {
		return 0, errInvalidCount
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
