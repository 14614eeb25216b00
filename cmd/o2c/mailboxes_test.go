package main

import (
	"strings"
	"testing"

	"github.com/o2c-project/o2c/intake/mailbox"
)

func TestParseMailboxURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		raw, env                 string
		addr, user, pass, folder string
		tls                      mailbox.TLSMode
	}{
		{"imaps://orders%40acme.example:s3cret@mail.acme.example/INBOX", "", "mail.acme.example:993", "orders@acme.example", "s3cret", "INBOX", mailbox.TLSImplicit},
		{"imap://orders@mail.acme.example/Commandes", "from-env", "mail.acme.example:143", "orders", "from-env", "Commandes", mailbox.TLSStartTLS},
		{"imap+plain://u:p@127.0.0.1:1143", "", "127.0.0.1:1143", "u", "p", "INBOX", mailbox.TLSNone},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			t.Parallel()
			cfg, err := parseMailboxURL(tc.raw, tc.env)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Addr != tc.addr || cfg.Username != tc.user || cfg.Password != tc.pass || cfg.Folder != tc.folder || cfg.TLS != tc.tls {
				t.Fatalf("config %+v", cfg)
			}
		})
	}
	for _, bad := range []string{"pop3://u@h/INBOX", "imaps:///INBOX", "imaps://host/INBOX", "::"} {
		if _, err := parseMailboxURL(bad, ""); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := parseMailboxURL("ftp://u:topsecret@h/", ""); err == nil || strings.Contains(err.Error(), "topsecret") {
		t.Fatalf("error %v must not show the password", err)
	}
}
