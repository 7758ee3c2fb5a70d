// Package paths says where akimwatch keeps its files on each OS: the
// database, the logs and the backups.
package paths

import (
	"os"
	"path/filepath"
	"runtime"

	"github.com/adrg/xdg"
)

// EnvDB is the environment variable that overrides the database path.
const EnvDB = "AKIMWATCH_DB"

// appDir is the name of akimwatch's folder inside the per-user data folder.
const appDir = "akimwatch"

// DataDir returns akimwatch's per-user data folder: %AppData%\akimwatch on
// Windows (roaming, so it follows the analyst's profile),
// ~/Library/Application Support/akimwatch on macOS, and
// $XDG_DATA_HOME/akimwatch (~/.local/share/akimwatch) elsewhere.
func DataDir() string {
	switch runtime.GOOS {
	case "windows", "darwin":
		if dir, err := os.UserConfigDir(); err == nil {
			return filepath.Join(dir, appDir)
		}
	}
	return filepath.Join(xdg.DataHome, appDir)
}

// DefaultDB returns the database path used when --db is not given: the
// AKIMWATCH_DB environment variable if set, else akimwatch.db in DataDir.
func DefaultDB(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	if p := getenv(EnvDB); p != "" {
		return p
	}
	return filepath.Join(DataDir(), "akimwatch.db")
}

// LogFile returns the path of the rotating log file.
func LogFile() string { return filepath.Join(DataDir(), "logs", "akimwatch.log") }
