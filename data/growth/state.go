package growth

import (
	"errors"
	"fmt"
	"math"

	"akimwatch/data"
)

// stateVersion is written first in a saved state; bump it whenever state's
// layout changes, so an old blob is refused rather than misread, and when
// what the detector learns from the same readings changes (3: the burst
// spreads' memory, the daily CUSUM and long-run rate), so that saved states
// are replayed and an incremental scan finds what a full re-scan finds.
const stateVersion byte = 3

// ErrStateVersion means a saved detector state was written by another version
// of the detector: replay the history with a fresh detector instead.
var ErrStateVersion = errors.New("saved detector state has another version")

// MarshalBinary saves what the detector has learnt, so the next refresh can
// judge only its new readings. The options are not saved: pass them again to
// NewDetector before UnmarshalBinary.
func (d *Detector) MarshalBinary() ([]byte, error) {
	c := codec{buf: make([]byte, 1, stateSize)}
	c.buf[0] = stateVersion
	d.st.walk(&c)
	return c.buf, nil
}

// stateSize is the length of a saved state, for preallocation.
const stateSize = 1 + 8*(8+3+3+3+(2*windowSize+2)+2+7*(weekdayDepth+2)+7) + 8*3 + 2*burstSize + 8*(2*windowSize+2)

// burstSize is the saved length of one burst model.
const burstSize = 8 * (3 + 1 + 2*24 + 5)

// UnmarshalBinary restores a state saved by MarshalBinary. A blob of another
// version gives ErrStateVersion; a damaged one gives an error wrapping
// data.ErrInvalid. On error the detector is unchanged.
func (d *Detector) UnmarshalBinary(b []byte) error {
	if len(b) == 0 {
		return fmt.Errorf("load detector state: empty: %w", data.ErrInvalid)
	}
	if b[0] != stateVersion {
		return fmt.Errorf("load detector state version %d (want %d): %w", b[0], stateVersion, ErrStateVersion)
	}
	var st state
	c := codec{buf: b, off: 1, dec: true}
	st.walk(&c)
	st.Week.restore()
	if c.fail || c.off != len(b) {
		return fmt.Errorf("load detector state: %d bytes is the wrong length: %w", len(b), data.ErrInvalid)
	}
	if !st.valid() {
		return fmt.Errorf("load detector state: inconsistent values: %w", data.ErrInvalid)
	}
	d.st = st
	return nil
}

// valid checks a loaded state, so a damaged blob cannot make Step misbehave.
func (st *state) valid() bool {
	finite := func(xs ...float64) bool {
		for _, x := range xs {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
		}
		return true
	}
	return st.Points >= 0 && st.Samples >= 0 && st.LastF >= 0 && st.BaseF >= 0 && st.AnchorF >= 0 &&
		st.BaseT <= st.LastT && st.AnchorT <= st.LastT &&
		finite(st.RunRate, st.RunSigma, st.RunWobble) && st.RunSigma >= 0 && st.RunWobble >= 0 &&
		finite(st.Level.Ring[:]...) && finite(st.Spread) && st.Spread >= 0 && st.SpreadN >= 0 && weekFinite(&st.Week, finite) &&
		st.Level.valid() && st.Week.valid() && st.Hour.valid(finite) && st.Day.valid(finite) &&
		finite(st.HourLevel.Ring[:]...) && st.HourLevel.valid()
}

// valid checks a loaded burst model.
func (b *burst) valid(finite func(...float64) bool) bool {
	for _, n := range b.SeasonN {
		if n < 0 {
			return false
		}
	}
	return b.Samples >= 0 && b.AnchorF >= 0 && finite(b.Spread, b.Gate) && b.Spread >= 0 &&
		finite(b.Season[:]...) && finite(b.Cusum, b.CusumExcess, b.Long, b.Tail) && b.Cusum >= 0
}

// weekFinite reports whether every saved weekday value passes finite.
func weekFinite(r *weekRing, finite func(...float64) bool) bool {
	for wd := range r.Val {
		if !finite(r.Val[wd][:]...) {
			return false
		}
	}
	return true
}
