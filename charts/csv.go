package charts

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"time"
)

// CSVColumns is the header of a chart's data file.
var CSVColumns = []string{"time", "series", "value"}

// SeriesCSV returns the chart's series exactly as drawn: one row per point,
// columns time (RFC 3339, UTC), series (its label) and value, series by
// series in the legend's order.
func SeriesCSV(spec Spec) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(CSVColumns); err != nil {
		return nil, fmt.Errorf("chart csv: %w", err)
	}
	for _, sr := range spec.Series {
		for _, p := range sr.Points {
			rec := []string{p.Time.UTC().Format(time.RFC3339), sr.Label, strconv.FormatFloat(p.Value, 'f', -1, 64)}
			if err := w.Write(rec); err != nil {
				return nil, fmt.Errorf("chart csv: %w", err)
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("chart csv: %w", err)
	}
	return b.Bytes(), nil
}
