// Package locale must be imported (blank) by main before Fyne. The POSIX "C"
// locale, common on servers and CI, makes Fyne print parse errors on every
// start, even for headless CLI commands. Its init maps "C"/"POSIX" to US
// English, which is what that locale means for messages. Package init order
// (by import path, dependencies first) runs this before fyne.io/... .
package locale

import (
	"os"
	"strings"
)

// cLocale reports whether v is the POSIX locale ("C", "C.UTF-8", "POSIX").
func cLocale(v string) bool {
	base, _, _ := strings.Cut(v, ".")
	return base == "C" || base == "POSIX"
}

// POSIX reports whether the process started with the POSIX locale, which
// names no language: the UI then uses its default language.
var POSIX bool

// Fix replaces a POSIX locale in LC_ALL, LC_MESSAGES and LANG with en_US.UTF-8.
func Fix() {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(k); v != "" && cLocale(v) {
			_ = os.Setenv(k, "en_US.UTF-8")
			POSIX = true
		}
	}
}

func init() { Fix() }
