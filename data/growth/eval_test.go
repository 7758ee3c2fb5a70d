package growth

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"akimwatch/data"
)

// Targets from the acceptance criteria.
const (
	targetBoughtRecall   = 0.95 // recall on bought jumps
	matchSlack           = day  // an alert may come up to a day after the event shows
	purgeMatchWindow     = 3 * day
	stallResumeTolerance = 2 * day // alerts when a frozen source catches up are neither true nor false
)

// evalResult is the outcome of running the detector over the evaluation set.
type evalResult struct {
	events, found   map[string]int // per event kind
	alerts, correct map[data.AlertKind]int
	falseAlerts     int
	accountYears    float64
	falseByProfile  map[string]int
	hidden          int // events inside a gap of the readings, left out of recall
}

// hiddenGap is how far apart the readings around an event may be before the
// event counts as hidden in a gap: a −5% day in the middle of four weeks
// without readings cannot be told from the weeks' growth.
const hiddenGap = 7 * day

// hidden reports whether no reading shows event e on its own: the last
// reading before it and the first after it are more than hiddenGap apart.
func hidden(acc *evalAccount, e *evalEvent) bool {
	if e.Kind == evStall {
		return false
	}
	var before, after time.Time
	for _, p := range acc.Points {
		if p.Time.Before(e.Start) {
			before = p.Time
		} else if !p.Time.Before(e.End) {
			after = p.Time
			break
		}
	}
	return before.IsZero() || after.IsZero() || after.Sub(before) > hiddenGap
}

// runEval detects over the whole set at sensitivity s and scores the alerts.
func runEval(set evalSet, s Sensitivity) evalResult {
	res := evalResult{events: map[string]int{}, found: map[string]int{}, alerts: map[data.AlertKind]int{},
		correct: map[data.AlertKind]int{}, falseByProfile: map[string]int{}}
	type found struct{ alerts, weak []Alert }
	byPlatform := map[data.Platform]*found{}
	counts := map[data.Platform]int{}
	accounts := map[int64]*evalAccount{}
	for i := range set.Accounts {
		a := &set.Accounts[i]
		accounts[a.ID] = a
		res.accountYears += a.Years
		al, wk := Scan(a.Points, Options{AccountID: a.ID, Platform: a.Platform, Params: s.Params()})
		f := byPlatform[a.Platform]
		if f == nil {
			f = &found{}
			byPlatform[a.Platform] = f
		}
		f.alerts, f.weak = append(f.alerts, al...), append(f.weak, wk...)
		counts[a.Platform]++
	}
	detected := map[*evalEvent]bool{}
	for _, p := range data.Platforms {
		f := byPlatform[p]
		if f == nil {
			continue
		}
		for _, al := range GroupPlatform(p, counts[p], f.alerts, f.weak, s.Params()) {
			res.alerts[al.Kind]++
			ok := scoreAlert(al, accounts[al.AccountID], set, detected)
			if ok {
				res.correct[al.Kind]++
			} else if ok, allowed := false, resumes(al, accounts[al.AccountID]); !allowed && !ok {
				res.falseAlerts++
				res.falseByProfile[accounts[al.AccountID].Profile]++
			}
		}
	}
	for i := range set.Accounts {
		for j := range set.Accounts[i].Events {
			e := &set.Accounts[i].Events[j]
			if e.Kind == evPurge {
				continue // scored per platform below
			}
			if hidden(&set.Accounts[i], e) {
				res.hidden++
				continue
			}
			res.events[e.Kind]++
			if detected[e] {
				res.found[e.Kind]++
			}
		}
	}
	for i := range set.Purges {
		res.events[evPurge]++
		if detected[&set.Purges[i]] {
			res.found[evPurge]++
		}
	}
	return res
}

// scoreAlert reports whether al matches a labelled event, and marks it found.
func scoreAlert(al Alert, acc *evalAccount, set evalSet, detected map[*evalEvent]bool) bool {
	if al.Kind == data.AlertPlatform {
		for i := range set.Purges {
			p := &set.Purges[i]
			if p.Platform == acc.Platform && !al.Time.Before(p.Start) && al.Time.Before(p.Start.Add(purgeMatchWindow)) {
				detected[p] = true
				return true
			}
		}
		return false
	}
	want := map[data.AlertKind][]string{data.AlertJump: {evBought, evViral, evDrip}, data.AlertDrop: {evUnfollow, evPurge, evLeave},
		data.AlertStall: {evStall}}[al.Kind]
	hit := false
	for i := range acc.Events {
		e := &acc.Events[i]
		if !contains(want, e.Kind) {
			continue
		}
		end := seenAt(acc, e.End).Add(matchSlack)
		if e.Kind == evStall {
			end = e.End.Add(matchSlack)
		}
		if !al.Time.Before(e.Start) && !al.Time.After(end) {
			detected[e] = true
			hit = true
		}
	}
	return hit
}

// resumes reports whether al came when a frozen source started again, which
// the set labels as neither an event nor organic data.
func resumes(al Alert, acc *evalAccount) bool {
	for _, e := range acc.Events {
		if e.Kind == evStall {
			end := seenAt(acc, e.End)
			if !al.Time.Before(e.Start) && al.Time.Before(end.Add(stallResumeTolerance)) {
				return true
			}
		}
	}
	return false
}

// seenAt returns the time of the first reading at or after t.
func seenAt(acc *evalAccount, t time.Time) time.Time {
	for _, p := range acc.Points {
		if !p.Time.Before(t) {
			return p.Time
		}
	}
	return t
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// table renders the result as a Markdown table for the README.
func (r evalResult) table(s Sensitivity) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Sensitivity %s, %.0f account-years:\n\n", s, r.accountYears)
	b.WriteString("| event | labelled | detected | recall |\n|---|---:|---:|---:|\n")
	for _, k := range evKinds {
		fmt.Fprintf(&b, "| %s | %d | %d | %.2f |\n", k, r.events[k], r.found[k], ratio(r.found[k], r.events[k]))
	}
	b.WriteString("\n| alert kind | raised | correct | precision |\n|---|---:|---:|---:|\n")
	for _, k := range []data.AlertKind{data.AlertJump, data.AlertDrop, data.AlertPlatform, data.AlertStall} {
		fmt.Fprintf(&b, "| %s | %d | %d | %.2f |\n", k, r.alerts[k], r.correct[k], ratio(r.correct[k], r.alerts[k]))
	}
	fmt.Fprintf(&b, "\nFalse alerts: %d, %.3f per account-year (by profile: %v); %d events hidden in gaps of the readings left out\n", r.falseAlerts,
		float64(r.falseAlerts)/r.accountYears, r.falseByProfile, r.hidden)
	return b.String()
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// evKinds lists the event kinds in table order.
var evKinds = []string{evBought, evDrip, evViral, evUnfollow, evLeave, evPurge, evStall}

// evalSeeds are the generator seeds the parameters were chosen on;
// evalHeldOut is a seed that was only run once they were fixed.
var evalSeeds = []uint64{evalSeed, 11, 12, 13, 14, 15, 16, 17, 18, 19}

const evalHeldOut = 987654321

// Acceptance targets of issue 16, for the default sensitivity on every seed.
const (
	targetUnfollowRecall = 0.9
	targetDripRecall     = 0.8
	targetFalsePerYear16 = 0.5
)

// seedRow is one seed's figures at one sensitivity.
type seedRow struct {
	seed   uint64
	recall map[string]float64
	fpy    float64
}

func evalRows(seeds []uint64, s Sensitivity) []seedRow {
	rows := make([]seedRow, len(seeds))
	for i, seed := range seeds {
		r := runEval(generateEvalSeed(seed), s)
		row := seedRow{seed: seed, recall: map[string]float64{}, fpy: float64(r.falseAlerts) / r.accountYears}
		for _, k := range evKinds {
			row.recall[k] = ratio(r.found[k], r.events[k])
		}
		rows[i] = row
	}
	return rows
}

// seedsTable renders recall per event kind and false alerts per account-year
// as the range over the tuning seeds, plus the held-out seed.
func seedsTable(s Sensitivity, rows []seedRow, held seedRow) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Sensitivity %s, synthetic evaluation set, %d seeds (range) and the held-out seed:\n\n", s, len(rows))
	b.WriteString("| figure | min | max | held-out |\n|---|---:|---:|---:|\n")
	rng := func(name string, get func(seedRow) float64) {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, r := range rows {
			lo, hi = min(lo, get(r)), max(hi, get(r))
		}
		fmt.Fprintf(&b, "| %s | %.2f | %.2f | %.2f |\n", name, lo, hi, get(held))
	}
	for _, k := range evKinds {
		rng(k+" recall", func(r seedRow) float64 { return r.recall[k] })
	}
	rng("false alerts per account-year", func(r seedRow) float64 { return r.fpy })
	return b.String()
}

// TestEvaluation checks issue 16's acceptance on every seed of the synthetic
// evaluation set at the default sensitivity, and prints the range table
// (go test -run TestEvaluation -v ./data/growth) for every sensitivity.
func TestEvaluation(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 11 generated sets")
	}
	for _, s := range []Sensitivity{Medium, Low, High} {
		t.Run(s.String(), func(t *testing.T) {
			if s != Medium && !testing.Verbose() {
				t.Skip("reported with -v only")
			}
			rows := evalRows(evalSeeds, s)
			held := evalRows([]uint64{evalHeldOut}, s)[0]
			t.Log("\n" + seedsTable(s, rows, held))
			if s != Medium {
				return // the targets are for the default; the others are reported
			}
			for _, r := range append(rows, held) {
				for _, c := range []struct {
					kind string
					min  float64
				}{{evBought, targetBoughtRecall}, {evUnfollow, targetUnfollowRecall}, {evDrip, targetDripRecall}} {
					if r.recall[c.kind] < c.min {
						t.Errorf("seed %d: %s recall %.3f, want ≥ %.2f", r.seed, c.kind, r.recall[c.kind], c.min)
					}
				}
				if r.fpy > targetFalsePerYear16 {
					t.Errorf("seed %d: %.3f false alerts per account-year, want ≤ %.1f", r.seed, r.fpy, targetFalsePerYear16)
				}
			}
		})
	}
}

// TestEvaluationDetail prints the full tables of the pinned seed.
func TestEvaluationDetail(t *testing.T) {
	set := generateEval()
	for _, s := range []Sensitivity{Low, Medium, High} {
		t.Log("\n" + runEval(set, s).table(s))
	}
}
