package app

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"akimwatch/data/dbopen"
)

// dbTestTimeout bounds a connection test: a server behind a dropped link
// does not answer at all, and the analyst waits for the answer.
const dbTestTimeout = 15 * time.Second

// dbSection is Settings → Database: which database is open, and the choice
// of the one opened at the next start (a file, or a team database URL and
// its password, which goes to the OS keyring only).
type dbSection struct {
	m        *MainWindow
	target   *widget.Entry
	password *widget.Entry
	result   *widget.Label
	// current says which database is open; folder is its folder (nil
	// for a database on a server).
	current, folder *widget.Label
}

func newDBSection(m *MainWindow) *dbSection {
	d := &dbSection{m: m, target: widget.NewEntry(), password: widget.NewPasswordEntry(),
		result: &widget.Label{Wrapping: fyne.TextWrapWord}}
	d.target.SetPlaceHolder("postgres://user@host:5432/akimwatch?sslmode=verify-full")
	d.target.SetText(m.svc.Store.Path())
	d.target.OnChanged = d.onTargetChanged
	d.password.SetPlaceHolder(lang.L("settings.db.password.hint"))
	d.onTargetChanged(d.target.Text)
	return d
}

func (d *dbSection) content() fyne.CanvasObject {
	path := d.m.svc.Store.Path()
	kind := lang.L("settings.db.file")
	if dbopen.IsServer(path) {
		kind = lang.L("settings.db.server")
	}
	d.current = &widget.Label{Text: lang.L("settings.db.current", map[string]any{"Path": path}) + " (" + kind + ")",
		Wrapping: fyne.TextWrapBreak}
	demo := &widget.Button{Text: lang.L("settings.demo"), OnTapped: d.m.prefs.onDemoTapped}
	var actions fyne.CanvasObject
	if dbopen.IsServer(path) {
		actions = container.NewHBox(widget.NewLabel(lang.L("settings.db.serverbackup")), demo)
	} else {
		dir := d.m.dataFolder()
		d.folder = widget.NewLabel(lang.L("settings.data") + ": " + dir)
		actions = container.NewHBox(
			d.folder,
			&widget.Button{Text: lang.L("action.open"), OnTapped: func() { d.m.openFolder(dir) }},
			&widget.Button{Text: lang.L("settings.backup"), OnTapped: d.m.prefs.onBackupTapped},
			demo,
		)
	}
	form := widget.NewForm(
		widget.NewFormItem(lang.L("settings.db.target"), container.NewBorder(nil, nil, nil,
			&widget.Button{Text: lang.L("settings.db.choose"), OnTapped: d.onChooseFileTapped}, d.target)),
		widget.NewFormItem(lang.L("settings.db.password"), d.password),
	)
	buttons := container.NewHBox(
		&widget.Button{Text: lang.L("settings.test"), OnTapped: d.onTestTapped},
		&widget.Button{Text: lang.L("settings.db.use"), OnTapped: d.onUseTapped, Importance: widget.HighImportance},
	)
	return container.NewVBox(
		widget.NewLabelWithStyle(lang.L("settings.database"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		d.current, actions, form, buttons, d.result)
}

// onTargetChanged asks for a password only for a server.
func (d *dbSection) onTargetChanged(s string) {
	if dbopen.IsServer(strings.TrimSpace(s)) {
		d.password.Enable()
	} else {
		d.password.SetText("")
		d.password.Disable()
	}
}

func (d *dbSection) onChooseFileTapped() {
	d.m.chooseFile(filePick{title: lang.L("settings.db.choose"), filters: []fileFilter{{name: "SQLite", exts: []string{"db", "sqlite"}}}},
		func(path string) { d.target.SetText(path) })
}

// choice returns the typed database and password ("" and a message shown
// when nothing is typed).
func (d *dbSection) choice() (target, password string, ok bool) {
	target = strings.TrimSpace(d.target.Text)
	if target == "" {
		d.result.SetText(lang.L("settings.db.empty"))
		return "", "", false
	}
	return target, d.password.Text, true
}

func (d *dbSection) onTestTapped() {
	target, password, ok := d.choice()
	if !ok || d.m.svc.Databases == nil {
		return
	}
	d.result.SetText(lang.L("status.loading"))
	d.m.svc.async(func() {
		ctx, cancel := context.WithTimeout(d.m.ctx, dbTestTimeout)
		defer cancel()
		err := d.m.svc.Databases.Test(ctx, target, password)
		fyne.Do(func() { d.showResult(target, password, err, "settings.db.ok") })
	})
}

func (d *dbSection) onUseTapped() {
	target, password, ok := d.choice()
	if !ok || d.m.svc.Databases == nil {
		return
	}
	d.m.svc.async(func() {
		err := d.m.svc.Databases.Save(target, password)
		fyne.Do(func() {
			d.showResult(target, password, err, "settings.db.saved")
			if err == nil {
				d.password.SetText("")
				dialog.ShowInformation(lang.L("settings.database"), d.result.Text, d.m.Window)
			}
		})
	})
}

// showResult says how a test or a save went; the password never shows.
func (d *dbSection) showResult(target, password string, err error, okKey string) {
	shown := dbopen.Display(target)
	if err != nil {
		d.result.SetText(lang.L("settings.db.failed", map[string]any{"Path": shown, "Error": scrubSecret(err.Error(), password)}))
		d.result.Importance = widget.DangerImportance
	} else {
		d.result.SetText(lang.L(okKey, map[string]any{"Path": shown}))
		d.result.Importance = widget.SuccessImportance
	}
	d.result.Refresh()
}
