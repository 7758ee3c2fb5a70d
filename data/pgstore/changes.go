package pgstore

import (
	"context"
	"errors"
	"time"

	"github.com/sirupsen/logrus"

	"akimwatch/data"
)

// Change feed timing, with the reason for each.
const (
	// changeSettle is how long the feed waits after a change for more: a
	// refresh pass commits a batch every second or so, and one reload after
	// the burst serves the app better than one per batch.
	changeSettle = 2 * time.Second
	// changePoll is how often the change counter is read when LISTEN is
	// not available (a pooler in transaction mode, a lost connection):
	// "within seconds" without loading the server.
	changePoll = 5 * time.Second
	// listenRetry is how long the feed polls before trying LISTEN again.
	listenRetry = time.Minute
)

var _ data.ChangeWatcher = (*Store)(nil)

// WatchChanges calls fn, from its own goroutine, soon after another process
// commits a change to the watchlist, the history or the alerts, until ctx
// ends. It listens on the akimwatch_changes channel and, while it cannot,
// polls the change counter instead. This process's own writes are skipped.
func (s *Store) WatchChanges(ctx context.Context, fn func()) {
	for ctx.Err() == nil {
		err := s.listen(ctx, fn)
		if ctx.Err() != nil {
			return
		}
		logrus.WithError(err).WithField("db", s.where).Warn("team database change feed: LISTEN failed; polling instead")
		s.poll(ctx, fn, time.Now().Add(listenRetry), changePoll)
	}
}

// listen waits for notifications on one held connection and calls fn once
// per burst of other processes' changes.
func (s *Store) listen(ctx context.Context, fn func()) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer func() {
		// The connection still listens: close it rather than hand it back.
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn.Conn().Close(cctx) //nolint:errcheck // a connection being dropped
		cancel()
		conn.Release()
	}()
	if _, err := conn.Exec(ctx, "LISTEN akimwatch_changes"); err != nil {
		return err
	}
	if s.listening != nil {
		s.listening()
	}
	pending := false
	for {
		wait := time.Hour
		if pending {
			wait = changeSettle
		}
		wctx, cancel := context.WithTimeout(ctx, wait)
		n, err := conn.Conn().WaitForNotification(wctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) || errors.Is(wctx.Err(), context.DeadlineExceeded):
			if pending {
				pending = false
				fn()
			}
			continue
		case err != nil:
			return err
		}
		if n.Payload != s.origin {
			pending = true
		}
	}
}

// poll reads the change counter every changePoll until until, calling fn
// when it moved (this process's writes included: without notifications
// they cannot be told apart).
func (s *Store) poll(ctx context.Context, fn func(), until time.Time, every time.Duration) {
	last := int64(-1)
	t := time.NewTicker(every)
	defer t.Stop()
	for time.Now().Before(until) {
		var v int64
		if err := s.pool.QueryRow(ctx, "SELECT last_value FROM akimwatch_change_seq").Scan(&v); err == nil {
			if last >= 0 && v != last {
				fn()
			}
			last = v
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
