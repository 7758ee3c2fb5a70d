package app

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/sirupsen/logrus"

	"akimwatch/assets/i18n"
	"akimwatch/charts"
	"akimwatch/data"
	"akimwatch/data/refresh"
)

// autoBackupDelay keeps the daily backup from competing with start-up.
const autoBackupDelay = 2 * time.Minute

// MainWindow is the app's one window.
type MainWindow struct {
	Window fyne.Window

	app      fyne.App
	svc      *Services
	settings *Settings
	ctx      context.Context
	stop     context.CancelFunc

	watch    *watchlist
	official *officialView
	alerts   *alertsView
	prefs    *settingsView
	board    *leaderboardView
	// attention lists failing accounts and expiring tokens (attention.go).
	attention *attentionView
	tabs      *container.AppTabs
	alertTab  *container.TabItem

	demo          *widget.Label
	status        *widget.Label
	message       *widget.Label // the last action's result; it lasts until the next
	split         *container.Split
	lastForm      *formDialog        // the form dialog shown last (for tests)
	fileDialog    *dialog.FileDialog // Fyne's file dialog shown last (for tests)
	comparePicker *comparePicker     // the open Compare dialog (for tests)
	progress      *widget.ProgressBar
	cancelBtn     *widget.Button
	folderBt      *widget.Button // opens the folder of the last export
	refreshBt     *tipButton
	hintSaved     string // the message a tooltip covers

	bench *benchHook // nil unless "make bench" drives the app (EnvBench)

	mu            sync.Mutex
	refreshCancel context.CancelFunc
	schedCancel   context.CancelFunc
	selected      int64
	openNext      int64  // an official to open once the watchlist has loaded
	refreshDone   func() // called when a pass ends (tests wait on it)
	demoDB        bool
	release       *time.Timer // see releaseWhenIdle

	// readOnly says the database may only be read (a team database login
	// with the reader role); edits are the buttons it hides then.
	readOnly *widget.Label
	edits    []fyne.Widget

	// unreachable says the team database's server does not answer; offline
	// is true while it is shown (UI thread only). reachKick asks the
	// watcher to check now; reachChanged (tests) hears each change.
	unreachable  *widget.Label
	offline      bool
	reachKick    chan struct{}
	reachTiming  reachTiming
	reachChanged func(reachable bool)
}

// NewMainWindow builds the main window on a, working through svc.
func NewMainWindow(a fyne.App, svc *Services, settings *Settings) *MainWindow {
	m := &MainWindow{app: a, svc: svc, settings: settings, reachKick: make(chan struct{}, 1), reachTiming: defaultReachTiming}
	m.ctx, m.stop = context.WithCancel(context.Background())
	m.Window = a.NewWindow(windowTitle(svc.Store.Path(), false))
	m.bench = newBenchHook(m)
	m.watch = newWatchlist(m.onOfficialPicked)
	m.official = newOfficialView(m)
	m.alerts = newAlertsView(m)
	m.prefs = newSettingsView(m)
	m.board = newLeaderboardView(m)
	m.alertTab = container.NewTabItemWithIcon(lang.L("tab.alerts"), theme.WarningIcon(), m.alerts.content())
	boardTab := container.NewTabItemWithIcon(lang.L("tab.leaderboard"), theme.ListIcon(), m.board.content())
	m.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("tab.official"), theme.AccountIcon(), m.official.content()),
		boardTab,
		m.alertTab,
		m.attentionTab(),
		container.NewTabItemWithIcon(lang.L("tab.settings"), theme.SettingsIcon(), m.prefs.content()),
	)
	// The leaderboard walks every account's history: it is built when its
	// tab is first opened, not at start-up.
	m.tabs.OnSelected = func(t *container.TabItem) {
		if t == boardTab && !m.board.wanted {
			m.board.load()
		}
	}
	m.demo = &widget.Label{Text: lang.L("demo.banner"), Importance: widget.DangerImportance, Alignment: fyne.TextAlignCenter}
	m.demo.Hide()
	m.status = widget.NewLabel("")
	m.status.Truncation = fyne.TextTruncateEllipsis
	m.message = &widget.Label{Truncation: fyne.TextTruncateEllipsis, TextStyle: fyne.TextStyle{Bold: true}}
	m.progress = widget.NewProgressBar()
	m.progress.Hide()
	m.cancelBtn = &widget.Button{Text: lang.L("action.cancel"), Icon: theme.CancelIcon(), OnTapped: m.onCancelTapped}
	m.cancelBtn.Hide()
	m.folderBt = &widget.Button{Text: lang.L("action.openfolder"), Icon: theme.FolderOpenIcon(), Importance: widget.LowImportance}
	m.folderBt.Hide()
	m.refreshBt = newTipButton(buttonSpec{Text: lang.L("action.refresh"), Icon: theme.ViewRefreshIcon(), OnTapped: m.onRefreshTapped, Importance: widget.HighImportance},
		shortcutHint(lang.L("action.refresh"), "F5, Ctrl+R"), m.onHint)
	addOfficial := newTipButton(buttonSpec{Text: lang.L("action.addofficial"), Icon: theme.ContentAddIcon(), OnTapped: m.onAddOfficialTapped},
		shortcutHint(lang.L("action.addofficial"), "Ctrl+N"), m.onHint)
	addAccount := &widget.Button{Text: lang.L("action.addaccount"), Icon: theme.ContentAddIcon(), OnTapped: m.onAddAccountTapped}
	importBt := &widget.Button{Text: lang.L("action.import"), Icon: theme.FolderOpenIcon(), OnTapped: m.onImportTapped}
	m.edits = []fyne.Widget{addOfficial, addAccount, m.refreshBt, importBt}
	toolbar := container.NewHBox(
		addOfficial,
		addAccount,
		m.refreshBt,
		importBt,
		&widget.Button{Text: lang.L("action.export"), Icon: theme.DocumentSaveIcon(), OnTapped: m.onExportTapped},
	)
	left := container.NewBorder(widget.NewLabelWithStyle(lang.L("watchlist.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, m.watch.content())
	m.split = container.NewHSplit(left, m.tabs)
	m.split.Offset = settings.SplitOffset()
	messages := container.NewGridWithColumns(2, m.status, m.message)
	bottom := container.NewBorder(nil, nil, nil, container.NewHBox(m.folderBt, m.cancelBtn), container.NewVBox(m.progress, messages))
	// DEMO sits at the end of the toolbar row, leaving the height to the chart.
	m.readOnly = &widget.Label{Text: lang.L("readonly.banner"), Importance: widget.WarningImportance, Alignment: fyne.TextAlignCenter}
	m.readOnly.Hide()
	m.unreachable = &widget.Label{Text: lang.L("teamdb.unreachable"), Importance: widget.DangerImportance, Alignment: fyne.TextAlignCenter,
		Wrapping: fyne.TextWrapWord}
	m.unreachable.Hide()
	banners := container.NewHBox(m.readOnly, m.demo)
	top := container.NewVBox(container.NewBorder(nil, nil, nil, banners, container.NewHScroll(toolbar)), m.unreachable)
	m.Window.SetContent(container.NewBorder(top, bottom, nil, nil, m.split))
	m.showReadOnly()
	m.Window.Resize(settings.WindowSize())
	m.addShortcuts()
	return m
}

// Start loads data in the background and starts the refresh schedule.
func (m *MainWindow) Start(ctx context.Context) {
	go func() {
		<-ctx.Done()
		m.stop()
	}()
	m.Load()
	m.watchTokens()
	m.watchOthers()
	m.watchReach()
	m.startSchedule()
	m.setupTray()
	// The daily backup waits until start-up is over: it reads the whole file.
	backup := time.AfterFunc(autoBackupDelay, m.autoBackup)
	go func() {
		<-m.ctx.Done()
		backup.Stop()
	}()
}

// Stop cancels background work (refreshes, the schedule).
func (m *MainWindow) Stop() {
	m.stop()
	m.mu.Lock()
	if m.release != nil {
		m.release.Stop()
	}
	m.mu.Unlock()
}

// Load reads the watchlist and alerts in the background; the window is
// already up and responsive while the queries run. The rows are shown as
// soon as they are read; their sparklines, read at the same time on another
// connection, follow.
func (m *MainWindow) Load() {
	shown := m.status.Text
	m.status.SetText(lang.L("status.loading"))
	m.svc.async(func() {
		start := time.Now()
		ov, err := loadRows(m.ctx, m.svc)
		alerts, aerr := m.alerts.fetch(m.ctx)
		if (err != nil || aerr != nil) && m.unreachableNow() {
			// The server went away: keep what the window shows; the
			// watcher says so and reads again when it is back.
			fyne.Do(func() { m.status.SetText(shown) })
			return
		}
		fyne.Do(func() {
			m.apply(ov, err)
			m.alerts.apply(alerts, aerr)
			logrus.WithFields(logrus.Fields{"officials": len(ov.rows), "query_ms": time.Since(start).Milliseconds(),
				"since_start_ms": time.Since(processStart).Milliseconds()}).Info("watchlist shown")
			m.bench.watchlistFilled()
		})
		// After the rows, on the connection that has just read the same
		// index pages: read at once on a second connection, the sparklines
		// read them from the OS again, which costs start-up as much CPU.
		sparks, serr := loadSparks(m.ctx, m.svc)
		fyne.Do(func() {
			if serr != nil {
				logrus.WithError(serr).Warn("could not read the watchlist's sparklines")
			} else if err == nil {
				m.watch.setSparks(sparks)
			}
			logrus.WithField("since_start_ms", time.Since(processStart).Milliseconds()).Info("sparklines shown")
			m.bench.sparklinesShown()
			m.releaseWhenIdle()
		})
	})
	m.attention.load()
}

// Reload reads everything and shows it before returning. Tests use it.
func (m *MainWindow) Reload() error {
	ov, err := loadOverview(m.ctx, m.svc)
	m.apply(ov, err)
	alerts, aerr := m.alerts.fetch(m.ctx)
	m.alerts.apply(alerts, aerr)
	lines, terr := m.attention.fetch(m.ctx)
	m.attention.apply(lines, terr)
	if err == nil {
		err = aerr
	}
	if err == nil {
		err = terr
	}
	return err
}

func (m *MainWindow) apply(ov overview, err error) {
	if err != nil {
		m.showError(lang.L("error.load"), err)
		return
	}
	rows := ov.rows
	m.watch.set(rows, ov.sparks)
	// The leaderboard reads the same history: refresh it with every load
	// (a refresh pass, an import, an edit, a delete) once its tab has been
	// opened (it is built then, not at start-up).
	if m.board.wanted {
		m.board.load()
	}
	if ov.demo {
		m.demo.Show()
	} else {
		m.demo.Hide()
	}
	if ov.demo != m.demoDB {
		m.demoDB = ov.demo
		m.Window.SetTitle(windowTitle(m.svc.Store.Path(), ov.demo))
	}
	accounts, noHandle := 0, 0
	for _, r := range rows {
		accounts += len(r.Accounts)
		for _, a := range r.Accounts {
			if a.Handle == "" {
				noHandle++
			}
		}
	}
	switch {
	case len(rows) == 0:
		m.status.SetText(lang.L("watchlist.empty"))
	case noHandle > 0:
		m.status.SetText(lang.L("watchlist.count", map[string]any{"Count": len(rows), "Accounts": accounts}) + " · " +
			lang.L("hint.handles", map[string]any{"Count": noHandle}))
	default:
		m.status.SetText(lang.L("watchlist.count", map[string]any{"Count": len(rows), "Accounts": accounts}))
	}
	m.mu.Lock()
	next := m.openNext
	m.openNext = 0
	m.mu.Unlock()
	if next != 0 {
		m.openOfficial(next)
		return
	}
	// Keep the selection without switching tabs or resetting the chart.
	if id := m.selectedID(); id != 0 {
		if r, ok := m.watch.selectQuietly(id); ok {
			m.official.update(r)
		}
	}
}

// openAfterLoad makes the next load open the official with this ID (one
// just added).
func (m *MainWindow) openAfterLoad(id int64) {
	m.mu.Lock()
	m.openNext = id
	m.mu.Unlock()
}

func (m *MainWindow) selectedID() int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.selected
}

// onOfficialPicked shows the official the analyst picked in the watchlist
// (or an alert's Open chart), on the official tab.
func (m *MainWindow) onOfficialPicked(r data.OfficialSummary) {
	m.mu.Lock()
	m.selected = r.Official.ID
	m.mu.Unlock()
	m.tabs.SelectIndex(0)
	m.official.show(r)
}

// showError puts a plain-words error in the message line and a dialog.
func (m *MainWindow) showError(what string, err error) {
	m.showErrorText(what, userError("", err), err)
}

// showErrorText is showError with the reason already said (reason).
func (m *MainWindow) showErrorText(what, reason string, err error) {
	logrus.WithError(err).Error(what)
	if m.offline {
		reason = lang.L("teamdb.refused")
	} else {
		m.checkReach()
	}
	text := what + ": " + reason
	m.say(text)
	dialog.ShowError(errors.New(text), m.Window)
}

// offerFolder shows "Open folder" beside the message, for dir.
func (m *MainWindow) offerFolder(dir string) {
	m.folderBt.OnTapped = func() { m.openFolder(dir) }
	m.folderBt.Show()
}

// say shows the result of an action in the message line, with the time;
// it stays until the next message, so a reload does not wipe it.
func (m *MainWindow) say(text string) {
	m.folderBt.Hide()
	m.message.SetText(time.Now().Format("15:04") + " · " + text)
	m.message.Show()
}

// notify sends a desktop notification.
func (m *MainWindow) notify(title, body string) {
	m.app.SendNotification(fyne.NewNotification(title, body))
}

// onRefreshTapped runs one refresh pass in the background, with progress
// and Cancel, then detects spikes and reloads the screens.
func (m *MainWindow) onRefreshTapped() { m.startRefresh(nil) }

// startRefresh starts a pass unless one is running; done (if set) is called
// on the UI thread when it ends.
func (m *MainWindow) startRefresh(done func(refresh.Summary, error)) bool {
	if m.offline {
		m.say(lang.L("error.refresh") + ": " + lang.L("teamdb.refused"))
		return false
	}
	m.mu.Lock()
	if m.refreshCancel != nil {
		m.mu.Unlock()
		return false
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.refreshCancel = cancel
	m.mu.Unlock()
	m.refreshBt.Disable()
	m.progress.SetValue(0)
	m.progress.Show()
	m.cancelBtn.Show()
	m.status.SetText(lang.L("status.refreshing"))
	prog := map[data.Platform]refresh.Progress{}
	var pmu sync.Mutex
	onProgress := func(ev refresh.Progress) {
		pmu.Lock()
		prog[ev.Platform] = ev
		doneN, total := 0, 0
		for _, p := range prog {
			doneN += p.Done + p.Skipped
			total += p.Total
		}
		pmu.Unlock()
		fyne.Do(func() {
			if total > 0 {
				m.progress.SetValue(float64(doneN) / float64(total))
			}
			m.status.SetText(lang.L("status.progress", map[string]any{"Done": doneN, "Total": total}))
		})
	}
	go func() {
		sum, err := m.runRefresh(ctx, onProgress)
		// Read the updated screens here, off the UI thread.
		ov, lerr := loadOverview(m.ctx, m.svc)
		alerts, aerr := m.alerts.fetch(m.ctx)
		fyne.Do(func() {
			m.apply(ov, lerr)
			m.alerts.apply(alerts, aerr)
			m.official.reload()
			m.attention.load()
			m.finishRefresh(sum, err)
			m.releaseWhenIdle()
			if done != nil {
				done(sum, err)
			}
			if m.refreshDone != nil {
				m.refreshDone()
			}
		})
	}()
	return true
}

func (m *MainWindow) runRefresh(ctx context.Context, onProgress func(refresh.Progress)) (refresh.Summary, error) {
	eng, err := m.svc.newEngine(onProgress)
	if err != nil {
		return refresh.Summary{}, err
	}
	sum, err := eng.Run(ctx, refresh.Filter{})
	if err != nil {
		return sum, err
	}
	added, err := m.svc.Alerts.Incremental(ctx, nil)
	if err != nil {
		return sum, fmt.Errorf("spike detection: %w", err)
	}
	if len(added) > 0 {
		title := lang.L("notify.title")
		body := lang.L("notify.alerts", map[string]any{"Count": len(added)})
		if len(added) == 1 {
			body = alertDetail(added[0])
		}
		fyne.Do(func() { m.notify(title, body) })
	}
	return sum, nil
}

func (m *MainWindow) finishRefresh(sum refresh.Summary, err error) {
	m.mu.Lock()
	m.refreshCancel = nil
	m.mu.Unlock()
	m.refreshBt.Enable()
	m.progress.Hide()
	m.cancelBtn.Hide()
	m.folderBt = &widget.Button{Text: lang.L("action.openfolder"), Icon: theme.FolderOpenIcon(), Importance: widget.LowImportance}
	m.folderBt.Hide()
	switch {
	case err != nil && m.ctx.Err() == nil && isCancel(err):
		m.status.SetText(lang.L("status.cancelled"))
	case errors.Is(err, refresh.ErrDemo):
		m.status.SetText(lang.L("error.refresh_demo"))
		m.showError(lang.L("error.refresh"), errors.New(lang.L("error.refresh_demo")))
	case err != nil:
		m.showError(lang.L("error.refresh"), err)
	default:
		l := Language()
		text := lang.L("status.refreshed", map[string]any{"Fetched": i18n.Int(int64(sum.Fetched), l), "Unchanged": i18n.Int(int64(sum.Unchanged), l),
			"Failed": i18n.Int(int64(sum.Failed), l), "Skipped": i18n.Int(int64(sum.Skipped), l)})
		text += attentionNote(sum)
		for _, st := range sum.Stopped {
			text += " · " + userError(st.Platform, st.Err)
		}
		m.status.SetText(text)
		m.say(text)
	}
}

// onCancelTapped stops the running refresh; what was fetched so far is kept.
func (m *MainWindow) onCancelTapped() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.refreshCancel != nil {
		m.refreshCancel()
	}
}

// Refreshing reports whether a refresh pass is running.
func (m *MainWindow) Refreshing() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.refreshCancel != nil
}

func (m *MainWindow) autoBackup() {
	path, err := m.svc.Store.AutoBackup(m.ctx, m.svc.Now())
	switch {
	case err != nil:
		logrus.WithError(err).Warn("daily backup failed")
	case path != "":
		logrus.WithField("path", path).Info("daily backup written")
	}
}

func defaultExportDir() (string, error) { return charts.DefaultDir() }
