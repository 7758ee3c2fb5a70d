package growth

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"akimwatch/data"
)

// The evaluation set: synthetic accounts with organic growth (weekly rhythm,
// drifting pace, heavy-tailed noise, mild organic bursts, irregular sampling,
// gaps, duplicate readings, YouTube rounding) and labelled injected events.
// It is generated from a fixed seed, so every run sees the same data.

// Event kinds of the evaluation set.
const (
	evBought   = "bought"   // bought followers: +17% or +19,705-like in hours
	evViral    = "viral"    // a viral day: +0.3% to +2% over half a day
	evUnfollow = "unfollow" // a mass unfollow: −3% to −15% in hours
	evPurge    = "purge"    // platform purge: −0.5% to −2.2%, many accounts at once
	evStall    = "stall"    // the source froze: the same count for days
	evDrip     = "drip"     // bought followers drip-fed: +2–5% a day for 3–7 days
	evLeave    = "leave"    // bought followers leave again about a week later
)

// Shape of the evaluation set.
const (
	evalSeed     = 20260504
	evalAccounts = 320
	evalYears    = 3
	evalPurges   = 4 // purge dates per purged platform
)

var evalStart = time.Date(2022, 1, 1, 0, 0, 0, 0, time.FixedZone("KZ", 5*3600))

type evalEvent struct {
	AccountID int64 // 0 for a platform purge as a whole
	Platform  data.Platform
	Kind      string
	Start     time.Time // when the event began
	End       time.Time // when it was complete
	Size      float64   // followers added (negative when removed); days for a stall
}

type evalAccount struct {
	ID       int64
	Platform data.Platform
	Profile  string
	Points   []Point
	Events   []evalEvent
	Years    float64 // span of the readings
}

type evalSet struct {
	Accounts []evalAccount
	Purges   []evalEvent // one per platform and date
}

type profile struct {
	name            string
	minF, maxF      float64 // starting size (log-uniform)
	minAbs, maxAbs  float64 // organic followers a day
	minPct, maxPct  float64 // organic growth in percent a day
	platforms       []data.Platform
	boughtLo, hiPct float64 // bought size in percent (0: use boughtAbs)
	boughtAbs       bool
}

var profiles = []profile{
	{name: "steady", minF: 20e3, maxF: 400e3, minPct: 0.2, maxPct: 0.6, platforms: []data.Platform{data.Instagram, data.Telegram}, boughtLo: 12, hiPct: 22},
	{name: "slow", minF: 5e3, maxF: 80e3, minAbs: 5, maxAbs: 40, platforms: []data.Platform{data.Instagram, data.Facebook}, boughtAbs: true},
	{name: "big", minF: 400e3, maxF: 3e6, minPct: 0.02, maxPct: 0.1, platforms: []data.Platform{data.Instagram, data.Telegram}, boughtLo: 5, hiPct: 15},
	{name: "small", minF: 600, maxF: 5e3, minAbs: 0.5, maxAbs: 5, platforms: []data.Platform{data.Instagram, data.Telegram}, boughtLo: 20, hiPct: 80},
	{name: "flat", minF: 3e3, maxF: 200e3, minPct: -0.02, maxPct: 0.005, platforms: []data.Platform{data.Instagram, data.Facebook}, boughtLo: 10, hiPct: 30},
	{name: "youtube", minF: 2e3, maxF: 2e6, minPct: 0.03, maxPct: 0.3, platforms: []data.Platform{data.YouTube}, boughtLo: 10, hiPct: 25},
	// news: an account whose real spikes are news, not fraud; its organic
	// growth comes in unlabelled bursts of one to three times a usual day
	// on one day in ten, besides the labelled viral days.
	{name: "news", minF: 10e3, maxF: 500e3, minPct: 0.1, maxPct: 0.4, platforms: []data.Platform{data.Instagram, data.Telegram}, boughtLo: 10, hiPct: 25},
}

// generateEval builds the evaluation set of the pinned seed.
func generateEval() evalSet { return generateEvalSeed(evalSeed) }

// generateEvalSeed builds the evaluation set from one seed.
func generateEvalSeed(seed uint64) evalSet {
	r := rand.New(rand.NewPCG(seed, 1))
	hours := evalYears * 365 * 24
	purges := map[data.Platform][]evalEvent{}
	for _, p := range []data.Platform{data.Instagram, data.Facebook} {
		for range evalPurges {
			h := 60*24 + r.IntN(hours-90*24)
			t := evalStart.Add(time.Duration(h) * time.Hour).UTC()
			purges[p] = append(purges[p], evalEvent{Platform: p, Kind: evPurge, Start: t, End: t.Add(6 * time.Hour)})
		}
	}
	var set evalSet
	for _, p := range []data.Platform{data.Instagram, data.Facebook} {
		set.Purges = append(set.Purges, purges[p]...)
	}
	for i := range evalAccounts {
		pr := profiles[i%len(profiles)]
		a := evalAccount{ID: int64(i + 1), Profile: pr.name, Platform: pr.platforms[r.IntN(len(pr.platforms))]}
		simulate(r, &a, pr, hours, purges[a.Platform])
		set.Accounts = append(set.Accounts, a)
	}
	return set
}

// simulate draws the account's true hourly count, its events and its readings.
func simulate(r *rand.Rand, a *evalAccount, pr profile, hours int, purges []evalEvent) {
	c := logUniform(r, pr.minF, pr.maxF)
	absRate := pr.minAbs + r.Float64()*(pr.maxAbs-pr.minAbs)
	pctRate := (pr.minPct + r.Float64()*(pr.maxPct-pr.minPct)) / 100
	weekend := 0.5 + 0.4*r.Float64() // weekend pace relative to weekdays
	startH := 0
	if r.IntN(3) == 0 { // a third of the accounts start later
		startH = r.IntN(hours / 2)
	}
	c0 := c
	abs, rel := eventsFor(r, a, pr, startH, hours, purges)
	truth := make([]float64, hours+1)
	drift := 1.0
	var inc float64
	for h := 0; h <= hours; h++ {
		if h%24 == 0 {
			drift = math.Exp(0.97*math.Log(drift) + 0.03*r.NormFloat64())
			if r.Float64() < 1.0/365 { // a change of pace about once a year
				drift *= []float64{0.5, 2}[r.IntN(2)]
			}
			wd := evalStart.Add(time.Duration(h) * time.Hour).Weekday()
			mu := (absRate + pctRate*c0) * drift // linear: no one compounds for years
			if wd == time.Saturday || wd == time.Sunday {
				mu *= weekend
			}
			sd := 1.2*math.Sqrt(math.Abs(mu)) + 0.15*math.Abs(mu)
			inc = mu + sd*studentT(r, 5)
			if r.Float64() < 0.03 { // a good day nobody would call unusual
				inc += math.Abs(mu) * (0.3 + 0.7*r.Float64())
			}
			if pr.name == "news" && r.Float64() < 0.1 { // a busy news day, unlabelled
				inc += math.Abs(mu) * (1 + 2*r.Float64())
			}
		}
		if local := h % 24; local >= 8 && local < 23 {
			c += inc / 15 // followers arrive in the local daytime
		}
		c += abs[h] + rel[h]*c
		c = max(c, 0)
		truth[h] = c
	}
	a.Points = readings(r, a, truth, startH, hours)
	if n := len(a.Points); n > 1 {
		a.Years = days(a.Points[0].Time, a.Points[n-1].Time) / 365
	}
}

// eventsFor draws the account's labelled events and returns the hourly steps
// they add to the true count, in followers and as a fraction of the count.
// Event.Size is in followers for absolute events and in percent otherwise.
func eventsFor(r *rand.Rand, a *evalAccount, pr profile, startH, hours int, purges []evalEvent) (abs, rel []float64) {
	abs, rel = make([]float64, hours+1), make([]float64, hours+1)
	at := func(minH int) int { return startH + minH + r.IntN(max(hours-startH-minH-48, 1)) }
	add := func(kind string, h, dur int, size float64, pct bool) {
		steps := abs
		if pct {
			steps, size = rel, size/100
		}
		for k := range dur {
			steps[h+k] += size / float64(dur)
		}
		if pct {
			size *= 100
		}
		t := evalStart.Add(time.Duration(h) * time.Hour).UTC()
		a.Events = append(a.Events, evalEvent{AccountID: a.ID, Platform: a.Platform, Kind: kind,
			Start: t, End: t.Add(time.Duration(dur) * time.Hour), Size: size})
	}
	if r.Float64() < 0.6 {
		if pr.boughtAbs {
			size := 5000 + r.Float64()*25000
			if a.ID == 2 {
				size = 19705 // the public case: +19,705 on an account growing ~15 a day
			}
			add(evBought, at(45*24), 2+r.IntN(10), size, false)
		} else {
			add(evBought, at(45*24), 2+r.IntN(10), pr.boughtLo+r.Float64()*(pr.hiPct-pr.boughtLo), true)
		}
	}
	viral := r.IntN(3)
	if pr.name == "news" {
		viral = 2 + r.IntN(4)
	}
	for range viral {
		add(evViral, at(45*24), 12, 0.3+1.7*r.Float64(), true)
	}
	if r.Float64() < 0.2 { // drip-fed purchase: a few per cent a day for several days
		n := 3 + r.IntN(5)
		h := at(45 * 24)
		if h+n*24 < hours {
			add(evDrip, h, n*24, float64(n)*(2+3*r.Float64()), true)
		}
	}
	if r.Float64() < 0.15 && !pr.boughtAbs { // bought, then most of them leave a week later
		h := at(45 * 24)
		size := pr.boughtLo + r.Float64()*(pr.hiPct-pr.boughtLo)
		if back := h + (6+r.IntN(3))*24; back+72 < hours {
			add(evBought, h, 2+r.IntN(10), size, true)
			gone := size * (0.5 + 0.4*r.Float64())
			add(evLeave, back, 12+r.IntN(48), -100*gone/(100+size), true)
		}
	}
	if r.Float64() < 0.3 {
		add(evUnfollow, at(45*24), 1+r.IntN(6), -(3 + 12*r.Float64()), true)
	}
	for _, p := range purges {
		h := int(p.Start.Sub(evalStart)/time.Hour) + r.IntN(6)
		if h > startH+24 && h < hours {
			add(evPurge, h, 1, -(0.5 + 1.7*r.Float64()), true)
		}
	}
	if r.Float64() < 0.15 {
		h := at(45 * 24)
		n := 5 + r.IntN(26)
		t := evalStart.Add(time.Duration(h) * time.Hour).UTC()
		a.Events = append(a.Events, evalEvent{AccountID: a.ID, Platform: a.Platform, Kind: evStall,
			Start: t, End: t.Add(time.Duration(n) * day), Size: float64(n)})
	}
	return abs, rel
}

// readings samples the true count: daily at a habitual hour, or every six
// hours, with missed days, long gaps, duplicate readings a minute apart,
// frozen counts during a stall, and YouTube's rounding.
func readings(r *rand.Rand, a *evalAccount, truth []float64, startH, hours int) []Point {
	every := 24
	switch r.IntN(8) {
	case 0:
		every = 6
	case 1:
		every = 1
	}
	habit := r.IntN(24)
	var stall *evalEvent
	for i := range a.Events {
		if a.Events[i].Kind == evStall {
			stall = &a.Events[i]
		}
	}
	var pts []Point
	var frozen int64 = -1
	for h := startH + habit; h <= hours; h += every {
		if r.Float64() < 0.08 {
			continue // a missed refresh
		}
		if r.Float64() < 0.003 {
			h += 24 * (7 + r.IntN(30)) // a gap of weeks
			if h > hours {
				break
			}
		}
		// truth[h] is the count at the end of hour h; the reading comes
		// within the next hour.
		jit := time.Duration(r.IntN(60)) * time.Minute
		t := evalStart.Add(time.Duration(h+1)*time.Hour + jit).UTC()
		n := int64(math.Round(truth[h]))
		if a.Platform == data.YouTube {
			n = int64(roundDown3(float64(n)))
		}
		if stall != nil && !t.Before(stall.Start) && t.Before(stall.End) {
			if frozen < 0 {
				frozen = n
			}
			n = frozen
		}
		pts = append(pts, Point{Time: t, Followers: n})
		if r.Float64() < 0.01 {
			pts = append(pts, Point{Time: t.Add(time.Minute), Followers: n})
		}
	}
	return slices.Clip(pts)
}

func roundDown3(n float64) float64 {
	q := quantum(int64(n))
	return math.Floor(n/q) * q
}

func logUniform(r *rand.Rand, lo, hi float64) float64 {
	return math.Exp(math.Log(lo) + r.Float64()*(math.Log(hi)-math.Log(lo)))
}

// studentT draws from Student's t with df degrees of freedom: noise with the
// heavy tails real daily counts show.
func studentT(r *rand.Rand, df int) float64 {
	var chi float64
	for range df {
		z := r.NormFloat64()
		chi += z * z
	}
	return r.NormFloat64() / math.Sqrt(chi/float64(df))
}
