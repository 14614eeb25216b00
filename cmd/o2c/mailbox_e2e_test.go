package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/jhillyerd/enmime/v2"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/intake/mailbox"
	"github.com/o2c-project/o2c/outmail"
	"github.com/o2c-project/o2c/outmail/smtptest"
)

type quietIMAPLog struct{}

func (quietIMAPLog) Printf(string, ...any) {}

// imapServer is a real IMAP server in the test process, with one user and an INBOX.
func imapServer(t *testing.T, user, password string) string {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, password)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapMove: {}, imap.CapUIDPlus: {}},
		InsecureAuth: true,
		Logger:       quietIMAPLog{},
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

func messageCount(t *testing.T, c *imapclient.Client, folder string) int {
	t.Helper()
	data, err := c.Status(folder, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		return -1
	}
	return int(*data.NumMessages)
}

// TestMailboxToPostedOrder sends a customer's mail with its order attached to a real IMAP server;
// a running o2c takes it from the mailbox, verifies the order, posts it to the ERP, and moves the
// mail to o2c/processed, and confirms the order to the sender by mail through a real SMTP server,
// with the confirmation PDF attached. The mailbox state is in the database.
func TestMailboxToPostedOrder(t *testing.T) {
	t.Parallel()
	addr := imapServer(t, "orders", "pw")
	var draft o2c.OrderDraft
	for _, d := range demo.Orders(cal.DateOf(time.Now().UTC())) {
		if len(d.Expect) == 0 && d.Draft.Buyer != nil && d.Draft.Buyer.VATID != "" {
			draft = d.Draft
			break
		}
	}
	attachment, err := json.Marshal(draft)
	if err != nil {
		t.Fatal(err)
	}
	mail := strings.ReplaceAll(fmt.Sprintf(`Message-ID: <po-mail-1@customer.example>
From: Purchasing <purchasing@customer.example>
To: orders@supplier.example
Subject: Order %s
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

Please find our order attached.
--b
Content-Type: application/json; name="order.json"
Content-Disposition: attachment; filename="order.json"

%s
--b--
`, draft.PONumber, attachment), "\n", "\r\n")
	admin, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if err := admin.Login("orders", "pw").Wait(); err != nil {
		t.Fatal(err)
	}
	appendCmd := admin.Append("INBOX", int64(len(mail)), nil)
	if _, err := appendCmd.Write([]byte(mail)); err != nil {
		t.Fatal(err)
	}
	if err := appendCmd.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := appendCmd.Wait(); err != nil {
		t.Fatal(err)
	}

	box, err := parseMailboxURL("imap+plain://orders:pw@"+addr+"/INBOX", "")
	if err != nil {
		t.Fatal(err)
	}
	box.Poll = 200 * time.Millisecond
	smtp := smtptest.Start(t)
	out, err := outmail.ParseURL("smtp://"+smtp.Addr+"?from=orders@supplier.example&tls=none", "")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := runningStack(t, stackParams{inbox: "-", mailboxes: []mailbox.Config{box}, smtp: &out, workers: 4})
	ctx := t.Context()

	deadline := time.Now().Add(30 * time.Second)
	for {
		orders, _, err := s.orders.List(ctx, o2c.OrderFilter{Channel: o2c.ChannelEmail})
		if err != nil {
			t.Fatal(err)
		}
		if len(orders) == 1 && orders[0].Status == o2c.OrderPosted {
			if orders[0].PONumber != draft.PONumber || orders[0].Sender != "purchasing@customer.example" {
				t.Fatalf("posted order PO %q from %q", orders[0].PONumber, orders[0].Sender)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s the mailed order is not posted: %d orders, first %+v", len(orders), orders)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := messageCount(t, admin, "INBOX"); n != 0 {
		t.Fatalf("INBOX still holds %d messages", n)
	}
	if n := messageCount(t, admin, "o2c/processed"); n != 1 {
		t.Fatalf("o2c/processed holds %d messages, want the one taken", n)
	}
	state, err := s.db.FindMailboxState(ctx, box.Name)
	if err != nil || state.LastUID == 0 {
		t.Fatalf("mailbox state in the database: %+v, %v", state, err)
	}

	sent := smtp.Wait(t, 1, 30*time.Second)[0]
	if len(sent.To) != 1 || sent.To[0] != "purchasing@customer.example" {
		t.Fatalf("confirmation sent to %v", sent.To)
	}
	env, err := enmime.ReadEnvelope(bytes.NewReader(sent.Data))
	if err != nil {
		t.Fatal(err)
	}
	if env.GetHeader("In-Reply-To") != "<po-mail-1@customer.example>" || !strings.Contains(env.GetHeader("Subject"), draft.PONumber) {
		t.Errorf("confirmation In-Reply-To %q, subject %q", env.GetHeader("In-Reply-To"), env.GetHeader("Subject"))
	}
	if len(env.Attachments) != 1 || !bytes.HasPrefix(env.Attachments[0].Content, []byte("%PDF-")) {
		t.Errorf("confirmation attachments %v, want the PDF", env.Attachments)
	}
}
