package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/o2c-project/o2c/intake/mailbox"
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
	log := slog.New(slog.NewTextHandler(m.Stderr, nil))
	s, err := openStack(ctx, stackParams{store: store, outbox: *outbox, inbox: *inbox, mailboxes: mailboxes, workers: *workers, zone: *zone, rescue: *rescue, log: log})
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
	return s.run(ctx, *addr, func(url string) {
		log.Info("o2c serving", "url", url, "engine", s.db.Engine(), "outbox", s.outbox)
	})
}
