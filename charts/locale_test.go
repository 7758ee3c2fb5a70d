package charts

import (
	"math"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v    float64
		lang string
		want string
	}{
		{12345, LangRU, "12" + nbsp + "345"},
		{12345, LangKK, "12" + nbsp + "345"},
		{12345, LangEN, "12,345"},
		{1234567.4, LangEN, "1,234,567"},
		{999, LangRU, "999"},
		{0, LangEN, "0"},
		{-1500, LangRU, minus + "1" + nbsp + "500"},
		{-0.2, LangEN, "0"},
		{math.NaN(), LangEN, "–"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.v, tt.lang); got != tt.want {
			t.Errorf("FormatNumber(%v, %s) = %q, want %q", tt.v, tt.lang, got, tt.want)
		}
	}
}

func TestFormatChangeAndPercent(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"change up ru", FormatChange(19705, LangRU), "+19" + nbsp + "705"},
		{"change down en", FormatChange(-56, LangEN), minus + "56"},
		{"change zero", FormatChange(0, LangEN), "0"},
		{"pct ru", FormatPercent(1.23, 1, LangRU), "+1,2" + nbsp + "%"},
		{"pct kk", FormatPercent(-12.5, 1, LangKK), minus + "12,5" + nbsp + "%"},
		{"pct en", FormatPercent(1.2, 1, LangEN), "+1.2%"},
		{"pct en whole", FormatPercent(30, 0, LangEN), "+30%"},
		{"pct big", FormatPercent(1234.6, 0, LangEN), "+1,235%"},
		{"pct decimals capped", FormatPercent(1, 99, LangEN), "+1.000000%"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
