package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/sqlstore"
)

func (m *Main) importDir(ctx context.Context, args []string) error {
	fs := m.flags("import")
	store := m.storeFlags(fs)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fmt.Fprintln(m.Stderr, "usage: o2c import DIR [--data DIR] [--db DSN]")
		return errUsage
	}
	// Importing starts no job, so no queue is needed.
	db, err := store.open(ctx, sqlstore.Options{Enqueue: sqlstore.DiscardJobs})
	if err != nil {
		return err
	}
	defer db.Close()
	report, err := (&app.MasterData{Store: db}).ImportDir(ctx, pos[0], "cli")
	if err != nil {
		for _, f := range o2c.ErrorFaults(err) {
			fmt.Fprintf(m.Stderr, "%s: %s\n", f.Path, f.Message)
		}
		return err
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(report)
}
