package source

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"akimwatch/data"
)

// watchlist9000 spreads 9,000 active accounts evenly over the 8 platforms
// (1,125 each); YouTube ones are channel ids except the first 100 @handles.
func watchlist9000() []data.Account {
	var out []data.Account
	id := int64(1)
	for _, p := range data.Platforms {
		for i := range 1125 {
			h := fmt.Sprintf("akim%d", i)
			if p == data.YouTube && i >= 100 {
				h = fmt.Sprintf("UC%022d", i)
			}
			out = append(out, data.Account{ID: id, OfficialID: 1, Platform: p, Handle: h, Active: true})
			id++
		}
	}
	return out
}

// TestPlan9000 checks the planner's figures for 9,000 accounts across the
// 8 platforms against hand-worked numbers.
func TestPlan9000(t *testing.T) {
	plans := Plan(watchlist9000(), nil)
	want := map[data.Platform]struct {
		calls     int
		minPeriod time.Duration
	}{
		data.Telegram:  {1125, 1123 * time.Second},      // 1/s after a burst of 2
		data.YouTube:   {21 + 100, 1045 * time.Second},  // 1,025 ids in 21 calls + 100 forHandle; 121 of 10,000 units a day
		data.X:         {12, 36 * time.Second},          // 12 calls at 1,200 an hour (pacing alone: 33 s)
		data.Facebook:  {23, 414 * time.Second},         // 23 calls at 200 an hour
		data.Instagram: {1125, 1125 * 18 * time.Second}, // 1,125 calls at 200 an hour: 5.6 h
		data.VK:        {2 + 3, 1333333333},             // users.get + groups.getById at 3/s after 1
		data.Threads:   {1125, 1125 * 10 * time.Second}, // 360 an hour: 3.1 h
		data.TikTok:    {1125, 27 * time.Hour},          // 1,125 of 1,000 a day: 27 h
	}
	for _, pp := range plans {
		w := want[pp.Platform]
		if pp.Accounts != 1125 || pp.Calls != w.calls {
			t.Errorf("%s: %d accounts, %d calls; want 1125, %d", pp.Platform, pp.Accounts, pp.Calls, w.calls)
		}
		if d := pp.MinPeriod - w.minPeriod; d > time.Second || d < -time.Second {
			t.Errorf("%s: shortest period %v, want %v", pp.Platform, pp.MinPeriod, w.minPeriod)
		}
	}
	if err := CheckSchedule(plans, time.Hour); !errors.Is(err, ErrScheduleTooShort) ||
		!strings.Contains(err.Error(), "Instagram: 1125 accounts need 1125 calls") || !strings.Contains(err.Error(), "TikTok") {
		t.Errorf("hourly schedule: %v", err)
	}
	// Daily: only TikTok's 1,125 calls over its 1,000 a day cannot keep up.
	err := CheckSchedule(plans, 24*time.Hour)
	if !errors.Is(err, ErrScheduleTooShort) || strings.Contains(err.Error(), "Instagram") || !strings.Contains(err.Error(), "2 days a pass") {
		t.Errorf("daily schedule: %v", err)
	}
	if err := CheckSchedule(plans, 48*time.Hour); err != nil {
		t.Errorf("two-day schedule: %v", err)
	}
	table := FormatPlan(plans)
	for _, s := range []string{"instagram", "1125", "total", "9000", "100 @handles"} {
		if !strings.Contains(table, s) {
			t.Errorf("plan table lacks %q:\n%s", s, table)
		}
	}
}
