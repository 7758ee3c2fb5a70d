package data

import (
	"errors"
	"testing"
	"time"
)

func TestParseReadings(t *testing.T) {
	tests := []struct {
		name     string
		ts, fol  string
		want     []Reading
		wantFail bool
	}{
		{"empty", "", "", []Reading{}, false},
		{"pairs", "100,200", "5,7", []Reading{{time.Unix(100, 0).UTC(), 5}, {time.Unix(200, 0).UTC(), 7}}, false},
		{"negative time, before 1970", "-50,10", "1,2", []Reading{{time.Unix(-50, 0).UTC(), 1}, {time.Unix(10, 0).UTC(), 2}}, false},
		{"unsorted input is sorted", "300,100", "3,1", []Reading{{time.Unix(100, 0).UTC(), 1}, {time.Unix(300, 0).UTC(), 3}}, false},
		{"fewer followers than times", "1,2", "5", nil, true},
		{"more followers than times", "1", "5,6", nil, true},
		{"not a number", "1,x", "5,6", nil, true},
		{"empty item", "1,,2", "5,6,7", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseReadings([]byte(tt.ts), []byte(tt.fol))
			if tt.wantFail {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("err = %v, want ErrInvalid", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if !got[i].Time.Equal(tt.want[i].Time) || got[i].Followers != tt.want[i].Followers {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}
