package growth

import (
	"testing"
	"time"

	"akimwatch/data"
)

func TestGroupPlatform(t *testing.T) {
	drop := func(id int64, h float64, pct float64) Alert {
		return Alert{AccountID: id, Time: t0.Add(time.Duration(h * float64(time.Hour))), Kind: data.AlertDrop,
			Change: int64(pct * 100), Pct: pct, Followers: 10000}
	}
	jump := Alert{AccountID: 99, Time: t0, Kind: data.AlertJump, Change: 500}
	tests := []struct {
		name      string
		alerts    []Alert
		weak      []Alert
		accounts  int
		wantKinds []data.AlertKind
	}{
		{name: "purge groups alerts and weak drops",
			alerts: []Alert{drop(1, 1, -2), drop(2, 3, -1.5), jump}, weak: []Alert{drop(3, 5, -0.6), drop(4, 9, -0.8), drop(5, 20, -0.5)},
			accounts: 10, wantKinds: []data.AlertKind{data.AlertJump, data.AlertPlatform}},
		{name: "too few accounts", alerts: []Alert{drop(1, 1, -2), drop(2, 3, -1.5)}, weak: []Alert{drop(3, 5, -0.6)},
			accounts: 10, wantKinds: []data.AlertKind{data.AlertDrop, data.AlertDrop}},
		{name: "too small a share", alerts: []Alert{drop(1, 1, -2)}, weak: []Alert{drop(2, 2, -1), drop(3, 3, -1), drop(4, 4, -1), drop(5, 5, -1)},
			accounts: 100, wantKinds: []data.AlertKind{data.AlertDrop}},
		{name: "spread over weeks", alerts: []Alert{drop(1, 0, -2), drop(2, 100, -2), drop(3, 200, -2), drop(4, 300, -2), drop(5, 400, -2)},
			accounts: 5, wantKinds: []data.AlertKind{data.AlertDrop, data.AlertDrop, data.AlertDrop, data.AlertDrop, data.AlertDrop}},
		{name: "nothing", accounts: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := GroupPlatform(data.Instagram, tt.accounts, tt.alerts, tt.weak, Params{})
			if len(got) != len(tt.wantKinds) {
				t.Fatalf("got %v, want kinds %v", got, tt.wantKinds)
			}
			for i, a := range got {
				if a.Kind != tt.wantKinds[i] {
					t.Errorf("[%d] kind %s, want %s", i, a.Kind, tt.wantKinds[i])
				}
				if a.Kind == data.AlertPlatform && (a.AccountID != 1 || len(a.Accounts) != 5 || a.Score != 5 || a.Detail == "") {
					t.Errorf("platform alert = %+v", a)
				}
			}
		})
	}
}
