package pgstore

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/sirupsen/logrus"

	"akimwatch/data"
)

// refreshLockSpace is the first key of every platform's refresh lock (the
// second is the CRC-32 of the schema and the platform), so akimwatch's
// locks do not collide with other applications' on a shared server.
const refreshLockSpace = 0x616b7266 // "akrf"

// platformKey is the second key of p's refresh lock. Advisory locks belong
// to the whole database: the schema is part of the key, so two watchlists
// in two schemas of one database refresh independently.
func (s *Store) platformKey(p data.Platform) int32 {
	return int32(crc32.ChecksumIEEE([]byte(s.schema + "\x00" + string(p))))
}

var _ data.PlatformLocker = (*Store)(nil)

// LockPlatform takes platform p's refresh lock: a session advisory lock on a
// connection held until unlock (or until this process dies, when the server
// frees it). When another session holds it, ok is false and holder names
// who took it and when.
func (s *Store) LockPlatform(ctx context.Context, p data.Platform) (unlock func(), holder string, ok bool, err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, "", false, fmt.Errorf("lock %s refresh on %s: %w", p, s.where, err)
	}
	if err := conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, $2)", int32(refreshLockSpace), s.platformKey(p)).Scan(&ok); err != nil {
		conn.Release()
		return nil, "", false, fmt.Errorf("lock %s refresh on %s: %w", p, s.where, err)
	}
	if !ok {
		conn.Release()
		var who string
		var since int64
		err := s.pool.QueryRow(ctx, "SELECT holder, since FROM refresh_holders WHERE platform = $1", string(p)).Scan(&who, &since)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return nil, "another akimwatch", false, nil
		case err != nil:
			return nil, "", false, fmt.Errorf("read who refreshes %s on %s: %w", p, s.where, err)
		}
		return nil, fmt.Sprintf("%s since %s", who, time.Unix(since, 0).UTC().Format("2006-01-02 15:04 UTC")), false, nil
	}
	me := appName(s.role, s.who)
	if _, err := conn.Exec(ctx, `INSERT INTO refresh_holders(platform, holder, since) VALUES ($1, $2, $3)
ON CONFLICT(platform) DO UPDATE SET holder = excluded.holder, since = excluded.since`, string(p), me, time.Now().Unix()); err != nil && !s.readOnly {
		logrus.WithError(err).WithField("platform", p).Warn("could not note who holds the refresh lock")
	}
	s.mu.Lock()
	if s.held == nil {
		s.held = map[*pgxpool.Conn]bool{}
	}
	s.held[conn] = true
	s.mu.Unlock()
	unlock = func() {
		s.mu.Lock()
		mine := s.held[conn]
		delete(s.held, conn)
		s.mu.Unlock()
		if !mine {
			return // given back already, or by Close
		}
		// A fresh context: the pass's may be cancelled (SIGINT), and the
		// lock must still be given back.
		uctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := conn.Exec(uctx, "SELECT pg_advisory_unlock($1, $2)", int32(refreshLockSpace), s.platformKey(p)); err != nil {
			// The connection is broken: closing it ends the session, which
			// frees the lock on the server.
			conn.Conn().Close(uctx) //nolint:errcheck // closing a broken connection
		}
		conn.Release()
	}
	return unlock, "", true, nil
}
