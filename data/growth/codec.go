package growth

import (
	"encoding/binary"
	"math"
)

// codec writes or reads a state field by field. One walk lists the fields
// once for both directions, so the two cannot drift apart; it avoids the
// reflection of binary.Read, which was most of a refresh's cost.
type codec struct {
	buf  []byte
	off  int
	dec  bool
	fail bool // a read ran past the end
}

func (c *codec) u64(v *uint64) {
	if !c.dec {
		c.buf = binary.LittleEndian.AppendUint64(c.buf, *v)
		return
	}
	if c.off+8 > len(c.buf) {
		c.fail = true
		return
	}
	*v = binary.LittleEndian.Uint64(c.buf[c.off:])
	c.off += 8
}

func (c *codec) i64(v *int64) {
	u := uint64(*v)
	c.u64(&u)
	*v = int64(u)
}

func (c *codec) f64(v *float64) {
	u := math.Float64bits(*v)
	c.u64(&u)
	*v = math.Float64frombits(u)
}

func (c *codec) f64s(vs []float64) {
	for i := range vs {
		c.f64(&vs[i])
	}
}

func (c *codec) i64s(vs []int64) {
	for i := range vs {
		c.i64(&vs[i])
	}
}

func (c *codec) small(v *int8) {
	u := uint64(*v)
	c.u64(&u)
	*v = int8(u)
}

func (c *codec) i32(v *int32) {
	u := int64(*v)
	c.i64(&u)
	*v = int32(u)
}

func (c *codec) flag(v *bool) {
	u := int64(0)
	if *v {
		u = 1
	}
	c.i64(&u)
	*v = u == 1
}

func (c *codec) window(w *window) {
	c.f64s(w.Ring[:])
	c.f64s(w.Sorted[:])
	c.i32(&w.N)
	c.i32(&w.Head)
}

// walk visits every field of the state in a fixed order.
func (st *state) walk(c *codec) {
	for _, p := range []*int64{&st.Points, &st.LastT, &st.LastF, &st.BaseT, &st.BaseF, &st.AnchorT, &st.AnchorF, &st.Samples} {
		c.i64(p)
	}
	c.i32(&st.CoarseRun)
	c.flag(&st.StallFired)
	c.flag(&st.RunSteady)
	for _, p := range []*float64{&st.RunRate, &st.RunSigma, &st.RunWobble} {
		c.f64(p)
	}
	c.i64s(st.LastAlert[:])
	c.f64s(st.LastSize[:])
	c.window(&st.Level)
	c.f64(&st.Spread)
	c.i64(&st.SpreadN)
	for wd := range 7 {
		c.f64s(st.Week.Val[wd][:])
		c.small(&st.Week.N[wd])
		c.small(&st.Week.Head[wd])
	}
	c.f64s(st.Week.Off[:])
	c.burst(&st.Hour)
	c.burst(&st.Day)
	c.window(&st.HourLevel)
}

func (c *codec) burst(b *burst) {
	c.i64(&b.AnchorT)
	c.i64(&b.AnchorF)
	c.i64(&b.Samples)
	c.f64(&b.Spread)
	c.f64s(b.Season[:])
	for i := range b.SeasonN {
		c.i32(&b.SeasonN[i])
	}
	c.f64(&b.Cusum)
	c.f64(&b.CusumExcess)
	c.i64(&b.CusumT)
	c.i64(&b.Quiet)
	c.f64(&b.Gate)
	c.f64(&b.Long)
	c.f64(&b.Tail)
	b.lowOK = false // derived from Season, which may just have been read
}
