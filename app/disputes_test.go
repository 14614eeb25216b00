package app_test

import (
	"bytes"
	"io"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jhillyerd/enmime/v2"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/archive"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/outmail"
	"github.com/o2c-project/o2c/outmail/smtptest"
)

// dunningBundle is an invoice service whose clock a test moves, its disputes and reminders,
// and a real SMTP server that keeps what it is sent.
type dunningBundle struct {
	*bundle
	inv       *app.Invoices
	disputes  *app.Disputes
	reminders *app.Reminders
	smtp      *smtptest.Server
	clock     atomic.Int64 // unix seconds of the invoice service's now
}

// bistrot is a French customer: its reminders are in French.
const bistrot = "C10001"

func setupDunning(t *testing.T) *dunningBundle {
	t.Helper()
	b := &dunningBundle{bundle: setup(t), smtp: smtptest.Start(t)}
	b.clock.Store(now.Unix())
	host, port, _ := net.SplitHostPort(b.smtp.Addr)
	p, _ := strconv.Atoi(port)
	mail, err := outmail.New(outmail.Config{Host: host, Port: p, TLS: "none", From: "billing@supplier.example"})
	if err != nil {
		t.Fatal(err)
	}
	b.inv = app.NewInvoices(b.store, testSeller())
	b.inv.Now = func() time.Time { return time.Unix(b.clock.Load(), 0).UTC() }
	b.inv.Mail, b.inv.Log = mail, slog.New(slog.NewTextHandler(io.Discard, nil))
	b.disputes = app.NewDisputes(b.inv, archive.New(t.TempDir(), b.store))
	b.reminders = app.NewReminders(b.inv)
	if _, err := b.inv.SaveSettings(t.Context(), o2c.InvoicingSettings{CustomerID: bistrot, Mode: o2c.InvoicePerOrder,
		Format: o2c.FormatFacturX, Email: "compta@bistrot.example", Reminders: true}, "test"); err != nil {
		t.Fatal(err)
	}
	return b
}

// on moves the invoice service's clock to a day.
func (b *dunningBundle) on(d cal.Date) {
	b.clock.Store(time.Date(d.Year, d.Month, d.Day, 9, 0, 0, 0, time.UTC).Unix())
}

// issue issues a manual invoice to bistrot of lines at 20 % VAT, one net price each.
func (b *dunningBundle) issue(t *testing.T, nets ...string) *o2c.Invoice {
	t.Helper()
	var lines []app.ManualLine
	for i, n := range nets {
		lines = append(lines, app.ManualLine{Description: "Service " + strconv.Itoa(i+1), Quantity: decimal.NewFromInt(1),
			UnitPrice: decimal.RequireFromString(n), VATRate: decimalp("20")})
	}
	inv, err := b.inv.IssueManual(t.Context(), app.ManualInvoice{CustomerID: bistrot, Lines: lines}, "user:ar@example.com")
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func (b *dunningBundle) invoice(t *testing.T, id int64) *o2c.Invoice {
	t.Helper()
	inv, err := b.store.FindInvoiceByID(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// run runs the reminders of a day and returns what it reported due, as "number level amount".
func (b *dunningBundle) run(t *testing.T, day cal.Date) []string {
	t.Helper()
	r, err := b.reminders.Run(t.Context(), day)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range r.Due {
		if !d.Sent {
			t.Fatalf("reminder %+v not sent: %s", d.Reminder, d.Error)
		}
		out = append(out, d.Reminder.Number+" "+string(d.Reminder.Level)+" "+d.Reminder.Amount.StringFixed(2))
	}
	return out
}

// mailsAbout returns the text of the mails received whose subject names number.
func (b *dunningBundle) mailsAbout(t *testing.T, number string) []*enmime.Envelope {
	t.Helper()
	var out []*enmime.Envelope
	for _, m := range b.smtp.Mails() {
		env, err := enmime.ReadEnvelope(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(env.GetHeader("Subject"), number) {
			out = append(out, env)
		}
	}
	return out
}

func q(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestDisputeLifecycleAndReminders: an overdue invoice gets the friendly reminder by mail; a
// disputed one none until the dispute is rejected, then at the next run; a paid one never; a
// partly disputed one is reminded of its undisputed part only; a second run the same day sends
// nothing new; resolutions by write-off and credit note lower what later reminders ask.
func TestDisputeLifecycleAndReminders(t *testing.T) {
	t.Parallel()
	b := setupDunning(t)
	plain, wholly, paid, partly, byLine := b.issue(t, "100.00"), b.issue(t, "100.00"), b.issue(t, "100.00"),
		b.issue(t, "100.00"), b.issue(t, "100.00", "50.00")
	due := plain.DueDate
	if due.IsZero() || !plain.GrossTotal.Equal(q("120")) || !byLine.GrossTotal.Equal(q("180")) {
		t.Fatalf("invoice %+v, want 120.00 with a due date", plain)
	}

	// Paid in full (as a payment would record it).
	inv := b.invoice(t, paid.ID)
	inv.AmountPaid, inv.Status = inv.AmountDue, o2c.InvoicePaid
	if err := b.store.InTx(t.Context(), func(tx o2c.Tx) error { return tx.UpdateInvoice(t.Context(), inv) }); err != nil {
		t.Fatal(err)
	}

	// Disputes: the whole invoice, 20.00 of one, and the 50.00 line (60.00 with VAT) of another.
	whole, err := b.disputes.Open(t.Context(), app.OpenParams{InvoiceID: wholly.ID, Reason: o2c.DisputeDamaged,
		Comment: "Half the cups arrived broken."}, "user:ann")
	if err != nil {
		t.Fatal(err)
	}
	part, err := b.disputes.Open(t.Context(), app.OpenParams{InvoiceID: partly.ID, Reason: o2c.DisputePrice,
		Amount: q("20.00"), Owner: "ann@supplier.example"}, "user:ann")
	if err != nil {
		t.Fatal(err)
	}
	line, err := b.disputes.Open(t.Context(), app.OpenParams{InvoiceID: byLine.ID, Reason: o2c.DisputeNotReceived,
		Lines: []o2c.DisputeLine{{LineID: "2"}}}, "user:ann")
	if err != nil {
		t.Fatal(err)
	}
	if !whole.Amount.Equal(q("120")) || !line.Amount.Equal(q("60")) || len(whole.Comments) != 1 ||
		whole.Comments[0].Author != "user:ann" || whole.Status != o2c.DisputeOpen {
		t.Fatalf("disputes %+v / %+v: want 120.00 with its comment, and 60.00 for line 2", whole, line)
	}
	for _, tt := range []struct {
		id       int64
		disputed string
	}{{wholly.ID, "120.00"}, {partly.ID, "20.00"}, {byLine.ID, "60.00"}} {
		if got := b.invoice(t, tt.id); got.Status != o2c.InvoiceDisputed || got.AmountDisputed.StringFixed(2) != tt.disputed {
			t.Fatalf("invoice %s is %s with %s disputed, want disputed %s", got.Number, got.Status, got.AmountDisputed, tt.disputed)
		}
	}

	// Ten days overdue: friendly reminders, by real SMTP.
	day1 := due.AddDays(10)
	b.on(day1)
	got := b.run(t, day1)
	want := []string{plain.Number + " friendly 120.00", partly.Number + " friendly 100.00", byLine.Number + " friendly 120.00"}
	if !slices.Equal(got, want) {
		t.Fatalf("first run sent %q, want %q", got, want)
	}
	b.smtp.Wait(t, 3, 5*time.Second)
	if n := len(b.mailsAbout(t, wholly.Number)) + len(b.mailsAbout(t, paid.Number)); n != 0 {
		t.Fatalf("%d reminders of the disputed and the paid invoices, want none", n)
	}
	mails := b.mailsAbout(t, partly.Number)
	if len(mails) != 1 || !strings.Contains(mails[0].Text, "100,00\u00a0€") || !strings.Contains(mails[0].Text, "20,00\u00a0€") ||
		!strings.Contains(mails[0].Text, "contestez") || !strings.Contains(mails[0].GetHeader("To"), "compta@bistrot.example") {
		t.Fatalf("reminder of the partly disputed invoice: %d mails, text %q", len(mails), textOf(mails))
	}
	if acts := actions(t, b.bundle, plain.ID); !slices.Contains(acts, "reminded") {
		t.Fatalf("history of %s: %v, want it reminded", plain.Number, acts)
	}

	// The same day again: nothing new.
	if got := b.run(t, day1); len(got) != 0 {
		t.Fatalf("second run the same day sent %q, want nothing", got)
	}
	plan, err := b.reminders.Plan(t.Context(), day1)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, s := range plan.Skipped {
		reasons[s.Number] = string(s.Reason)
	}
	if reasons[wholly.Number] != "disputed" || reasons[plain.Number] != "not_yet" || len(plan.Due) != 0 {
		t.Fatalf("dry run: due %v, skipped %v; want the disputed one skipped as disputed", plan.Due, reasons)
	}

	// Rejected: the customer owes it after all, and the next run reminds it.
	res, err := b.disputes.Resolve(t.Context(), whole.ID, app.ResolveParams{Resolution: o2c.ResolvedByRejection,
		Note: "Delivery note signed without reserve."}, "user:bob")
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != o2c.DisputeResolved || res.ResolvedBy != "user:bob" || res.ResolvedAt.IsZero() {
		t.Fatalf("resolved %+v", res)
	}
	if inv := b.invoice(t, wholly.ID); inv.Status != o2c.InvoiceOverdue || !inv.AmountDisputed.IsZero() {
		t.Fatalf("after rejection the invoice is %s with %s disputed, want overdue with none", inv.Status, inv.AmountDisputed)
	}
	if got := b.run(t, day1); !slices.Equal(got, []string{wholly.Number + " friendly 120.00"}) {
		t.Fatalf("run after the rejection sent %q, want the friendly reminder of %s", got, wholly.Number)
	}
	if n := len(b.smtp.Wait(t, 4, 5*time.Second)); n != 4 {
		t.Fatalf("%d mails, want 4", n)
	}

	// Written off: 20.00 counts as settled. Credited: line 2 comes back by credit note.
	if _, err := b.disputes.Resolve(t.Context(), part.ID, app.ResolveParams{Resolution: o2c.ResolvedByWriteOff}, "user:bob"); err != nil {
		t.Fatal(err)
	}
	if inv := b.invoice(t, partly.ID); inv.Status != o2c.InvoiceOverdue || !inv.AmountPaid.Equal(q("20")) || !inv.AmountDisputed.IsZero() {
		t.Fatalf("after write-off %s is %s, paid %s, disputed %s", inv.Number, inv.Status, inv.AmountPaid, inv.AmountDisputed)
	}
	res, err = b.disputes.Resolve(t.Context(), line.ID, app.ResolveParams{Resolution: o2c.ResolvedByCreditNote, Note: "lost parcel"}, "user:bob")
	if err != nil {
		t.Fatal(err)
	}
	cn := b.invoice(t, res.CreditNoteID)
	if cn.Kind != o2c.KindCreditNote || cn.CorrectsID != byLine.ID || !cn.GrossTotal.Equal(q("60")) {
		t.Fatalf("credit note %+v, want 60.00 correcting %s", cn, byLine.Number)
	}
	if inv := b.invoice(t, byLine.ID); inv.Status != o2c.InvoiceOverdue || !inv.AmountDisputed.IsZero() {
		t.Fatalf("after the credit note %s is %s with %s disputed", inv.Number, inv.Status, inv.AmountDisputed)
	}
	_, err = b.disputes.Resolve(t.Context(), line.ID, app.ResolveParams{Resolution: o2c.ResolvedByRejection}, "user:bob")
	wantCode(t, err, o2c.CodeConflict)

	// 21 days overdue, a week after the friendly ones: firm reminders ask for what is left.
	day2 := due.AddDays(21)
	b.on(day2)
	got = b.run(t, day2)
	want = []string{plain.Number + " firm 120.00", wholly.Number + " firm 120.00", partly.Number + " firm 100.00",
		byLine.Number + " firm 120.00"}
	if !slices.Equal(got, want) {
		t.Fatalf("firm run sent %q, want %q", got, want)
	}

	// A customer that opts out gets no more.
	if _, err := b.inv.SaveSettings(t.Context(), o2c.InvoicingSettings{CustomerID: bistrot, Mode: o2c.InvoicePerOrder,
		Format: o2c.FormatFacturX, Reminders: false}, "test"); err != nil {
		t.Fatal(err)
	}
	day3 := due.AddDays(45)
	plan, err = b.reminders.Plan(t.Context(), day3)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Due) != 0 || len(plan.Skipped) != 4 || plan.Skipped[0].Reason != "opted_out" {
		t.Fatalf("opted out: due %v, skipped %+v", plan.Due, plan.Skipped)
	}
}

func textOf(envs []*enmime.Envelope) []string {
	var out []string
	for _, e := range envs {
		out = append(out, e.Text)
	}
	return out
}

func TestDisputeRules(t *testing.T) {
	t.Parallel()
	b := setupDunning(t)
	inv := b.issue(t, "100.00")

	t.Run("ErrInvalid", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			p    app.OpenParams
			rule string
		}{
			{"Reason", app.OpenParams{InvoiceID: inv.ID, Reason: "angry"}, app.RuleDisputeReason},
			{"AmountOverBalance", app.OpenParams{InvoiceID: inv.ID, Reason: o2c.DisputePrice, Amount: q("120.01")}, app.RuleDisputeAmount},
			{"AmountNegative", app.OpenParams{InvoiceID: inv.ID, Reason: o2c.DisputePrice, Amount: q("-1")}, app.RuleDisputeAmount},
			{"UnknownLine", app.OpenParams{InvoiceID: inv.ID, Reason: o2c.DisputeQuantity, Lines: []o2c.DisputeLine{{LineID: "9"}}}, app.RuleDisputeLine},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := b.disputes.Open(t.Context(), tt.p, "user:ann")
				if f := o2c.ErrorFaults(err); o2c.ErrorCode(err) != o2c.CodeInvalid || len(f) == 0 || f[0].Rule != tt.rule {
					t.Fatalf("err %v %+v, want %s", err, f, tt.rule)
				}
			})
		}
	})

	// Two disputes may share an invoice, never more than it owes.
	first, err := b.disputes.Open(t.Context(), app.OpenParams{InvoiceID: inv.ID, Reason: o2c.DisputePrice, Amount: q("100.00")}, "user:ann")
	if err != nil {
		t.Fatal(err)
	}
	_, err = b.disputes.Open(t.Context(), app.OpenParams{InvoiceID: inv.ID, Reason: o2c.DisputeQuantity, Amount: q("20.01")}, "user:ann")
	wantCode(t, err, o2c.CodeInvalid)
	second, err := b.disputes.Open(t.Context(), app.OpenParams{InvoiceID: inv.ID, Reason: o2c.DisputeQuantity}, "user:ann")
	if err != nil || !second.Amount.Equal(q("20")) {
		t.Fatalf("second dispute %+v, %v; want the 20.00 left", second, err)
	}
	// Resolving one keeps the invoice disputed for the other.
	if _, err := b.disputes.Resolve(t.Context(), first.ID, app.ResolveParams{Resolution: o2c.ResolvedByRejection}, "user:bob"); err != nil {
		t.Fatal(err)
	}
	if got := b.invoice(t, inv.ID); got.Status != o2c.InvoiceDisputed || !got.AmountDisputed.Equal(q("20")) {
		t.Fatalf("invoice %s with %s disputed, want still disputed for 20.00", got.Status, got.AmountDisputed)
	}
	// A credit note of no lines fits only a dispute of the whole invoice.
	_, err = b.disputes.Resolve(t.Context(), second.ID, app.ResolveParams{Resolution: o2c.ResolvedByCreditNote}, "user:bob")
	wantCode(t, err, o2c.CodeInvalid)

	// Assign, comment, attach: each recorded, with who.
	owner, dueBy := "bob@supplier.example", cal.MustParse("2026-04-30")
	d, err := b.disputes.Assign(t.Context(), second.ID, app.AssignParams{Owner: &owner, DueDate: &dueBy}, "user:ann")
	if err != nil || d.Status != o2c.DisputeInProgress || d.Owner != owner || d.DueDate != dueBy {
		t.Fatalf("assigned %+v, %v", d, err)
	}
	if _, err := b.disputes.Comment(t.Context(), second.ID, "Called the buyer.", "user:bob"); err != nil {
		t.Fatal(err)
	}
	_, err = b.disputes.Comment(t.Context(), second.ID, "  ", "user:bob")
	wantCode(t, err, o2c.CodeInvalid)
	d, err = b.disputes.Attach(t.Context(), second.ID, app.AttachParams{Content: []byte("photo bytes"), FileName: "photo.txt"}, "user:bob")
	if err != nil || len(d.Documents) != 1 || d.Documents[0].FileName != "photo.txt" || len(d.Comments) != 1 {
		t.Fatalf("attached %+v, %v", d, err)
	}
	e, err := b.store.FindArchiveEntryBySHA256(t.Context(), d.Documents[0].SHA256)
	if err != nil || e.Tags["dispute_id"] != strconv.FormatInt(second.ID, 10) || e.Tags[o2c.TagCustomer] != bistrot {
		t.Fatalf("archive entry %+v, %v", e, err)
	}
	_, err = b.disputes.Attach(t.Context(), second.ID, app.AttachParams{SHA256: d.Documents[0].SHA256}, "user:bob")
	wantCode(t, err, o2c.CodeConflict)
	_, err = b.disputes.Attach(t.Context(), second.ID, app.AttachParams{SHA256: strings.Repeat("0", 64)}, "user:bob")
	wantCode(t, err, o2c.CodeInvalid)
	events, err := b.disputes.History(t.Context(), second.ID)
	if err != nil {
		t.Fatal(err)
	}
	var acts []string
	for _, e := range events {
		if e.Actor == "" || e.At.IsZero() {
			t.Fatalf("event %+v without who or when", e)
		}
		acts = append(acts, e.Action)
	}
	if !slices.Equal(acts, []string{"opened", "assigned", "commented", "attached"}) {
		t.Fatalf("history %v", acts)
	}
}

func TestDisputeProposed(t *testing.T) {
	t.Parallel()
	b := setupDunning(t)
	inv := b.issue(t, "100.00")
	p := app.ProposeParams{InvoiceID: inv.ID, Amount: q("12.00"), Reason: o2c.DisputeDamaged, PaymentRef: "TX-42",
		Note: "Remittance: 108.00, 12.00 deducted for damaged goods"}
	d, err := b.disputes.Propose(t.Context(), p, "job:payments")
	if err != nil || d.Status != o2c.DisputeProposed || d.PaymentRef != "TX-42" || len(d.Comments) != 1 {
		t.Fatalf("proposed %+v, %v", d, err)
	}
	// A proposal does not touch the invoice; proposing the same payment again is a no-op.
	if got := b.invoice(t, inv.ID); got.Status == o2c.InvoiceDisputed || !got.AmountDisputed.IsZero() {
		t.Fatalf("invoice %s with %s disputed after a proposal", got.Status, got.AmountDisputed)
	}
	again, err := b.disputes.Propose(t.Context(), p, "job:payments")
	if err != nil || again.ID != d.ID {
		t.Fatalf("proposed again: %+v, %v; want dispute %d", again, err, d.ID)
	}
	if _, n, _ := b.disputes.List(t.Context(), o2c.DisputeFilter{InvoiceID: inv.ID}); n != 1 {
		t.Fatalf("%d disputes, want 1", n)
	}
	_, err = b.disputes.Propose(t.Context(), app.ProposeParams{InvoiceID: inv.ID, Amount: q("1"), Reason: o2c.DisputeOther}, "job:payments")
	wantCode(t, err, o2c.CodeInvalid)

	// Confirmed, it holds its amount; another, dismissed, never does.
	d, err = b.disputes.Confirm(t.Context(), d.ID, "user:ann")
	if err != nil || d.Status != o2c.DisputeOpen {
		t.Fatalf("confirmed %+v, %v", d, err)
	}
	if got := b.invoice(t, inv.ID); got.Status != o2c.InvoiceDisputed || !got.AmountDisputed.Equal(q("12")) {
		t.Fatalf("invoice %s with %s disputed, want 12.00", got.Status, got.AmountDisputed)
	}
	_, err = b.disputes.Confirm(t.Context(), d.ID, "user:ann")
	wantCode(t, err, o2c.CodeConflict)
	other, err := b.disputes.Propose(t.Context(), app.ProposeParams{InvoiceID: inv.ID, Amount: q("3.00"), Reason: o2c.DisputeOther,
		PaymentRef: "TX-43"}, "job:payments")
	if err != nil {
		t.Fatal(err)
	}
	other, err = b.disputes.Dismiss(t.Context(), other.ID, "bank fees, not a dispute", "user:ann")
	if err != nil || other.Status != o2c.DisputeDismissed || other.ResolvedAt.IsZero() {
		t.Fatalf("dismissed %+v, %v", other, err)
	}
	if got := b.invoice(t, inv.ID); !got.AmountDisputed.Equal(q("12")) {
		t.Fatalf("invoice with %s disputed after a dismissal, want 12.00", got.AmountDisputed)
	}
}

// TestReminderAttachesInvoice: with a renderer, a reminder carries the invoice in its format.
func TestReminderAttachesInvoice(t *testing.T) {
	t.Parallel()
	b := setupDunning(t)
	b.inv.Renderer = app.XMLRenderer{}
	inv := b.issue(t, "100.00")
	day := inv.DueDate.AddDays(7)
	if got := b.run(t, day); !slices.Equal(got, []string{inv.Number + " friendly 120.00"}) {
		t.Fatalf("sent %q", got)
	}
	mails := b.mailsAbout(t, inv.Number)
	if len(mails) != 1 || len(mails[0].Attachments) != 1 ||
		mails[0].Attachments[0].FileName != "reminder-"+inv.Number+"-friendly-"+inv.Number+"-cii.xml" ||
		!bytes.Contains(mails[0].Attachments[0].Content, []byte(inv.Number)) {
		t.Fatalf("reminder mails %d, want one with the invoice attached", len(mails))
	}
}
