package cli

import (
	"fmt"

	"akimwatch/data"
	"akimwatch/data/dbopen"
)

// needFile refuses a command that works on a database file (restore, dev
// gen) when --db names a team database on a server.
func needFile(r *runner, command, instead string) error {
	if !dbopen.IsServer(r.g.db) {
		return nil
	}
	return fmt.Errorf("%s works on a database file, and --db names the team database %s; %s: %w",
		command, dbopen.Display(r.g.db), instead, data.ErrInvalid)
}
