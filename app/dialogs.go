package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"akimwatch/data"
	"akimwatch/data/transfer"
)

var errInvalidCount = errors.New("enter a whole number of followers, such as 12 345")

func isCancel(err error) bool { return errors.Is(err, context.Canceled) }

// OfficialForm holds the add-official form's fields, so tests can fill them.
type OfficialForm struct {
	Name, Position, Region, Level *widget.Entry
}

// officialFromForm validates the form and returns the official it describes,
// or an error in plain words naming the field.
func officialFromForm(f OfficialForm) (data.Official, error) {
	o := data.Official{Name: strings.TrimSpace(f.Name.Text)}
	if o.Name == "" {
		return o, errors.New(lang.L("form.name.empty"))
	}
	var err error
	if o.Position, err = data.ParsePosition(orDefault(f.Position.Text, "akim")); err != nil {
		return o, errors.New(lang.L("form.position.bad"))
	}
	if o.Region, err = data.ParseRegion(f.Region.Text); err != nil {
		return o, errors.New(lang.L("form.region.bad", map[string]any{"Region": f.Region.Text}))
	}
	o.Level = data.DefaultLevel(o.Region)
	if strings.TrimSpace(f.Level.Text) != "" {
		if o.Level, err = data.ParseLevel(f.Level.Text); err != nil {
			return o, errors.New(lang.L("form.level.bad"))
		}
	}
	return o, nil
}

func orDefault(s, d string) string {
	if strings.TrimSpace(s) == "" {
		return d
	}
	return s
}

// AddOfficial validates the form and stores the official. The add-official
// dialog calls it; tests call it directly.
func (m *MainWindow) AddOfficial(ctx context.Context, f OfficialForm) (data.Official, error) {
	o, err := officialFromForm(f)
	if err != nil {
		return o, err
	}
	return m.svc.Store.CreateOfficial(ctx, o)
}

func (m *MainWindow) onAddOfficialTapped() {
	f, items := officialForm(data.Official{})
	dialog.ShowForm(lang.L("action.addofficial"), lang.L("action.save"), lang.L("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		if _, err := m.AddOfficial(m.ctx, f); err != nil {
			m.showError(lang.L("error.addofficial"), err)
			return
		}
		m.Load()
	}, m.Window)
}

// AddAccount stores an account for the official with the given ID. When
// the official already has one account on the platform without a handle
// (such as the article's baseline), that account is given the handle
// instead, so its history is not split; filled says so. With several such
// accounts the error is data.ErrAmbiguous and FillInAccount picks one.
func (m *MainWindow) AddAccount(ctx context.Context, officialID int64, platform, handle string) (a data.Account, filled bool, err error) {
	p, err := data.ParsePlatform(platform)
	if err != nil {
		return data.Account{}, false, err
	}
	if strings.TrimSpace(handle) == "" {
		return data.Account{}, false, errors.New(lang.L("form.handle.empty"))
	}
	return m.svc.Store.AddAccount(ctx, data.Account{OfficialID: officialID, Platform: p, Handle: handle, Active: true})
}

// FillInAccount gives the existing account id the handle, keeping its history.
func (m *MainWindow) FillInAccount(ctx context.Context, id int64, handle string) (data.Account, error) {
	if strings.TrimSpace(handle) == "" {
		return data.Account{}, errors.New(lang.L("form.handle.empty"))
	}
	on := true
	return m.svc.Store.SetHandle(ctx, id, &handle, &on)
}

func (m *MainWindow) onAddAccountTapped() {
	id := m.selectedID()
	if id == 0 {
		dialog.ShowInformation(lang.L("action.addaccount"), lang.L("official.choose"), m.Window)
		return
	}
	var plats []string
	for _, p := range data.Platforms {
		plats = append(plats, string(p))
	}
	plat := widget.NewSelect(plats, nil)
	plat.SetSelectedIndex(0)
	handle := widget.NewEntry()
	handle.SetPlaceHolder("@handle / https://t.me/channel")
	items := []*widget.FormItem{widget.NewFormItem(lang.L("form.platform"), plat), widget.NewFormItem(lang.L("form.handle"), handle)}
	dialog.ShowForm(lang.L("action.addaccount"), lang.L("action.save"), lang.L("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		a, filled, err := m.AddAccount(m.ctx, id, plat.Selected, handle.Text)
		switch {
		case errors.Is(err, data.ErrAmbiguous):
			m.askWhichAccount(id, data.Platform(plat.Selected), handle.Text)
			return
		case err != nil:
			m.showError(lang.L("error.addaccount"), err)
			return
		}
		m.Load()
		if filled {
			m.status.SetText(lang.L("status.accountfilled", map[string]any{"Platform": a.Platform.Title(), "Handle": a.Handle}))
		}
	}, m.Window)
}

// askWhichAccount lets the analyst choose which of an official's
// handle-less accounts on p takes the handle, when there are several.
func (m *MainWindow) askWhichAccount(officialID int64, p data.Platform, handle string) {
	accs, err := m.svc.Store.HandlelessAccounts(m.ctx, officialID, p)
	if err != nil {
		m.showError(lang.L("error.addaccount"), err)
		return
	}
	labels := make([]string, len(accs))
	for i, a := range accs {
		n, err := m.svc.Store.SnapshotCount(m.ctx, a.ID)
		if err != nil {
			m.showError(lang.L("error.addaccount"), err)
			return
		}
		labels[i] = lang.L("account.choose.item", map[string]any{"ID": a.ID, "Platform": p.Title(), "Count": n})
	}
	pick := widget.NewRadioGroup(labels, nil)
	if len(labels) > 0 {
		pick.SetSelected(labels[0])
	}
	items := []*widget.FormItem{widget.NewFormItem("", widget.NewLabel(lang.L("account.choose.message", map[string]any{"Platform": p.Title()}))),
		widget.NewFormItem("", pick)}
	dialog.ShowForm(lang.L("action.addaccount"), lang.L("action.save"), lang.L("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		for i, l := range labels {
			if l != pick.Selected {
				continue
			}
			a, err := m.FillInAccount(m.ctx, accs[i].ID, handle)
			if err != nil {
				m.showError(lang.L("error.addaccount"), err)
				return
			}
			m.Load()
			m.status.SetText(lang.L("status.accountfilled", map[string]any{"Platform": a.Platform.Title(), "Handle": a.Handle}))
		}
	}, m.Window)
}

func (m *MainWindow) onImportTapped() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		m.status.SetText(lang.L("status.importing", map[string]any{"Path": path}))
		go func() {
			st, err := transfer.ImportFile(m.ctx, m.svc.Store, path, m.svc.Now())
			fyne.Do(func() {
				if err != nil {
					m.showError(lang.L("error.import"), err)
					return
				}
				m.status.SetText(lang.L("status.imported", map[string]any{"Rows": st.Rows, "Path": filepath.Base(path)}))
				m.Load()
			})
		}()
	}, m.Window)
	d.Show()
}

func (m *MainWindow) onExportTapped() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close()
		go func() {
			// The save dialog has already asked before replacing a file.
			st, err := transfer.ExportFile(m.ctx, m.svc.Store, path, transfer.ExportOptions{Force: true, Lang: Language()})
			fyne.Do(func() {
				if err != nil {
					m.showError(lang.L("error.export"), err)
					return
				}
				m.status.SetText(lang.L("status.exportedrows", map[string]any{"Rows": st.Rows, "Path": path}))
			})
		}()
	}, m.Window)
	d.SetFileName("akimwatch-history.csv")
	d.Show()
}

// writeFileAtomic writes b beside path and renames it into place.
func writeFileAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".akimwatch-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// EditOfficial validates the form and saves it over the official with the
// given ID, keeping their notes. The edit dialog calls it.
func (m *MainWindow) EditOfficial(ctx context.Context, id int64, f OfficialForm) (data.Official, error) {
	o, err := officialFromForm(f)
	if err != nil {
		return o, err
	}
	old, err := m.svc.Store.Official(ctx, id)
	if err != nil {
		return o, err
	}
	o.ID, o.Notes = id, old.Notes
	if o.Name == old.Name {
		o.NameLatin = old.NameLatin
	}
	return o, m.svc.Store.UpdateOfficial(ctx, o)
}

// officialForm builds the add/edit form, filled from o.
func officialForm(o data.Official) (OfficialForm, []*widget.FormItem) {
	f := OfficialForm{Name: widget.NewEntry(), Position: widget.NewEntry(), Region: widget.NewEntry(), Level: widget.NewEntry()}
	f.Name.SetText(o.Name)
	f.Position.SetText(string(o.Position))
	f.Region.SetText(string(o.Region))
	f.Level.SetText(string(o.Level))
	f.Position.SetPlaceHolder("akim, deputy_akim, former_akim")
	f.Region.SetPlaceHolder("Павлодарская область / pavlodar")
	f.Level.SetPlaceHolder("region, city, district, rural")
	f.Name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(lang.L("form.name.empty"))
		}
		return nil
	}
	f.Region.Validator = func(s string) error {
		if _, err := data.ParseRegion(s); err != nil {
			return errors.New(lang.L("form.region.bad", map[string]any{"Region": s}))
		}
		return nil
	}
	return f, []*widget.FormItem{
		widget.NewFormItem(lang.L("form.name"), f.Name),
		widget.NewFormItem(lang.L("form.position"), f.Position),
		widget.NewFormItem(lang.L("form.region"), f.Region),
		widget.NewFormItem(lang.L("form.level"), f.Level),
	}
}

func (v *officialView) onEditTapped() {
	v.mu.Lock()
	o := v.current.Official
	v.mu.Unlock()
	f, items := officialForm(o)
	dialog.ShowForm(lang.L("action.edit"), lang.L("action.save"), lang.L("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		if _, err := v.m.EditOfficial(v.m.ctx, o.ID, f); err != nil {
			v.m.showError(lang.L("error.editofficial"), err)
			return
		}
		v.m.Load()
		v.name.SetText(strings.TrimSpace(f.Name.Text))
	}, v.m.Window)
}
