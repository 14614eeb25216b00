package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/archive"
	"github.com/o2c-project/o2c/extract/engine"
	"github.com/o2c-project/o2c/intake"
	"github.com/o2c-project/o2c/intake/folder"
	"github.com/o2c-project/o2c/intake/mailbox"
	"github.com/o2c-project/o2c/invoice/pdf"
	"github.com/o2c-project/o2c/outbox"
	"github.com/o2c-project/o2c/outmail"
	"github.com/o2c-project/o2c/postgres"
	"github.com/o2c-project/o2c/queue"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
	"github.com/o2c-project/o2c/web"
)

// storeConfig is where the data lives.
type storeConfig struct {
	dataDir string
	dsn     string
}

func (m *Main) storeFlags(fs *flag.FlagSet) *storeConfig {
	c := &storeConfig{}
	fs.StringVar(&c.dataDir, "data", m.env("O2C_DATA", "o2c-data"), "data directory (SQLite file, outbox)")
	fs.StringVar(&c.dsn, "db", m.env("O2C_DB", ""), "database: postgres://... for PostgreSQL, else a SQLite file path (default DATA/o2c.db)")
	return c
}

func (c *storeConfig) engine() string {
	if strings.HasPrefix(c.dsn, "postgres://") || strings.HasPrefix(c.dsn, "postgresql://") {
		return "postgres"
	}
	return "sqlite"
}

// open opens the store the configuration names, creating the data directory.
func (c *storeConfig) open(ctx context.Context, opts sqlstore.Options) (*sqlstore.DB, error) {
	if err := os.MkdirAll(c.dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", c.dataDir, err)
	}
	if c.engine() == "postgres" {
		return postgres.Open(ctx, c.dsn, opts)
	}
	path := strings.TrimPrefix(c.dsn, "sqlite:")
	if path == "" {
		path = filepath.Join(c.dataDir, "o2c.db")
	}
	return sqlite.Open(ctx, path, opts)
}

// stack is a running o2c: store, services, queue and HTTP handler.
type stack struct {
	db         *sqlstore.DB
	queue      *queue.Queue
	orders     *app.Orders
	masterData *app.MasterData
	keys       *app.Keys
	archive    *archive.Archive
	handler    http.Handler
	outbox     string
	inbox      *folder.Watcher // nil when no folder is watched
	bankInbox  *folder.Watcher // the inbox's bank/ folder of statement files (bank.go)
	payments   *app.Payments   // bank statements and the cash ledger (bank.go)
	mailboxes  []*mailbox.Mailbox
	erpSync    *app.ERPSync // reads shipments back from the ERP; nil when it reports none
	alerts     *app.Alerts  // tells people about orders by their alert rules (alerts.go)
	invoices   *app.Invoices
	log        *slog.Logger
}

type stackParams struct {
	store  *storeConfig
	outbox string
	inbox  string // watched folder; "" for DATA/inbox, "-" for none
	// mailboxes are IMAP folders to take mail from; their state (UIDVALIDITY, last UID) is kept
	// in the database, so a restart goes on where it stopped.
	mailboxes []mailbox.Config
	smtp      *outmail.Config // where answers by mail go; nil: none are sent, and the history says why
	company   app.Company
	engines   []engine.Engine // outside extraction engines; none by default
	erp       *erpConfig      // nil: the file connector into outbox
	workers   int
	zone      string
	rescue    time.Duration
	alerts    alertConfig
	seller    *app.Seller  // who invoices say we are; nil: the company flags (invoices.go)
	branding  pdf.Branding // how invoice PDFs look: logo and accent colour (invoice_render.go)
	log       *slog.Logger
}

func openStack(ctx context.Context, p stackParams) (*stack, error) {
	loc, err := time.LoadLocation(p.zone)
	if err != nil {
		return nil, fmt.Errorf("time zone %q: %w", p.zone, err)
	}
	db, err := p.store.open(ctx, sqlstore.Options{})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if p.outbox == "" {
		p.outbox = filepath.Join(p.store.dataDir, "outbox")
	}
	erp, err := p.erp.connector(p.outbox, p.log)
	if err != nil {
		db.Close()
		return nil, err
	}
	s := &stack{db: db, outbox: p.outbox, log: p.log}
	s.orders = app.NewOrders(db, erp)
	answers, err := outbox.Open(filepath.Join(p.store.dataDir, "answers"))
	if err != nil {
		db.Close()
		return nil, err
	}
	router := app.AnswerRouter{Folder: outbox.Answers{Dir: answers}}
	if p.smtp != nil {
		if router.Mail, err = outmail.New(*p.smtp); err != nil {
			db.Close()
			return nil, err
		}
	}
	s.orders.Answers, s.orders.Company, s.orders.Engines = router, p.company, p.engines
	s.orders.Company.Address = strings.ReplaceAll(s.orders.Company.Address, `\n`, "\n")
	s.orders.Location, s.orders.Log = loc, p.log
	s.alerts, s.orders.Alerting = newAlerts(db, router.Mail, loc, p.alerts), true
	s.alerts.Log = p.log
	s.archive = archive.New(filepath.Join(p.store.dataDir, "archive"), db) // every original and every output
	s.orders.Archiver = s.archive
	s.invoices, s.orders.Invoicing = newInvoices(db, p, router.Mail, loc), true
	if s.payments, err = newPayments(db, erp, p.outbox, loc, p.log); err != nil {
		db.Close()
		return nil, err
	}
	disputes, reminders := app.NewDisputes(s.invoices, s.archive), app.NewReminders(s.invoices) // follow invoices up
	s.invoices.Renderer = newInvoiceRenderer(p, s.invoices.Now, loc)
	s.invoices.Branding = p.branding
	if poster, ok := erp.(o2c.InvoicePoster); ok { // the ERP books the invoices too
		s.invoices.ERP = poster
	}
	s.masterData = &app.MasterData{Store: db}
	s.keys = &app.Keys{Store: db}
	syncer, erpSync, syncEvery := p.erp.shipmentSync(s.orders)
	s.erpSync = erpSync
	s.queue, err = queue.New(ctx, queue.Config{Engine: db.Engine(), DB: db.WriteDB(), Handler: s.orders,
		Workers: p.workers, RescueAfter: p.rescue, Log: p.log, ERPSync: syncer, ERPSyncEvery: syncEvery,
		Alerts: p.alerts.queueConfig(s.alerts), Invoices: &queue.InvoiceConfig{Handler: s.invoices, Location: loc},
		Reminders: &queue.RemindersConfig{Handler: reminders, Hour: 8, Location: loc}}) // mailed in the morning
	if err != nil {
		db.Close()
		return nil, err
	}
	db.SetEnqueuer(s.queue.Enqueue)
	if p.inbox != "-" {
		if p.inbox == "" {
			p.inbox = filepath.Join(p.store.dataDir, "inbox")
		}
		if s.inbox, err = folder.New(folder.Config{Dir: p.inbox, Sink: s.receive, Log: p.log}); err != nil {
			db.Close()
			return nil, err
		}
		if s.bankInbox, err = folder.New(folder.Config{Dir: filepath.Join(p.inbox, "bank"), Sink: s.receiveStatement, Log: p.log}); err != nil {
			db.Close()
			return nil, err
		}
	}
	for _, cfg := range p.mailboxes {
		cfg.Sink, cfg.State, cfg.Log = s.receive, app.MailboxState{Store: db}, p.log
		mb, err := mailbox.New(cfg)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("mailbox %s: %w", cfg.Name, err)
		}
		s.mailboxes = append(s.mailboxes, mb)
	}
	s.handler = web.New(web.Config{Orders: s.orders, MasterData: s.masterData, Keys: s.keys, Log: p.log, Version: version,
		Alerts: s.alerts, Invoices: s.invoices, Disputes: disputes, Reminders: reminders, Payments: s.payments,
		Archive: &app.Archive{Store: db, Archiver: s.archive}})
	return s, nil
}

// run works jobs and serves HTTP on addr until ctx ends, then shuts both down in order.
func (s *stack) run(ctx context.Context, addr string, ready func(baseURL string)) error {
	if err := s.queue.Start(ctx); err != nil {
		return fmt.Errorf("start job queue: %w", err)
	}
	srv := &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	ln, err := listen(addr)
	if err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var channels sync.WaitGroup
	if s.inbox != nil {
		channels.Go(func() { _ = s.inbox.Run(ctx) })
		channels.Go(func() { _ = s.bankInbox.Run(ctx) })
	}
	if len(s.mailboxes) > 0 {
		channels.Go(func() { _ = mailbox.RunAll(ctx, s.mailboxes...) })
	}
	if ready != nil {
		ready("http://" + displayAddr(ln.Addr().String()))
	}
	select {
	case <-ctx.Done():
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	herr := srv.Shutdown(shutdown)
	channels.Wait()
	qerr := s.queue.Stop(shutdown)
	return errors.Join(herr, qerr)
}

// receive stores a document delivered by a channel (a watched folder); reading it is the
// process job's work, so that the original is kept even when it cannot be read. A bank
// statement, known by its content, is imported as one instead.
func (s *stack) receive(ctx context.Context, d intake.Delivery) error {
	if d.Unreadable == "" && isStatement(d.Filename, d.Content) { // a bank file dropped among the orders
		return s.receiveStatement(ctx, d)
	}
	_, err := s.orders.Receive(ctx, app.ReceiveParams{Channel: d.Channel, Sender: d.Sender, Filename: d.Filename,
		Content: d.Content, NaturalKey: d.NaturalKey, Unreadable: d.Unreadable, Actor: string(d.Channel)})
	return err
}

func (s *stack) close() error { return s.db.Close() }

// ensureAdminKey creates an admin API key when there is none, so a new install can be used at
// once; the secret is written to a file only the operator can read.
func (s *stack) ensureAdminKey(ctx context.Context, dataDir string) (secret, path string, err error) {
	keys, err := s.keys.List(ctx)
	if err != nil {
		return "", "", err
	}
	for _, k := range keys {
		if k.RevokedAt.IsZero() {
			return "", "", nil
		}
	}
	secret, _, err = s.keys.Create(ctx, "admin", []o2c.Scope{o2c.ScopeAdmin}, o2c.ActorSystem)
	if err != nil {
		return "", "", err
	}
	path = filepath.Join(dataDir, "admin-api-key.txt")
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return "", "", fmt.Errorf("write admin key file: %w", err)
	}
	return secret, path, nil
}
