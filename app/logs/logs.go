// Package logs sets up akimwatch's logging: logrus to a rotating file in the
// data folder, and to stderr as well when asked.
package logs

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/sirupsen/logrus"
	"gopkg.in/natefinch/lumberjack.v2"
)

// Rotation limits: a few weeks of daily use fit, and the folder stays small.
const (
	maxSizeMB  = 10
	maxBackups = 5
	maxAgeDays = 90
)

// Options say where logs go.
type Options struct {
	File    string    // rotating log file; "" for none
	Verbose bool      // also write debug-level logs to Stderr
	Stderr  io.Writer // where verbose logs go (os.Stderr when nil)
}

// Setup configures the standard logrus logger and returns a function that
// closes the log file. If the file cannot be created, logging goes on to
// stderr only and the returned error says why.
func Setup(o Options) (closeFn func() error, err error) {
	log := logrus.StandardLogger()
	log.SetFormatter(&logrus.TextFormatter{FullTimestamp: true, DisableColors: true})
	log.SetLevel(logrus.InfoLevel)
	if o.Stderr == nil {
		o.Stderr = os.Stderr
	}
	var outs []io.Writer
	closeFn = func() error { return nil }
	if o.File != "" {
		if mkErr := os.MkdirAll(filepath.Dir(o.File), 0o750); mkErr != nil {
			err = fmt.Errorf("create log folder %s: %w", filepath.Dir(o.File), mkErr)
		} else {
			lj := &lumberjack.Logger{Filename: o.File, MaxSize: maxSizeMB, MaxBackups: maxBackups, MaxAge: maxAgeDays}
			outs = append(outs, lj)
			closeFn = lj.Close
		}
	}
	if o.Verbose {
		log.SetLevel(logrus.DebugLevel)
		outs = append(outs, o.Stderr)
	}
	if len(outs) == 0 {
		outs = append(outs, io.Discard)
	}
	log.SetOutput(io.MultiWriter(outs...))
	return closeFn, err
}
