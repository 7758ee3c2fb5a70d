package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEveryKeyInEveryLanguage fails when a translation file lacks a key
// another one has, or has an empty value.
func TestEveryKeyInEveryLanguage(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatal(err)
	}
	all := map[string]bool{}
	for _, l := range Languages {
		for _, k := range Keys(l) {
			all[k] = true
		}
	}
	if len(all) == 0 {
		t.Fatal("no keys loaded")
	}
	for _, l := range Languages {
		for k := range all {
			if !Has(l, k) {
				t.Errorf("%s.json has no %q", l, k)
			} else if strings.TrimSpace(T(l, k)) == "" {
				t.Errorf("%s.json: %q is empty", l, k)
			}
		}
	}
}

// keyFuncs are the calls whose string-literal argument is a translation
// key, with the argument's position.
var keyFuncs = map[string]int{"lang.L": 0, "lang.X": 0, "i18n.T": 1, "T": 1, "tr": 0, "trf": 0}

// dynamicPrefixes are keys built at run time from a closed set of values
// (positions, levels, alert kinds…); each value's key is checked below.
var dynamicKeys = []string{
	"position.akim", "position.deputy_akim", "position.former_akim", "position.former_deputy_akim", "position.acting_akim",
	"level.region", "level.city", "level.district", "level.rural",
	"alert.kind.jump", "alert.kind.drop", "alert.kind.platform", "alert.kind.stall",
	"chart.marker.jump", "chart.marker.drop", "chart.marker.platform", "chart.marker.stall", "chart.marker.join",
	// transfer.Problem keys: "import.err." + the name given to problem()
	"import.err.count", "import.err.encoding", "import.err.flags", "import.err.header_missing", "import.err.header_twice",
	"import.err.header_unknown", "import.err.implausible", "import.err.official_empty", "import.err.platform",
	"import.err.row_missing", "import.err.source", "import.err.syntax", "import.err.time",
	"import.err.file_type", "import.err.empty", "import.err.encoding_unknown", "import.err.not_xlsx", "import.err.no_sheet",
}

// TestCodeKeysExist fails when the code asks for a key (a string literal
// passed to lang.L, lang.X or i18n.T) that any language's file lacks.
func TestCodeKeysExist(t *testing.T) {
	root := filepath.Join("..", "..") // the module root, from assets/i18n
	used := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			name := ""
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				if x, ok := fn.X.(*ast.Ident); ok {
					name = x.Name + "." + fn.Sel.Name
				}
			case *ast.Ident:
				name = fn.Name
			}
			pos, ok := keyFuncs[name]
			if !ok || len(call.Args) <= pos {
				return true
			}
			if lit, ok := call.Args[pos].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if k, err := strconv.Unquote(lit.Value); err == nil {
					used[k] = path
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys in the code; is the scan broken?", len(used))
	}
	for _, k := range dynamicKeys {
		used[k] = "(dynamic)"
	}
	for k, where := range used {
		for _, l := range Languages {
			if !Has(l, k) {
				t.Errorf("%s uses %q, missing in %s.json", where, k, l)
			}
		}
	}
}

func TestT(t *testing.T) {
	tests := []struct {
		lang, key string
		args      map[string]any
		want      string
	}{
		{"ru", "chart.range.90d", nil, "за 90 дней"},
		{"kk-KZ", "chart.marker.jump", nil, "секіріс"},
		{"de", "chart.range.90d", nil, "last 90 days"},
		{"en", "chart.generated", map[string]any{"Date": "2026-11-30"}, "generated 2026-11-30 by akimwatch"},
		{"ru", "no.such.key", nil, "no.such.key"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.key, func(t *testing.T) {
			var got string
			if tt.args != nil {
				got = T(tt.lang, tt.key, tt.args)
			} else {
				got = T(tt.lang, tt.key)
			}
			if got != tt.want {
				t.Errorf("T(%s, %s) = %q, want %q", tt.lang, tt.key, got, tt.want)
			}
		})
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"ru", Number(12345, "ru"), "12" + NBSP + "345"},
		{"kk", Int(1234567, "kk"), "1" + NBSP + "234" + NBSP + "567"},
		{"en", Number(1234567.4, "en"), "1,234,567"},
		{"negative", Number(-1500, "ru"), Minus + "1" + NBSP + "500"},
		{"rounds to zero", Change(-0.2, "en"), "0"},
		{"nan", Number(math.NaN(), "en"), "–"},
		{"change", Change(19705, "ru"), "+19" + NBSP + "705"},
		{"pct ru", Percent(1.23, 1, "ru"), "+1,2" + NBSP + "%"},
		{"pct kk", Percent(-12.5, 1, "kk"), Minus + "12,5" + NBSP + "%"},
		{"pct en", Percent(1.2, 1, "en"), "+1.2%"},
		{"date ru", Date(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), "ru"), "30.11.2026"},
		{"date en", DateTime(time.Date(2026, 11, 30, 9, 5, 0, 0, time.UTC), "en"), "2026-11-30 09:05"},
		{"month ru in date", Month(time.May, "ru", true), "мая"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
