package main

import (
	"errors"
	"flag"
	"fmt"
	"strconv"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/erp/tryton"
)

// trytonConfig is where the Tryton ERP connector (--erp tryton) posts orders.
type trytonConfig struct {
	url, db, user string
	password      string // only from O2C_TRYTON_PASSWORD: a flag would show in ps
	noStock       bool   // --tryton-stock=false: check orders against the master data's stock, not Tryton's
}

func (m *Main) trytonFlags(fs *flag.FlagSet) *trytonConfig {
	c := &trytonConfig{password: m.Getenv("O2C_TRYTON_PASSWORD")}
	fs.StringVar(&c.url, "tryton-url", m.env("O2C_TRYTON_URL", ""), "with --erp tryton: the Tryton server, e.g. http://127.0.0.1:8000/ (password in O2C_TRYTON_PASSWORD)")
	fs.StringVar(&c.db, "tryton-db", m.env("O2C_TRYTON_DB", "o2c"), "with --erp tryton: the Tryton database")
	fs.StringVar(&c.user, "tryton-user", m.env("O2C_TRYTON_USER", "admin"), "with --erp tryton: the Tryton user, whose current company sells")
	fs.BoolFunc("tryton-stock", "with --erp tryton: check orders against the stock in Tryton's first warehouse (INSUFFICIENT_STOCK) rather than the master data's (default true)", func(v string) error {
		on, err := strconv.ParseBool(v)
		c.noStock = !on
		return err
	})
	return c
}

// connector returns the Tryton connector; it connects on the first post.
func (c *trytonConfig) connector() (o2c.ERPConnector, error) {
	t, err := c.newConnector()
	switch {
	case err != nil:
		return nil, err
	case c.noStock:
		return withoutStock{t, t}, nil
	}
	return t, nil
}

// withoutStock is the Tryton connector with its stock levels hidden: it is no o2c.StockSource,
// so orders are checked against the master data's stock.
type withoutStock struct {
	o2c.ERPConnector
	o2c.ShipmentSource
}

func (c *trytonConfig) newConnector() (*tryton.Connector, error) {
	if c == nil || c.url == "" {
		return nil, errors.New("--erp tryton needs --tryton-url (or O2C_TRYTON_URL)")
	}
	t, err := tryton.New(tryton.Config{URL: c.url, DB: c.db, User: c.user, Password: c.password})
	if err != nil {
		return nil, fmt.Errorf("--erp tryton: %w", err)
	}
	return t, nil
}
