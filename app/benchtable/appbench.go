package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"akimwatch/data"
)

// envBench is app.EnvBench (not imported: this command stays free of Fyne).
const envBench = "AKIMWATCH_BENCH"

// The real app's figures: akimwatch --db BIG.db under Xvfb, driven through
// its bench hook (app.EnvBench), against the bare Fyne window of
// app/benchtable/fyneprobe in the same run.
const (
	// windowRuns is how many times each window's start-up is timed.
	windowRuns = 5
	// idleWindow is how long resident memory and CPU are sampled with the
	// window open and nothing running.
	idleWindow = 30 * time.Second
	// chartWindow is how long memory is sampled after the chart is shown.
	chartWindow = 10 * time.Second
	// readyTimeout bounds the wait for a window or a chart.
	readyTimeout = 60 * time.Second
	// clockTicks is the unit of utime and stime in /proc/PID/stat (USER_HZ,
	// 100 on Linux).
	clockTicks = 100
)

// appFigures are the real app's and the bare window's figures.
type appFigures struct {
	note                   string // why they were not measured, if not
	display                string
	startApp, startBare    []time.Duration
	startSparks            []time.Duration // exec until the sparklines followed the rows
	cpuApp, cpuBare        []time.Duration // CPU time (all threads) used until ready
	rssIdle, rssIdleMax    int64           // kB: at the end of the idle window, and the most seen in it
	hwmIdle                int64           // kB: VmHWM at the end of the idle window
	rssChart, rssChartMax  int64
	hwmChart               int64
	chartShown             time.Duration // from the "open" command to the image on screen
	cpuIdle, cpuIdleBare   float64       // share of one core over the idle window
	rssBare, hwmBare       int64
	idleSeconds, chartSecs float64
	official               int64
}

// benchApp measures the real app and the bare window on an Xvfb it starts
// (on xvfbDisplay, or a free display when empty). Without Xvfb it leaves a
// note instead of failing the run.
func benchApp(ctx context.Context, res *results, dir, db, xvfbDisplay string) {
	step("real app: building akimwatch and the bare window")
	f := &res.app
	bin, probe := filepath.Join(dir, "akimwatch"), filepath.Join(dir, "fyneprobe")
	for _, b := range []struct{ out, pkg string }{{bin, "."}, {probe, "./app/benchtable/fyneprobe"}} {
		if out, err := exec.Command("go", "build", "-tags", "migrated_fynedo", "-o", b.out, b.pkg).CombinedOutput(); err != nil {
			f.note = fmt.Sprintf("not measured: building %s failed: %v %s", b.pkg, err, firstLine(string(out)))
			return
		}
	}
	display, stop, err := startDisplay(xvfbDisplay)
	if err != nil {
		f.note = "not measured: " + err.Error()
		return
	}
	defer stop()
	f.display = "Xvfb (software OpenGL)"
	home := filepath.Join(dir, "home") // the app's settings and logs stay out of the user's
	if err := os.MkdirAll(home, 0o755); err != nil {
		f.note = "not measured: " + err.Error()
		return
	}
	env := append(os.Environ(), "DISPLAY="+display, "HOME="+home, "LANG=en_US.UTF-8", envBench+"=1")
	if err := pickOfficial(ctx, f, db); err != nil {
		f.note = "not measured: " + err.Error()
		return
	}
	for i := range windowRuns {
		step("real app: start-up run %d of %d", i+1, windowRuns)
		b, _, bc, err := startOnce(env, false, probe)
		if err != nil {
			f.note = "not measured: bare window: " + err.Error()
			return
		}
		a, sp, ac, err := startOnce(env, true, bin, "--db", db)
		if err != nil {
			f.note = "not measured: akimwatch: " + err.Error()
			return
		}
		f.startBare, f.startApp, f.startSparks = append(f.startBare, b), append(f.startApp, a), append(f.startSparks, sp)
		f.cpuBare, f.cpuApp = append(f.cpuBare, bc), append(f.cpuApp, ac)
	}
	step("real app: memory and idle CPU over %s, then the chart", idleWindow)
	if err := sampleApp(env, f, bin, db); err != nil {
		f.note = "not measured: akimwatch: " + err.Error()
		return
	}
	step("bare window: memory and idle CPU over %s", idleWindow)
	if err := sampleBare(env, f, probe); err != nil {
		f.note = "not measured: bare window: " + err.Error()
	}
}

// pickOfficial chooses the official whose chart is opened: the middle one.
func pickOfficial(ctx context.Context, f *appFigures, db string) error {
	s, err := data.Open(ctx, db, data.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	offs, err := s.Officials(ctx)
	if err != nil {
		return err
	}
	if len(offs) == 0 {
		return errors.New("the database has no officials")
	}
	f.official = offs[len(offs)/2].ID
	return nil
}

// startDisplay starts Xvfb on display (":98"), or on a free display when
// display is empty, and returns the display's name.
func startDisplay(display string) (name string, stop func(), err error) {
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		return "", nil, errors.New("no Xvfb (apt-get install xvfb)")
	}
	args := []string{"-screen", "0", "1920x1080x24", "-nolisten", "tcp"}
	var r, w *os.File
	if display == "" {
		if r, w, err = os.Pipe(); err != nil {
			return "", nil, err
		}
		args = append([]string{"-displayfd", "3"}, args...)
	} else {
		args = append([]string{display}, args...)
	}
	cmd := exec.Command(xvfb, args...)
	if w != nil {
		cmd.ExtraFiles = []*os.File{w}
	}
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("start Xvfb: %w", err)
	}
	stop = func() {
		cmd.Process.Kill()
		cmd.Wait()
	}
	if w == nil {
		time.Sleep(time.Second) // Xvfb takes a moment to accept clients
		return display, stop, nil
	}
	w.Close()
	line, err := bufio.NewReader(r).ReadString('\n')
	r.Close()
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("no display number from Xvfb: %w", err)
	}
	return ":" + strings.TrimSpace(line), stop, nil
}

// proc is one started program with its bench lines.
type proc struct {
	cmd   *exec.Cmd
	start time.Time
	in    io.WriteCloser
	lines chan []string
}

func launch(env []string, name string, args ...string) (*proc, error) {
	cmd := exec.Command(name, args...)
	cmd.Env = env
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &proc{cmd: cmd, in: in, lines: make(chan []string, 16)}
	p.start = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) >= 2 && f[0] == "akimwatch-bench" {
				p.lines <- f[1:]
			}
		}
		close(p.lines)
	}()
	return p, nil
}

// await waits for the bench line what and returns its time stamp.
func (p *proc) await(what string) (time.Time, error) {
	timeout := time.After(readyTimeout)
	for {
		select {
		case f, ok := <-p.lines:
			if !ok {
				return time.Time{}, fmt.Errorf("exited before %q", what)
			}
			if f[0] == "error" {
				return time.Time{}, errors.New(strings.Join(f[1:], " "))
			}
			if f[0] != what {
				continue
			}
			if len(f) < 2 {
				return time.Now(), nil
			}
			ns, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				return time.Time{}, fmt.Errorf("bad %q line: %v", what, f)
			}
			return time.Unix(0, ns), nil
		case <-timeout:
			return time.Time{}, fmt.Errorf("no %q after %s", what, readyTimeout)
		}
	}
}

func (p *proc) send(cmd string) { fmt.Fprintln(p.in, cmd) }

// quit asks the program to quit and reaps it; Fyne may crash while quitting
// under Xvfb without a session bus (its tray), which does not matter here.
func (p *proc) quit() {
	p.send("quit")
	p.in.Close()
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}

// startOnce times one start from exec until the bench's "ready" line and,
// with sparks, until the "sparklines" line; cpu is the CPU time (all
// threads) the process had used when the bench read its "ready" line.
func startOnce(env []string, sparks bool, name string, args ...string) (ready, sparklines, cpu time.Duration, err error) {
	p, err := launch(env, name, args...)
	if err != nil {
		return 0, 0, 0, err
	}
	defer p.quit()
	at, err := p.await("ready")
	if err != nil {
		return 0, 0, 0, err
	}
	ticks, err := cpuTicks(p.cmd.Process.Pid)
	if err != nil {
		return 0, 0, 0, err
	}
	cpu = time.Duration(ticks) * time.Second / clockTicks
	if !sparks {
		return at.Sub(p.start), 0, cpu, nil
	}
	sp, err := p.await("sparklines")
	return at.Sub(p.start), sp.Sub(p.start), cpu, err
}

// memStatus reads VmRSS and VmHWM (kB) of pid.
func memStatus(pid int) (rss, hwm int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "VmRSS:":
			rss, _ = strconv.ParseInt(f[1], 10, 64)
		case "VmHWM:":
			hwm, _ = strconv.ParseInt(f[1], 10, 64)
		}
	}
	return rss, hwm, nil
}

// cpuTicks is utime + stime of pid, in clock ticks.
func cpuTicks(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(b)
	// The command name (field 2) may hold spaces: count fields after ")".
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64) // field 14
	st, _ := strconv.ParseInt(f[12], 10, 64) // field 15
	return ut + st, nil
}

// watch samples pid's memory every second for d; it returns the last and
// the largest VmRSS, the last VmHWM and the share of one core used.
func watch(pid int, d time.Duration) (last, most, hwm int64, cpu float64, err error) {
	c0, err := cpuTicks(pid)
	if err != nil {
		return
	}
	t0 := time.Now()
	for time.Since(t0) < d {
		time.Sleep(time.Second)
		var rss int64
		if rss, hwm, err = memStatus(pid); err != nil {
			return
		}
		last, most = rss, max(most, rss)
	}
	c1, err := cpuTicks(pid)
	if err != nil {
		return
	}
	cpu = float64(c1-c0) / clockTicks / time.Since(t0).Seconds()
	return
}

func sampleApp(env []string, f *appFigures, bin, db string) error {
	p, err := launch(env, bin, "--db", db)
	if err != nil {
		return err
	}
	defer p.quit()
	if _, err := p.await("ready"); err != nil {
		return err
	}
	pid := p.cmd.Process.Pid
	t0 := time.Now()
	if f.rssIdle, f.rssIdleMax, f.hwmIdle, f.cpuIdle, err = watch(pid, idleWindow); err != nil {
		return err
	}
	f.idleSeconds = time.Since(t0).Seconds()
	asked := time.Now()
	p.send(fmt.Sprintf("open %d", f.official))
	shown, err := p.await("chart")
	if err != nil {
		return err
	}
	f.chartShown = shown.Sub(asked)
	t0 = time.Now()
	if f.rssChart, f.rssChartMax, f.hwmChart, _, err = watch(pid, chartWindow); err != nil {
		return err
	}
	f.chartSecs = time.Since(t0).Seconds()
	return nil
}

func sampleBare(env []string, f *appFigures, probe string) error {
	p, err := launch(env, probe)
	if err != nil {
		return err
	}
	defer p.quit()
	if _, err := p.await("ready"); err != nil {
		return err
	}
	f.rssBare, _, f.hwmBare, f.cpuIdleBare, err = watch(p.cmd.Process.Pid, idleWindow)
	return err
}
