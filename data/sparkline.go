package data

import (
	"context"
	"fmt"
	"time"
)

// Sparklines returns, per official ID, the daily follower totals of the
// last days days up to now (each account's last reading carried forward
// through the day, summed over the official's accounts). Days before any
// reading are left out: a line starts at its first reading.
func (s *Store) Sparklines(ctx context.Context, now time.Time, days int) (map[int64][]float64, error) {
	owner, err := s.accountOwners(ctx)
	if err != nil {
		return nil, err
	}
	start := now.AddDate(0, 0, -days)
	// sums[official][day], and has[official][day] says whether any account counted.
	sums := map[int64][]float64{}
	has := map[int64][]bool{}
	// A week of readings before the window lets an account that skipped the
	// first days still carry its count into them.
	err = s.EachHistory(ctx, HistoryRange{From: start.AddDate(0, 0, -7)}, func(id int64, rs []Reading) error {
		o, ok := owner[id]
		if !ok || len(rs) == 0 {
			return nil
		}
		if sums[o] == nil {
			sums[o], has[o] = make([]float64, days), make([]bool, days)
		}
		i := 0
		var last int64
		seen := false
		for d := range days {
			end := start.AddDate(0, 0, d+1)
			for i < len(rs) && rs[i].Time.Before(end) {
				last, seen = rs[i].Followers, true
				i++
			}
			if seen {
				sums[o][d] += float64(last)
				has[o][d] = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]float64, len(sums))
	for o, v := range sums {
		first := 0
		for first < days && !has[o][first] {
			first++
		}
		out[o] = v[first:]
	}
	return out, nil
}

// accountOwners maps every account ID to its official's ID: the two columns
// the sparklines need, not the whole account rows (start-up reads them).
func (s *Store) accountOwners(ctx context.Context) (map[int64]int64, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT id, official_id FROM accounts")
	if err != nil {
		return nil, fmt.Errorf("list account owners: %w", err)
	}
	defer rows.Close()
	owner := map[int64]int64{}
	for rows.Next() {
		var id, off int64
		if err := rows.Scan(&id, &off); err != nil {
			return nil, fmt.Errorf("list account owners: %w", err)
		}
		owner[id] = off
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list account owners: %w", err)
	}
	return owner, nil
}
