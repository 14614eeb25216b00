package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/extract/engine"
	"github.com/o2c-project/o2c/intake/mailbox"
	"github.com/o2c-project/o2c/outmail"
)

func (m *Main) serve(ctx context.Context, args []string) error {
	fs := m.flags("serve")
	store := m.storeFlags(fs)
	addr := fs.String("addr", m.env("O2C_ADDR", ":8080"), "HTTP listen address")
	outbox := fs.String("outbox", "", "ERP file outbox (default DATA/outbox)")
	inbox := fs.String("inbox", "", "watched folder for order files (default DATA/inbox; - for none)")
	var boxes mailboxURLs
	fs.Var(&boxes, "mailbox", "IMAP folder to take orders from, as imaps://user[:password]@host/INBOX (repeatable; the password may come from O2C_MAILBOX_PASSWORD)")
	workers := fs.Int("workers", 50, "concurrent jobs")
	zone := fs.String("zone", m.env("O2C_ZONE", "UTC"), "the company's IANA time zone, for business dates")
	rescue := fs.Duration("job-rescue", 30*time.Second, "retry a job still running after this long (its process died)")
	smtpURL := fs.String("smtp", m.env("O2C_SMTP", ""), "SMTP server for answers by mail, as smtp://user@host:587?from=orders@example.com (tls=starttls|tls|none; the password may come from O2C_SMTP_PASSWORD)")
	company := m.companyFlags(fs)
	engines := m.engineFlags(fs)
	erp := m.erpFlags(fs)
	alerts := m.alertFlags(fs)
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	for _, raw := range strings.Fields(m.Getenv("O2C_MAILBOXES")) {
		boxes = append(boxes, raw)
	}
	var mailboxes []mailbox.Config
	for _, raw := range boxes {
		cfg, err := parseMailboxURL(raw, m.Getenv("O2C_MAILBOX_PASSWORD"))
		if err != nil {
			return err
		}
		mailboxes = append(mailboxes, cfg)
	}
	var smtp *outmail.Config
	if *smtpURL != "" {
		cfg, err := outmail.ParseURL(*smtpURL, m.Getenv("O2C_SMTP_PASSWORD"))
		if err != nil {
			return err
		}
		smtp = &cfg
	}
	outside, err := engine.FromConfig(*engines)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	s, err := openStack(ctx, stackParams{store: store, outbox: *outbox, inbox: *inbox, mailboxes: mailboxes, smtp: smtp,
		company: *company, engines: outside, erp: erp, workers: *workers, zone: *zone, rescue: *rescue, log: log,
		alerts: *alerts})
	if err != nil {
		return err
	}
	defer s.close()
	secret, path, err := s.ensureAdminKey(ctx, store.dataDir)
	if err != nil {
		return err
	}
	if secret != "" {
		fmt.Fprintf(m.Stderr, "created the first API key (admin), also saved in %s:\n  %s\n", path, secret)
	}
	m.hintFirstUser(ctx, s)
	return s.run(ctx, *addr, func(url string) {
		log.Info("o2c serving", "url", url, "engine", s.db.Engine(), "erp", s.orders.ERP.Name(), "outbox", s.outbox)
	})
}

// companyFlags reads who we are, as order responses and confirmations name us.
func (m *Main) companyFlags(fs *flag.FlagSet) *app.Company {
	c := &app.Company{}
	fs.StringVar(&c.Name, "company-name", m.env("O2C_COMPANY_NAME", ""), "our company's name, as confirmations show it")
	fs.StringVar(&c.Address, "company-address", m.env("O2C_COMPANY_ADDRESS", ""), "our postal address (lines separated by \\n)")
	fs.StringVar(&c.Email, "company-email", m.env("O2C_COMPANY_EMAIL", ""), "where customers write about orders")
	fs.StringVar(&c.Phone, "company-phone", m.env("O2C_COMPANY_PHONE", ""), "our phone number")
	fs.StringVar(&c.VATID, "company-vat", m.env("O2C_COMPANY_VAT", ""), "our VAT number")
	fs.StringVar(&c.GLN, "company-gln", m.env("O2C_COMPANY_GLN", ""), "our GS1 GLN, as EDI and Peppol partners address us")
	return c
}

// engineFlags configures the optional outside extraction engines; none runs unless configured.
func (m *Main) engineFlags(fs *flag.FlagSet) *engine.Config {
	c := &engine.Config{}
	fs.StringVar(&c.OpenAI.BaseURL, "openai-url", m.env("O2C_OPENAI_URL", ""), "an OpenAI-compatible server (llama.cpp, Ollama, vLLM) to read documents the built-in engine cannot; off when empty")
	fs.StringVar(&c.OpenAI.Model, "openai-model", m.env("O2C_OPENAI_MODEL", ""), "the model that server should run")
	c.OpenAI.APIKey = engine.Secret(m.Getenv("O2C_OPENAI_KEY"))
	fs.StringVar(&c.Azure.Endpoint, "azure-endpoint", m.env("O2C_AZURE_ENDPOINT", ""), "an Azure Document Intelligence endpoint to read scans with instead of Tesseract when ours fails; off when empty (key in O2C_AZURE_KEY)")
	c.Azure.Key = engine.Secret(m.Getenv("O2C_AZURE_KEY"))
	return c
}
