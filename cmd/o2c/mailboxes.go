package main

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/o2c-project/o2c/intake/mailbox"
)

// mailboxURLs collects repeated --mailbox flags.
type mailboxURLs []string

func (m *mailboxURLs) String() string     { return strings.Join(*m, " ") }
func (m *mailboxURLs) Set(v string) error { *m = append(*m, v); return nil }

// parseMailboxURL reads a mailbox written as a URL:
//
//	imaps://user:password@host[:993]/FOLDER     TLS from the first byte (the usual case)
//	imap://user:password@host[:143]/FOLDER      STARTTLS
//	imap+plain://user:password@host:143/FOLDER  no TLS: only for a server on the same machine
//
// The folder defaults to INBOX. A password left out of the URL is taken from passwordEnv, so
// that it need not stand in a process listing.
func parseMailboxURL(raw, passwordEnv string) (mailbox.Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return mailbox.Config{}, fmt.Errorf("mailbox %q is not a URL: %w", redact(raw), err)
	}
	cfg := mailbox.Config{Folder: strings.TrimPrefix(u.Path, "/")}
	port := ""
	switch u.Scheme {
	case "imaps":
		cfg.TLS, port = mailbox.TLSImplicit, "993"
	case "imap":
		cfg.TLS, port = mailbox.TLSStartTLS, "143"
	case "imap+plain":
		cfg.TLS, port = mailbox.TLSNone, "143"
	default:
		return mailbox.Config{}, fmt.Errorf("mailbox %q: the scheme must be imaps, imap or imap+plain", redact(raw))
	}
	if u.Hostname() == "" || u.User == nil || u.User.Username() == "" {
		return mailbox.Config{}, fmt.Errorf("mailbox %q needs a user and a host: imaps://user@host/INBOX", redact(raw))
	}
	if u.Port() != "" {
		port = u.Port()
	}
	cfg.Addr = net.JoinHostPort(u.Hostname(), port)
	cfg.Username = u.User.Username()
	cfg.Password, _ = u.User.Password()
	if cfg.Password == "" {
		cfg.Password = passwordEnv
	}
	if cfg.Folder == "" {
		cfg.Folder = "INBOX"
	}
	cfg.Name = cfg.Username + "@" + cfg.Addr + "/" + cfg.Folder
	return cfg, nil
}

// redact hides the password of a mailbox URL in messages.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return "(unparsable URL)"
}
