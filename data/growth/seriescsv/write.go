package seriescsv

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"akimwatch/data/growth"
)

// Header is the first row Write emits.
var Header = []string{"time", "kind", "followers", "change", "score"}

// Write emits the header and one row per alert, in the order given, with the
// time in RFC 3339 UTC and the score to one decimal.
func Write(w io.Writer, alerts []growth.Alert) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return fmt.Errorf("write alerts header: %w", err)
	}
	for _, a := range alerts {
		rec := []string{a.Time.UTC().Format(time.RFC3339), string(a.Kind), strconv.FormatInt(a.Followers, 10),
			strconv.FormatInt(a.Change, 10), strconv.FormatFloat(a.Score, 'f', 1, 64)}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write alert at %s: %w", rec[0], err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write alerts: %w", err)
	}
	return nil
}

// Scan reads a series from r, runs the detector at sensitivity sens with the
// app's defaults, and writes the alerts to w: the whole of `akimwatch scan
// --csv`. Weak drops (purge evidence) are not written: one series has no
// platform to group with.
func Scan(r io.Reader, w io.Writer, sens growth.Sensitivity) error {
	pts, err := Read(r)
	if err != nil {
		return err
	}
	alerts, _ := growth.Scan(pts, growth.Options{Params: sens.Params()})
	return Write(w, alerts)
}
