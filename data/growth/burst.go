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
	AnchorT, AnchorF int64  // where the current block started
	Samples          int64  // blocks learnt
	Level            window // log rates of recent blocks
	Spread           window // |residual| of recent blocks, at one unit
	Season           [24]float64
	SeasonN          [24]int32
	Cusum            float64 // one-sided CUSUM of block z-scores
	CusumExcess      float64 // followers beyond the usual since the CUSUM left 0
	CusumT           int64   // when it left 0
	Quiet            int64   // the CUSUM stays at 0 until then (an alert's cooldown)
}

// burstKind selects the unit and the slots of a burst model.
type burstKind struct {
	unit     int64   // seconds
	minBlock int64   // shortest block learnt, seconds
	maxBlock int64   // longest block learnt; longer gaps restart the block
	slots    int     // 24 hours of the day, or 7 weekdays
	warmup   int64   // blocks before judging
	alpha    float64 // EWMA weight of a slot's offset
	// scoreMul scales Params.BurstScore: a day adds up many hours, so the
	// same event stands out less against the day's own spread.
	scoreMul float64
}

var (
	byHour = burstKind{unit: 3600, minBlock: 3600, maxBlock: 3 * 3600, slots: 24, warmup: 48, alpha: 0.2, scoreMul: 1}
	byDay  = burstKind{unit: 86400, minBlock: 64800, maxBlock: 2 * 86400, slots: 7, warmup: 7, alpha: 0.25, scoreMul: 0.7}
)

// Burst model constants.
const (
	burstSigmaMin = 0.05 // least spread of log rates assumed
	cusumSlack    = 1.0  // z a block may show before the CUSUM grows
	cusumCap      = 8.0  // most z one block adds: sharp spikes are the block check's
	slotClip      = 3.0  // a block moves its slot's offset by at most this many spreads
)

// burstVerdict is what a burst model concluded about the reading.
type burstVerdict struct {
	z      float64 // the robust z-score (block so far or CUSUM)
	excess float64 // followers beyond the usual
	span   float64 // days the excess gathered over
	usual  float64 // usual followers per day
	cusum  bool
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
	return max(absFloor, relFloor*float64(f)*float64(k.unit)/secondsPerDay)
}

func (b *burst) sigma() float64 {
	if b.Spread.N == 0 {
		return 1
	}
	return max(madToSigma*b.Spread.median(), b.Spread.quantile(0.9)/1.645, burstSigmaMin)
}

// judge scores the rise from the block's start to the reading (t, f).
func (b *burst) judge(k *burstKind, t, f int64) burstVerdict {
	s := t - b.AnchorT
	if b.Samples < k.warmup || s <= 0 || s > k.maxBlock {
		return burstVerdict{}
	}
	units := float64(s) / float64(k.unit)
	c := floorRate(k, b.AnchorF)
	gain := float64(f - b.AnchorF)
	e := b.Level.median() + b.Season[b.slot(k, t, b.AnchorT)]
	usual := math.Exp(e) - c
	g := math.Log(max(gain/units, 0) + c)
	sg := b.sigma()
	z := (g - e) / (sg * math.Sqrt(max(1/units, 1)))
	v := burstVerdict{z: z, excess: gain - usual*units, span: float64(s) / secondsPerDay,
		usual: usual * secondsPerDay / float64(k.unit)}
	if b.Cusum > 0 && units < 1 { // the run so far, with the block so far
		zc := b.Cusum + min(max(z*math.Sqrt(units), 0), cusumCap) - cusumSlack*units
		if zc > v.z {
			v = burstVerdict{z: zc, excess: b.CusumExcess + max(v.excess, 0), span: float64(t-b.CusumT) / secondsPerDay,
				usual: v.usual, cusum: true}
		}
	}
	return v
}

// learn closes the block at reading (t, f) once it is long enough.
func (b *burst) learn(k *burstKind, t, f int64) {
	s := t - b.AnchorT
	if s < k.minBlock {
		return
	}
	if s > k.maxBlock || b.AnchorT == 0 {
		b.AnchorT, b.AnchorF = t, f
		b.Cusum, b.CusumExcess = 0, 0
		return
	}
	units := float64(s) / float64(k.unit)
	c := floorRate(k, b.AnchorF)
	gain := float64(f - b.AnchorF)
	g := math.Log(max(gain/units, 0) + c)
	sl := b.slot(k, t, b.AnchorT)
	if b.Samples > 0 {
		lvl := b.Level.median()
		e := lvl + b.Season[sl]
		sg := b.sigma()
		r := g - e
		z := r / sg
		if b.Samples >= k.warmup && t > b.Quiet {
			if b.Cusum == 0 && z > cusumSlack {
				b.CusumT = b.AnchorT
			}
			b.Cusum = max(b.Cusum+min(z, cusumCap)-cusumSlack, 0)
			if b.Cusum == 0 {
				b.CusumExcess = 0
			} else {
				b.CusumExcess += gain - (math.Exp(e)-c)*units
			}
		}
		b.Spread.push(math.Abs(r))
		dev := g - lvl
		if b.SeasonN[sl] > 0 {
			dev = min(max(dev, b.Season[sl]-slotClip*sg), b.Season[sl]+slotClip*sg)
		}
		if b.SeasonN[sl] < 3 {
			// the first values of a slot set it more firmly
			b.Season[sl] += (dev - b.Season[sl]) / float64(b.SeasonN[sl]+1)
		} else {
			b.Season[sl] += k.alpha * (dev - b.Season[sl])
		}
		b.SeasonN[sl] = min(b.SeasonN[sl]+1, 1<<20)
	}
	b.Level.push(g)
	b.Samples++
	b.AnchorT, b.AnchorF = t, f
}

// quiet forgets the CUSUM after an alert and holds it at 0 until until, so
// one event makes one alert.
func (b *burst) quiet(until int64) { b.Cusum, b.CusumExcess, b.Quiet = 0, 0, until }

// burstKinds lists the models in the order Detector.burstAlert judges them.
var burstKinds = [2]*burstKind{&byHour, &byDay}
