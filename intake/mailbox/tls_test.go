package mailbox_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"

	"github.com/o2c-project/o2c/intake/mailbox"
)

// Both TLS modes reach a server whose certificate the client is told to trust, and neither
// talks to one it does not trust.
func TestTLSModes(t *testing.T) {
	t.Parallel()
	serverTLS, roots := selfSigned(t)

	for _, mode := range []mailbox.TLSMode{mailbox.TLSImplicit, mailbox.TLSStartTLS} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			b := setup(t, nil) // a plain server, for the test's own APPEND
			srv := imapserver.New(&imapserver.Options{
				NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
					return b.server.mem.NewSession(), nil, nil
				},
				Caps:      imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapMove: {}, imap.CapUIDPlus: {}},
				TLSConfig: serverTLS,
				Logger:    discardLogger{},
			})
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			if mode == mailbox.TLSImplicit {
				ln = tls.NewListener(ln, serverTLS)
			}
			go func() { _ = srv.Serve(ln) }()
			t.Cleanup(func() { _ = srv.Close() })
			b.appendMail(t, "INBOX", order(1))

			untrusted := b.mailbox(t, func(c *mailbox.Config) { c.Addr = ln.Addr().String(); c.TLS = mode })
			if err := untrusted.Once(context.Background()); err == nil {
				t.Fatal("Once trusted a self-signed certificate")
			}
			m := b.mailbox(t, func(c *mailbox.Config) {
				c.Addr, c.TLS, c.TLSConfig = ln.Addr().String(), mode, &tls.Config{RootCAs: roots}
			})
			if err := m.Once(context.Background()); err != nil {
				t.Fatalf("Once: %v", err)
			}
			if n := len(b.sink.deliveries()); n != 2 {
				t.Errorf("got %d deliveries, want 2", n)
			}
		})
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "imap.test"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, roots
}
