package i18n

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"text/template"

	"akimwatch/assets"
)

// Languages akimwatch is translated into, in the order the settings list them.
var Languages = []string{"ru", "kk", "en"}

// fallback is the language used for a key missing from the asked one.
const fallback = "en"

var (
	loadOnce sync.Once
	dicts    map[string]map[string]string
	loadErr  error
)

// load reads the embedded translation files once.
func load() {
	dicts = map[string]map[string]string{}
	for _, l := range Languages {
		b, err := assets.Translations().ReadFile("translations/" + l + ".json")
		if err != nil {
			loadErr = fmt.Errorf("read %s translation: %w", l, err)
			return
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			loadErr = fmt.Errorf("parse %s translation: %w", l, err)
			return
		}
		dicts[l] = m
	}
}

// Norm maps a language code to one akimwatch has ("en" otherwise).
func Norm(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(l, "-_"); i > 0 {
		l = l[:i]
	}
	for _, k := range Languages {
		if l == k {
			return l
		}
	}
	return fallback
}

// Err reports whether the translation files could not be read; T then
// returns keys.
func Err() error {
	loadOnce.Do(load)
	return loadErr
}

// Has reports whether lang's file has key.
func Has(lang, key string) bool {
	loadOnce.Do(load)
	_, ok := dicts[lang][key]
	return ok
}

// Keys returns lang's keys, sorted.
func Keys(lang string) []string {
	loadOnce.Do(load)
	keys := make([]string, 0, len(dicts[lang]))
	for k := range dicts[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// T returns the text for key in lang, with {{.Name}} placeholders filled
// from args (the same syntax as Fyne's lang.L). A key missing in lang falls
// back to English, then to the key itself, so a gap shows rather than
// hides.
func T(lang, key string, args ...map[string]any) string {
	loadOnce.Do(load)
	s, ok := dicts[Norm(lang)][key]
	if !ok {
		if s, ok = dicts[fallback][key]; !ok {
			return key
		}
	}
	if len(args) == 0 || !strings.Contains(s, "{{") {
		return s
	}
	t, err := template.New(key).Option("missingkey=zero").Parse(s)
	if err != nil {
		return s
	}
	var b bytes.Buffer
	if err := t.Execute(&b, args[0]); err != nil {
		return s
	}
	return b.String()
}

// Translator returns T bound to lang, for code that takes a translate func.
func Translator(lang string) func(key string, args ...map[string]any) string {
	return func(key string, args ...map[string]any) string { return T(lang, key, args...) }
}
