package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/sqlstore"
)

func (m *Main) apikey(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(m.Stderr, "usage: o2c apikey create --name NAME --scopes orders:read,orders:write [--data DIR] [--db DSN]")
		return errUsage
	}
	fs := m.flags("apikey create")
	store := m.storeFlags(fs)
	name := fs.String("name", "", "who uses the key")
	scopes := fs.String("scopes", "", "comma-separated scopes: "+fmt.Sprint(o2c.Scopes))
	if _, err := parseInterspersed(fs, args[1:]); err != nil {
		return err
	}
	db, err := store.open(ctx, sqlstore.Options{Enqueue: sqlstore.DiscardJobs})
	if err != nil {
		return err
	}
	defer db.Close()
	var list []o2c.Scope
	for _, s := range strings.Split(*scopes, ",") {
		if s = strings.TrimSpace(s); s != "" {
			list = append(list, o2c.Scope(s))
		}
	}
	secret, _, err := (&app.Keys{Store: db}).Create(ctx, *name, list, "cli")
	if err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, secret)
	return nil
}
