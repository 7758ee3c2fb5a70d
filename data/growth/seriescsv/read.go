// Package seriescsv reads one account's follower series from CSV and writes
// the detector's alerts as CSV, for `akimwatch scan --csv`.
package seriescsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"akimwatch/data"
	"akimwatch/data/growth"
)

// Read parses rows of "time,followers". A first row of words without digits
// is taken as a header; any other row that does not parse is an error
// naming its line, so a data row is never skipped for a header. Blank lines
// are skipped. Time is RFC 3339, "YYYY-MM-DD HH:MM:SS" (UTC) or "YYYY-MM-DD"
// (UTC midnight). The points come back as growth.Normalize leaves them:
// sorted by time (stably), and of rows with the same time the last one kept.
// Errors name the line and wrap data.ErrInvalid.
func Read(r io.Reader) ([]growth.Point, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	var pts []growth.Point
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("line %d: %w: %w", pe.Line, pe.Err, data.ErrInvalid)
			}
			return nil, fmt.Errorf("read series: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != 2 {
			return nil, fmt.Errorf("line %d: want 2 fields (time,followers), got %d: %w", line, len(rec), data.ErrInvalid)
		}
		if row == 0 {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff") // Excel's byte-order mark
		}
		p, err := parseRow(rec)
		if err != nil {
			if row == 0 && isHeader(rec) {
				continue
			}
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		pts = append(pts, p)
	}
	return growth.Normalize(pts), nil
}

func parseRow(rec []string) (growth.Point, error) {
	t, err := parseTime(strings.TrimSpace(rec[0]))
	if err != nil {
		return growth.Point{}, err
	}
	s := strings.TrimSpace(rec[1])
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return growth.Point{}, fmt.Errorf("followers %q is not a whole number: %w", s, data.ErrInvalid)
	}
	if n < 0 {
		return growth.Point{}, fmt.Errorf("followers %d is negative: %w", n, data.ErrInvalid)
	}
	return growth.Point{Time: t, Followers: n}, nil
}

// parseTime is data.ParseTime: the same formats as history files.
func parseTime(s string) (time.Time, error) { return data.ParseTime(s) }

// isHeader reports whether a first row is column names: words without a
// digit ("time,followers"). A row with digits is data, even when it does
// not parse ("01.11.2026,12 345"): it is reported, never silently dropped.
func isHeader(rec []string) bool {
	for _, f := range rec {
		f = strings.TrimSpace(strings.TrimPrefix(f, "\ufeff"))
		if f == "" || strings.ContainsAny(f, "0123456789") {
			return false
		}
	}
	return true
}
