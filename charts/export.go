package charts

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/adrg/xdg"
	"golang.org/x/text/unicode/norm"
)

// File-name limits.
const (
	// maxNameBytes keeps a name (with a " (99)" suffix) well under the
	// 255-byte limit of ext4 and APFS and the 255 UTF-16 units of NTFS.
	maxNameBytes = 200
	// maxOfficialBytes keeps a long name from crowding out the platform,
	// range and date (a Cyrillic letter is two bytes).
	maxOfficialBytes = 96
	// maxExtBytes bounds the extension ("png", "svg" need far less).
	maxExtBytes = 16
	// maxCopies is how many " (n)" names Export tries before giving up.
	maxCopies = 999
	// subdir is the folder under the user's Pictures folder.
	subdir = "akimwatch"
)

// ErrUnknownExtension means Export was given a path that ends in neither
// .png nor .svg.
var ErrUnknownExtension = errors.New("unknown image extension (want .png or .svg)")

// windowsReserved are device names Windows refuses as a file name, with any
// extension.
var windowsReserved = map[string]bool{
	"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true,
	"COM7": true, "COM8": true, "COM9": true, "LPT1": true, "LPT2": true, "LPT3": true,
	"LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true,
	"COM¹": true, "COM²": true, "COM³": true, "LPT¹": true, "LPT²": true, "LPT³": true,
}

// FormatForPath picks the format from a path's extension (.png or .svg,
// any case).
func FormatForPath(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return FormatPNG, nil
	case ".svg":
		return FormatSVG, nil
	}
	return 0, fmt.Errorf("export %s: %w", path, ErrUnknownExtension)
}

// Export renders spec into path, as PNG or SVG by the path's extension, and
// returns the path it wrote. It never overwrites: when path exists it
// writes "name (2).png", "name (3).png" and so on. Missing folders are
// created.
func Export(path string, spec Spec) (string, error) {
	if IsCSVPath(path) {
		return writeNew(path, func() ([]byte, error) { return SeriesCSV(spec) })
	}
	return exportWith(path, func(f Format) ([]byte, error) { return Render(spec, f) })
}

// IsCSVPath reports whether path names a chart data file (.csv, any case)
// rather than an image.
func IsCSVPath(path string) bool { return strings.EqualFold(filepath.Ext(path), ".csv") }

// ExportBars is Export for a ranking chart.
func ExportBars(path string, spec BarSpec) (string, error) {
	return exportWith(path, func(f Format) ([]byte, error) { return RenderBars(spec, f) })
}

// exportWith renders with draw in the path's format and writes the bytes
// without overwriting anything.
func exportWith(path string, draw func(Format) ([]byte, error)) (string, error) {
	format, err := FormatForPath(path)
	if err != nil {
		return "", err
	}
	return writeNew(path, func() ([]byte, error) { return draw(format) })
}

// writeNew makes the file's bytes and writes them to path, or to
// "name (2).ext" and so on when it exists: it never overwrites.
func writeNew(path string, make func() ([]byte, error)) (string, error) {
	b, err := make()
	if err != nil {
		return "", fmt.Errorf("export %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create folder %s: %w", dir, err)
	}
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	for n := 1; n <= maxCopies; n++ {
		p := path
		if n > 1 {
			p = fmt.Sprintf("%s (%d)%s", stem, n, ext)
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("create %s: %w", p, err)
		}
		_, werr := f.Write(b)
		cerr := f.Close()
		if err := errors.Join(werr, cerr); err != nil {
			_ = os.Remove(p) // do not leave a half-written image behind
			return "", fmt.Errorf("write %s: %w", p, err)
		}
		return p, nil
	}
	return "", fmt.Errorf("export %s: %d copies already exist: %w", path, maxCopies, fs.ErrExist)
}

// DefaultDir is the folder exports go to by default: the user's Pictures
// folder (per XDG on Linux, the known folder on Windows and macOS) plus
// "akimwatch". It does not create the folder; Export does.
func DefaultDir() (string, error) {
	pics := xdg.UserDirs.Pictures
	if pics == "" {
		return "", errors.New("find the pictures folder: not set")
	}
	return filepath.Join(pics, subdir), nil
}

// SafeFileName builds a file name such as "Бакауов_instagram_90d_2026-11-26.png"
// that is valid on Windows, macOS and Linux: reserved and control characters
// are dropped, spaces become "_", Windows device names (CON, NUL…) are
// avoided, trailing dots and spaces are removed and the length is capped.
// Empty parts (and a zero date) are left out; an empty result is "chart".
func SafeFileName(official, platform, rangeLabel string, date time.Time, ext string) string {
	parts := []string{truncateBytes(cleanPart(official), maxOfficialBytes), cleanPart(platform), cleanPart(rangeLabel)}
	if !date.IsZero() {
		parts = append(parts, date.Format(time.DateOnly))
	}
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	stem := strings.Join(kept, "_")
	// Trimmed after the cut: a cut extension may end in a dot or space,
	// which Windows drops from a name.
	ext = strings.TrimRight(truncateBytes(strings.ToLower(cleanPart(strings.TrimPrefix(ext, "."))), maxExtBytes), ". ")
	if ext != "" {
		ext = "." + ext
	}
	stem = strings.TrimRight(truncateBytes(stem, maxNameBytes-len(ext)), ". _")
	if stem == "" {
		stem = "chart"
	}
	base, _, _ := strings.Cut(stem, ".")
	if windowsReserved[strings.ToUpper(strings.TrimRight(base, " "))] {
		stem = "_" + stem
	}
	return stem + ext
}

// cleanPart makes one part of a file name safe: NFC (macOS stores
// decomposed names, others do not), no characters reserved on any system,
// no invisible format characters (such as a right-to-left override that
// could disguise the extension),
// no control characters, runs of spaces as one "_", no leading or trailing
// dots, spaces or underscores.
func cleanPart(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '_':
			space = true
			continue
		case r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || strings.ContainsRune(`<>:"/\|?*`, r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte('_')
		}
		space = false
		b.WriteRune(r)
	}
	return strings.Trim(b.String(), ". _")
}

// truncateBytes cuts s to at most n bytes without splitting a character.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n <= 0 {
		return ""
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
