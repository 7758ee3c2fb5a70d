package transfer

import (
	"fmt"
	"strings"
)

// Problem is what is wrong with one line of an input file (or its header)
// in a form the app says in the UI language: Key is its translation key
// ("import.err.…") and Args the values the translation names. Its Error is
// the English text the CLI prints, unchanged.
type Problem struct {
	Key  string
	Args map[string]any
	Err  error
}

func (p *Problem) Error() string { return p.Err.Error() }
func (p *Problem) Unwrap() error { return p.Err }

// maxArgText caps a value quoted in a translated message.
const maxArgText = 60

// unquoted are the Args that are words of the message, not values from
// the file.
var unquoted = map[string]bool{"Column": true, "Columns": true, "Encoding": true}

// problem wraps err as the Problem with key "import.err."+key; string
// values from the file in args are clipped and quoted.
func problem(key string, err error, args map[string]any) error {
	for k, v := range args {
		if s, ok := v.(string); ok && !unquoted[k] {
			args[k] = fmt.Sprintf("%q", clip(s, maxArgText))
		}
	}
	return &Problem{Key: "import.err." + key, Args: args, Err: err}
}

// LinesError is every bad line an input file has: Lines holds the first
// few (maxReportedErrors) of Count.
type LinesError struct {
	Count int
	Lines []*LineError
}

func (e *LinesError) Error() string {
	parts := make([]string, len(e.Lines))
	for i, l := range e.Lines {
		parts[i] = l.Error()
	}
	s := fmt.Sprintf("%d bad line(s):\n%s", e.Count, strings.Join(parts, "\n"))
	if more := e.Count - len(e.Lines); more > 0 {
		s += fmt.Sprintf("\n… and %d more bad lines", more)
	}
	return s
}

// Unwrap returns the lines' errors, for errors.Is and errors.As.
func (e *LinesError) Unwrap() []error {
	out := make([]error, len(e.Lines))
	for i, l := range e.Lines {
		out[i] = l
	}
	return out
}
