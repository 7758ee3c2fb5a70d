package app

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"akimwatch/data"
)

// EnvBench switches on the benchmark hook that "make bench"
// (app/benchtable) drives the real app with. It is read only when set to
// "1" and is never set on the user's path: the app then behaves exactly as
// without it, and also
//   - prints "akimwatch-bench ready UNIXNANO" on stdout once the window is
//     shown and the watchlist's rows filled, then "akimwatch-bench
//     sparklines UNIXNANO" when their sparklines, read meanwhile, are shown;
//   - reads commands from stdin, one a line:
//     "open ID" selects official ID and shows their chart over all years,
//     then prints "akimwatch-bench chart UNIXNANO" when the image is on
//     screen; "heap FILE" writes a heap profile (after a GC) to FILE and
//     prints "akimwatch-bench heap"; "cpu FILE SECONDS" writes a CPU
//     profile of the next SECONDS to FILE and prints "akimwatch-bench cpu";
//     "quit" quits the app.
const EnvBench = "AKIMWATCH_BENCH"

// EnvBenchStartProfile, with EnvBench, names a file for a CPU profile of
// the start-up: from the main window's creation until "ready".
const EnvBenchStartProfile = "AKIMWATCH_BENCH_START_PROFILE"

// benchPrefix starts every line the hook prints.
const benchPrefix = "akimwatch-bench"

// benchHook is the state of the benchmark hook; nil when EnvBench is unset.
type benchHook struct {
	m   *MainWindow
	out io.Writer

	mu            sync.Mutex
	shown, filled bool
	ready         bool
	chartWanted   bool
	startProfile  *os.File
}

// newBenchHook returns the hook when EnvBench is "1", else nil.
func newBenchHook(m *MainWindow) *benchHook {
	if os.Getenv(EnvBench) != "1" {
		return nil
	}
	h := &benchHook{m: m, out: os.Stdout}
	if path := os.Getenv(EnvBenchStartProfile); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			h.startProfile = f
		}
	}
	return h
}

func (h *benchHook) say(what string, rest ...string) {
	fmt.Fprintln(h.out, strings.Join(append([]string{benchPrefix, what}, rest...), " "))
}

// windowShown and watchlistFilled report the two halves of "ready".
func (h *benchHook) windowShown() { h.mark(func() { h.shown = true }) }

func (h *benchHook) watchlistFilled() { h.mark(func() { h.filled = true }) }

func (h *benchHook) mark(set func()) {
	if h == nil {
		return
	}
	h.mu.Lock()
	set()
	now := h.shown && h.filled && !h.ready
	if now {
		h.ready = true
	}
	h.mu.Unlock()
	if now {
		h.say("ready", strconv.FormatInt(time.Now().UnixNano(), 10))
		if h.startProfile != nil {
			pprof.StopCPUProfile()
			h.startProfile.Close()
		}
		go h.commands(os.Stdin)
	}
}

// sparklinesShown prints when the watchlist's sparklines, read after its
// rows at start-up, are shown.
func (h *benchHook) sparklinesShown() {
	if h == nil {
		return
	}
	h.say("sparklines", strconv.FormatInt(time.Now().UnixNano(), 10))
}

// chartShown is called on the UI goroutine when the official view's chart
// image changes.
func (h *benchHook) chartShown() {
	if h == nil {
		return
	}
	h.mu.Lock()
	wanted := h.chartWanted
	h.chartWanted = false
	h.mu.Unlock()
	if wanted {
		h.say("chart", strconv.FormatInt(time.Now().UnixNano(), 10))
	}
}

// commands reads the bench's commands until stdin closes.
func (h *benchHook) commands(r io.Reader) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		cmd, arg, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		switch cmd {
		case "open":
			id, err := strconv.ParseInt(arg, 10, 64)
			if err != nil {
				h.say("error", "open: bad official id", strconv.Quote(arg))
				continue
			}
			fyne.Do(func() { h.open(id) })
		case "heap":
			runtime.GC()
			if err := writeHeap(arg); err != nil {
				h.say("error", "heap:", err.Error())
				continue
			}
			h.say("heap")
		case "cpu":
			file, secs, _ := strings.Cut(arg, " ")
			n, err := strconv.Atoi(secs)
			if err == nil {
				err = writeCPU(file, time.Duration(n)*time.Second)
			}
			if err != nil {
				h.say("error", "cpu:", err.Error())
				continue
			}
			h.say("cpu")
		case "quit":
			fyne.Do(h.m.app.Quit)
			return
		default:
			h.say("error", "unknown command", strconv.Quote(cmd))
		}
	}
}

// open shows official id with the chart over all years, as a click on the
// watchlist row and on the "all" range would.
func (h *benchHook) open(id int64) {
	var row data.OfficialSummary
	for _, r := range h.m.watch.all {
		if r.Official.ID == id {
			row = r
		}
	}
	if row.Official.ID == 0 {
		h.say("error", "open: no official", strconv.FormatInt(id, 10))
		return
	}
	h.mu.Lock()
	h.chartWanted = true
	h.mu.Unlock()
	h.m.official.rangeSel.SetSelected(lang.L("range.all"))
	h.m.onOfficialPicked(row)
}

func writeHeap(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func writeCPU(path string, d time.Duration) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return err
	}
	time.Sleep(d)
	pprof.StopCPUProfile()
	return f.Close()
}
