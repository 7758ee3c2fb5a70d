package transfer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"akimwatch/data"
)

// What Excel writes as "CSV" depends on its language and version: UTF-8
// with or without a byte-order mark ("CSV UTF-8"), UTF-16 ("Unicode
// text"), or the Windows code page of the system, Windows-1251 on a Russian
// or Kazakh Windows; commas, semicolons (where the comma is the decimal
// separator) or tabs; CRLF line ends, or CR alone on old Macs. A history
// file is decoded to UTF-8 with LF line ends before the CSV reader sees it.

// sniffSize is how much of the file decides its encoding and separator.
const sniffSize = 64 << 10

// Encoding names, as the messages show them.
const (
	encUTF8      = "UTF-8"
	encUTF8BOM   = "UTF-8 with a byte-order mark"
	encUTF16LE   = "UTF-16 little-endian"
	encUTF16BE   = "UTF-16 big-endian"
	encCP1251    = "Windows-1251 (Cyrillic)"
	saveAsUTF8   = "save it as \"CSV UTF-8\" (Excel: File → Save As → CSV UTF-8) and import it again"
	cp1251MinPct = 90 // % of the high bytes that must be Cyrillic letters in Windows-1251
)

// ErrEncoding means a file's text encoding is not one akimwatch reads.
var ErrEncoding = errors.New("unsupported text encoding")

// decoded is a history file turned into UTF-8 text with LF line ends.
type decoded struct {
	r        *bufio.Reader
	encoding string // what the file was, for messages
}

// decode detects r's encoding from its first bytes and returns a reader of
// its text as UTF-8 with LF line ends.
func decode(r io.Reader) (*decoded, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	var dec *encoding.Decoder
	name := encUTF8
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		name = encUTF8BOM
		if _, err := br.Discard(3); err != nil {
			return nil, err
		}
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		name, dec = encUTF16LE, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		name, dec = encUTF16BE, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
	case len(head) >= 2 && zeroShare(head, 1) > 0.3:
		name, dec = encUTF16LE+" without a byte-order mark", unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder()
	case len(head) >= 2 && zeroShare(head, 0) > 0.3:
		name, dec = encUTF16BE+" without a byte-order mark", unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder()
	case validUTF8Prefix(head, len(head) == sniffSize):
	case looksCP1251(head):
		name, dec = encCP1251, charmap.Windows1251.NewDecoder()
	default:
		return nil, problem("encoding_unknown", fmt.Errorf("the file is not UTF-8, UTF-16 or Windows-1251 text (an unknown 8-bit encoding, or not a text file); %s: %w", saveAsUTF8, ErrEncoding),
			map[string]any{})
	}
	var text io.Reader = br
	if dec != nil {
		text = transform.NewReader(br, dec)
	}
	return &decoded{r: bufio.NewReaderSize(&lineEnds{r: text}, sniffSize), encoding: name}, nil
}

// zeroShare is the share of the bytes at offsets odd (1) or even (0) that
// are zero: ASCII text in UTF-16 has a zero in every other byte.
func zeroShare(b []byte, odd int) float64 {
	n, z := 0, 0
	for i := odd; i < len(b); i += 2 {
		n++
		if b[i] == 0 {
			z++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(z) / float64(n)
}

// validUTF8Prefix reports whether b is UTF-8; when b was cut (more of the
// file follows), a rune cut at its end is allowed.
func validUTF8Prefix(b []byte, cut bool) bool {
	if utf8.Valid(b) {
		return true
	}
	if !cut {
		return false
	}
	for i := 1; i < utf8.UTFMax && i <= len(b); i++ {
		if utf8.Valid(b[:len(b)-i]) {
			return true
		}
	}
	return false
}

// looksCP1251 reports whether b's bytes above 0x7F are, nearly all,
// Cyrillic letters in Windows-1251 (А–я at 0xC0–0xFF, Ё and ё, the
// Kazakh-used І і and Ukrainian Є є Ї ї).
func looksCP1251(b []byte) bool {
	high, letters := 0, 0
	for _, c := range b {
		if c < 0x80 {
			continue
		}
		high++
		switch {
		case c >= 0xC0, c == 0xA8, c == 0xB8, c == 0xB2, c == 0xB3, c == 0xAA, c == 0xBA, c == 0xAF, c == 0xBF:
			letters++
		}
	}
	return high > 0 && letters*100 >= high*cp1251MinPct
}

// lineEnds turns CRLF and a lone CR into LF, so files from old Mac Excel
// (CR only) read line by line like any other. Text without a CR passes
// through untouched.
type lineEnds struct {
	r      io.Reader
	skipLF bool // the last byte given out was a CR turned into LF
}

func (l *lineEnds) Read(p []byte) (int, error) {
	for {
		n, err := l.r.Read(p)
		if !l.skipLF && bytes.IndexByte(p[:n], '\r') < 0 {
			return n, err
		}
		w := 0
		for _, c := range p[:n] {
			if l.skipLF {
				l.skipLF = false
				if c == '\n' {
					continue
				}
			}
			if c == '\r' {
				c, l.skipLF = '\n', true
			}
			p[w] = c
			w++
		}
		if w > 0 || err != nil {
			return w, err
		}
	}
}

// separators a history file may use, in the order they are tried.
var separators = []rune{',', ';', '\t'}

// sepName names a separator in messages.
func sepName(r rune) string {
	switch r {
	case ',':
		return "commas"
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	}
	return fmt.Sprintf("%q", r)
}

// headerLine returns the file's first line (without its LF), from the
// decoded text, without consuming it.
func (d *decoded) headerLine() string {
	b, _ := d.r.Peek(sniffSize)
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// clip cuts s to about max bytes for an error message, keeping its start
// and its end (where the reason often is) and saying how much was cut: a
// 10 MB field is never echoed whole.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	head, tail := max*2/3, len(s)-max/3
	for head > 0 && !utf8.RuneStart(s[head]) {
		head--
	}
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return fmt.Sprintf("%s…(%d bytes cut)…%s", s[:head], tail-head, s[tail:])
}

// clippedError is an error whose every line is cut to maxErrorText bytes:
// what an import reports never echoes a huge field whole, however the
// error was made. Unwrap gives the original.
type clippedError struct {
	msg string
	err error
}

func (c *clippedError) Error() string { return c.msg }
func (c *clippedError) Unwrap() error { return c.err }

// clipLines cuts each line of err's message to maxErrorText bytes.
func clipLines(err error) error {
	if err == nil {
		return nil
	}
	lines := strings.Split(err.Error(), "\n")
	for i, l := range lines {
		lines[i] = clip(l, maxErrorText)
	}
	return &clippedError{msg: strings.Join(lines, "\n"), err: err}
}

// errInvalidText is the error for a field that is not valid UTF-8 after decoding.
func errInvalidText(encoding, column string) error {
	return problem("encoding", fmt.Errorf("%s is not valid %s text (the file mixes encodings?); %s: %w", column, encoding, saveAsUTF8, data.ErrInvalid),
		map[string]any{"Column": column, "Encoding": encoding})
}
