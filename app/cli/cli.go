// Package cli is akimwatch's command line: the same binary, headless, for
// scripts and scheduled tasks. With no subcommand it opens the desktop app
// through an injected function, so this package never imports Fyne.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"akimwatch/app/logs"
	"akimwatch/app/paths"
	"akimwatch/assets"
	"akimwatch/data"
	"akimwatch/data/dbopen"
)

// Exit codes, a contract for scripts.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// Env is everything the CLI takes from the outside world, so tests can
// supply their own.
type Env struct {
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	Getenv func(string) string
	Now    func() time.Time
	// RunGUI opens the desktop app on the store; nil means no GUI is built in.
	RunGUI func(ctx context.Context, s data.Store) error
	// ShowStartupError shows, in a window, why the desktop app cannot open
	// its database (another akimwatch has it, or it is damaged) and returns
	// when the user has read it; nil means the reason goes to Stderr only.
	ShowStartupError func(err error)
	// LogFile is the rotating log file; "" disables file logging (tests).
	LogFile string
	// Keyring reads an API token from the OS keyring; nil means the real
	// keyring. Tests pass one that finds nothing, so tokens come from Getenv.
	Keyring func(service, user string) (string, error)
}

// usageError is a mistake in how the command was called (exit code 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// globals are the flags every command accepts.
type globals struct {
	db      string
	verbose bool
}

// command is one subcommand: its flags and what it does.
type command struct {
	name    string // "officials list"
	summary string
	args    string // positional arguments, for the usage line
	flags   func(fs *flag.FlagSet) func(ctx context.Context, r *runner, args []string) error
	// hidden commands (developer tools) are left out of the command list.
	hidden bool
}

// runner carries the environment and the opened store into a command.
type runner struct {
	env   Env
	g     globals
	role  string // "akimwatch officials list", for the lock note
	store data.Store
}

func (r *runner) out(format string, a ...any) { fmt.Fprintf(r.env.Stdout, format, a...) }

// Store opens the database on first use, seeding a new one from assets/.
func (r *runner) Store(ctx context.Context) (data.Store, error) {
	if r.store != nil {
		return r.store, nil
	}
	s, err := openStore(ctx, r.g.db, r.role, r.env.Keyring)
	if err != nil {
		return nil, err
	}
	r.store = s
	r.warnDemo(ctx)
	return s, nil
}

// warnDemo says on stderr when the database holds generated demo data, so
// its numbers are never taken for real ones.
func (r *runner) warnDemo(ctx context.Context) {
	if demo, err := r.store.IsDemo(ctx); err == nil && demo {
		fmt.Fprintf(r.env.Stderr, "akimwatch: note: %s holds DEMO data: synthetic officials and numbers, not real ones\n", r.store.Path())
	}
}

// ReadStore opens the database for a command that only reads. When another
// akimwatch (such as the desktop app) holds it for writing, it opens it
// read-only instead, so scripts can read while the app runs.
func (r *runner) ReadStore(ctx context.Context) (data.Store, error) {
	s, err := r.Store(ctx)
	switch {
	case errors.Is(err, data.ErrLocked):
		logrus.WithField("db", r.g.db).Info("database in use by another akimwatch; reading it read-only")
	case !dbopen.IsServer(r.g.db) && cannotWrite(r.g.db, err):
		logrus.WithError(err).WithField("db", r.g.db).Info("database folder not writable; reading it read-only")
		fmt.Fprintf(r.env.Stderr, "akimwatch: note: the folder of %s cannot be written to (no lock file can be made there); reading the database read-only, without the lock\n", r.g.db)
	default:
		return s, err
	}
	fs, err := data.Open(ctx, r.g.db, data.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	if v := fs.StaleSchema(); v > 0 {
		logrus.WithFields(logrus.Fields{"db": fs.Path(), "schema": v, "current": data.SchemaVersion()}).Info("older schema read from an upgraded temporary copy")
		fmt.Fprintf(r.env.Stderr, "akimwatch: note: %s has the schema of an older akimwatch (version %d, this one writes %d) and cannot be upgraded while it is open elsewhere or read-only; "+
			"reading an upgraded temporary copy, the file is not changed (it is upgraded the next time it is opened for writing)\n", fs.Path(), v, data.SchemaVersion())
	}
	s = fs
	r.store = s
	r.warnDemo(ctx)
	return s, nil
}

// OpenStore opens (or creates and seeds) the database at path (an SQLite
// file, or a postgres:// URL of a team database) for writing; role names
// this process to another instance that finds it locked or refreshing.
func OpenStore(ctx context.Context, path, role string) (data.Store, error) {
	return openStore(ctx, path, role, nil)
}

// openStore is OpenStore with the keyring the team database's password is
// read from (nil: the OS keyring).
func openStore(ctx context.Context, path, role string, kr func(service, user string) (string, error)) (data.Store, error) {
	s, err := dbopen.Open(ctx, path, dbopen.Options{Role: role, Keyring: kr, Seed: func(ctx context.Context, s data.Store) error {
		sd, err := data.ParseSeed(bytes.NewReader(assets.SeedWatchlist()))
		if err != nil {
			return err
		}
		logrus.WithFields(logrus.Fields{"db": s.Path(), "seed": sd.Name, "officials": len(sd.Officials)}).Info("new database seeded")
		return s.ApplySeed(ctx, sd)
	}})
	if err != nil {
		return nil, err // never a typed nil inside the interface
	}
	return s, nil
}

// Run executes the command line args (without the program name) and
// returns the process exit code. Errors are one line on Stderr.
func Run(ctx context.Context, args []string, env Env) int {
	fillEnv(&env)
	r := &runner{env: env}
	defer func() {
		if r.store != nil {
			r.store.Close()
		}
	}()
	err := r.dispatch(ctx, args)
	var ue *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "akimwatch: %s\n", oneLine(err.Error()))
		return ExitUsage
	default:
		if !dbopen.IsServer(r.g.db) { // a file's disk or folder: a server's errors say their own
			err = explainDisk(r.g.db, err)
		}
		logrus.WithError(err).Error("command failed")
		fmt.Fprintf(env.Stderr, "akimwatch: %s\n", oneLine(err.Error()))
		return ExitFailure
	}
}

// oneLine trims the trailing newline. An error's first line is always the
// one-line reason; details (such as every bad line of a CSV) follow it.
func oneLine(s string) string { return strings.TrimRight(s, "\n") }

func fillEnv(env *Env) {
	if env.Stdout == nil {
		env.Stdout = os.Stdout
	}
	if env.Stderr == nil {
		env.Stderr = os.Stderr
	}
	if env.Stdin == nil {
		env.Stdin = os.Stdin
	}
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Now == nil {
		env.Now = time.Now
	}
}

func (r *runner) addGlobals(fs *flag.FlagSet) {
	fs.StringVar(&r.g.db, "db", r.g.db, "database file, or a team database's postgres://user@host/db URL (default: $"+paths.EnvDB+" or akimwatch.db in the data folder)")
	fs.BoolVar(&r.g.verbose, "verbose", r.g.verbose, "also write the log to stderr")
}

func (r *runner) dispatch(ctx context.Context, args []string) error {
	r.g.db = paths.DefaultDB(r.env.Getenv)
	root := flag.NewFlagSet("akimwatch", flag.ContinueOnError)
	root.SetOutput(io.Discard)
	r.addGlobals(root)
	root.Usage = func() {} // printed once below, on -h/--help

	if err := root.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			root.SetOutput(r.env.Stdout)
			r.rootUsage(root)
			return err
		}
		return usagef("%v (see akimwatch --help)", err)
	}
	rest := root.Args()
	closeLog := r.startLogging()
	defer closeLog()
	if len(rest) == 0 {
		r.role = "the akimwatch desktop app"
		if r.env.RunGUI == nil {
			return usagef("no command given and this build has no desktop app (see akimwatch --help)")
		}
		s, err := r.Store(ctx)
		if err != nil {
			if r.env.ShowStartupError != nil {
				r.env.ShowStartupError(err)
			}
			return err
		}
		return r.env.RunGUI(ctx, s)
	}
	if rest[0] == "help" {
		root.SetOutput(r.env.Stdout)
		r.rootUsage(root)
		return nil
	}
	cmd, n := findCommand(rest)
	if cmd == nil && (len(rest) == 1 || isHelp(rest[1])) {
		if subs := subcommands(rest[0]); len(subs) > 0 {
			// A group alone ("akimwatch accounts") lists what it can do.
			fmt.Fprintf(r.env.Stdout, "akimwatch %s: one of\n%s\n\nRun \"akimwatch %s SUBCOMMAND --help\" for its flags.\n", rest[0], strings.Join(subs, "\n"), rest[0])
			return flag.ErrHelp
		}
	}
	if cmd == nil {
		return usagef("unknown command %q (see akimwatch --help)", strings.Join(rest[:min(2, len(rest))], " "))
	}
	r.role = "akimwatch " + cmd.name
	fs := flag.NewFlagSet("akimwatch "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	r.addGlobals(fs)
	run := cmd.flags(fs)
	pos, err := parseInterspersed(fs, rest[n:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(r.env.Stdout)
			commandUsage(r.env.Stdout, cmd, fs)
			return err
		}
		return usagef("%s: %v (see akimwatch %s --help)", cmd.name, err, cmd.name)
	}
	if err := run(ctx, r, pos); err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			return usagef("%s: %s (see akimwatch %s --help)", cmd.name, ue.msg, cmd.name)
		}
		return err
	}
	return nil
}

// parseInterspersed parses flags that come before, between or after the
// positional arguments ("accounts edit 5 --handle h"), and returns the
// positional ones in order. Everything after "--" is positional.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// startLogging sets up logrus; a log file that cannot be opened is reported
// once on stderr but does not stop the command.
func (r *runner) startLogging() func() {
	closeFn, err := logs.Setup(logs.Options{File: r.env.LogFile, Verbose: r.g.verbose, Stderr: r.env.Stderr})
	if err != nil {
		fmt.Fprintf(r.env.Stderr, "akimwatch: warning: %v; logging to stderr only with --verbose\n", err)
	}
	return func() { _ = closeFn() }
}

func isHelp(a string) bool { return a == "-h" || a == "-help" || a == "--help" || a == "help" }

// subcommands lists the commands of a group such as "accounts", one line
// each with its summary; none when group is not a group.
func subcommands(group string) []string {
	var out []string
	for _, c := range commands {
		if rest, ok := strings.CutPrefix(c.name, group+" "); ok && !c.hidden && rest != "" {
			out = append(out, fmt.Sprintf("  %-20s %s", c.name, c.summary))
		}
	}
	sort.Strings(out)
	return out
}

func findCommand(args []string) (*command, int) {
	if len(args) >= 2 {
		for i := range commands {
			if commands[i].name == args[0]+" "+args[1] {
				return &commands[i], 2
			}
		}
	}
	for i := range commands {
		if commands[i].name == args[0] {
			return &commands[i], 1
		}
	}
	return nil, 0
}

func (r *runner) rootUsage(fs *flag.FlagSet) {
	w := r.env.Stdout
	fmt.Fprintln(w, "akimwatch: watch how Kazakhstan's akims use social networks.")
	fmt.Fprintln(w, "\nUsage:\n  akimwatch [--db PATH] [--verbose]           open the desktop app\n  akimwatch COMMAND [flags]                    run one job headless")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(commands))
	for _, c := range commands {
		if !c.hidden {
			names = append(names, c.name)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		c, _ := findCommand(strings.Fields(n))
		fmt.Fprintf(w, "  %-20s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nGlobal flags (also accepted after the command):")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprintln(w, "\nRun \"akimwatch COMMAND --help\" for a command's flags. Exit codes: 0 ok, 1 failure, 2 usage error.")
}

func commandUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "akimwatch %s: %s\n\nUsage:\n  akimwatch %s [flags] %s\n\nFlags:\n", c.name, c.summary, c.name, c.args)
	fs.PrintDefaults()
}
