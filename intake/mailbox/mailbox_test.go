package mailbox_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/intake"
	"github.com/o2c-project/o2c/intake/email"
	"github.com/o2c-project/o2c/intake/mailbox"
)

const (
	user     = "orders@supplier.example"
	password = "s3cret"
)

// recorder is a sink that keeps what it stored. fail, when set, answers a delivery instead.
type recorder struct {
	mu   sync.Mutex
	got  []intake.Delivery
	fail func(d intake.Delivery) error
	took chan intake.Delivery
}

func newRecorder() *recorder { return &recorder{took: make(chan intake.Delivery, 64)} }

func (r *recorder) sink(_ context.Context, d intake.Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		if err := r.fail(d); err != nil {
			return err
		}
	}
	r.got = append(r.got, d)
	r.took <- d
	return nil
}

func (r *recorder) setFail(f func(d intake.Delivery) error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fail = f
}

func (r *recorder) deliveries() []intake.Delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]intake.Delivery(nil), r.got...)
}

// server is a real IMAP server in the test process: imapmemserver behind imapserver.
type server struct {
	mem  *imapmemserver.Server
	user *imapmemserver.User
	srv  *imapserver.Server
	addr string
}

// startServer serves on addr ("127.0.0.1:0" for any port) with caps, or the usual ones.
func startServer(t *testing.T, mem *imapmemserver.Server, addr string, caps imap.CapSet) *server {
	t.Helper()
	if caps == nil {
		caps = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapMove: {}, imap.CapUIDPlus: {}}
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
		Logger:       discardLogger{},
		DebugWriter:  debugWriter(),
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return &server{mem: mem, srv: srv, addr: ln.Addr().String()}
}

// debugWriter shows the IMAP traffic on stderr when IMAPDEBUG is set.
func debugWriter() io.Writer {
	if os.Getenv("IMAPDEBUG") != "" {
		return os.Stderr
	}
	return nil
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}

type bundle struct {
	server *server
	sink   *recorder
	state  *mailbox.MemoryState
	admin  *imapclient.Client // the test's own client, as a mail server delivering mail would be
}

func setup(t *testing.T, caps imap.CapSet) *bundle {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, password)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(u)
	s := startServer(t, mem, "127.0.0.1:0", caps)
	s.user = u
	return &bundle{server: s, sink: newRecorder(), state: &mailbox.MemoryState{}, admin: adminClient(t, s.addr)}
}

func adminClient(t *testing.T, addr string) *imapclient.Client {
	t.Helper()
	admin, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = admin.Close() })
	if err := admin.Login(user, password).Wait(); err != nil {
		t.Fatal(err)
	}
	return admin
}

func (b *bundle) mailbox(t *testing.T, edit ...func(*mailbox.Config)) *mailbox.Mailbox {
	t.Helper()
	cfg := mailbox.Config{
		Name: "orders", Addr: b.server.addr, TLS: mailbox.TLSNone, Username: user, Password: password,
		Poll: time.Hour, Sink: b.sink.sink, State: b.state,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	for _, e := range edit {
		e(&cfg)
	}
	m, err := mailbox.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// appendMail delivers raw into folder with APPEND, as a mail server would, and returns its UID.
func (b *bundle) appendMail(t *testing.T, folder string, raw []byte) imap.UID {
	t.Helper()
	cmd := b.admin.Append(folder, int64(len(raw)), nil)
	if _, err := cmd.Write(raw); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := cmd.Wait()
	if err != nil {
		t.Fatalf("append to %s: %v", folder, err)
	}
	return data.UID
}

// messages returns the Message-IDs of the messages in folder; nil when the folder is missing.
func (b *bundle) messages(t *testing.T, folder string) []string {
	t.Helper()
	if _, err := b.admin.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return nil
	}
	defer func() { _ = b.admin.Unselect().Wait() }()
	bufs, err := b.admin.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{Envelope: true, Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{}
	for _, buf := range bufs {
		if buf.Envelope != nil {
			ids = append(ids, buf.Envelope.MessageID)
		}
	}
	return ids
}

// order builds a mail with a PDF and a CSV attachment whose contents depend on n.
func order(n int) []byte {
	return []byte(strings.ReplaceAll(fmt.Sprintf(`Message-ID: <order-%[1]d@acme.example>
From: Anna Buyer <buyer@acme.example>
To: orders@supplier.example
Subject: Order %[1]d
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain

Order %[1]d attached.
--b
Content-Type: application/pdf; name="order-%[1]d.pdf"
Content-Disposition: attachment; filename="order-%[1]d.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--b
Content-Type: text/csv; name="lines-%[1]d.csv"
Content-Disposition: attachment; filename="lines-%[1]d.csv"
Content-Transfer-Encoding: base64

%[2]s
--b--
`, n, b64(fmt.Sprintf("sku;qty\nA-%d;%d\n", n, n*10))), "\n", "\r\n"))
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestOnceDeliversAndMoves(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.appendMail(t, "INBOX", order(1))
	b.appendMail(t, "INBOX", order(2))
	m := b.mailbox(t)

	if err := m.Once(context.Background()); err != nil {
		t.Fatalf("Once: %v", err)
	}
	got := b.sink.deliveries()
	want := []struct{ name, content string }{
		{"order-1.pdf", "%PDF-1.4\n"}, {"lines-1.csv", "sku;qty\nA-1;10\n"},
		{"order-2.pdf", "%PDF-1.4\n"}, {"lines-2.csv", "sku;qty\nA-2;20\n"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d deliveries, want %d", len(got), len(want))
	}
	for i, w := range want {
		d := got[i]
		if d.Filename != w.name || string(d.Content) != w.content || d.Sender != "buyer@acme.example" || d.Channel != o2c.ChannelEmail {
			t.Errorf("delivery %d: %q %q from %q, want %q %q", i, d.Filename, d.Content, d.Sender, w.name, w.content)
		}
		if !strings.HasPrefix(d.NaturalKey, fmt.Sprintf("email:order-%d@acme.example:", i/2+1)) {
			t.Errorf("delivery %d: key %q", i, d.NaturalKey)
		}
	}
	if in, done := b.messages(t, "INBOX"), b.messages(t, "o2c/processed"); len(in) != 0 || len(done) != 2 {
		t.Errorf("INBOX holds %v and o2c/processed %v; want nothing and both", in, done)
	}
	if failed := b.messages(t, "o2c/failed"); failed == nil || len(failed) != 0 {
		t.Errorf("o2c/failed is %v, want an empty folder", failed)
	}

	if err := m.Once(context.Background()); err != nil {
		t.Fatalf("second Once: %v", err)
	}
	if n := len(b.sink.deliveries()); n != 4 {
		t.Errorf("second round delivered %d more", n-4)
	}
}

func TestOnceSetsAsideUnsplittableMail(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	var huge bytes.Buffer
	huge.WriteString("Message-ID: <parts@acme.example>\r\nContent-Type: multipart/mixed; boundary=p\r\n\r\n")
	for i := range 1001 {
		fmt.Fprintf(&huge, "--p\r\nContent-Type: text/csv\r\n\r\n%d\r\n", i)
	}
	huge.WriteString("--p--\r\n")
	b.appendMail(t, "INBOX", huge.Bytes())
	b.appendMail(t, "INBOX", order(3))

	if err := b.mailbox(t).Once(context.Background()); err != nil {
		t.Fatalf("Once: %v", err)
	}
	if failed := b.messages(t, "o2c/failed"); len(failed) != 1 || failed[0] != "parts@acme.example" {
		t.Errorf("o2c/failed holds %v, want the 1001-part mail", failed)
	}
	if done := b.messages(t, "o2c/processed"); len(done) != 1 || done[0] != "order-3@acme.example" {
		t.Errorf("o2c/processed holds %v, want the next mail, taken all the same", done)
	}
	got := b.sink.deliveries()
	if len(got) != 3 {
		t.Fatalf("sink got %d deliveries, want the whole unsplittable mail and the 2 of the good one", len(got))
	}
	whole := got[0]
	if whole.Filename != "message.eml" || !bytes.Contains(whole.Content, []byte("parts@acme.example")) ||
		!strings.HasPrefix(whole.NaturalKey, "email:raw:") {
		t.Errorf("first delivery %q (key %q), want the unsplittable mail stored whole", whole.Filename, whole.NaturalKey)
	}
}

func TestOnceRetriesTransientSinkFailure(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.appendMail(t, "INBOX", order(1))
	b.appendMail(t, "INBOX", order(2))
	down := errors.New("database is down")
	b.sink.setFail(func(d intake.Delivery) error {
		if d.Filename == "lines-2.csv" {
			return down
		}
		return nil
	})
	m := b.mailbox(t)

	if err := m.Once(context.Background()); !errors.Is(err, down) {
		t.Fatalf("Once: got %v, want the sink's error", err)
	}
	if in := b.messages(t, "INBOX"); len(in) != 1 || in[0] != "order-2@acme.example" {
		t.Fatalf("INBOX holds %v, want the mail whose delivery failed", in)
	}

	b.sink.setFail(nil)
	if err := m.Once(context.Background()); err != nil {
		t.Fatalf("second Once: %v", err)
	}
	if in, done := b.messages(t, "INBOX"), b.messages(t, "o2c/processed"); len(in) != 0 || len(done) != 2 {
		t.Errorf("INBOX holds %v and o2c/processed %v; want nothing and both", in, done)
	}
	var names []string
	for _, d := range b.sink.deliveries() {
		names = append(names, d.Filename)
	}
	// order-2.pdf was stored before lines-2.csv failed: it comes again, and the sink's
	// natural key makes that a no-op.
	if want := "order-1.pdf lines-1.csv order-2.pdf order-2.pdf lines-2.csv"; strings.Join(names, " ") != want {
		t.Errorf("sink got %v, want %s", names, want)
	}
}

func TestOnceRefusedDeliveryDoesNotBlock(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	b.appendMail(t, "INBOX", order(1))
	b.sink.setFail(func(d intake.Delivery) error {
		if strings.HasSuffix(d.Filename, ".pdf") {
			return o2c.Errorf(o2c.CodeInvalid, "not a PDF we can read")
		}
		return nil
	})
	if err := b.mailbox(t).Once(context.Background()); err != nil {
		t.Fatalf("Once: %v", err)
	}
	if done := b.messages(t, "o2c/processed"); len(done) != 1 {
		t.Errorf("o2c/processed holds %v, want the mail", done)
	}
	if got := b.sink.deliveries(); len(got) != 1 || got[0].Filename != "lines-1.csv" {
		t.Errorf("sink stored %v, want the CSV", got)
	}
}

// Without MOVE, a message is copied, flagged \Deleted and expunged by its UID alone; without
// UIDPLUS it is only flagged. Either way, a message a person flagged \Deleted is not expunged.
func TestOnceMovesWithoutMOVE(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name  string
		caps  imap.CapSet
		inbox []string // what stays in INBOX
	}{
		{"UIDPLUS", imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapUIDPlus: {}}, []string{"person@acme.example"}},
		{"NoUIDPLUS", imap.CapSet{imap.CapIMAP4rev1: {}}, []string{"person@acme.example", "order-5@acme.example"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, tt.caps)
			b.appendMail(t, "INBOX", []byte("Message-ID: <person@acme.example>\r\nSubject: to delete\r\n\r\nhi\r\n"))
			sel, err := b.admin.Select("INBOX", nil).Wait()
			if err != nil {
				t.Fatal(err)
			}
			flag := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}}
			if err := b.admin.Store(imap.SeqSetNum(1), flag, nil).Close(); err != nil {
				t.Fatal(err)
			}
			if err := b.admin.Unselect().Wait(); err != nil {
				t.Fatal(err)
			}
			// The person's message is older than what o2c looks at.
			if err := b.state.Save(context.Background(), "orders", sel.UIDValidity, 1); err != nil {
				t.Fatal(err)
			}
			b.appendMail(t, "INBOX", order(5))

			if err := b.mailbox(t).Once(context.Background()); err != nil {
				t.Fatalf("Once: %v", err)
			}
			if done := b.messages(t, "o2c/processed"); len(done) != 1 || done[0] != "order-5@acme.example" {
				t.Errorf("o2c/processed holds %v, want the order", done)
			}
			if in := b.messages(t, "INBOX"); strings.Join(in, " ") != strings.Join(tt.inbox, " ") {
				t.Errorf("INBOX holds %v, want %v", in, tt.inbox)
			}
			if n := len(b.sink.deliveries()); n != 2 {
				t.Errorf("sink got %d deliveries, want 2", n)
			}
		})
	}
}

// TestOnceRecordsTooLargeMail: a mail over the size limit is never fetched; it is moved to
// o2c/failed whole, and the sink gets a note saying where it is, marked unreadable with the cause,
// so that the order desk learns of it.
func TestOnceRecordsTooLargeMail(t *testing.T) {
	t.Parallel()
	b := setup(t, nil)
	big := append([]byte("Message-ID: <big@acme.example>\r\nSubject: scans\r\n\r\n"), bytes.Repeat([]byte("0123456789abcdef\r\n"), email.MaxSize/18+10)...)
	uid := b.appendMail(t, "INBOX", big)
	b.appendMail(t, "INBOX", order(4))
	if err := b.mailbox(t).Once(context.Background()); err != nil {
		t.Fatalf("Once: %v", err)
	}
	if failed := b.messages(t, "o2c/failed"); len(failed) != 1 || failed[0] != "big@acme.example" {
		t.Errorf("o2c/failed holds %v, want the large mail", failed)
	}
	got := b.sink.deliveries()
	if len(got) != 3 {
		t.Fatalf("sink got %d deliveries, want the note and the 2 of the good mail", len(got))
	}
	note := got[0]
	want := fmt.Sprintf("larger than the 50 MB o2c takes; it was left untouched in the mail folder o2c/failed (mailbox orders, UID %d)", uid)
	if !strings.Contains(note.Unreadable, want) || !bytes.Contains(note.Content, []byte(want)) || len(note.Content) > 1000 {
		t.Errorf("note %q (%d bytes), want the cause %q", note.Unreadable, len(note.Content), want)
	}
}
