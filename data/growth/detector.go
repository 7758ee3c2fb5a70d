package growth

import (
	"math"
	"time"

	"akimwatch/data"
)

// Options configures a Detector for one account.
type Options struct {
	AccountID int64
	// Platform marks coarse counts: YouTube rounds to three significant
	// digits. Coarse series are also recognised from the counts themselves.
	Platform data.Platform
	// Params tunes detection; the zero value means Medium.Params().
	Params Params
}

// Verdict is what Detector.Step concluded about one new reading.
type Verdict uint8

// Verdicts.
const (
	// Normal means nothing unusual (or the reading was ignored).
	Normal Verdict = iota
	// Weak means a drop too small to alert alone that still counts as
	// evidence for a platform-wide purge (see GroupPlatform). Never show it
	// on its own.
	Weak
	// Raised means an alert.
	Raised
)

// Detector judges one account's readings as they arrive. Each reading is
// judged only on the readings before it, so a detector restored from its
// saved state (see MarshalBinary) and fed the new readings raises the same
// alerts as a fresh detector fed the whole history.
type Detector struct {
	opt     Options
	youtube bool // opt.Platform is YouTube, decided once
	st      state
}

// state is everything a detector remembers. Its fields are fixed-size and
// exported only so encoding/binary can save it.
type state struct {
	Points           int64
	LastT, LastF     int64 // the latest reading (Unix seconds, followers)
	BaseT, BaseF     int64 // the first reading of the current run of equal counts
	AnchorT, AnchorF int64 // where the daily rate being gathered started
	Samples          int64 // daily rates gathered so far
	CoarseRun        int32 // counts in a row that look rounded to 3 digits
	StallFired       bool  // a stall alert was raised for the current run
	RunSteady        bool  // the account grew steadily when the run began
	RunRate          float64
	RunSigma         float64    // the wobble used for jumps and drops during the run
	RunWobble        float64    // the measured wobble alone, for stalls
	LastAlert        [3]int64   // Unix seconds of the last jump, drop and stall alert
	LastSize         [3]float64 // their excess sizes, for escalation
	Level            window     // recent daily rates
	Spread           float64    // mean absolute residual, scaled to a day (winsorized, exponentially weighted)
	SpreadN          int64      // residuals in Spread
	Week             weekRing   // the weekly rhythm
	Hour, Day        burst      // rises judged in log rate, by hour and by day
	HourLevel        window     // log rates of recent hourly blocks
}

// Indexes into state.LastAlert.
const (
	slotJump = iota
	slotDrop
	slotStall
)

// NewDetector returns a detector that has seen no readings.
func NewDetector(opt Options) *Detector {
	if opt.Params == (Params{}) {
		opt.Params = Medium.Params()
	}
	return &Detector{opt: opt, youtube: opt.Platform == data.YouTube}
}

// Last returns the time of the latest reading the detector has seen (the zero
// time when none): readings at or before it are ignored by Step.
func (d *Detector) Last() time.Time {
	if d.st.Points == 0 {
		return time.Time{}
	}
	return time.Unix(d.st.LastT, 0).UTC()
}

// Run steps through pts (normalized first) and returns the alerts raised and
// the weak drops seen, in time order.
func (d *Detector) Run(pts []Point) (alerts, weak []Alert) {
	var a Alert
	for _, p := range normalized(pts) {
		switch d.step(p.Time.Unix(), p.Followers, &a) {
		case Raised:
			alerts = append(alerts, a)
		case Weak:
			weak = append(weak, a)
		}
	}
	return alerts, weak
}

// Scan runs a fresh detector over a whole history.
func Scan(pts []Point, opt Options) (alerts, weak []Alert) {
	return NewDetector(opt).Run(pts)
}

// Step judges reading p against the readings before it and then learns from
// it. Readings not after the latest one seen, and negative counts, are
// ignored (Normal). The Alert is filled only when the verdict is not Normal.
func (d *Detector) Step(p Point) (Alert, Verdict) {
	var a Alert
	v := d.step(p.Time.Unix(), p.Followers, &a)
	return a, v
}

// step is Step for the reading of f followers at Unix time t. *out may be
// written whatever the verdict but means something only when the verdict is
// not Normal, so Run can reuse one Alert.
func (d *Detector) step(t, f int64, out *Alert) Verdict {
	st, prm := &d.st, &d.opt.Params
	if f < 0 {
		return Normal
	}
	if st.Points == 0 {
		st.Points, st.LastT, st.LastF = 1, t, f
		st.BaseT, st.BaseF, st.AnchorT, st.AnchorF = t, f, t, f
		st.CoarseRun = b2i(looksCoarse(f))
		// The first run's scale, as learn sets it for every later run: a
		// count that never moves afterwards is judged against it, not 0.
		coarse := d.youtube || looksCoarse(f)
		st.RunSigma = d.sigma(f, coarse)
		st.RunWobble = max(absFloor, b2f(coarse)*st.RunSigma)
		st.Hour.AnchorT, st.Hour.AnchorF, st.Day.AnchorT, st.Day.AnchorF = t, f, t, f
		return Normal
	}
	if t <= st.LastT {
		return Normal
	}
	st.Points++
	if looksCoarse(f) {
		st.CoarseRun++
	} else {
		st.CoarseRun = 0
	}
	q := 0.0 // the rounding step of coarse counts
	if d.youtube || st.CoarseRun >= coarseRunMin {
		q = quantum(max(f, st.BaseF))
	}

	usual := st.Level.median()
	coarse := q > 0
	j := d.judge(t, st.BaseT, f-st.BaseF, st.BaseF, usual, q, coarse)
	if st.AnchorT < st.BaseT { // sub-day readings: also judge the day so far
		if k := d.judge(t, st.AnchorT, f-st.AnchorF, st.AnchorF, usual, q, coarse); math.Abs(k.score) > math.Abs(j.score) {
			j = k
		}
	}
	change, score, mag, pct := j.change, j.score, j.mag, j.pct
	v := Normal
	switch {
	case st.Samples < warmupSamples && !(coarse && st.Samples >= coarseWarmup):
	case f == st.LastF: // an unchanged count is never a jump or a drop
		*out, v = d.stall(t, f, float64(t-st.BaseT)/secondsPerDay, q)
	case change > 0 && score >= prm.MinScore && mag >= float64(prm.MinAbs) && d.sizeOK(pct, mag, true) && d.bigEnough(change, j.base, true):
		*out, v = d.alert(t, f, j, data.AlertJump), d.cool(slotJump, t, mag)
		if v == Raised {
			d.quietBursts(t)
		}
	case !coarse && d.burstAlert(t, f, usual, out):
		v = d.cool(slotJump, t, out.excess)
		if v == Raised {
			d.quietBursts(t)
		}
	case change < 0 && score <= -prm.MinScore && mag >= float64(prm.MinAbs) && pct >= prm.MinPct && d.bigEnough(-change, j.base, false):
		*out, v = d.alert(t, f, j, data.AlertDrop), d.cool(slotDrop, t, mag)
	case score <= -prm.WeakScore && pct >= prm.WeakPct && mag >= float64(prm.MinAbs)/weakAbsDivisor:
		*out, v = d.alert(t, f, j, data.AlertDrop), Weak
	}
	if v != Normal {
		if out.Kind == data.AlertJump {
			out.gain = d.dailyGain()
		}
		out.Detail = detail(*out)
	}
	d.learn(t, f, usual, coarse)
	return v
}

// burstAlert reports whether the hourly or daily burst model finds the rise
// to reading (t, f) unusual and big enough, and fills *out if so.
func (d *Detector) burstAlert(t, f int64, usual float64, out *Alert) bool {
	st, prm := &d.st, &d.opt.Params
	if f <= st.LastF || f-min(st.Hour.AnchorF, st.Day.AnchorF) < prm.MinAbs && st.Hour.Cusum == 0 && st.Day.Cusum == 0 {
		return false // no model can find a rise big enough
	}
	best := burstVerdict{}
	for i, b := range [2]*burst{&st.Hour, &st.Day} {
		k := burstKinds[i]
		thr := prm.BurstScore * k.scoreMul
		var bv burstVerdict
		if i == 0 {
			if b.Samples >= k.warmup { // hourly readings only
				bv = b.judge(k, t, f, thr, hourUsual(&st.HourLevel))
			}
		} else {
			bv = b.judge(k, t, f, thr, d.dayUsual(usual))
		}
		if bv.level() >= thr && bv.excess >= float64(prm.MinAbs) && d.sizeOK(100*bv.excess/float64(max(f, 1)), bv.excess, true) && bv.level() > best.level() {
			best = bv
		}
	}
	if best.level() <= 0 {
		return false
	}
	change := int64(math.Round(best.excess + best.usual*best.span))
	if !d.bigEnough(change, f-change, true) {
		return false
	}
	*out = Alert{AccountID: d.opt.AccountID, Time: time.Unix(t, 0).UTC(), Kind: data.AlertJump, Followers: f,
		Change: change, Pct: pctOf(change, f-change), Score: best.z, Usual: best.usual, Days: best.span, excess: best.excess,
		why: best.why, ratio: best.ratio}
	return true
}

// quietBursts holds the burst models' CUSUMs at 0 for a day (or the
// cooldown, when shorter) after an alert at t, so the rest of the same event
// does not alert again; a new event after that can still escalate.
func (d *Detector) quietBursts(t int64) {
	until := t + int64(min(d.opt.Params.Cooldown, burstQuiet)/time.Second)
	d.st.Hour.quiet(until)
	d.st.Day.quiet(until)
}

// dayUsual returns the usual rate per day of the daily burst model, the
// floor rate included: the median daily rate of the detector's own rate
// window, whose blocks are the same (the median of logs is the log of the
// median, so the model keeps no second window). The model adds its own
// weekday offsets in log rate.
func (d *Detector) dayUsual(rateMedian float64) float64 {
	st := &d.st
	if rateMedian < 0 {
		rateMedian = 0
	}
	return rateMedian + floorRate(&byDay, st.Day.AnchorF)
}

// burstQuiet is the longest the CUSUMs are held after an alert.
const burstQuiet = day

// bigEnough reports whether a change of size followers (positive) from a
// count of base reaches the minimum sizes of the sensitivity: no single
// account's alert may be smaller than those, whatever its excess over the
// usual. rise says the change is a gain (see sizeOK).
func (d *Detector) bigEnough(size, base int64, rise bool) bool {
	return size >= d.opt.Params.MinAbs && d.sizeOK(100*float64(size)/float64(max(base, 1)), float64(size), rise)
}

// sizeOK reports whether a change of mag followers, pct percent of the
// account, is big enough relative to the account: at least MinPct of it, or,
// for a gain, at least MinDays of the account's usual daily gain. The second
// rule measures a gain against the account's recent activity rather than
// its lifetime total, which for a cumulative count (posts, views) read for
// years says little about what is large today. MinDays 0 turns the rule off,
// and an account that does not grow has no gain to measure against. Losses
// keep MinPct: a count that never falls has no usual loss to size them by.
func (d *Detector) sizeOK(pct, mag float64, rise bool) bool {
	if pct >= d.opt.Params.MinPct {
		return true
	}
	m, g := d.opt.Params.MinDays, d.dailyGain()
	return rise && m > 0 && g > 0 && d.st.Level.N >= warmupSamples && mag >= m*g
}

// dailyGain is the account's usual gain per day (the median of its recent
// daily rates), 0 when it does not grow.
func (d *Detector) dailyGain() float64 {
	if g := d.st.Level.median(); g > 0 {
		return g
	}
	return 0
}

// coarseWarmup is how many rates a coarse series needs before it can alert:
// each spans a whole rounding step, often weeks, so two already tell the pace.
const coarseWarmup = 2

// weakAbsDivisor: a weak drop needs at least this fraction of MinAbs, so
// single unfollows on tiny accounts are not purge evidence.
const weakAbsDivisor = 5

// secondsPerDay converts Unix-second spans to days.
const secondsPerDay = 86400.0

// sigma is the usual day-to-day wobble, never below the floors. Coarse counts
// say nothing about the wobble, so they use the floors alone.
func (d *Detector) sigma(base int64, coarse bool) float64 {
	s := 0.0
	if !coarse {
		// a mean absolute deviation: heavy tails widen the scale
		s = madToSD * d.st.Spread
	}
	return max(s, relFloor*float64(base), absFloor)
}

// cool returns Raised and records the alert, or Normal within the cooldown
// of the previous alert of the same kind, unless this change is escalateRatio
// times bigger (a small jump the day before the bought followers arrive must
// not hide them).
func (d *Detector) cool(slot int, t int64, mag float64) Verdict {
	last := d.st.LastAlert[slot]
	if last != 0 && t-last < int64(d.opt.Params.Cooldown/time.Second) && mag < escalateRatio*d.st.LastSize[slot] {
		return Normal
	}
	d.st.LastAlert[slot], d.st.LastSize[slot] = t, mag
	return Raised
}

// escalateRatio is how many times bigger than the last alert a change within
// the cooldown must be to alert again.
const escalateRatio = 3

// judgement is the comparison of one change with the usual pace.
type judgement struct {
	change     int64
	base       int64   // the count the change is measured from
	span, pace float64 // days; the usual change per day
	score, mag float64 // signed robust z-score; excess beyond the rounding step
	pct        float64 // mag in percent of base
}

// judge compares the change from the reading at Unix time from (count base)
// to the reading at t with the usual pace. Within a run of equal counts the
// pace from before the run is used, since the run itself teaches nothing.
func (d *Detector) judge(t, from, change, base int64, usual, q float64, coarse bool) judgement {
	st := &d.st
	pace, sigma := usual, d.sigma(base, coarse)
	if from == st.BaseT && st.BaseT != st.LastT {
		pace, sigma = st.RunRate, st.RunSigma
	}
	span := float64(t-from) / secondsPerDay
	expected := pace * span
	if span <= weekdayMaxDays && !coarse {
		expected += st.Week.offset(weekday(t, span)) * span
	}
	// sigma is never below absFloor (a state saved by an older akimwatch may
	// hold 0), so the score is a finite number.
	scale := max(sigma, absFloor)*math.Sqrt(max(span, 1)) + paceDrift*math.Abs(pace)*max(span-1, 0)
	excess := float64(change) - expected
	mag := max(math.Abs(excess)-q, 0)
	return judgement{change: change, base: base, span: span, pace: pace,
		score: math.Copysign(mag/scale, excess), mag: mag, pct: 100 * mag / float64(max(base, 1))}
}

// alert describes judgement j of the reading (t, f) as an alert of kind k.
func (d *Detector) alert(t, f int64, j judgement, k data.AlertKind) Alert {
	return Alert{AccountID: d.opt.AccountID, Time: time.Unix(t, 0).UTC(), Kind: k, Followers: f,
		Change: j.change, Pct: pctOf(j.change, j.base), Score: math.Abs(j.score), Usual: j.pace, Days: j.span, why: WhyChange}
}

// stall checks whether the run of equal counts that reading (t, f) continues
// is long enough, for an account that grew steadily before it, to be a stall.
func (d *Detector) stall(t, f int64, span, q float64) (Alert, Verdict) {
	st, prm := &d.st, &d.opt.Params
	if st.StallFired || !st.RunSteady || st.RunRate <= 0 || span < prm.StallDays {
		return Alert{}, Normal
	}
	missed := st.RunRate*span - q
	score := missed / (max(st.RunWobble, absFloor) * math.Sqrt(span))
	if missed < float64(prm.MinAbs) || score < prm.StallScore {
		return Alert{}, Normal
	}
	st.StallFired = true
	a := Alert{AccountID: d.opt.AccountID, Time: time.Unix(t, 0).UTC(), Kind: data.AlertStall, Followers: f,
		Score: score, Usual: st.RunRate, Days: span, why: WhyStall}
	return a, d.cool(slotStall, t, missed)
}

// learn folds reading (t, f) into the baseline; usual is the pace before it.
func (d *Detector) learn(t, f int64, usual float64, coarse bool) {
	st := &d.st
	newRun := f != st.LastF
	st.LastT, st.LastF = t, f
	dayLu := 0.0
	if !coarse && t-st.Day.AnchorT >= byDay.minBlock && t-st.Day.AnchorT <= byDay.maxBlock {
		dayLu = d.dayUsual(usual)
	}
	d.sample(t, f, usual, coarse)
	if !coarse {
		prm := &d.opt.Params
		switch s := t - st.Hour.AnchorT; {
		case s > byHour.maxBlock: // readings too far apart for hourly blocks
			st.Hour.learn(&byHour, t, f, 0, 0)
		case s >= byHour.minBlock: // an hourly block closes
			lvl := st.HourLevel.median()
			if q, ok := st.Hour.learn(&byHour, t, f, math.Exp(lvl), prm.BurstScore*byHour.scoreMul); ok {
				st.HourLevel.push(q + lvl)
			}
		}
		st.Day.learn(&byDay, t, f, dayLu, prm.BurstScore*byDay.scoreMul)
	}
	if newRun { // a new run of equal counts starts here: remember the pace before it
		st.BaseT, st.BaseF = t, f
		st.StallFired = false
		st.RunRate = st.Level.median()
		st.RunSigma = d.sigma(f, coarse)
		// A count that does not move at all is strong evidence by itself, so
		// stalls are scored on the measured wobble without the size floor.
		// Coarse counts stand still by nature and keep the floors.
		st.RunWobble = max(madToSD*st.Spread, absFloor)
		if coarse {
			st.RunWobble = st.RunSigma
		}
		st.RunSteady = st.Level.N >= warmupSamples && st.Level.quantile(1-steadyShare) > 0
	}
}

// sample adds the daily rate since the anchor once it spans about a day.
// Coarse counts wait for the count to change, so each rate spans a whole
// step of the rounding and the pace is not read as zero.
func (d *Detector) sample(t, f int64, usual float64, coarse bool) {
	st := &d.st
	sd := float64(t-st.AnchorT) / secondsPerDay
	if sd < minSampleDays || (coarse && f == st.AnchorF) {
		return
	}
	rate := float64(f-st.AnchorF) / sd
	st.AnchorT, st.AnchorF = t, f
	if math.IsNaN(rate) || math.IsInf(rate, 0) {
		return
	}
	if st.Samples > 0 && sd <= maxSpreadDays && !coarse {
		off := 0.0
		if sd <= weekdayMaxDays {
			wd := weekday(t, sd)
			off = st.Week.offset(wd)
			st.Week.push(wd, rate-usual)
		}
		st.pushSpread(math.Abs(rate-usual-off) * math.Sqrt(sd))
	}
	st.Level.push(rate)
	st.Samples++
}

// pushSpread adds an absolute residual to the spread: a plain mean of the
// first spreadStart, then an exponentially weighted mean over about
// windowSize days, each residual clipped at spreadClip times the scale so
// that one bought jump does not hide the next month's events.
func (st *state) pushSpread(r float64) {
	st.SpreadN++
	if st.SpreadN <= spreadStart {
		st.Spread += (r - st.Spread) / float64(st.SpreadN)
		return
	}
	st.Spread += (min(r, spreadClip*madToSD*st.Spread) - st.Spread) / windowSize
}

// weekday returns the local weekday (0 = Sunday) of the middle of the span
// of spanDays ending at Unix time t.
func weekday(t int64, spanDays float64) int {
	mid := t + int64(localOffset/time.Second) - int64(spanDays*secondsPerDay/2)
	if mid >= 0 { // unsigned division is cheaper
		return int((uint64(mid)/86400 + 4) % 7)
	}
	dayNum := mid / 86400 // rounds toward zero: step back a day for the floor
	if mid%86400 != 0 {
		dayNum--
	}
	return int(((dayNum+4)%7 + 7) % 7) // 1970-01-01 was a Thursday
}

// looksCoarse reports whether n is rounded to three significant digits: every
// digit after the first three is 0. Most counts fail on the last digit.
func looksCoarse(n int64) bool {
	if n < 1000 {
		return false
	}
	for ; n >= 1000; n /= 10 {
		if n%10 != 0 {
			return false
		}
	}
	return true
}

// quantum returns the step of a count rounded to three significant digits.
func quantum(n int64) float64 {
	q := int64(1)
	for v := n; v >= 1000; v /= 10 {
		q *= 10
	}
	return float64(q)
}

func pctOf(change, base int64) float64 {
	if base <= 0 {
		return 0
	}
	return 100 * float64(change) / float64(base)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}
