// Package mailbox takes orders from IMAP mailboxes. Each new message is fetched whole (without
// marking it read), split by intake/mime into one delivery per attachment (or its body), and
// handed to the sink; once every delivery is stored, the message is moved to a "processed"
// folder. A message that cannot be split goes to a "failed" folder. Nothing is ever deleted:
// a message leaves the watched folder only by a move, and only once the sink has it.
//
// Which messages are new is tracked by UID and UIDVALIDITY in a StateStore. When UIDVALIDITY
// changes, every message is looked at again; the natural keys of the deliveries make that a
// no-op for the ones already taken. IDLE makes intake prompt where the server offers it;
// otherwise the folder is polled. A lost connection is retried with backoff, for ever.
package mailbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/o2c-project/o2c/intake"
)

// TLSMode is how the connection to the IMAP server is secured.
type TLSMode string

// TLS modes.
const (
	TLSImplicit TLSMode = "tls"      // TLS from the first byte (port 993); the default
	TLSStartTLS TLSMode = "starttls" // plain connection upgraded with STARTTLS (port 143)
	TLSNone     TLSMode = "none"     // no TLS at all: tests and servers on the same host only
)

// Config configures one mailbox.
type Config struct {
	Name            string        // names the mailbox in logs and in the StateStore; default "user@addr/folder"
	Addr            string        // host:port of the IMAP server
	TLS             TLSMode       // default TLSImplicit
	TLSConfig       *tls.Config   // optional: own roots, server name
	Username        string        // login
	Password        string        // login
	Folder          string        // the folder watched; default "INBOX"
	ProcessedFolder string        // where taken messages go; default "o2c/processed"
	FailedFolder    string        // where unsplittable messages go; default "o2c/failed"
	Poll            time.Duration // wait between rounds when polling, or before retrying a failed sink; default 30 s
	NoIdle          bool          // poll even when the server offers IDLE
	Sink            intake.Sink   // where deliveries go
	Log             *slog.Logger  // default slog.Default()
	State           StateStore    // UIDVALIDITY and last UID taken, per mailbox Name
	Dialer          *net.Dialer   // optional; default 30 s timeout with TCP keep-alive
}

// StateStore remembers, per mailbox, the UIDVALIDITY of its folder and the highest UID taken.
// A zero uidValidity from Load means nothing is known yet.
type StateStore interface {
	Load(ctx context.Context, mailbox string) (uidValidity uint32, lastUID uint32, err error)
	Save(ctx context.Context, mailbox string, uidValidity, lastUID uint32) error
}

// Mailbox is one watched IMAP folder.
type Mailbox struct {
	cfg Config
	log *slog.Logger

	// Timings, fixed here and changed by tests only.
	retryMin, retryMax time.Duration // reconnect backoff
	idleRestart        time.Duration // IDLE is stopped and a round run this often (RFC 2177 asks < 29 min)
	idling             func()        // test hook: called each time IDLE has started
}

// New checks the configuration and fills in the defaults. It does not connect.
func New(cfg Config) (*Mailbox, error) {
	if cfg.Addr == "" || cfg.Username == "" {
		return nil, errors.New("mailbox: Addr and Username are required")
	}
	if cfg.Sink == nil || cfg.State == nil {
		return nil, errors.New("mailbox: Sink and State are required")
	}
	switch cfg.TLS {
	case "":
		cfg.TLS = TLSImplicit
	case TLSImplicit, TLSStartTLS, TLSNone:
	default:
		return nil, fmt.Errorf("mailbox: unknown TLS mode %q", cfg.TLS)
	}
	if cfg.Folder == "" {
		cfg.Folder = "INBOX"
	}
	if cfg.ProcessedFolder == "" {
		cfg.ProcessedFolder = "o2c/processed"
	}
	if cfg.FailedFolder == "" {
		cfg.FailedFolder = "o2c/failed"
	}
	if cfg.ProcessedFolder == cfg.Folder || cfg.FailedFolder == cfg.Folder {
		return nil, errors.New("mailbox: the processed and failed folders must differ from the watched one")
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 30 * time.Second
	}
	if cfg.Name == "" {
		cfg.Name = cfg.Username + "@" + cfg.Addr + "/" + cfg.Folder
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Dialer == nil {
		cfg.Dialer = &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	}
	return &Mailbox{
		cfg:         cfg,
		log:         cfg.Log.With("mailbox", cfg.Name),
		retryMin:    time.Second,
		retryMax:    5 * time.Minute,
		idleRestart: 25 * time.Minute,
	}, nil
}

// Name is the mailbox's name in logs and in the StateStore.
func (m *Mailbox) Name() string { return m.cfg.Name }

// Once connects, takes every new message once, and disconnects. A message left for later
// (the sink failed in a way worth retrying) makes it return that error.
func (m *Mailbox) Once(ctx context.Context) error {
	s, err := m.connect(ctx)
	if err != nil {
		return err
	}
	defer s.close()
	return m.round(ctx, s)
}

// Run takes new messages until ctx ends, then returns nil. Connection failures are logged and
// retried with backoff (1 s doubling to 5 min); nothing that a server or a message does makes
// it return early.
func (m *Mailbox) Run(ctx context.Context) error {
	delay := m.retryMin
	for ctx.Err() == nil {
		served, err := m.connectAndServe(ctx)
		if ctx.Err() != nil {
			break
		}
		if served {
			delay = m.retryMin
		}
		m.log.Warn("mailbox connection lost, will reconnect", "in", delay, "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(delay):
		}
		if !served {
			delay = min(2*delay, m.retryMax)
		}
	}
	return nil
}

// RunAll runs several mailboxes until ctx ends.
func RunAll(ctx context.Context, mailboxes ...*Mailbox) error {
	var wg sync.WaitGroup
	for _, m := range mailboxes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = m.Run(ctx) // Run returns only nil, when ctx ends
		}()
	}
	wg.Wait()
	return nil
}

// connectAndServe runs one connection. served reports whether at least one round completed,
// which resets the backoff. A panic (a bug) ends the connection instead of the process.
func (m *Mailbox) connectAndServe(ctx context.Context) (served bool, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("mailbox: panic: %v", v)
		}
	}()
	s, err := m.connect(ctx)
	if err != nil {
		return false, err
	}
	defer s.close()
	for {
		s.drainNewMail()
		err := m.round(ctx, s)
		var later *laterError
		switch {
		case ctx.Err() != nil:
			return served, nil
		case errors.As(err, &later):
			m.log.Warn("mailbox round stopped, will retry", "in", m.cfg.Poll, "err", err)
		case err != nil:
			return served, err
		}
		served = true
		if err := m.wait(ctx, s, later != nil); err != nil {
			return served, err
		}
		if ctx.Err() != nil {
			return served, nil
		}
	}
}

// wait returns when a new round is due: new mail (IDLE), the poll period, a retry of a round
// left for later, or the periodic IDLE restart.
func (m *Mailbox) wait(ctx context.Context, s *session, retry bool) error {
	if m.cfg.NoIdle || !s.canIdle {
		select {
		case <-ctx.Done():
		case <-s.client.Closed():
			return errors.New("connection closed")
		case <-time.After(m.cfg.Poll):
		}
		return nil
	}
	idle, err := s.client.Idle()
	if err != nil {
		return fmt.Errorf("start IDLE: %w", err)
	}
	if m.idling != nil {
		m.idling()
	}
	var retryAfter <-chan time.Time
	if retry {
		retryAfter = time.After(m.cfg.Poll)
	}
	restart := time.NewTimer(m.idleRestart)
	defer restart.Stop()
	select {
	case <-ctx.Done():
	case <-s.client.Closed():
		return errors.New("connection closed while idling")
	case <-s.newMail:
	case <-retryAfter:
	case <-restart.C:
	}
	if err := idle.Close(); err != nil {
		return fmt.Errorf("stop IDLE: %w", err)
	}
	if err := idle.Wait(); err != nil && ctx.Err() == nil {
		return fmt.Errorf("IDLE: %w", err)
	}
	return nil
}

// session is one logged-in connection with the folder selected.
type session struct {
	client      *imapclient.Client
	stop        func() bool // unregisters the close-on-cancel hook
	newMail     chan struct{}
	uidValidity uint32
	processed   string // folder names in the server's hierarchy
	failed      string
	canMove     bool
	canUIDPlus  bool
	canIdle     bool
}

func (s *session) drainNewMail() {
	select {
	case <-s.newMail:
	default:
	}
}

func (s *session) close() {
	s.stop()
	// LOGOUT is a courtesy; a server that does not answer within the client's own timeout
	// is closed anyway.
	_ = s.client.Logout().Wait()
	_ = s.client.Close()
}

// connect dials, logs in, makes the processed and failed folders if they are missing, and
// selects the watched folder.
func (m *Mailbox) connect(ctx context.Context) (*session, error) {
	s := &session{newMail: make(chan struct{}, 1)}
	opts := &imapclient.Options{
		TLSConfig: m.cfg.TLSConfig,
		Dialer:    m.cfg.Dialer,
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(data *imapclient.UnilateralDataMailbox) {
				if data.NumMessages != nil {
					select {
					case s.newMail <- struct{}{}:
					default:
					}
				}
			},
		},
	}
	var err error
	if s.client, err = m.dial(ctx, opts); err != nil {
		return nil, fmt.Errorf("connect to %s: %w", m.cfg.Addr, err)
	}
	// Closing the connection is the one way to interrupt a command waiting on the server.
	s.stop = context.AfterFunc(ctx, func() { _ = s.client.Close() })
	if err := m.open(s); err != nil {
		s.stop()
		_ = s.client.Close()
		return nil, err
	}
	return s, nil
}

// dial connects in the configured TLS mode. It dials itself, rather than through imapclient's
// Dial functions, so that ctx can cancel a connection attempt that hangs.
func (m *Mailbox) dial(ctx context.Context, opts *imapclient.Options) (*imapclient.Client, error) {
	host, _, err := net.SplitHostPort(m.cfg.Addr)
	if err != nil {
		return nil, err
	}
	tlsConfig := &tls.Config{}
	if m.cfg.TLSConfig != nil {
		tlsConfig = m.cfg.TLSConfig.Clone()
	}
	if tlsConfig.ServerName == "" {
		tlsConfig.ServerName = host
	}
	switch m.cfg.TLS {
	case TLSImplicit:
		if tlsConfig.NextProtos == nil {
			tlsConfig.NextProtos = []string{"imap"}
		}
		conn, err := (&tls.Dialer{NetDialer: m.cfg.Dialer, Config: tlsConfig}).DialContext(ctx, "tcp", m.cfg.Addr)
		if err != nil {
			return nil, err
		}
		return imapclient.New(conn, opts), nil
	case TLSStartTLS:
		conn, err := m.cfg.Dialer.DialContext(ctx, "tcp", m.cfg.Addr)
		if err != nil {
			return nil, err
		}
		opts.TLSConfig = tlsConfig
		c, err := imapclient.NewStartTLS(conn, opts)
		if err != nil {
			_ = conn.Close()
			return nil, fmt.Errorf("STARTTLS: %w", err)
		}
		return c, nil
	}
	conn, err := m.cfg.Dialer.DialContext(ctx, "tcp", m.cfg.Addr)
	if err != nil {
		return nil, err
	}
	return imapclient.New(conn, opts), nil
}

func (m *Mailbox) open(s *session) error {
	c := s.client
	if err := c.Login(m.cfg.Username, m.cfg.Password).Wait(); err != nil {
		return fmt.Errorf("log in to %s as %s: %w", m.cfg.Addr, m.cfg.Username, err)
	}
	caps := c.Caps()
	s.canMove = caps.Has(imap.CapMove) || caps.Has(imap.CapIMAP4rev2)
	s.canUIDPlus = caps.Has(imap.CapUIDPlus) || caps.Has(imap.CapIMAP4rev2)
	s.canIdle = caps.Has(imap.CapIdle) || caps.Has(imap.CapIMAP4rev2)

	// Folder names are written with '/'; servers whose hierarchy uses another separator
	// (Courier and others use '.') get it translated.
	delim := '/'
	if list, err := c.List("", "", nil).Collect(); err == nil && len(list) > 0 && list[0].Delim != 0 {
		delim = list[0].Delim
	}
	s.processed = strings.ReplaceAll(m.cfg.ProcessedFolder, "/", string(delim))
	s.failed = strings.ReplaceAll(m.cfg.FailedFolder, "/", string(delim))
	for _, folder := range []string{s.processed, s.failed} {
		if err := ensureFolder(c, folder); err != nil {
			return err
		}
	}
	sel, err := c.Select(m.cfg.Folder, nil).Wait()
	if err != nil {
		return fmt.Errorf("select %s: %w", m.cfg.Folder, err)
	}
	s.uidValidity = sel.UIDValidity
	return nil
}

// ensureFolder creates a folder unless it exists.
func ensureFolder(c *imapclient.Client, name string) error {
	list, err := c.List("", name, nil).Collect()
	if err != nil {
		return fmt.Errorf("look for folder %s: %w", name, err)
	}
	for _, l := range list {
		if l.Mailbox == name {
			return nil
		}
	}
	if err := c.Create(name, nil).Wait(); err != nil {
		var imapErr *imap.Error
		if errors.As(err, &imapErr) && imapErr.Code == imap.ResponseCodeAlreadyExists {
			return nil
		}
		return fmt.Errorf("create folder %s: %w", name, err)
	}
	return nil
}
