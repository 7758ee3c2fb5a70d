package totals_test

import (
	"math"
	"testing"
	"time"

	"akimwatch/data/totals"
)

var t0 = time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)

func day(d int) time.Time { return t0.AddDate(0, 0, d) }

// linear makes daily readings from day a to day b (inclusive) of f(d).
func linear(id int64, a, b int, f func(d int) int64) totals.Account {
	acc := totals.Account{ID: id}
	for d := a; d <= b; d++ {
		acc.Readings = append(acc.Readings, totals.Reading{Time: day(d), Followers: f(d), Posts: -1})
	}
	return acc
}

// joinYear is an official whose second account starts a year after the
// first. k(d) is 250 → 500 in year one and 500 → 750 in year two; the first
// account has 4·k, the second (from day 365) k: both grow in the same
// proportion after the join, so by hand the chain-linked growth is
// (2000/1000)·(750/500) − 1 = +200 %, and the naive ratio of the sums,
// (3000+750−1000)/1000, is +275 %.
func joinYear() []totals.Account {
	k := func(d int) int64 { return int64(250 + 250*d/365) }
	return []totals.Account{
		linear(1, 0, 730, func(d int) int64 { return 4 * k(d) }),
		linear(2, 365, 730, k),
	}
}

func TestGrowthChainLinksAJoin(t *testing.T) {
	accs := joinYear()
	pts := totals.GrowthPct(accs, time.Time{}, day(730), totals.Options{})
	if len(pts) == 0 || !pts[0].Time.Equal(day(0)) || pts[0].Value != 0 {
		t.Fatalf("growth starts %v, want 0 at the first reading", pts[:min(1, len(pts))])
	}
	if got := pts[len(pts)-1].Value; math.Abs(got-200) > 0.1 {
		t.Fatalf("chain-linked growth %.3f %%, want 200 %% (by hand) within 0.1 pp", got)
	}
	if ch := totals.Between(accs, day(0), day(730), totals.Options{}); math.Abs(ch.Pct-200) > 0.1 || !ch.OK {
		t.Fatalf("Between = %+v, want +200 %%", ch)
	}
	// every step's jump is small: the join is not growth
	for i := 1; i < len(pts); i++ {
		if d := pts[i].Value - pts[i-1].Value; d > 1 {
			t.Fatalf("growth jumps %.2f pp at %v", d, pts[i].Time)
		}
	}
}

func TestDailyHasNoJoinSpike(t *testing.T) {
	accs := joinYear()
	for _, p := range totals.Daily(accs, time.Time{}, day(730), totals.Options{}) {
		if p.Value > 8 || p.Value < 0 {
			t.Fatalf("daily change %.1f on %v; the steady accounts never change more than 5 a day", p.Value, p.Time)
		}
	}
	fol := totals.Followers(accs, time.Time{}, day(730), totals.Options{})
	var jump float64
	for i := 1; i < len(fol); i++ {
		if fol[i].Time.Equal(day(365)) {
			jump = fol[i].Value - fol[i-1].Value
		}
	}
	if jump < 500 {
		t.Fatalf("followers view steps by %.0f at the join; the join must show as a step of about 500", jump)
	}
}

func TestTotalAt(t *testing.T) {
	live := linear(1, 0, 100, func(d int) int64 { return 1000 + int64(d) })
	article := totals.Account{ID: 2, Readings: []totals.Reading{{Time: day(-1000), Followers: 40000, Posts: -1, Apart: true}}}
	gone := linear(3, 0, 10, func(int) int64 { return 500 })
	tests := []struct {
		name            string
		at              time.Time
		want, apart     int64
		members, aparts int
	}{
		{"all three at day 10", day(10), 1010 + 500, 40000, 2, 1},
		{"gone is stale at day 41", day(41), 1041, 40000 + 500, 1, 2},
		{"still fresh exactly 30 days on", day(40), 1040 + 500, 40000, 2, 1},
		{"before anything live", day(-1), 0, 40000, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tot := totals.TotalAt([]totals.Account{live, article, gone}, tt.at, totals.Options{})
			if tot.Followers != tt.want || tot.ApartFollowers != tt.apart || tot.Members != tt.members || tot.Apart != tt.aparts {
				t.Fatalf("total %d (%d members), apart %d (%d); want %d (%d), %d (%d)",
					tot.Followers, tot.Members, tot.ApartFollowers, tot.Apart, tt.want, tt.members, tt.apart, tt.aparts)
			}
		})
	}
}

func TestChangeIsLikeForLike(t *testing.T) {
	a := linear(1, 0, 60, func(d int) int64 { return 1000 + 10*int64(d) })
	b := linear(2, 55, 60, func(d int) int64 { return 9000 + int64(d) }) // joins inside the week
	c := linear(3, 0, 20, func(d int) int64 { return 300 })              // went stale long ago
	gap := linear(4, 0, 60, func(d int) int64 { return 100 * int64(d) }) // grows 100 a day
	gap.Readings = append(gap.Readings[:10], gap.Readings[50:]...)       // 40-day gap: rejoins on day 50
	tests := []struct {
		name     string
		accs     []totals.Account
		from, to int
		abs      int64
	}{
		{"steady account", []totals.Account{a}, 53, 60, 70},
		{"join inside the span counts only its own growth after", []totals.Account{a, b}, 53, 60, 70 + 5},
		{"a stale account adds nothing", []totals.Account{a, c}, 53, 60, 70},
		{"a rejoin after a gap is not growth", []totals.Account{gap}, 5, 60, 100*(10-5-1) + 100*(60-50)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch := totals.Between(tt.accs, day(tt.from), day(tt.to), totals.Options{})
			if ch.Abs != tt.abs || !ch.OK {
				t.Fatalf("change %+v, want %d", ch, tt.abs)
			}
			var sum int64
			for _, s := range totals.Steps(tt.accs, day(tt.from), day(tt.to), totals.Options{}) {
				sum += s.Change
			}
			if sum != ch.Abs {
				t.Fatalf("steps sum to %d, Between says %d", sum, ch.Abs)
			}
			lv := totals.Level(tt.accs, day(tt.from), day(tt.to), totals.Options{})
			end := totals.TotalAt(tt.accs, day(tt.to), totals.Options{})
			if last := lv[len(lv)-1].Value; last != float64(end.Followers) || last-lv[0].Value != float64(ch.Abs) {
				t.Fatalf("level %v → %v, want it to end at the total %d and rise by the change %d", lv[0].Value, last, end.Followers, ch.Abs)
			}
		})
	}
}

func TestPostsBetween(t *testing.T) {
	a := linear(1, 0, 40, func(d int) int64 { return 100 })
	for i := range a.Readings {
		a.Readings[i].Posts = int64(3 * i)
	}
	b := linear(2, 38, 40, func(d int) int64 { return 100 }) // joins with 500 posts: not 500 new posts
	for i := range b.Readings {
		b.Readings[i].Posts = 500 + int64(i)
	}
	n, ok := totals.PostsBetween([]totals.Account{a, b}, day(33), day(40), totals.Options{})
	if !ok || n != 3*7+2 {
		t.Fatalf("posts in the week %d (%v), want %d", n, ok, 3*7+2)
	}
	if _, ok := totals.PostsBetween([]totals.Account{linear(3, 0, 40, func(int) int64 { return 1 })}, day(33), day(40), totals.Options{}); ok {
		t.Fatal("an account without post counts reported posts")
	}
}

func TestChangesMatchBetween(t *testing.T) {
	accs := joinYear()
	accs = append(accs, linear(3, 700, 720, func(d int) int64 { return int64(50 * d) }))
	for _, end := range []int{365, 368, 400, 710, 730, 760} {
		spans := []time.Duration{7 * 24 * time.Hour, 30 * 24 * time.Hour}
		got := totals.Changes(accs, day(end), spans, totals.Options{})
		for k, d := range spans {
			want := totals.Between(accs, day(end).Add(-d), day(end), totals.Options{})
			if got[k].Abs != want.Abs || got[k].OK != want.OK || math.Abs(got[k].Pct-want.Pct) > 1e-9 {
				t.Fatalf("day %d, span %v: Changes %+v, Between %+v", end, d, got[k], want)
			}
		}
	}
}
