package app

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"github.com/cenkalti/backoff/v5"
	"github.com/sirupsen/logrus"

	"akimwatch/data"
)

// Reachability timing of a team database, with the reason for each.
const (
	// reachCheck is how often the app asks a reachable server for a round
	// trip: a server that went away is said within seconds, for the cost
	// of one tiny query per app.
	reachCheck = 10 * time.Second
	// reachPingTimeout bounds one round trip: a server behind a dropped
	// network link does not answer at all.
	reachPingTimeout = 5 * time.Second
	// reachRetryFirst and reachRetryMax bound the backoff between retries
	// of an unreachable server: soon at first (a restart takes seconds),
	// then no more than once a minute from every analyst's app.
	reachRetryFirst = 2 * time.Second
	reachRetryMax   = time.Minute
)

// reachTiming is the reachability timing (tests shorten it).
type reachTiming struct{ check, first, max time.Duration }

var defaultReachTiming = reachTiming{check: reachCheck, first: reachRetryFirst, max: reachRetryMax}

// watchReach watches a store whose server can go away while the app runs
// (the team database). When it stops answering, the window says so, keeps
// what it shows, turns editing and refresh off and retries with backoff;
// when it answers again, the banner goes and the screens are read anew.
func (m *MainWindow) watchReach() {
	p, ok := m.svc.Store.(data.Pinger)
	if !ok {
		return
	}
	timing := m.reachTiming
	go m.reachLoop(p, timing)
}

func (m *MainWindow) reachLoop(p data.Pinger, timing reachTiming) {
	t := time.NewTicker(timing.check)
	defer t.Stop()
	for {
		select {
		case <-m.ctx.Done():
			return
		case <-t.C:
		case <-m.reachKick:
		}
		err := m.ping(p)
		if err == nil {
			continue
		}
		logrus.WithError(err).WithField("db", m.svc.Store.Path()).Warn("team database unreachable; retrying")
		fyne.Do(func() { m.setReachable(false) })
		b := backoff.NewExponentialBackOff()
		b.InitialInterval, b.MaxInterval = timing.first, timing.max
		_, err = backoff.Retry(m.ctx, func() (struct{}, error) { return struct{}{}, m.ping(p) },
			backoff.WithBackOff(b), backoff.WithMaxElapsedTime(0),
			backoff.WithNotify(func(err error, next time.Duration) {
				logrus.WithError(err).WithField("next", next.Round(time.Second)).Debug("team database still unreachable")
			}))
		if err != nil { // the window closed
			return
		}
		logrus.WithField("db", m.svc.Store.Path()).Info("team database reachable again")
		fyne.Do(func() { m.setReachable(true) })
	}
}

// ping asks the server for one round trip, bounded by reachPingTimeout.
func (m *MainWindow) ping(p data.Pinger) error {
	ctx, cancel := context.WithTimeout(m.ctx, reachPingTimeout)
	defer cancel()
	return p.Ping(ctx)
}

// checkReach makes the watcher ask the server now (a read or a write has
// just failed); it does nothing for a store without a server.
func (m *MainWindow) checkReach() {
	if _, ok := m.svc.Store.(data.Pinger); !ok {
		return
	}
	select {
	case m.reachKick <- struct{}{}:
	default:
	}
}

// unreachableNow reports whether a failed read was the server going away
// (the store is a server's and it does not answer): the window then keeps
// what it shows instead of an error, and the watcher says why.
func (m *MainWindow) unreachableNow() bool {
	p, ok := m.svc.Store.(data.Pinger)
	if !ok || m.ping(p) == nil {
		return false
	}
	m.checkReach()
	return true
}

// setReachable shows or clears the unreachable banner and turns the
// buttons that write off or back on. UI thread only.
func (m *MainWindow) setReachable(ok bool) {
	m.offline = !ok
	for _, w := range m.edits {
		d, can := w.(fyne.Disableable)
		if !can {
			continue
		}
		if ok && !(w == fyne.Widget(m.refreshBt) && m.Refreshing()) {
			d.Enable()
		} else if !ok {
			d.Disable()
		}
	}
	if ok {
		m.unreachable.Hide()
		m.say(lang.L("teamdb.back"))
		m.Load()
	} else {
		m.unreachable.Show()
	}
	if m.reachChanged != nil {
		m.reachChanged(ok)
	}
}
