package charts

import (
	"flag"
	"image"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// Golden comparison tolerance: anti-aliasing may shift a little between Go
// versions, a redesign moves far more.
const (
	goldenChannelTol = 16    // per-channel difference still counted as equal
	goldenMaxDiff    = 0.004 // share of pixels allowed to differ
)

func TestGoldenFollowers(t *testing.T) {
	path := filepath.Join("testdata", "followers_golden.png")
	b, err := Render(followersSpec(), FormatPNG)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./charts -run Golden -update to create it)", err)
	}
	got, exp := decodePNG(t, b), decodePNG(t, want)
	if got.Bounds() != exp.Bounds() {
		t.Fatalf("size %v, golden %v", got.Bounds(), exp.Bounds())
	}
	if share := diffShare(got, exp); share > goldenMaxDiff {
		t.Errorf("%.2f%% of pixels differ from %s (allowed %.2f%%); if the change is intended, run with -update",
			share*100, path, goldenMaxDiff*100)
	}
}

// diffShare is the share of pixels whose colours differ beyond the tolerance.
func diffShare(a, b image.Image) float64 {
	r := a.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !sameColor(a.At(x, y), rgba(b.At(x, y)), goldenChannelTol) {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}
