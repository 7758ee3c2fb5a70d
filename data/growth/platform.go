package growth

import (
	"cmp"
	"slices"
	"time"

	"akimwatch/data"
)

// GroupPlatform turns drops that many accounts of one platform show together
// into one platform alert, since a purge by the platform is not the
// officials' doing.
//
// alerts and weak are the findings (from Scan, Run or Step) of the accounts
// of platform; accounts is how many accounts of the platform were checked.
// Drops (alerts of kind drop, and weak drops) of at least p.PlatformMinAccounts
// accounts, and of p.PlatformMinShare of accounts, within p.PlatformWindow of
// each other become one platform alert, and their own drop alerts are
// removed. Every other alert passes through. The result is in time order.
//
// After a refresh, pass the findings of at least the last PlatformWindow of
// every account of the platform, so a purge seen across two refreshes still
// groups.
func GroupPlatform(platform data.Platform, accounts int, alerts, weak []Alert, p Params) []Alert {
	if p == (Params{}) {
		p = Medium.Params()
	}
	var drops, out []Alert
	for _, a := range alerts {
		if a.Kind == data.AlertDrop {
			drops = append(drops, a)
		} else {
			out = append(out, a)
		}
	}
	raised := len(drops)
	for _, a := range weak {
		if a.Kind == data.AlertDrop {
			drops = append(drops, a)
		}
	}
	need := max(p.PlatformMinAccounts, int(p.PlatformMinShare*float64(accounts)+0.999), 1)
	isRaised := make(map[*Alert]bool, raised)
	for i := range drops[:raised] {
		isRaised[&drops[i]] = true
	}
	order := make([]*Alert, len(drops))
	for i := range drops {
		order[i] = &drops[i]
	}
	slices.SortStableFunc(order, func(a, b *Alert) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.AccountID, b.AccountID))
	})
	used := make([]bool, len(order))
	for i := 0; i < len(order); i++ {
		if used[i] {
			continue
		}
		members := cluster(order, used, i, p.PlatformWindow)
		if len(members) < need {
			continue
		}
		var group []*Alert
		for _, j := range members {
			used[j] = true
			group = append(group, order[j])
		}
		out = append(out, platformAlert(platform, accounts, group))
	}
	for i, a := range order {
		if !used[i] && isRaised[a] {
			out = append(out, *a)
		}
	}
	slices.SortStableFunc(out, func(a, b Alert) int {
		return cmp.Or(a.Time.Compare(b.Time), cmp.Compare(a.AccountID, b.AccountID), cmp.Compare(a.Kind, b.Kind))
	})
	return out
}

// cluster returns the indexes of unused drops within window of drop i, one
// per account (the largest drop of each).
func cluster(order []*Alert, used []bool, i int, window time.Duration) []int {
	end := order[i].Time.Add(window)
	best := map[int64]int{}
	var ids []int64
	for j := i; j < len(order) && order[j].Time.Before(end); j++ {
		if used[j] {
			continue
		}
		id := order[j].AccountID
		k, ok := best[id]
		if !ok {
			ids = append(ids, id)
		}
		if !ok || order[j].Pct < order[k].Pct {
			best[id] = j
		}
	}
	out := make([]int, len(ids))
	for n, id := range ids {
		out[n] = best[id]
	}
	return out
}

// platformAlert summarises a group of drops; it carries the account with the
// largest relative drop and the earliest time of the group.
func platformAlert(platform data.Platform, accounts int, group []*Alert) Alert {
	rep := group[0]
	first := group[0].Time
	var total int64
	pcts := make([]float64, 0, len(group))
	ids := make([]int64, 0, len(group))
	for _, a := range group {
		if a.Pct < rep.Pct {
			rep = a
		}
		if a.Time.Before(first) {
			first = a.Time
		}
		total += a.Change
		pcts = append(pcts, a.Pct)
		ids = append(ids, a.AccountID)
	}
	slices.Sort(ids)
	med := median(pcts)
	return Alert{AccountID: rep.AccountID, Time: first, Kind: data.AlertPlatform, Followers: rep.Followers,
		Change: total, Pct: med, Score: float64(len(group)), Days: rep.Days, Accounts: ids,
		Detail: whyDetail(WhyPlatform, "platform", string(platform), "accounts", len(group), "total", accounts,
			"pct", med, "change", total)}
}
