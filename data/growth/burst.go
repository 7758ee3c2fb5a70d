package growth

import "math"

// burst judges how unusual a rise is for this series, in log rate: the count
// gained per unit of time (an hour or a day) over blocks of at least a unit,
// compared with the recent median of those rates plus the usual offset of the
// block's slot (hour of day, or weekday), in units of the recent robust
// spread. Rates multiply in real series (a news day is "five times as many",
// night is "a third of the day"), so a log scale makes one threshold fit
// quiet and busy series alike. The baselines are measured in time: a block is
// at least a unit long whatever the cadence of the readings.
//
// A sharp rise is caught by the z-score of the block so far; a rise that is
// moderate but lasts (a news day read every five minutes, followers bought
// over several days) by a one-sided CUSUM of the block z-scores, whose
// excess is added up from where the run began.
//
// Fields are exported only so the codec can save them.
type burst struct {
	AnchorT, AnchorF int64       // where the current block started
	Samples          int64       // blocks learnt
	Spread           float64     // mean |residual| of recent blocks (winsorized, exponentially weighted)
	Season           [24]float64 // each slot's usual log offset (hour of day, or weekday)
	SeasonN          [24]int32
	Cusum            float64 // one-sided CUSUM of block z-scores
	CusumExcess      float64 // followers beyond the usual since the CUSUM left 0
	CusumT           int64   // when it left 0
	Quiet            int64   // the CUSUM stays at 0 until then (an alert's cooldown)
	// Gate is the least log rate, beyond the usual, that can pass the block
	// check with any slot's offset: rates below it are not judged further.
	Gate float64
	// Long is the log rate averaged over a long memory (see burstKind.longW):
	// a rise must also be unusual against it, so a rate that only comes
	// back to its old pace after a pause is not a rise.
	Long float64
	// Tail tracks the (1 − tailShare) quantile of the block z-scores: a
	// series whose blocks pass the threshold often (spikes several times a
	// day that are its normal) must pass its own tail to alert, so a burst
	// is judged by how unusual it is for that series.
	Tail float64

	// low caches the least slot offset and lowAt its slot, so that a block
	// that moves one slot does not scan them all (lowOK false: not known,
	// as after decoding). Not saved: it is derived from Season.
	low   float64
	lowAt int
	lowOK bool
}

// burstKind selects the unit and the slots of a burst model.
type burstKind struct {
	unit     int64   // seconds
	perUnit  float64 // 1 / unit
	minBlock int64   // shortest block learnt, seconds
	maxBlock int64   // longest block learnt; longer gaps restart the block
	slots    int     // 24 hours of the day, or 7 weekdays
	warmup   int64   // blocks before judging
	alpha    float64 // EWMA weight of a slot's offset
	// spreadW is the EWMA weight of the spread: about one over its memory in
	// blocks, a week of hours and half a year of days. A series that bursts
	// every few days keeps its bursts in the spread, so they stop looking
	// unusual; a four-week memory forgot them between bursts (synthetic
	// count series read one a day: 49.5 -> 52.6, with fewer false alerts on
	// the follower set).
	spreadW float64
	// ownSeason: the model learns its slots' offsets in log rate (hours of
	// the day, weekdays); without it the caller's usual rate must hold them.
	ownSeason bool
	// cusum: the model also adds up moderate rises that last.
	cusum bool
	// cusumMul is the CUSUM's alert threshold as a multiple of the block
	// check's. The daily CUSUM needs three times as much: at the block
	// check's threshold it made most of the false alerts on follower
	// accounts; at three times it still catches build-ups over many days
	// that no single day shows (synthetic count series re-stamped one a
	// day: 52.6 -> 63.3 on five tuning seeds, follower false alerts
	// 0.19 -> 0.25 per account-year).
	cusumMul float64
	// longW is the EWMA weight of Long, 0 for a model without it. The daily
	// model has one of about half a year: its recent median falls during a
	// pause (a fortnight of zeros is half of it), and the old pace coming
	// back then looked like a rise that lasted.
	longW float64
	why   [2]string // the reason keys of a block alert and a CUSUM alert
	// scoreMul scales Params.BurstScore: a day adds up many hours, so the
	// same event stands out less against the day's own spread.
	scoreMul float64
}

var (
	byHour = burstKind{unit: 3600, perUnit: 1.0 / 3600, minBlock: 3600, maxBlock: 3 * 3600, slots: 24, warmup: 48, alpha: 0.2, spreadW: 1.0 / 168, ownSeason: true, cusum: true, cusumMul: 1, scoreMul: 1, why: [2]string{WhyBurstHour, WhyRiseHour}}
	byDay  = burstKind{unit: 86400, perUnit: 1.0 / 86400, minBlock: 64800, maxBlock: 2 * 86400, slots: 7, warmup: 7, alpha: 0.25, spreadW: 1.0 / 180, ownSeason: true, cusum: true, cusumMul: 3, longW: 1.0 / 180, scoreMul: 0.55, why: [2]string{WhyBurstDay, WhyRiseDay}}
)

// Burst model constants.
const (
	burstSigmaMin = 0.05 // least spread of log rates assumed
	cusumSlack    = 1.0  // z a block may show before the CUSUM grows
	cusumCap      = 8.0  // most z one block adds: sharp spikes are the block check's
	slotClip      = 3.0  // a block moves its slot's offset by at most this many spreads
	spreadClip    = 4.0  // a block adds at most this many spreads to the spread
	// madToSD turns a mean absolute deviation into a standard deviation for
	// normal noise; heavier tails raise the mean deviation, and so the scale.
	madToSD = 1.2533
	// tailShare is the share of blocks the tail quantile leaves above it,
	// about one day in a year on the daily model; tailStep is how far one
	// block moves the estimate (a z of 0.5 up for a block above it,
	// 0.5 × tailShare down for one below). Chosen on synthetic count series
	// with spike trains (counts_test.go: re-stamped one a day 19.4 -> 54.2
	// with two spiky series a seed; 64.3 -> 64.8 on the ten without).
	tailShare = 0.003
	tailStep  = 0.5
	// spreadStart is how many first blocks set the spread as a plain mean.
	spreadStart = 8
)

// burstVerdict is what a burst model concluded about the reading.
type burstVerdict struct {
	z      float64 // the robust z-score (block so far or CUSUM)
	excess float64 // followers beyond the usual
	span   float64 // days the excess gathered over
	usual  float64 // usual followers per day
	ratio  float64 // the block's rate over the usual rate
	why    string  // the reason key for the alert's Detail
	need   float64 // the threshold z must reach, as a multiple of the block check's (0: 1)
}

// level is z in units of the threshold it must reach (times the block
// check's threshold), so verdicts of a block and of a CUSUM compare.
func (v burstVerdict) level() float64 {
	if v.need > 0 {
		return v.z / v.need
	}
	return v.z
}

func (b *burst) slot(k *burstKind, t, from int64) int {
	mid := (t + from) / 2
	if k.slots == 7 {
		return weekday(mid, 0)
	}
	local := mid + int64(localOffset/1e9)
	return int(((local % 86400) + 86400) % 86400 / 3600)
}

// floorRate is added to rates before the log, so that accounts that barely
// move do not read each follower as a many-fold rise: a rate per unit, at
// least absFloor and relFloor of the count per day.
func floorRate(k *burstKind, f int64) float64 {
	if r := relFloor * float64(f) * float64(k.unit) / secondsPerDay; r > absFloor {
		return r // a branch, not max: no NaN to care about, and cheaper
	}
	return absFloor
}

func (b *burst) sigma() float64 { return max(madToSD*b.Spread, burstSigmaMin) }

// judge scores the rise from the block's start to the reading (t, f)
// against the usual rate lu (per unit, the floor rate included; see
// hourUsual and dayUsual). A block check below thr, with no CUSUM running,
// returns a zero verdict early: most readings are ruled out by a few
// multiplications against Gate, without a logarithm.
func (b *burst) judge(k *burstKind, t, f int64, thr, lu float64) burstVerdict {
	s := t - b.AnchorT
	if b.Samples < k.warmup || s <= 0 || s > k.maxBlock || f <= b.AnchorF {
		return burstVerdict{}
	}
	units := float64(s) / float64(k.unit)
	gain := float64(f - b.AnchorF)
	c := floorRate(k, b.AnchorF)
	x := gain/units + c
	// Whether the CUSUM can reach its threshold with this block: else only
	// the block check can alert, and the gate rules most readings out.
	// The CUSUM is judged with the block so far, or with the whole block
	// when each reading closes one (hourly readings on the hourly model, one
	// a day on the daily one).
	cusumMax := min(cusumCap, thr) // the most one block adds (see learn)
	cusum := b.Cusum > 0 && b.Cusum+cusumMax >= thr*k.cusumMul
	if !cusum && x < lu*expBelow(b.Gate) {
		return burstVerdict{}
	}
	off := 0.0
	if k.ownSeason {
		off = b.Season[b.slot(k, t, b.AnchorT)]
	}
	d := math.Log(x/lu) - off // the block's log rate beyond the usual
	if k.longW > 0 {
		d = min(d, math.Log(x)-b.Long-off) // and beyond the long-run rate
	}
	sg := b.sigma()
	if d < thr*sg && !cusum {
		return burstVerdict{}
	}
	usual := lu*math.Exp(off) - c
	z := d / (sg * math.Sqrt(max(1/units, 1)))
	v := burstVerdict{z: z, excess: gain - usual*units, span: float64(s) / secondsPerDay,
		usual: usual * secondsPerDay / float64(k.unit), why: k.why[0]}
	if b.Tail > thr { // this series' blocks often pass thr: the bar is its tail
		v.need = b.Tail / thr
	}
	if usual > 0 {
		v.ratio = gain / units / usual
	}
	if cusum { // the run so far, with the block so far
		u := min(units, 1)
		zb := z * math.Sqrt(u)
		if b.Tail > thr {
			zb *= thr / b.Tail
		}
		zc := b.Cusum + min(max(zb, 0), cusumMax) - cusumSlack*u
		if zc/k.cusumMul > v.z {
			v = burstVerdict{z: zc, excess: b.CusumExcess + max(v.excess, 0), span: float64(t-b.CusumT) / secondsPerDay,
				usual: v.usual, why: k.why[1], need: k.cusumMul}
		}
	}
	return v
}

// learn closes the block at reading (t, f) once it is long enough, against
// the usual rate lu before it, and returns the block's log rate relative to
// lu (ok false when no block closed or the block was too long to learn
// from). thr is the block check's threshold, for Gate.
func (b *burst) learn(k *burstKind, t, f int64, lu, thr float64) (q float64, ok bool) {
	s := t - b.AnchorT
	if s < k.minBlock {
		return 0, false
	}
	if s > k.maxBlock || b.AnchorT == 0 {
		b.AnchorT, b.AnchorF = t, f
		b.Cusum, b.CusumExcess = 0, 0
		return 0, false
	}
	units := float64(s) * k.perUnit
	c := floorRate(k, b.AnchorF)
	gain := float64(f - b.AnchorF)
	x := c
	if gain > 0 {
		x += gain / units
	}
	lx := approxLog(x)
	q = lx - approxLog(lu) // logRatio(x, lu), with approxLog(x) kept for Long
	sl, off := 0, 0.0
	if k.ownSeason {
		sl = b.slot(k, t, b.AnchorT)
		off = b.Season[sl]
	}
	if b.Samples > 0 {
		sg := b.sigma()
		r := q - off
		z := r / sg
		if k.longW > 0 {
			if zl := (lx - b.Long - off) / sg; zl < z {
				z = zl
			}
		}
		if b.Samples >= k.warmup { // the tail quantile, by stochastic approximation
			if z > b.Tail {
				b.Tail += tailStep * (1 - tailShare)
			} else if b.Tail -= tailStep * tailShare; b.Tail < 0 {
				b.Tail = 0
			}
		}
		if k.cusum && b.Samples >= k.warmup && t > b.Quiet {
			if b.Cusum == 0 && z > cusumSlack {
				b.CusumT = b.AnchorT
			}
			zc := z
			if b.Tail > thr { // judged against the series' own tail, as the block check
				zc *= thr / b.Tail
			}
			// A block adds at most the block threshold (and cusumCap): one
			// spike is the block check's business, and a train of them must
			// not add up to a "rise".
			if cp := min(cusumCap, thr); zc > cp {
				zc = cp
			}
			if b.Cusum += zc - cusumSlack; !(b.Cusum > 0) {
				b.Cusum = 0
			}
			if b.Cusum == 0 {
				b.CusumExcess = 0
			} else { // exp only while a run lasts
				b.CusumExcess += gain - (lu*fastExp(off)-c)*units
			}
		}
		if b.Samples <= spreadStart { // the first blocks: a plain mean
			b.Spread += (math.Abs(r) - b.Spread) / float64(b.Samples)
		} else {
			b.Spread += k.spreadW * (min(math.Abs(r), spreadClip*sg) - b.Spread)
		}
		if k.ownSeason {
			dev := q
			if b.SeasonN[sl] > 0 {
				dev = min(max(dev, b.Season[sl]-slotClip*sg), b.Season[sl]+slotClip*sg)
			}
			if b.SeasonN[sl] < 3 {
				// the first values of a slot set it more firmly
				b.Season[sl] += (dev - b.Season[sl]) / float64(b.SeasonN[sl]+1)
			} else {
				b.Season[sl] += k.alpha * (dev - b.Season[sl])
			}
			if b.SeasonN[sl] < 1<<20 {
				b.SeasonN[sl]++
			}
		}
	}
	if k.longW > 0 {
		if b.Samples == 0 {
			b.Long = lx
		} else {
			b.Long += k.longW * (lx - b.Long)
		}
	}
	b.Samples++
	b.AnchorT, b.AnchorF = t, f
	low := 0.0
	if k.ownSeason {
		low = b.seasonLow(k, sl)
	}
	b.Gate = low + thr*b.sigma()
	return q, true
}

// seasonLow returns the least slot offset after slot sl changed: from the
// cache unless sl held the least or the cache is not known, when it scans the
// slots (the same value a scan would give every time).
func (b *burst) seasonLow(k *burstKind, sl int) float64 {
	if b.lowOK && sl != b.lowAt {
		if o := b.Season[sl]; o < b.low {
			b.low, b.lowAt = o, sl
		}
		return b.low
	}
	low, at := b.Season[0], 0
	for i, o := range b.Season[1:k.slots] {
		if o < low { // not min: no NaN to care about, and twice as fast
			low, at = o, i+1
		}
	}
	b.low, b.lowAt, b.lowOK = low, at, true
	return low
}

// hourUsual returns the usual rate per hour of the hourly model (the floor
// rate included): the median of its recent block log rates.
func hourUsual(w *window) float64 { return math.Exp(w.median()) }

// expBelow is a lower bound of e^y for every y (its Taylor polynomial to
// the third power, whose remainder y⁴/24·e^ξ is never negative), without a
// call: a rate below lu·expBelow(Gate) is surely below the gate.
func expBelow(y float64) float64 { return 1 + y*(1+y*(0.5+y*(1.0/6))) }

// fastExp is e^y to about 1e-7 relative for |y| < 700, a few times cheaper
// than math.Exp: 2^k times 2^r for the nearest whole k, with 2^r by its
// Taylor series around 0 (|r| ≤ ½).
func fastExp(y float64) float64 {
	if !(y > -700 && y < 700) {
		return math.Exp(y)
	}
	v := y * math.Log2E
	k := math.Floor(v + 0.5)
	r := (v - k) * math.Ln2 // |r| ≤ ln2/2
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040)))))))
	return p * math.Float64frombits(uint64(int64(k)+1023)<<52)
}

// logRatio is log(x/y) for positive finite x and y to within 0.002,
// without a division or a call: the models learn their spreads and offsets
// from it (the error is a twenty-fifth of the least spread they assume);
// the scores they report use math.Log.
func logRatio(x, y float64) float64 { return approxLog(x) - approxLog(y) }

// approxLog is ln x to within 0.001 for positive finite normal x: with
// x = 2^e·(1+m), log₂(1+m) ≈ m + m·(1−m)·(0.422 − 0.156·m).
func approxLog(x float64) float64 {
	bits := math.Float64bits(x)
	e := float64(int64(bits>>52&0x7ff) - 1023)
	m := math.Float64frombits(bits&(1<<52-1)|1023<<52) - 1
	return math.Ln2 * (e + m + m*(1-m)*(0.422-0.156*m))
}

// quiet forgets the CUSUM after an alert and holds it at 0 until until, so
// one event makes one alert.
func (b *burst) quiet(until int64) { b.Cusum, b.CusumExcess, b.Quiet = 0, 0, until }

// burstKinds lists the models in the order Detector.burstAlert judges them.
var burstKinds = [2]*burstKind{&byHour, &byDay}
