package growth

import (
	"errors"
	"strings"
	"testing"
	"time"

	"akimwatch/data"
)

// daily builds n daily readings starting at start, adding inc(i) each day.
func daily(start int64, n int, inc func(i int) int64) []Point {
	pts := make([]Point, 0, n)
	f := start
	for i := range n {
		f += inc(i)
		pts = append(pts, at(float64(i)+0.4, f))
	}
	return pts
}

// wobble is a deterministic organic pace around base with a weekly rhythm.
func wobble(base int64) func(int) int64 {
	return func(i int) int64 {
		w := base
		if i%7 >= 5 {
			w = base * 6 / 10
		}
		return w + int64((i*37)%11) - 5
	}
}

func TestDetector(t *testing.T) {
	with := func(f func(int) int64, day int, extra int64) func(int) int64 {
		return func(i int) int64 {
			if i == day {
				return f(i) + extra
			}
			return f(i)
		}
	}
	tests := []struct {
		name       string
		pts        []Point
		platform   data.Platform
		wantKinds  []data.AlertKind
		wantDetail string
	}{
		{name: "organic", pts: daily(40000, 120, wobble(15))},
		{name: "bought +19,705 on ~15/day", pts: daily(40000, 120, with(wobble(15), 60, 19705)),
			wantKinds: []data.AlertKind{data.AlertJump}, wantDetail: "+19,7"},
		{name: "mass unfollow", pts: daily(40000, 120, with(wobble(15), 60, -3000)),
			wantKinds: []data.AlertKind{data.AlertDrop}, wantDetail: "−2,9"},
		{name: "small account +40", pts: daily(800, 120, with(wobble(2), 60, 40))},
		{name: "stall", pts: daily(40000, 120, func(i int) int64 {
			if i > 80 && i < 95 {
				return 0
			}
			return wobble(15)(i)
		}), wantKinds: []data.AlertKind{data.AlertStall}, wantDetail: "no change for"},
		{name: "youtube steps are not spikes", platform: data.YouTube, pts: roundAll(daily(1230000, 200, wobble(300)))},
		{name: "coarse recognised without platform", pts: roundAll(daily(1230000, 200, wobble(300)))},
		{name: "youtube bought", platform: data.YouTube, pts: roundAll(daily(1230000, 200, with(wobble(300), 150, 200000))),
			wantKinds: []data.AlertKind{data.AlertJump}},
		{name: "two-day delivery makes one alert", pts: daily(40000, 120, func(i int) int64 {
			if i == 60 || i == 61 {
				return 8000
			}
			return wobble(15)(i)
		}), wantKinds: []data.AlertKind{data.AlertJump}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			alerts, _ := Scan(tt.pts, Options{AccountID: 7, Platform: tt.platform})
			if len(alerts) != len(tt.wantKinds) {
				t.Fatalf("got %d alerts %v, want %v", len(alerts), alerts, tt.wantKinds)
			}
			for i, a := range alerts {
				if a.Kind != tt.wantKinds[i] || a.AccountID != 7 || !strings.Contains(Explain(a.Detail), tt.wantDetail) {
					t.Errorf("alert %d = %+v, want kind %s with detail containing %q", i, a, tt.wantKinds[i], tt.wantDetail)
				}
			}
		})
	}
}

func roundAll(pts []Point) []Point {
	for i := range pts {
		pts[i].Followers = int64(roundDown3(float64(pts[i].Followers)))
	}
	return pts
}

func TestDetectorIgnoresBadInput(t *testing.T) {
	d := NewDetector(Options{})
	tests := []struct {
		name string
		p    Point
	}{
		{"first", at(0, 100)},
		{"same time", at(0, 5000)},
		{"earlier", at(-1, 5000)},
		{"negative", at(1, -5)},
		{"zero time", Point{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, v := d.Step(tt.p); v != Normal {
				t.Errorf("verdict = %v", v)
			}
		})
	}
	if !d.Last().Equal(t0) {
		t.Errorf("Last = %v, want %v", d.Last(), t0)
	}
}

func TestDetail(t *testing.T) {
	tests := []struct {
		name string
		a    Alert
		want string
	}{
		{"times usual", Alert{Kind: data.AlertJump, Change: 19705, Usual: 15, Days: 1, Score: 1307, why: WhyChange},
			"+19,705 in a day, about 1,300× its usual +15/day; 1,300 times its usual day-to-day wobble"},
		{"drop against growth", Alert{Kind: data.AlertDrop, Change: -12400, Pct: -2.1, Usual: 150, Days: 1, Score: 9.5, why: WhyChange},
			"−12,400 in a day (−2.1%), against its usual +150/day; 9.5 times its usual day-to-day wobble"},
		{"hours", Alert{Kind: data.AlertJump, Change: 500, Pct: 1, Usual: 0.2, Days: 0.25, Score: 12, why: WhyChange},
			"+500 in 6 hours (+1.0%), against its usual +0.2/day; 12 times its usual day-to-day wobble"},
		{"stall", Alert{Kind: data.AlertStall, Usual: 150, Days: 6.2, why: WhyStall}, "no change for 6 days, after growing about +150/day"},
		{"hourly burst", Alert{Kind: data.AlertJump, Change: 4210, Pct: 0.81, Usual: 1500, Days: 25.0 / 1440, ratio: 97, Score: 8.2, why: WhyBurstHour},
			"+4,210 in 25 minutes (+0.8%), 97× the usual rate for that hour of the day (+1,500/day); 8.2 times its usual spread"},
		{"daily burst", Alert{Kind: data.AlertJump, Change: 9000, Pct: 3, Usual: 3000, Days: 1, ratio: 3, Score: 5, why: WhyBurstDay},
			"+9,000 in a day (+3.0%), 3.0× the usual rate for that weekday (+3,000/day); 5.0 times its usual spread"},
		{"lasting rise", Alert{Kind: data.AlertJump, Change: 12300, Pct: 1.1, Days: 9.0 / 24, excess: 8100.4, Score: 6.5, why: WhyRiseHour},
			"+12,300 in 9 hours (+1.1%), 8,100 more than usual: a rise that lasted, its hours together 6.5 usual spreads above the usual"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := detail(tt.a)
			if got := Explain(d); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			key, values, ok := ParseDetail(d)
			if !ok || key != tt.a.why || Num(values, "change") != float64(tt.a.Change) {
				t.Errorf("ParseDetail(%q) = %q, %v, %v", d, key, values, ok)
			}
		})
	}
	for _, s := range []string{"", "+900 in a day", "why:", "why:change change"} {
		if _, _, ok := ParseDetail(s); ok {
			t.Errorf("ParseDetail(%q) ok, want not", s)
		}
		if s != "why:" && s != "why:change change" && Explain(s) != s {
			t.Errorf("Explain(%q) = %q, want it unchanged", s, Explain(s))
		}
	}
}

func TestSensitivity(t *testing.T) {
	tests := []struct {
		in      string
		want    Sensitivity
		wantErr bool
	}{{"low", Low, false}, {" HIGH ", High, false}, {"", Medium, false}, {"medium", Medium, false}, {"max", Medium, true}}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSensitivity(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Fatalf("got %v, %v", got, err)
			}
			if err != nil && !errors.Is(err, data.ErrInvalid) {
				t.Errorf("error does not wrap ErrInvalid: %v", err)
			}
			if err == nil && got.String() != strings.ToLower(strings.TrimSpace(tt.in)) && tt.in != "" {
				t.Errorf("String() = %q", got.String())
			}
		})
	}
	if Low.Params().MinScore <= Medium.Params().MinScore || High.Params().MinScore >= Medium.Params().MinScore {
		t.Error("low must be stricter than medium, and high looser")
	}
	if Sensitivity(9).Params() != Medium.Params() {
		t.Error("unknown sensitivity must fall back to medium")
	}
}

func TestToData(t *testing.T) {
	a := Alert{AccountID: 3, Time: time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("KZ", 5*3600)), Kind: data.AlertJump,
		Change: 100, Pct: 2, Score: 12.345, Detail: "x"}
	got := ToData([]Alert{a})[0]
	if got.AccountID != 3 || got.Time.Location() != time.UTC || got.Size != 100 || got.Score != 12.3 || got.Kind != data.AlertJump {
		t.Errorf("got %+v", got)
	}
}

func TestLooksCoarse(t *testing.T) {
	tests := []struct {
		n    int64
		want bool
	}{
		{0, false}, {999, false}, {1000, true}, {1001, false}, {1230, true}, {1234, false},
		{12300, true}, {12340, false}, {12305, false}, {123000, true}, {123400, false},
		{1200000, true}, {1200001, false}, {1000000000000, true}, {1000000000010, false},
	}
	for _, tt := range tests {
		if got := looksCoarse(tt.n); got != tt.want {
			t.Errorf("looksCoarse(%d) = %v, want %v", tt.n, got, tt.want)
		}
		if tt.n >= 1000 {
			if got := tt.n%int64(quantum(tt.n)) == 0; got != tt.want {
				t.Errorf("%d against quantum %v: %v, want %v", tt.n, quantum(tt.n), got, tt.want)
			}
		}
	}
}

func TestWeekday(t *testing.T) {
	almaty := time.FixedZone("UTC+5", 5*3600)
	tests := []struct {
		at   time.Time
		span float64
	}{
		{time.Date(2026, 11, 27, 12, 0, 0, 0, almaty), 0},   // a Friday
		{time.Date(2026, 11, 27, 0, 30, 0, 0, almaty), 1},   // the middle is on Thursday
		{time.Date(2026, 11, 29, 23, 59, 0, 0, almaty), 0},  // Sunday
		{time.Date(1970, 1, 1, 2, 0, 0, 0, almaty), 0},      // before the epoch in UTC
		{time.Date(1969, 12, 29, 12, 0, 0, 0, almaty), 0.5}, // a Monday before 1970
		{time.Date(1900, 3, 4, 7, 0, 0, 0, almaty), 1.5},
	}
	for _, tt := range tests {
		mid := tt.at.Add(-time.Duration(tt.span * float64(day) / 2))
		if got, want := weekday(tt.at.Unix(), tt.span), int(mid.Weekday()); got != want {
			t.Errorf("weekday(%v, %v) = %d, want %d", tt.at, tt.span, got, want)
		}
	}
}
