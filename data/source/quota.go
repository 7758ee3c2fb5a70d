package source

import (
	"fmt"
	"math"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"akimwatch/data"
)

// Quota is a platform's documented request budget beyond its pacing
// (DefaultLimits): how many calls (or, for YouTube, quota units) an hour
// and a day allow. Zero means no such published limit.
type Quota struct {
	PerHour int
	PerDay  int
	// Note says where the figure comes from, for the plan's reader.
	Note string
}

// DefaultQuotas are the documented budgets, with the reason for each.
var DefaultQuotas = map[data.Platform]Quota{
	data.Telegram: {Note: "public t.me pages: no published limit, paced at 1 page a second"},
	// channels.list costs 1 unit per call (ids or one forHandle); the
	// default project quota is 10,000 units a day, reset at midnight PT.
	data.YouTube: {PerDay: 10_000, Note: "10,000 quota units a day; channels.list costs 1 unit"},
	// GET /2/users/by: 300 requests per 15 minutes per app.
	data.X: {PerHour: 1_200, Note: "300 requests per 15 minutes per app (users/by)"},
	// Graph API platform rate limit for a user token: about 200 calls an
	// hour.
	data.Facebook: {PerHour: 200, Note: "about 200 calls an hour per token (Graph API rate limits)"},
	// Business discovery shares the Instagram Graph API's 200 calls an hour
	// per token.
	data.Instagram: {PerHour: 200, Note: "about 200 calls an hour per token (business discovery)"},
	// VK: 3 calls a second for a user token; no daily cap on users.get.
	data.VK: {Note: "3 calls a second per token"},
	// Threads: limits scale with the account's reach; akimwatch paces one
	// lookup every 10 s.
	data.Threads: {PerHour: 360, Note: "paced at one profile lookup every 10 s"},
	// TikTok Research API: 1,000 requests a day per client, reset 00:00 UTC.
	data.TikTok: {PerDay: 1_000, Note: "1,000 requests a day per research client"},
}

// PlatformPlan is what one pass costs on one platform.
type PlatformPlan struct {
	Platform data.Platform
	// Accounts is how many active accounts with a handle a pass reads.
	Accounts int
	// Calls is how many API calls (YouTube: quota units) a pass needs.
	Calls int
	// Unresolved counts YouTube @handles still to be resolved (one call
	// each on the next pass only).
	Unresolved int
	Quota      Quota
	// PassTime is how long the pass takes at akimwatch's pacing and the
	// hourly limit.
	PassTime time.Duration
	// MinPeriod is the shortest schedule the platform can keep: a pass must
	// finish, and the passes of a day must fit the daily quota.
	MinPeriod time.Duration
	// DaysPerPass is above 1 when one pass needs more than a day's quota
	// (it then runs over several days: each quota stop resumes next time).
	DaysPerPass int
}

// Plan works out, per platform, the calls and time one pass over accounts
// (the active ones with a handle) takes under limits (nil: DefaultLimits)
// and DefaultQuotas. It calls nothing.
func Plan(accounts []data.Account, limits map[data.Platform]Limit) []PlatformPlan {
	if limits == nil {
		limits = DefaultLimits
	}
	type tally struct{ n, unresolved int }
	per := map[data.Platform]*tally{}
	for _, a := range accounts {
		if !a.Active || data.NormalizeHandle(a.Handle) == "" {
			continue
		}
		t := per[a.Platform]
		if t == nil {
			t = &tally{}
			per[a.Platform] = t
		}
		t.n++
		if a.Platform == data.YouTube && channelID(a) == "" {
			t.unresolved++
		}
	}
	out := make([]PlatformPlan, 0, len(data.Platforms))
	for _, p := range data.Platforms {
		t := per[p]
		if t == nil {
			t = &tally{}
		}
		out = append(out, planOne(p, t.n, t.unresolved, limits[p], DefaultQuotas[p]))
	}
	return out
}

// planOne plans one platform.
func planOne(p data.Platform, n, unresolved int, lim Limit, q Quota) PlatformPlan {
	pp := PlatformPlan{Platform: p, Accounts: n, Unresolved: unresolved, Quota: q}
	batch := max(lim.Batch, 1)
	switch p {
	case data.YouTube:
		pp.Calls = ceilDiv(n-unresolved, min(batch, youtubeMaxBatch)) + unresolved
	case data.VK:
		// users.get for all, then groups.getById for the communities (at
		// worst all of them).
		pp.Calls = ceilDiv(n, min(batch, vkUsersBatch)) + ceilDiv(n, vkGroupsBatch)
	default:
		pp.Calls = ceilDiv(n, batch)
	}
	if pp.Calls == 0 {
		return pp
	}
	if lim.Rate != rate.Inf && lim.Rate > 0 {
		pp.PassTime = time.Duration(float64(max(pp.Calls-lim.Burst, 0)) / float64(lim.Rate) * float64(time.Second))
	}
	if q.PerHour > 0 {
		pp.PassTime = max(pp.PassTime, time.Duration(float64(pp.Calls)/float64(q.PerHour)*float64(time.Hour)))
	}
	pp.MinPeriod = pp.PassTime
	if q.PerDay > 0 {
		// The passes of a day must fit the daily quota.
		perDay := time.Duration(math.Ceil(float64(pp.Calls)/float64(q.PerDay)*24*3600)) * time.Second
		pp.MinPeriod = max(pp.MinPeriod, perDay)
		pp.DaysPerPass = ceilDiv(pp.Calls, q.PerDay)
	}
	return pp
}

func ceilDiv(a, b int) int {
	if a <= 0 || b <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

// ErrScheduleTooShort means a refresh period is shorter than some
// platform's pass can keep.
var ErrScheduleTooShort = fmt.Errorf("refresh schedule too short for the watchlist: %w", data.ErrInvalid)

// CheckSchedule says whether passes every period fit every platform's
// plan; the error names each platform that cannot keep up, with its
// numbers.
func CheckSchedule(plans []PlatformPlan, period time.Duration) error {
	var bad []string
	for _, pp := range plans {
		if pp.Calls == 0 || pp.MinPeriod <= period {
			continue
		}
		bad = append(bad, fmt.Sprintf("%s: %d accounts need %d calls a pass, %s (%s); the shortest schedule it keeps is %s",
			pp.Platform.Title(), pp.Accounts, pp.Calls, describePass(pp), pp.Quota.Note, roundPeriod(pp.MinPeriod)))
	}
	if len(bad) == 0 {
		return nil
	}
	return fmt.Errorf("every %s: %s: %w", roundPeriod(period), strings.Join(bad, "; "), ErrScheduleTooShort)
}

// describePass says how long a pass takes.
func describePass(pp PlatformPlan) string {
	if pp.DaysPerPass > 1 {
		return fmt.Sprintf("more than a day's quota (%d days a pass)", pp.DaysPerPass)
	}
	return "a pass takes " + roundPeriod(pp.PassTime)
}

// roundPeriod writes a duration as people read a schedule: "45 s",
// "12 min", "5.6 h", "2 days".
func roundPeriod(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", int(d.Seconds()+0.5))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()+0.5))
	case d < 48*time.Hour:
		return fmt.Sprintf("%.1f h", d.Hours())
	}
	return fmt.Sprintf("%.1f days", d.Hours()/24)
}

// RoundPeriod writes a duration as the plan does ("45 s", "5.6 h").
func RoundPeriod(d time.Duration) string { return roundPeriod(d) }

// FormatPlan writes plans as a table (for `akimwatch refresh --plan`).
func FormatPlan(plans []PlatformPlan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %8s %7s %10s %12s  %s\n", "platform", "accounts", "calls", "pass time", "shortest", "documented limit")
	total := 0
	for _, pp := range plans {
		total += pp.Accounts
		pass, short := "-", "-"
		if pp.Calls > 0 {
			pass, short = roundPeriod(pp.PassTime), roundPeriod(pp.MinPeriod)
			if pp.DaysPerPass > 1 {
				pass = fmt.Sprintf("%d days", pp.DaysPerPass)
			}
		}
		calls := fmt.Sprintf("%d", pp.Calls)
		if pp.Unresolved > 0 {
			calls += "*"
		}
		fmt.Fprintf(&b, "%-10s %8d %7s %10s %12s  %s\n", pp.Platform, pp.Accounts, calls, pass, short, pp.Quota.Note)
	}
	fmt.Fprintf(&b, "%-10s %8d\n", "total", total)
	for _, pp := range plans {
		if pp.Unresolved > 0 {
			fmt.Fprintf(&b, "* %s: %d @handles are resolved once (one call each), then read 50 to a call\n", pp.Platform.Title(), pp.Unresolved)
		}
	}
	return b.String()
}
