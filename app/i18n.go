package app

import (
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"akimwatch/app/locale"
	"akimwatch/assets"
)

// Languages the UI is translated into, in the order the settings list them.
var Languages = []string{"ru", "kk", "en"}

// LangEnv names the environment variable that picks the UI language when
// none is saved; the demo window gets the language of the window that
// opened it this way (it keeps its own preferences).
const LangEnv = "AKIMWATCH_LANG"

// current is the language chosen by SetupLanguage.
var current = "ru"

// Language returns the UI language in use: "ru", "kk" or "en".
func Language() string { return current }

// EffectiveLanguage returns the language to use for a saved choice: the
// choice itself, or the system's language when it is ru, kk or en, else
// Russian, the language most of akimwatch's users read.
func EffectiveLanguage(choice string) string {
	if choice == "" {
		choice = os.Getenv(LangEnv)
	}
	for _, l := range Languages {
		if choice == l {
			return l
		}
	}
	if locale.POSIX { // no language named: the default
		return "ru"
	}
	sys := strings.ToLower(string(lang.SystemLocale().LanguageString()))
	for _, l := range Languages {
		if strings.HasPrefix(sys, l) {
			return l
		}
	}
	return "ru"
}

// SetupLanguage loads the translation for choice ("" follows the system).
// Fyne picks a translation by the system locale, so the chosen language's
// file is registered under every locale akimwatch ships: whatever Fyne
// matches, the user sees the language they chose. Call it before building
// windows; a change shows fully after a restart.
func SetupLanguage(choice string) error {
	l := EffectiveLanguage(choice)
	b, err := assets.Translations().ReadFile("translations/" + l + ".json")
	if err != nil {
		return fmt.Errorf("load %s translation: %w", l, err)
	}
	for _, tag := range Languages {
		if err := lang.AddTranslationsForLocale(b, fyne.Locale(tag)); err != nil {
			return fmt.Errorf("load %s translation: %w", l, err)
		}
	}
	current = l
	return nil
}
