package growth

import (
	"errors"
	"reflect"
	"testing"

	"akimwatch/data"
)

// TestIncrementalMatchesFullScan checks that a detector saved after part of
// the history and restored raises exactly the alerts a full scan raises.
func TestIncrementalMatchesFullScan(t *testing.T) {
	set := generateEval()
	for _, cut := range []float64{0.3, 0.7, 0.999} {
		t.Run(thousands(int64(cut*1000)), func(t *testing.T) {
			for _, a := range set.Accounts[:80] {
				opt := Options{AccountID: a.ID, Platform: a.Platform}
				wantA, wantW := Scan(a.Points, opt)
				n := int(cut * float64(len(a.Points)))
				d := NewDetector(opt)
				gotA, gotW := d.Run(a.Points[:n])
				blob, err := d.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				r := NewDetector(opt)
				if err := r.UnmarshalBinary(blob); err != nil {
					t.Fatal(err)
				}
				var newPts []Point
				for _, p := range a.Points {
					if p.Time.After(r.Last()) {
						newPts = append(newPts, p)
					}
				}
				moreA, moreW := r.Run(newPts)
				gotA, gotW = append(gotA, moreA...), append(gotW, moreW...)
				if !reflect.DeepEqual(gotA, wantA) || !reflect.DeepEqual(gotW, wantW) {
					t.Fatalf("account %d: incremental %d/%d alerts, full scan %d/%d", a.ID, len(gotA), len(gotW), len(wantA), len(wantW))
				}
			}
		})
	}
}

func TestUnmarshalBad(t *testing.T) {
	d := NewDetector(Options{})
	d.Run(daily(1000, 50, wobble(10)))
	good, _ := d.MarshalBinary()
	corrupt := append([]byte(nil), good...)
	for i := 100; i < 180; i++ {
		corrupt[i] = 0xff // NaNs in the middle
	}
	tests := []struct {
		name string
		blob []byte
		want error
	}{
		{"empty", nil, data.ErrInvalid},
		{"other version", append([]byte{99}, good[1:]...), ErrStateVersion},
		{"short", good[:len(good)-3], data.ErrInvalid},
		{"corrupt", corrupt, data.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewDetector(Options{})
			if err := r.UnmarshalBinary(tt.blob); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
			if r.st.Points != 0 {
				t.Error("detector changed on error")
			}
		})
	}
}
