package charts

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestExportNeverOverwrites(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "folder")
	tests := []struct {
		name, file string
		want       []string
	}{
		{"png", "chart.png", []string{"chart.png", "chart (2).png", "chart (3).png"}},
		{"svg upper-case", "chart.SVG", []string{"chart.SVG", "chart (2).SVG"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, want := range tt.want {
				got, err := Export(filepath.Join(dir, tt.file), followersSpec())
				if err != nil {
					t.Fatal(err)
				}
				if filepath.Base(got) != want {
					t.Errorf("wrote %s, want %s", filepath.Base(got), want)
				}
				b, err := os.ReadFile(got)
				if err != nil {
					t.Fatal(err)
				}
				isPNG := strings.HasPrefix(string(b), "\x89PNG")
				if isPNG != strings.EqualFold(filepath.Ext(tt.file), ".png") {
					t.Errorf("%s has the wrong format", got)
				}
			}
		})
	}
}

func TestExportRejects(t *testing.T) {
	dir := t.TempDir()
	if _, err := Export(filepath.Join(dir, "chart.jpg"), followersSpec()); !errors.Is(err, ErrUnknownExtension) {
		t.Errorf("jpg: err = %v, want ErrUnknownExtension", err)
	}
	bad := followersSpec()
	bad.Kind = 99
	if _, err := Export(filepath.Join(dir, "chart.png"), bad); !errors.Is(err, ErrInvalidSpec) {
		t.Errorf("bad spec: err = %v, want ErrInvalidSpec", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "chart.png")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a failed export left a file behind")
	}
}

func TestSafeFileName(t *testing.T) {
	date := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)
	long := strings.Repeat("Қ", 300)
	tests := []struct {
		name                    string
		official, platform, rng string
		date                    time.Time
		ext, want               string
	}{
		{"example", "Бакауов", "instagram", "90d", date, "png", "Бакауов_instagram_90d_2026-11-26.png"},
		{"dot ext, spaces", "Булат  Бакауов", "instagram", "1y", date, ".PNG", "Булат_Бакауов_instagram_1y_2026-11-26.png"},
		{"reserved chars", `a<b>:c"d/e\f|g?h*`, "", "", time.Time{}, "svg", "abcdefgh.svg"},
		{"device name", "CON", "", "", time.Time{}, "png", "_CON.png"},
		{"device name with dot", "com1.txt", "", "", time.Time{}, "png", "_com1.txt.png"},
		{"not a device name", "CONSOLE", "", "", time.Time{}, "png", "CONSOLE.png"},
		{"trailing dots and spaces", "Name. . ", "x", "", time.Time{}, "png", "Name_x.png"},
		{"path traversal", "../../etc/passwd", "", "", time.Time{}, "png", "etcpasswd.png"},
		{"empty", "", "", "", time.Time{}, "png", "chart.png"},
		{"only dots", "...", "", "", time.Time{}, "", "chart"},
		{"controls and bidi", "Ак\x00им\n\u202egnp.exe", "", "", time.Time{}, "png", "Аким_gnp.exe.png"},
		{"decomposed й", "Ии\u0306", "", "", time.Time{}, "png", "Ий.png"},
		{"kazakh", "Әлихан Қасымұлы", "telegram", "custom", date, "svg", "Әлихан_Қасымұлы_telegram_custom_2026-11-26.svg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SafeFileName(tt.official, tt.platform, tt.rng, tt.date, tt.ext); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("long name is capped", func(t *testing.T) {
		got := SafeFileName(long, "instagram", "90d", date, "png")
		if len(got) > maxNameBytes || !utf8.ValidString(got) || !strings.HasSuffix(got, "_instagram_90d_2026-11-26.png") {
			t.Errorf("got %q (%d bytes)", got, len(got))
		}
	})
}

func FuzzSafeFileName(f *testing.F) {
	for _, s := range []string{"Бакауов", "CON", "a/b", " . ", "\u202e", strings.Repeat("ә", 200)} {
		f.Add(s, "instagram", "90d", "png")
	}
	f.Fuzz(func(t *testing.T, official, platform, rng, ext string) {
		got := SafeFileName(official, platform, rng, time.Time{}, ext)
		if got == "" || len(got) > 255 || !utf8.ValidString(got) {
			t.Fatalf("bad name %q", got)
		}
		if strings.ContainsAny(got, `<>:"/\|?*`) || strings.HasSuffix(got, ".") || strings.HasSuffix(got, " ") {
			t.Fatalf("unsafe name %q", got)
		}
		base, _, _ := strings.Cut(got, ".")
		if windowsReserved[strings.ToUpper(base)] {
			t.Fatalf("reserved name %q", got)
		}
	})
}

func TestDefaultDir(t *testing.T) {
	dir, err := DefaultDir()
	if err != nil {
		t.Skipf("no pictures folder here: %v", err)
	}
	if filepath.Base(dir) != "akimwatch" || !filepath.IsAbs(dir) {
		t.Errorf("DefaultDir() = %q", dir)
	}
}
