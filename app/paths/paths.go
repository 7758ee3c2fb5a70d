// Package paths says where akimwatch keeps its files on each OS: the
// database, the logs and the backups.
package paths

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

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

// DefaultDB returns the database used when --db is not given: the
// AKIMWATCH_DB environment variable if set, else the database chosen in the
// app's Settings → Database (ChoiceFile), else akimwatch.db in DataDir.
func DefaultDB(getenv func(string) string) string {
	if getenv == nil {
		getenv = os.Getenv
	}
	if p := getenv(EnvDB); p != "" {
		return p
	}
	return defaultDBIn(DataDir())
}

// defaultDBIn is DefaultDB's choice in the data folder dir.
func defaultDBIn(dir string) string {
	if b, err := os.ReadFile(filepath.Join(dir, choiceFile)); err == nil {
		if t := strings.TrimSpace(string(b)); t != "" {
			return t
		}
	}
	return filepath.Join(dir, "akimwatch.db")
}

// choiceFile holds the database chosen in Settings → Database: a file path
// or a team database URL, never with a password.
const choiceFile = "database.txt"

// ChoiceFile returns the path of the file that remembers the database
// chosen in the app.
func ChoiceFile() string { return filepath.Join(DataDir(), choiceFile) }

// SaveChoice makes target the database opened when neither --db nor
// AKIMWATCH_DB names one ("" goes back to the default file).
func SaveChoice(target string) error { return saveChoiceIn(DataDir(), target) }

func saveChoiceIn(dir, target string) error {
	p := filepath.Join(dir, choiceFile)
	if target == "" {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("forget the chosen database: %w", err)
		}
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("remember the chosen database: %w", err)
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(target+"\n"), 0o600); err != nil {
		return fmt.Errorf("remember the chosen database: %w", err)
	}
	if err := os.Rename(tmp, p); err != nil {
		return fmt.Errorf("remember the chosen database: %w", err)
	}
	return nil
}

// LogFile returns the path of the rotating log file.
func LogFile() string { return filepath.Join(DataDir(), "logs", "akimwatch.log") }
