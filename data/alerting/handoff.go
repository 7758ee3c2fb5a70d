package alerting

import (
	"context"
	"slices"

	"akimwatch/data"
)

// ChangeMarker is an optional Store method: a mark that changes whenever
// the database is written, telling this process's writes from other
// connections' (the SQLite store has it). Without it, readings handed over with
// Accept are never used and every scan reads them back.
type ChangeMarker interface {
	ChangeMark(ctx context.Context) (data.ChangeMark, error)
}

// handoff is what the service knows about the writes since its last scan:
// the readings handed over with Accept, and whether they are all of them.
type handoff struct {
	// mark is the database's change mark when the last scan ended; ok says
	// it was taken (a store without ChangeMark, or a failed scan, has none).
	mark data.ChangeMark
	ok   bool
	// txs counts the Accept calls since: each one stands for one committed
	// write transaction of this process.
	txs uint64
	// readings holds the readings handed over since, per account.
	readings map[int64][]data.Reading
	// targets are the accounts of the last scan. Any change to them (a mute,
	// a new account) is a write that breaks the mark, so they stay valid as
	// long as the mark does.
	targets []data.AlertTarget
}

// Accept hands the service the snapshots of one write transaction this
// process has just committed (a refresh pass's group commit; see
// refresh.Options.OnWritten). Call it once per committed transaction, even
// with no snapshots. The next Incremental then judges them from memory
// instead of reading them back from the store, provided nothing else wrote
// to the database since the last scan: another process's write shows in
// the database's data_version, another write of this process as a
// transaction that was not handed over; either way the scan reads back, as
// without Accept.
func (s *Service) Accept(snaps []data.Snapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := &s.handoff
	if !h.ok {
		return
	}
	h.txs++
	if h.readings == nil {
		h.readings = map[int64][]data.Reading{}
	}
	for _, sn := range snaps {
		h.readings[sn.AccountID] = append(h.readings[sn.AccountID], data.Reading{Time: sn.Time.Truncate(0).UTC(), Followers: sn.Followers})
	}
}

// resetHandoff forgets the handed readings and, when the store can tell,
// marks the database as the scan that just ended left it. s.mu is held.
func (s *Service) resetHandoff(ctx context.Context, targets []data.AlertTarget) {
	s.handoff = handoff{}
	cm, ok := s.store.(ChangeMarker)
	if !ok {
		return
	}
	mark, err := cm.ChangeMark(ctx)
	if err != nil {
		return // a read-only store: every scan reads back
	}
	s.handoff = handoff{mark: mark, ok: true, targets: targets}
}

// handedOver reports whether the readings handed over since the last scan
// are every reading written since, so that the scan may judge them from
// memory. s.mu is held.
func (s *Service) handedOver(ctx context.Context) bool {
	h := s.handoff
	if !h.ok {
		return false
	}
	mark, err := s.store.(ChangeMarker).ChangeMark(ctx)
	if err != nil {
		return false
	}
	return mark.Others == h.mark.Others && mark.Writes == h.mark.Writes+h.txs
}

// judgeHanded runs each warm detector over the readings handed over for its
// account, newer than what it has learnt, as scanChunk does with the
// readings it reads back.
func (s *Service) judgeHanded(scans []accountScan, handed map[int64][]data.Reading) {
	for i := range scans {
		sc := &scans[i]
		det := sc.warm
		sc.det = det
		rs := handed[sc.acc.ID]
		if len(rs) == 0 {
			continue
		}
		sc.seen = true
		rs = sortedReadings(rs)
		if last := det.Last(); !last.IsZero() {
			k := 0
			for k < len(rs) && !rs[k].Time.After(last) {
				k++
			}
			rs = rs[k:]
		}
		if len(rs) == 0 {
			continue
		}
		s.judgeWith(sc, det, rs)
	}
}

// sortedReadings orders rs by time and keeps the last of readings with the
// same time (a later write of the same moment replaces the earlier one in
// the store).
func sortedReadings(rs []data.Reading) []data.Reading {
	slices.SortStableFunc(rs, func(a, b data.Reading) int { return a.Time.Compare(b.Time) })
	out := rs[:0]
	for i, r := range rs {
		if i+1 < len(rs) && rs[i+1].Time.Equal(r.Time) {
			continue
		}
		out = append(out, r)
	}
	return out
}
