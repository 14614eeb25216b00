package outmail_test

import (
	"bytes"
	"context"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jhillyerd/enmime/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/outmail"
	"github.com/o2c-project/o2c/outmail/smtptest"
)

func sender(t *testing.T, srv *smtptest.Server, user, pass string) *outmail.Sender {
	t.Helper()
	host, port, _ := net.SplitHostPort(srv.Addr)
	p, _ := strconv.Atoi(port)
	s, err := outmail.New(outmail.Config{Host: host, Port: p, TLS: "none", Username: user, Password: pass,
		From: "Orders <orders@supplier.example>", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSendAnswerDeliversTextHTMLAndAttachment(t *testing.T) {
	srv := smtptest.Start(t)
	srv.Username, srv.Password = "o2c", "s3cret"
	s := sender(t, srv, "o2c", "s3cret")
	pdf := []byte("%PDF-1.4 confirmation")
	ref, err := s.SendAnswer(context.Background(), o2c.Answer{
		Kind: "confirmation", Channel: o2c.ChannelEmail, To: "buyer@customer.example",
		Filename: "confirmation-42-posted.pdf", Content: pdf,
		Subject: "Order confirmation OC-42 for your order PO-7", Text: "We confirm your order PO-7.\n",
		HTML: "<p>We confirm your order <b>PO-7</b>.</p>", InReplyTo: "abc@customer.example"})
	if err != nil {
		t.Fatal(err)
	}
	if ref != "confirmation-42-posted.pdf@supplier.example" {
		t.Errorf("ref = %q", ref)
	}
	mails := srv.Wait(t, 1, 5*time.Second)
	m := mails[0]
	if m.From != "orders@supplier.example" || len(m.To) != 1 || m.To[0] != "buyer@customer.example" {
		t.Fatalf("envelope from %q to %v", m.From, m.To)
	}
	env, err := enmime.ReadEnvelope(bytes.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	if got := env.GetHeader("Subject"); got != "Order confirmation OC-42 for your order PO-7" {
		t.Errorf("subject %q", got)
	}
	if got := env.GetHeader("Message-Id"); got != "<"+ref+">" {
		t.Errorf("Message-ID %q, want <%s>", got, ref)
	}
	if got := env.GetHeader("In-Reply-To"); got != "<abc@customer.example>" {
		t.Errorf("In-Reply-To %q", got)
	}
	if !strings.Contains(env.Text, "We confirm your order PO-7.") || !strings.Contains(env.HTML, "<b>PO-7</b>") {
		t.Errorf("text %q html %q", env.Text, env.HTML)
	}
	if len(env.Attachments) != 1 || env.Attachments[0].FileName != "confirmation-42-posted.pdf" ||
		env.Attachments[0].ContentType != "application/pdf" || !bytes.Equal(env.Attachments[0].Content, pdf) {
		t.Fatalf("attachments %+v", env.Attachments)
	}
}

func TestSendAnswerWithoutTextNamesTheFile(t *testing.T) {
	srv := smtptest.Start(t)
	s := sender(t, srv, "", "")
	edi := []byte("UNA:+.? 'UNB+UNOC:3+SUP+BUY+261127:1200+R1'")
	if _, err := s.SendAnswer(context.Background(), o2c.Answer{Kind: "ORDRSP", To: "edi@customer.example",
		Filename: "ORDRSP-7-posted.edi", Content: edi}); err != nil {
		t.Fatal(err)
	}
	env, err := enmime.ReadEnvelope(bytes.NewReader(srv.Wait(t, 1, 5*time.Second)[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(env.Text, "ORDRSP-7-posted.edi") || env.GetHeader("Subject") != "ORDRSP ORDRSP-7-posted.edi" {
		t.Errorf("subject %q text %q", env.GetHeader("Subject"), env.Text)
	}
	if len(env.Attachments) != 1 || !bytes.Equal(env.Attachments[0].Content, edi) {
		t.Fatalf("attachment %+v", env.Attachments)
	}
}

func TestSendAnswerFailures(t *testing.T) {
	srv := smtptest.Start(t)
	srv.Refuse("gone@customer.example")
	s := sender(t, srv, "", "")
	ctx := context.Background()
	a := o2c.Answer{Kind: "ORDRSP", Filename: "x.edi", Content: []byte("x")}

	a.To = "gone@customer.example"
	if _, err := s.SendAnswer(ctx, a); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Errorf("refused recipient: %v (%s), want invalid", err, o2c.ErrorCode(err))
	}
	a.To = ""
	if _, err := s.SendAnswer(ctx, a); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Errorf("no recipient: %v, want invalid", err)
	}
	a.To = "not an address"
	if _, err := s.SendAnswer(ctx, a); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Errorf("bad recipient: %v, want invalid", err)
	}

	// A server that is not there: try again later.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	p, _ := strconv.Atoi(port)
	down, err := outmail.New(outmail.Config{Host: "127.0.0.1", Port: p, TLS: "none", From: "orders@supplier.example", Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	a.To = "buyer@customer.example"
	if _, err := down.SendAnswer(ctx, a); o2c.ErrorCode(err) != o2c.CodeUnavailable {
		t.Errorf("server down: %v (%s), want unavailable", err, o2c.ErrorCode(err))
	}
	if n := len(srv.Mails()); n != 0 {
		t.Errorf("%d mails delivered, want none", n)
	}
}

func TestParseURL(t *testing.T) {
	cfg, err := outmail.ParseURL("smtp://o2c:pw@mail.example:2525?from=orders@supplier.example&tls=none", "")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Host != "mail.example" || cfg.Port != 2525 || cfg.Username != "o2c" || cfg.Password != "pw" ||
		cfg.From != "orders@supplier.example" || cfg.TLS != "none" {
		t.Errorf("%+v", cfg)
	}
	cfg, err = outmail.ParseURL("smtps://mail.example?from=orders@supplier.example", "fromenv")
	if err != nil || cfg.TLS != "tls" || cfg.Password != "fromenv" {
		t.Errorf("%+v %v", cfg, err)
	}
	for _, bad := range []string{"http://mail.example?from=a@b.c", "smtp://mail.example", "smtp://mail.example?from=a@b.c&tls=maybe",
		"smtp://mail.example:x?from=a@b.c", "smtp://u:secretpw@mail.example?from=nonsense"} {
		_, err := outmail.ParseURL(bad, "")
		if err == nil {
			t.Errorf("%s: no error", bad)
		} else if strings.Contains(err.Error(), "secretpw") {
			t.Errorf("%s: the error shows the password: %v", bad, err)
		}
	}
}
