package app

import (
	"context"
	"runtime/debug"
	"time"

	"github.com/sirupsen/logrus"
)

// defaultIdleRelease is Services.IdleRelease in the app. Start-up and a
// refresh read about 45 MB of index pages into SQLite's page caches and
// leave garbage on the Go heap; the caches only pay off for reads that
// follow at once (switching leaderboard filters), and the next refresh
// empties them anyway, so after a few quiet seconds they go back to the OS.
const defaultIdleRelease = 5 * time.Second

// releaseTimeout bounds one release; it only waits for idle connections.
const releaseTimeout = 10 * time.Second

// releaseWhenIdle (re)arms the release of idle memory: called after each
// burst of reads, it runs IdleRelease after the last one. It is one timer,
// not a poll: nothing runs while the app stays idle.
func (m *MainWindow) releaseWhenIdle() {
	d := m.svc.IdleRelease
	if d <= 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.release != nil {
		m.release.Stop()
	}
	m.release = time.AfterFunc(d, m.releaseMemory)
}

// releaseMemory empties the idle readers' page caches and returns the Go
// heap's free pages to the OS. It runs on its own goroutine.
func (m *MainWindow) releaseMemory() {
	if m.ctx.Err() != nil {
		return
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(m.ctx, releaseTimeout)
	defer cancel()
	if err := m.svc.Store.ReleaseMemory(ctx); err != nil {
		logrus.WithError(err).Debug("could not release the database's page caches")
	}
	debug.FreeOSMemory()
	logrus.WithField("ms", time.Since(start).Milliseconds()).Debug("idle memory released")
}
