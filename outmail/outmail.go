// Package outmail sends answers by e-mail over SMTP: acknowledgements and order responses for
// documents that came by mail, and order confirmations for people.
package outmail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/o2c-project/o2c"
)

// Config says how to reach the SMTP server and whom the mail is from.
type Config struct {
	Host     string
	Port     int    // default 587, or 465 with TLS "tls", or 25 with TLS "none"
	TLS      string // "starttls" (default: required), "tls" (implicit, port 465), "opportunistic" or "none"
	Username string // empty: no authentication
	Password string
	From     string        // the sender address, as customers see it: "Orders <orders@example.com>"
	Timeout  time.Duration // per connection; default 30 s
}

// ParseURL reads a config from smtp://user:password@host:port?from=orders@example.com&tls=none.
// The password may be left out of the URL and given apart (an environment variable).
func ParseURL(raw, password string) (Config, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" && u.Scheme != "smtps" || u.Hostname() == "" {
		return Config{}, fmt.Errorf("SMTP URL %q: want smtp://[user[:password]@]host[:port]?from=address", redact(raw))
	}
	cfg := Config{Host: u.Hostname(), From: u.Query().Get("from"), TLS: u.Query().Get("tls")}
	if u.Scheme == "smtps" && cfg.TLS == "" {
		cfg.TLS = "tls"
	}
	if p := u.Port(); p != "" {
		if cfg.Port, err = strconv.Atoi(p); err != nil {
			return Config{}, fmt.Errorf("SMTP URL %q: port %q is not a number", redact(raw), p)
		}
	}
	if u.User != nil {
		cfg.Username = u.User.Username()
		cfg.Password, _ = u.User.Password()
	}
	if password != "" {
		cfg.Password = password
	}
	return cfg, cfg.check()
}

func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return "(unreadable)"
}

func (c Config) check() error {
	switch c.TLS {
	case "", "starttls", "tls", "opportunistic", "none":
	default:
		return fmt.Errorf("SMTP: tls=%q: want starttls, tls, opportunistic or none", c.TLS)
	}
	if c.From == "" {
		return errors.New("SMTP: a from address is needed (?from=orders@example.com)")
	}
	if err := gomail.NewMsg().From(c.From); err != nil {
		return fmt.Errorf("SMTP: from address %q: %v", c.From, err)
	}
	return nil
}

// Sender is an o2c.AnswerSender that mails each answer, with its content attached.
type Sender struct {
	cfg Config
}

var _ o2c.AnswerSender = (*Sender)(nil)

// New checks cfg; nothing connects until the first answer is sent.
func New(cfg Config) (*Sender, error) {
	if cfg.Host == "" {
		return nil, errors.New("SMTP: no host")
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &Sender{cfg: cfg}, nil
}

// SendAnswer implements o2c.AnswerSender; the reference is the mail's Message-ID, made from the
// answer's file name so that a mail sent twice after a crash carries the same ID and the
// recipient's mail program shows it once.
func (s *Sender) SendAnswer(ctx context.Context, a o2c.Answer) (string, error) {
	msg, id, err := s.message(a)
	if err != nil {
		return "", err
	}
	client, err := gomail.NewClient(s.cfg.Host, s.options()...)
	if err != nil {
		return "", o2c.Errorf(o2c.CodeInvalid, "SMTP client for %s: %v", s.cfg.Host, err)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return "", classify(err, a.To)
	}
	return id, nil
}

func (s *Sender) options() []gomail.Option {
	opts := []gomail.Option{gomail.WithTimeout(s.cfg.Timeout)}
	port := s.cfg.Port
	switch s.cfg.TLS {
	case "none":
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.NoTLS))
	case "opportunistic":
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.TLSOpportunistic))
	case "tls":
		opts = append(opts, gomail.WithSSLPort(false))
	default:
		opts = append(opts, gomail.WithTLSPortPolicy(gomail.TLSMandatory))
	}
	if port != 0 {
		opts = append(opts, gomail.WithPort(port)) // after the policy, which sets its own default port
	}
	if s.cfg.Username != "" {
		auth := gomail.SMTPAuthAutoDiscover // never a clear-text password over a clear connection
		if s.cfg.TLS == "none" {
			auth = gomail.SMTPAuthPlainNoEnc // the operator chose a clear connection (a relay on loopback)
		}
		opts = append(opts, gomail.WithSMTPAuth(auth),
			gomail.WithUsername(s.cfg.Username), gomail.WithPassword(s.cfg.Password))
	}
	return opts
}

var safeID = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// message builds the mail of an answer: the text a person reads (or a note naming the file),
// the HTML alternative when there is one, and the content attached.
func (s *Sender) message(a o2c.Answer) (*gomail.Msg, string, error) {
	if a.To == "" {
		return nil, "", o2c.Errorf(o2c.CodeInvalid, "%s %s: the document names no sender to answer", a.Kind, a.Filename)
	}
	m := gomail.NewMsg()
	if err := m.From(s.cfg.From); err != nil {
		return nil, "", o2c.Errorf(o2c.CodeInvalid, "from address %q: %v", s.cfg.From, err)
	}
	if err := m.To(a.To); err != nil {
		return nil, "", o2c.Errorf(o2c.CodeInvalid, "%s cannot be mailed to %q: %v", a.Kind, a.To, err)
	}
	id := safeID.ReplaceAllString(a.Filename, "-") + "@" + domainOf(s.cfg.From)
	m.SetMessageIDWithValue(id)
	m.SetDate()
	m.SetBulk() // an automatic answer: no out-of-office replies to it
	if a.InReplyTo != "" {
		m.SetGenHeader(gomail.HeaderInReplyTo, "<"+a.InReplyTo+">")
		m.SetGenHeader(gomail.HeaderReferences, "<"+a.InReplyTo+">")
	}
	subject, text := a.Subject, a.Text
	if subject == "" {
		subject = fmt.Sprintf("%s %s", a.Kind, a.Filename)
	}
	if text == "" {
		text = fmt.Sprintf("Attached: %s, the %s answering the document you sent us.\n", a.Filename, a.Kind)
	}
	m.Subject(subject)
	m.SetBodyString(gomail.TypeTextPlain, text)
	if a.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, a.HTML)
	}
	if len(a.Content) > 0 {
		ct := a.ContentType
		if ct == "" {
			ct = contentTypeOf(a.Filename)
		}
		if err := m.AttachReader(a.Filename, bytes.NewReader(a.Content), gomail.WithFileContentType(gomail.ContentType(ct))); err != nil {
			return nil, "", fmt.Errorf("attach %s: %w", a.Filename, err)
		}
	}
	return m, id, nil
}

func domainOf(from string) string {
	addr := from
	if i := strings.LastIndexByte(addr, '<'); i >= 0 {
		addr = strings.TrimSuffix(addr[i+1:], ">")
	}
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i+1 < len(addr) {
		return strings.TrimSpace(addr[i+1:])
	}
	return "o2c.invalid"
}

func contentTypeOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".edi", ".x12", ".edifact":
		return "application/EDI-consent" // RFC 1767
	case ".xml":
		return "application/xml"
	case ".pdf":
		return "application/pdf"
	}
	if t := mime.TypeByExtension(filepath.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// classify turns a send failure into the answer's fate: a server that cannot be reached or
// answers 4xx is tried again later; a 5xx refusal of the recipient or the message never succeeds.
func classify(err error, to string) error {
	var se *gomail.SendError
	if errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500 {
		return o2c.Errorf(o2c.CodeInvalid, "the mail server refused the answer to %s for good: %v", to, err)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.As(err, &se) {
		return o2c.Errorf(o2c.CodeUnavailable, "mail server unavailable, will try again: %v", err)
	}
	return o2c.Errorf(o2c.CodeUnavailable, "sending mail to %s failed, will try again: %v", to, err)
}
