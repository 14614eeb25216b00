package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/erp/file"
	"github.com/o2c-project/o2c/erp/webhook"
	"github.com/o2c-project/o2c/queue"
)

// erpConfig is the ERP connector that approved orders are posted to.
type erpConfig struct {
	kind      string        // "file" or "webhook"
	url       string        // the webhook's
	secret    string        // the webhook's, from the flag
	envSecret string        // O2C_WEBHOOK_SECRET, used when the flag is empty
	tryton    *trytonConfig // --tryton-*, for --erp tryton (erp_tryton.go)
	syncEvery time.Duration // how often shipments are read back from an ERP that reports them; 0: never
}

func (m *Main) erpFlags(fs *flag.FlagSet) *erpConfig {
	// The secret's variable is not the flag's default, so that -h never prints it.
	c := &erpConfig{envSecret: m.Getenv("O2C_WEBHOOK_SECRET")}
	fs.StringVar(&c.kind, "erp", "file", "ERP connector: file (JSON and CSV into the outbox), webhook (a signed JSON POST per order) or tryton (a confirmed sale in Tryton 6.0, over JSON-RPC)")
	fs.StringVar(&c.url, "webhook-url", "", "where the webhook connector POSTs orders (http:// or https://)")
	fs.StringVar(&c.secret, "webhook-secret", "", "the shared secret the webhook connector signs with (default O2C_WEBHOOK_SECRET, which ps does not show)")
	fs.DurationVar(&c.syncEvery, "erp-sync-every", queue.DefaultERPSyncEvery, "how often posted orders' shipments are read back from an ERP that reports them (tryton), to mark them shipped; 0 for never")
	c.tryton = m.trytonFlags(fs)
	return c
}

// shipmentSync is the periodic sync of shipments from the ERP, as the queue takes it and as
// itself, and how often it runs: none (nil, nil) when the ERP reports no shipments or the sync is
// turned off. The queue must get a nil interface, not one holding a nil *app.ERPSync.
func (c *erpConfig) shipmentSync(orders *app.Orders) (queue.ERPSyncer, *app.ERPSync, time.Duration) {
	if _, ok := orders.ERP.(o2c.ShipmentSource); !ok || c == nil || c.syncEvery <= 0 {
		return nil, nil, 0
	}
	s := &app.ERPSync{Orders: orders}
	return s, s, c.syncEvery
}

// connector builds the configured connector; a nil config is the file connector into outbox.
func (c *erpConfig) connector(outbox string, log *slog.Logger) (o2c.ERPConnector, error) {
	if c == nil {
		c = &erpConfig{kind: "file"}
	}
	switch c.kind {
	case "file":
		if c.url != "" {
			return nil, errors.New("--webhook-url is set but --erp is file; add --erp webhook")
		}
		f, err := file.New(outbox)
		if err != nil {
			return nil, err
		}
		return f, nil
	case "webhook":
		secret := c.secret
		if secret == "" {
			secret = c.envSecret
		}
		if secret == "" {
			return nil, errors.New("--erp webhook needs a secret to sign posts with: set O2C_WEBHOOK_SECRET (or --webhook-secret)")
		}
		w, err := webhook.New(webhook.Config{URL: c.url, Secret: secret, Log: log})
		if err != nil {
			return nil, fmt.Errorf("--erp webhook: %w", err)
		}
		return w, nil
	case "tryton":
		return c.tryton.connector()
	}
	return nil, fmt.Errorf("--erp %q: want file, webhook or tryton", c.kind)
}
