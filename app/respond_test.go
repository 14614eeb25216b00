package app_test

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jhillyerd/enmime/v2"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/edi/edifact"
	"github.com/o2c-project/o2c/edi/x12"
	"github.com/o2c-project/o2c/outbox"
	"github.com/o2c-project/o2c/outmail"
	"github.com/o2c-project/o2c/outmail/smtptest"
	"github.com/o2c-project/o2c/ubl"
)

const corpus = "../../shared/corpus/public/"

// responder is a bundle whose answers go to a folder, and by mail to an SMTP server in the test.
type responder struct {
	*bundle
	answers string
	smtp    *smtptest.Server
}

func setupResponder(t *testing.T, withMail bool) *responder {
	t.Helper()
	b := setup(t)
	dir, err := outbox.Open(filepath.Join(t.TempDir(), "answers"))
	if err != nil {
		t.Fatal(err)
	}
	r := &responder{bundle: b, answers: dir.Path}
	router := app.AnswerRouter{Folder: outbox.Answers{Dir: dir}}
	if withMail {
		r.smtp = smtptest.Start(t)
		host, port, _ := net.SplitHostPort(r.smtp.Addr)
		p, _ := strconv.Atoi(port)
		if router.Mail, err = outmail.New(outmail.Config{Host: host, Port: p, TLS: "none", From: "orders@supplier.example"}); err != nil {
			t.Fatal(err)
		}
	}
	b.orders.Answers = router
	b.orders.Company = app.Company{Name: "Supplier SA", GLN: "5412345000013", Email: "orders@supplier.example"}
	return r
}

// receiveFile receives a corpus file by the folder and reads it.
func (r *responder) receiveFile(t *testing.T, rel string) *o2c.Order {
	t.Helper()
	content, err := os.ReadFile(corpus + rel)
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelFolder, Filename: filepath.Base(rel),
		Content: content, Actor: "folder"})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.orders.ProcessOrder(t.Context(), got.Orders[0].ID); err != nil {
		t.Fatal(err)
	}
	return r.order(t, got.Orders[0].ID)
}

// post approves an order in review and posts it.
func (r *responder) post(t *testing.T, o *o2c.Order) *o2c.Order {
	t.Helper()
	o, err := r.orders.Approve(t.Context(), o.ID, o.Version, "user:clerk", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.orders.PostOrder(t.Context(), o.ID); err != nil {
		t.Fatal(err)
	}
	if o = r.order(t, o.ID); o.Status != o2c.OrderPosted {
		t.Fatalf("order %d is %s, want posted", o.ID, o.Status)
	}
	return o
}

// respond checks that the response was queued, then runs the job twice, as a retry would.
func (r *responder) respond(t *testing.T, o *o2c.Order) {
	t.Helper()
	queued := false
	for _, j := range r.jobs.all(t) {
		queued = queued || j.Kind == "respond" && j.OrderID == o.ID
	}
	if !queued {
		t.Fatalf("no respond job queued for order %d (%s)", o.ID, o.Status)
	}
	for range 2 {
		if err := r.orders.Respond(t.Context(), o.ID, o.Status); err != nil {
			t.Fatal(err)
		}
	}
}

// onlyAnswer returns the one file in the answers folder.
func (r *responder) onlyAnswer(t *testing.T, prefix string) []byte {
	t.Helper()
	files, err := os.ReadDir(r.answers)
	var names []string
	for _, f := range files {
		if strings.HasPrefix(f.Name(), prefix) {
			names = append(names, f.Name())
		}
	}
	if err != nil || len(names) != 1 {
		t.Fatalf("answers folder holds %v (%v), want one %s", names, err, prefix)
	}
	b, err := os.ReadFile(filepath.Join(r.answers, names[0]))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// answeredOnce checks the order's history records the answer once, and returns its note.
func answeredOnce(t *testing.T, events []o2c.AuditEvent, action, kind string) string {
	t.Helper()
	var notes []string
	for _, e := range events {
		var rec struct{ Kind string }
		if e.Action == action && json.Unmarshal(e.After, &rec) == nil && rec.Kind == kind {
			notes = append(notes, e.Note)
		}
	}
	if len(notes) != 1 {
		t.Fatalf("history records %d %s %s events (%v), want one", len(notes), action, kind, notes)
	}
	return notes[0]
}

// TestRespondEDIFACTChangedOrder: a person corrects the quantity of an EDIFACT order; once the ERP
// took it, an ORDRSP goes back to the interchange's sender saying "changed", with the quantity
// ordered and the quantity we deliver, and our parser reads it.
func TestRespondEDIFACTChangedOrder(t *testing.T) {
	t.Parallel()
	r := setupResponder(t, false)
	const file = "edifact/bots-plugins/ORDERS_D96A_EAN008_order03.edi"
	orig, err := os.ReadFile(corpus + file)
	if err != nil {
		t.Fatal(err)
	}
	in, err := edifact.Parse(orig)
	if err != nil {
		t.Fatal(err)
	}
	o := r.receiveFile(t, file)
	if o.Status != o2c.OrderNeedsReview || len(o.Draft.Lines) != 1 {
		t.Fatalf("order is %s with %d lines, want one line in review", o.Status, len(o.Draft.Lines))
	}
	ordered := *o.Draft.Lines[0].Quantity
	d := *o.Draft
	d.Lines = append([]o2c.DraftLine(nil), d.Lines...)
	more := ordered.Add(decimal.NewFromInt(2))
	d.Lines[0].Quantity = &more
	o, err = r.orders.Correct(t.Context(), o.ID, o.Version, "user:clerk", &d)
	if err != nil {
		t.Fatal(err)
	}
	o = r.post(t, o)
	r.respond(t, o)

	ic, err := edifact.Parse(r.onlyAnswer(t, "ORDRSP-"))
	if err != nil {
		t.Fatalf("our ORDRSP does not parse: %v", err)
	}
	if ic.Recipient.ID != in.Sender.ID || ic.Sender.ID != in.Recipient.ID {
		t.Errorf("ORDRSP from %s to %s, want from %s to %s", ic.Sender.ID, ic.Recipient.ID, in.Recipient.ID, in.Sender.ID)
	}
	m := ic.Messages[0]
	seg := func(tag string) []string {
		var out []string
		for _, s := range m.Segments {
			if s.Tag == tag {
				out = append(out, s.String())
			}
		}
		return out
	}
	if m.Type != "ORDRSP" || !strings.Contains(strings.Join(seg("BGM"), ""), "+4") {
		t.Errorf("message %s BGM %v, want an ORDRSP with function 4 (changed)", m.Type, seg("BGM"))
	}
	if rff := strings.Join(seg("RFF"), ""); !strings.Contains(rff, "ON:"+o.Draft.PONumber) {
		t.Errorf("RFF %s does not name order %s", rff, o.Draft.PONumber)
	}
	qty := strings.Join(seg("QTY"), " ")
	if !strings.Contains(qty, "21:"+ordered.String()) || !strings.Contains(qty, "113:"+more.String()) {
		t.Errorf("QTY %s, want 21:%s ordered and 113:%s delivered", qty, ordered, more)
	}
	if lin := strings.Join(seg("LIN"), ""); !strings.Contains(lin, "LIN+1+3") {
		t.Errorf("LIN %s, want action 3 (changed)", lin)
	}
	note := answeredOnce(t, r.events(t, o.ID), "answered", "ORDRSP")
	if !strings.Contains(note, "ORDRSP (changed)") {
		t.Errorf("history note %q", note)
	}
}

// TestRespondX12Rejected: a rejected 850 is answered with an 855 RD whose lines are all IR,
// addressed back to the sender in its version.
func TestRespondX12Rejected(t *testing.T) {
	t.Parallel()
	r := setupResponder(t, false)
	const file = "x12/bots-plugins/850-004010-01.x12"
	orig, err := os.ReadFile(corpus + file)
	if err != nil {
		t.Fatal(err)
	}
	in, err := x12.Parse(orig)
	if err != nil {
		t.Fatal(err)
	}
	o := r.receiveFile(t, file)
	o, err = r.orders.Reject(t.Context(), o.ID, o.Version, "user:clerk", "we do not deliver to this address")
	if err != nil {
		t.Fatal(err)
	}
	r.respond(t, o)
	ic, err := x12.Parse(r.onlyAnswer(t, "855-"))
	if err != nil {
		t.Fatalf("our 855 does not parse: %v", err)
	}
	if ic.ReceiverID != in.SenderID || ic.SenderID != in.ReceiverID || ic.Version != in.Version {
		t.Errorf("855 from %s to %s version %s, want from %s to %s version %s", ic.SenderID, ic.ReceiverID, ic.Version,
			in.ReceiverID, in.SenderID, in.Version)
	}
	set := ic.Groups[0].Sets[0]
	var acks []string
	for _, s := range set.Segments {
		switch s.ID {
		case "BAK":
			if s.Element(2) != "RD" || s.Element(3) != o.Draft.PONumber {
				t.Errorf("BAK %v, want RD for PO %s", s.Elements, o.Draft.PONumber)
			}
		case "ACK":
			acks = append(acks, s.Element(1))
		}
	}
	if len(acks) != len(o.Draft.Lines) || len(acks) == 0 {
		t.Fatalf("855 answers %d lines, the order has %d", len(acks), len(o.Draft.Lines))
	}
	for i, a := range acks {
		if a != "IR" {
			t.Errorf("line %d: ACK01 %s, want IR", i+1, a)
		}
	}
	answeredOnce(t, r.events(t, o.ID), "answered", "855")
}

// TestRespondUBLAccepted: a Peppol order posted as ordered is answered with an Order Response AP
// from the seller the order named to its buyer.
func TestRespondUBLAccepted(t *testing.T) {
	t.Parallel()
	r := setupResponder(t, false)
	const file = "ubl/peppol-ordering/order/Order_Example.xml"
	orig, err := os.ReadFile(corpus + file)
	if err != nil {
		t.Fatal(err)
	}
	seller, buyer, err := ubl.OrderParties(orig)
	if err != nil {
		t.Fatal(err)
	}
	o := r.post(t, r.receiveFile(t, file))
	r.respond(t, o)
	resp, err := ubl.ParseOrderResponse(r.onlyAnswer(t, "OrderResponse-"))
	if err != nil {
		t.Fatalf("our order response does not parse: %v", err)
	}
	if resp.Code != ubl.ResponseAccepted || resp.OrderID != o.Draft.PONumber || resp.Seller.Endpoint != seller.Endpoint ||
		resp.Buyer.Endpoint != buyer.Endpoint || len(resp.Lines) != 0 {
		t.Errorf("response %+v, want AP for %s from %v to %v", resp, o.Draft.PONumber, seller.Endpoint, buyer.Endpoint)
	}
	answeredOnce(t, r.events(t, o.ID), "answered", "OrderResponse")
}

// mailOrder receives a clean canonical order attached to a mail and processes it to posted.
func (r *responder) mailOrder(t *testing.T, po string) *o2c.Order {
	t.Helper()
	content, err := json.Marshal(r.cleanDraft(t, po, 0))
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelEmail, Sender: "buyer@kantinen.example",
		Filename: "order.json", Content: content, NaturalKey: "email:" + po + "@kantinen.example:0123", Actor: "mailbox"})
	if err != nil {
		t.Fatal(err)
	}
	id := got.Orders[0].ID
	if err := r.orders.ProcessOrder(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if err := r.orders.PostOrder(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	o := r.order(t, id)
	if o.Status != o2c.OrderPosted {
		t.Fatalf("order %s is %s (%v), want posted", po, o.Status, o.Anomalies)
	}
	return o
}

// TestRespondByMailWithPDF: an order that came by mail is confirmed by mail, once, in the
// sender's thread, with a readable summary and the confirmation as PDF.
func TestRespondByMailWithPDF(t *testing.T) {
	t.Parallel()
	r := setupResponder(t, true)
	o := r.mailOrder(t, "PO-MAIL-1")
	r.respond(t, o)
	mails := r.smtp.Wait(t, 1, 10*time.Second)
	time.Sleep(100 * time.Millisecond) // a second mail, if one were sent, would have arrived
	if n := len(r.smtp.Mails()); n != 1 {
		t.Fatalf("%d mails sent, want one", n)
	}
	if got := mails[0].To; len(got) != 1 || got[0] != "buyer@kantinen.example" {
		t.Errorf("mail to %v", got)
	}
	env, err := enmime.ReadEnvelope(bytes.NewReader(mails[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if got := env.GetHeader("In-Reply-To"); got != "<PO-MAIL-1@kantinen.example>" {
		t.Errorf("In-Reply-To %q", got)
	}
	if !strings.Contains(env.GetHeader("Subject"), "PO-MAIL-1") || !strings.Contains(env.Text, "PO-MAIL-1") {
		t.Errorf("subject %q / text %q do not name the order", env.GetHeader("Subject"), env.Text)
	}
	for _, l := range o.Lines {
		if !strings.Contains(env.Text, l.SKU) {
			t.Errorf("the summary does not list %s:\n%s", l.SKU, env.Text)
		}
	}
	if len(env.Attachments) != 1 || !bytes.HasPrefix(env.Attachments[0].Content, []byte("%PDF-")) ||
		env.Attachments[0].ContentType != "application/pdf" {
		t.Fatalf("attachments %v, want the confirmation PDF", env.Attachments)
	}
	answeredOnce(t, r.events(t, o.ID), "answered", "confirmation")
}

// TestRespondWithoutSMTPTellsTheHistory: with no SMTP server configured, a mail order's
// confirmation cannot go; the order's history says why, once, and the job does not fail.
func TestRespondWithoutSMTPTellsTheHistory(t *testing.T) {
	t.Parallel()
	r := setupResponder(t, false)
	o := r.mailOrder(t, "PO-MAIL-2")
	r.respond(t, o)
	note := answeredOnce(t, r.events(t, o.ID), "answer_failed", "confirmation")
	if !strings.Contains(note, "no SMTP server is configured") {
		t.Errorf("note %q does not give the cause", note)
	}
}

// TestRespondNotForAPIOrders: an order an API client sent gets no response job: the client reads
// the order's status.
func TestRespondNotForAPIOrders(t *testing.T) {
	t.Parallel()
	r := setupResponder(t, true)
	o := r.approvedOrder(t, "PO-API-1", 0)
	if err := r.orders.PostOrder(t.Context(), o.ID); err != nil {
		t.Fatal(err)
	}
	for _, j := range r.jobs.all(t) {
		if j.Kind == "respond" {
			t.Fatalf("a respond job was queued for an API order: %+v", j)
		}
	}
}
