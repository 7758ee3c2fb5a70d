package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"akimwatch/assets/i18n"
	"akimwatch/data"
	"akimwatch/data/transfer"
)

func isCancel(err error) bool { return errors.Is(err, context.Canceled) }

// OfficialForm holds the add-official form's fields, so tests can fill them.
type OfficialForm struct {
	Name, Position, Region, Level *widget.Entry
}

// officialFromForm validates the form and returns the official it describes,
// or an error in plain words naming the field. Position and level are read
// from their names in any of the three languages or their codes.
func officialFromForm(f OfficialForm) (data.Official, error) {
	o := data.Official{Name: strings.TrimSpace(f.Name.Text)}
	if o.Name == "" {
		return o, errors.New(lang.L("form.name.empty"))
	}
	var err error
	if o.Position, err = parsePosition(f.Position.Text); err != nil {
		return o, err
	}
	if o.Region, err = data.ParseRegion(f.Region.Text); err != nil {
		return o, errors.New(lang.L("form.region.bad", map[string]any{"Region": f.Region.Text}))
	}
	if o.Level, err = parseLevel(f.Level.Text, o.Region); err != nil {
		return o, err
	}
	return o, nil
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
	m.lastForm = showFormDialog(m.Window, lang.L("action.addofficial"), lang.L("action.save"), items, func() error {
		o, err := m.AddOfficial(m.ctx, f)
		if err != nil {
			return err
		}
		m.openAfterLoad(o.ID)
		m.say(lang.L("status.added", map[string]any{"Name": o.Name}))
		m.Load()
		return nil
	})
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
		plats = append(plats, p.Title())
	}
	plat := widget.NewSelect(plats, nil)
	plat.SetSelectedIndex(0)
	handle := newKeyEntry()
	handle.SetPlaceHolder("@handle / https://t.me/channel")
	items := []*widget.FormItem{widget.NewFormItem(lang.L("form.platform"), plat), widget.NewFormItem(lang.L("form.handle"), handle)}
	m.lastForm = showFormDialog(m.Window, lang.L("action.addaccount"), lang.L("action.save"), items, func() error {
		a, filled, err := m.AddAccount(m.ctx, id, plat.Selected, handle.Text)
		switch {
		case errors.Is(err, data.ErrAmbiguous):
			p, _ := data.ParsePlatform(plat.Selected)
			m.askWhichAccount(id, p, handle.Text)
			return nil
		case err != nil:
			return err
		}
		m.say(lang.L("status.addedaccount", map[string]any{"Platform": a.Platform.Title(), "Handle": a.Handle}))
		m.Load()
		if filled {
			m.say(lang.L("status.accountfilled", map[string]any{"Platform": a.Platform.Title(), "Handle": a.Handle}))
		}
		m.official.afterAccountChange("", nil)
		return nil
	})
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
			m.say(lang.L("status.accountfilled", map[string]any{"Platform": a.Platform.Title(), "Handle": a.Handle}))
		}
	}, m.Window)
}

func (m *MainWindow) onImportTapped() {
	m.chooseFile(filePick{title: lang.L("action.import"), filters: []fileFilter{{"CSV", []string{"csv"}}}}, func(path string) {
		m.status.SetText(lang.L("status.importing", map[string]any{"Path": path}))
		go func() {
			st, err := transfer.ImportFile(m.ctx, m.svc.Store, path, m.svc.Now())
			fyne.Do(func() {
				if err != nil {
					m.showErrorText(lang.L("error.import"), importErrorText(err), err)
					return
				}
				m.say(lang.L("status.imported", map[string]any{"Rows": i18n.Int(int64(st.Rows), Language()), "Path": filepath.Base(path)}))
				m.Load()
			})
		}()
	})
}

func (m *MainWindow) onExportTapped() {
	pick := filePick{title: lang.L("action.export"), name: "akimwatch-history.csv", save: true,
		filters: []fileFilter{{"CSV", []string{"csv"}}, {"Excel", []string{"xlsx"}}}}
	m.chooseFile(pick, func(path string) {
		go func() {
			// The save dialog has already asked before replacing a file.
			st, err := transfer.ExportFile(m.ctx, m.svc.Store, path, transfer.ExportOptions{Force: true, Lang: Language()})
			fyne.Do(func() {
				if err != nil {
					m.showError(lang.L("error.export"), err)
					return
				}
				m.say(lang.L("status.exportedrows", map[string]any{"Rows": i18n.Int(int64(st.Rows), Language()), "Path": path}))
				m.offerFolder(filepath.Dir(path))
				m.notify(lang.L("notify.exported"), path)
			})
		}()
	})
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

// officialForm builds the add/edit form, filled from o: the name, and
// pickers for position, region (with search) and level, named in the UI
// language and checked as the analyst types.
func officialForm(o data.Official) (OfficialForm, []*widget.FormItem) {
	name := newKeyEntry()
	name.SetText(o.Name)
	name.SetPlaceHolder("Нуржан Нуржигитов")
	pos := newPickEntry(positionChoices(), string(o.Position))
	pos.SetPlaceHolder(positionName(data.PosAkim))
	region := newPickEntry(regionChoices(), string(o.Region))
	region.SetPlaceHolder(lang.L("form.region.hint"))
	level := newPickEntry(levelChoices(), string(o.Level))
	level.SetPlaceHolder(lang.L("form.level.hint"))
	f := OfficialForm{Name: &name.Entry, Position: &pos.Entry, Region: &region.Entry, Level: &level.Entry}
	name.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New(lang.L("form.name.empty"))
		}
		return nil
	}
	pos.Validator = func(s string) error { _, err := parsePosition(s); return err }
	region.Validator = func(s string) error {
		if _, err := data.ParseRegion(s); err != nil {
			return errors.New(lang.L("form.region.bad", map[string]any{"Region": s}))
		}
		return nil
	}
	level.Validator = func(s string) error { _, err := parseLevel(s, ""); return err }
	return f, []*widget.FormItem{
		widget.NewFormItem(lang.L("form.name"), name),
		widget.NewFormItem(lang.L("form.position"), pos),
		widget.NewFormItem(lang.L("form.region"), region),
		widget.NewFormItem(lang.L("form.level"), level),
	}
}

func (v *officialView) onEditTapped() {
	v.mu.Lock()
	o := v.current.Official
	v.mu.Unlock()
	f, items := officialForm(o)
	v.m.lastForm = showFormDialog(v.m.Window, lang.L("action.edit"), lang.L("action.save"), items, func() error {
		saved, err := v.m.EditOfficial(v.m.ctx, o.ID, f)
		if err != nil {
			return err
		}
		v.m.say(lang.L("status.saved", map[string]any{"Name": saved.Name}))
		v.m.Load()
		v.name.SetText(saved.Name)
		return nil
	})
}
