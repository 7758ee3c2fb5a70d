package cli

import (
	"context"
	"flag"

	"akimwatch/data"
)

func backupCmd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	out := fs.String("out", "", "backup file to write (default: a dated file in the backups folder beside the database, keeping the newest 7)")
	return func(ctx context.Context, r *runner, args []string) error {
		if len(args) > 0 {
			return usagef("unexpected argument %q", args[0])
		}
		s, err := r.Store(ctx)
		if err != nil {
			return err
		}
		path := *out
		if path == "" {
			path, err = s.BackupNow(ctx, r.env.Now())
		} else if err = data.CheckOutput(s.Path(), path, data.OutputOptions{IntoBackups: true}); err == nil {
			err = s.Backup(ctx, path)
		}
		if err != nil {
			return err
		}
		r.out("backed up %s to %s\n", s.Path(), path)
		return nil
	}
}

func restoreCmd(fs *flag.FlagSet) func(context.Context, *runner, []string) error {
	return func(ctx context.Context, r *runner, args []string) error {
		if err := needFile(r, "restore", "restore a team database on its server (pg_restore)"); err != nil {
			return err
		}
		if len(args) != 1 {
			if list, _ := data.Backups(r.g.db); len(list) > 0 {
				return usagef("give the backup file to restore; the newest is %s", list[0].Path)
			}
			return usagef("give the backup file to restore")
		}
		aside, err := data.Restore(ctx, r.g.db, args[0], r.env.Now())
		if err != nil {
			return err
		}
		r.out("restored %s from %s\n", r.g.db, args[0])
		if aside != "" {
			r.out("the previous database was kept as %s\n", aside)
		}
		return nil
	}
}
