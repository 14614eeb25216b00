package main

import (
	"errors"
	"flag"
	"fmt"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/erp/tryton"
)

// trytonConfig is where the Tryton ERP connector (--erp tryton) posts orders.
type trytonConfig struct {
	url, db, user string
	password      string // only from O2C_TRYTON_PASSWORD: a flag would show in ps
}

func (m *Main) trytonFlags(fs *flag.FlagSet) *trytonConfig {
	c := &trytonConfig{password: m.Getenv("O2C_TRYTON_PASSWORD")}
	fs.StringVar(&c.url, "tryton-url", m.env("O2C_TRYTON_URL", ""), "with --erp tryton: the Tryton server, e.g. http://127.0.0.1:8000/ (password in O2C_TRYTON_PASSWORD)")
	fs.StringVar(&c.db, "tryton-db", m.env("O2C_TRYTON_DB", "o2c"), "with --erp tryton: the Tryton database")
	fs.StringVar(&c.user, "tryton-user", m.env("O2C_TRYTON_USER", "admin"), "with --erp tryton: the Tryton user, whose current company sells")
	return c
}

// connector returns the Tryton connector; it connects on the first post.
func (c *trytonConfig) connector() (o2c.ERPConnector, error) {
	if c == nil || c.url == "" {
		return nil, errors.New("--erp tryton needs --tryton-url (or O2C_TRYTON_URL)")
	}
	t, err := tryton.New(tryton.Config{URL: c.url, DB: c.db, User: c.user, Password: c.password})
	if err != nil {
		return nil, fmt.Errorf("--erp tryton: %w", err)
	}
	return t, nil
}
