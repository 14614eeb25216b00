package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jhillyerd/enmime/v2"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
	"github.com/o2c-project/o2c/outmail"
	"github.com/o2c-project/o2c/outmail/smtptest"
)

// invoicing is the order pipeline with invoicing on, an ERP that reports shipments and a real
// SMTP server that keeps what it is sent.
type invoicing struct {
	*bundle
	erp  *stockERP
	inv  *app.Invoices
	smtp *smtptest.Server
}

// testSeller is a French supplier: a German customer with a VAT id buys from it free of VAT
// (intra-community supply, K), a French one at the product's rate (S).
func testSeller() app.Seller {
	rate, fee := decimal.RequireFromString("10.15"), decimal.RequireFromString("40")
	return app.Seller{Name: "Supplier SA", Street: "12 Rue de la République", PostCode: "69002", City: "Lyon",
		Country: "FR", VATID: "FR40303265045", SIREN: "303265045", SIRET: "30326504500012", GLN: "5412345000013",
		LegalInfo: "SAS au capital de 50 000 EUR, RCS Lyon 303 265 045", Email: "billing@supplier.example",
		IBAN: "FR7630006000011234567890189", BIC: "AGRIFRPPXXX", PaymentTerms: "Payment by SEPA transfer.",
		LatePenaltyRate: &rate, RecoveryFee: &fee, EarlyDiscount: "No discount for early payment."}
}

func setupInvoicing(t *testing.T) *invoicing {
	t.Helper()
	b, erp := setupStockERP(t)
	b.orders.Invoicing = true
	srv := smtptest.Start(t)
	host, port, _ := net.SplitHostPort(srv.Addr)
	p, _ := strconv.Atoi(port)
	mail, err := outmail.New(outmail.Config{Host: host, Port: p, TLS: "none", From: "billing@supplier.example"})
	if err != nil {
		t.Fatal(err)
	}
	inv := app.NewInvoices(b.store, testSeller())
	inv.Now, inv.Mail, inv.Log = func() time.Time { return now }, mail, slog.New(slog.NewTextHandler(io.Discard, nil))
	return &invoicing{bundle: b, erp: erp, inv: inv, smtp: srv}
}

// shipped posts a clean order and has the ERP report it shipped, as the shipment sync does.
func (b *invoicing) shipped(t *testing.T, po string, n int) *o2c.Order {
	t.Helper()
	o := postedOrder(t, b.bundle, po, n)
	b.erp.ship(o.ERPRef, o2c.ERPShipment{Shipped: true, Note: "shipment of " + po})
	if _, err := (&app.ERPSync{Orders: b.orders}).Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if o = b.order(t, o.ID); o.Status != o2c.OrderShipped {
		t.Fatalf("order %s is %s, want shipped", po, o.Status)
	}
	return o
}

// jobArgs returns the committed jobs of a kind, as their JSON arguments.
func (b *invoicing) jobArgs(t *testing.T, kind string) []string {
	t.Helper()
	rows, err := b.jobs.db.QueryContext(t.Context(), `SELECT args FROM test_jobs WHERE kind = ? ORDER BY id`, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func (b *invoicing) invoiceOf(t *testing.T, orderID int64) *o2c.Invoice {
	t.Helper()
	list, _, err := b.store.FindInvoices(t.Context(), o2c.InvoiceFilter{OrderID: orderID})
	if err != nil || len(list) != 1 {
		t.Fatalf("invoices of order %d: %d, %v; want one", orderID, len(list), err)
	}
	return list[0]
}

func actions(t *testing.T, b *bundle, id int64) []string {
	t.Helper()
	es, err := b.store.FindEvents(t.Context(), "invoice", strconv.FormatInt(id, 10))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if e.At.IsZero() || e.Actor == "" {
			t.Fatalf("event %+v has no time or no actor", e)
		}
		out = append(out, e.Action)
	}
	return out
}

func TestInvoiceShippedOrder(t *testing.T) {
	t.Parallel()
	b := setupInvoicing(t)
	o := b.shipped(t, "PO-INV-1", 0)

	// The transaction that marked the order shipped queued its invoice job.
	want := `{"order_id":` + strconv.FormatInt(o.ID, 10) + `}`
	if got := b.jobArgs(t, o2c.InvoiceOrderJob{}.Kind()); !slices.Equal(got, []string{want}) {
		t.Fatalf("invoice jobs %v, want %v", got, want)
	}
	if err := b.inv.InvoiceOrder(t.Context(), o.ID); err != nil {
		t.Fatal(err)
	}
	inv := b.invoiceOf(t, o.ID)
	if inv.Number != "F2026-000001" || inv.Status != o2c.InvoiceIssued || inv.Kind != o2c.KindInvoice ||
		inv.IssueDate != today || inv.DueDate != today.AddDays(60) || inv.Format != o2c.FormatFacturX || inv.Language != "de" {
		t.Fatalf("invoice %+v, want F2026-000001 issued today, due in the customer's 60 days, facturx in German", inv)
	}
	if got := b.order(t, o.ID).Status; got != o2c.OrderInvoiced {
		t.Fatalf("order is %s, want invoiced", got)
	}
	if trail := statusTrail(t, b.events(t, o.ID)); trail[len(trail)-1] != "shipped>invoiced" {
		t.Fatalf("order trail %v, want it to end shipped>invoiced", trail)
	}
	m, err := app.Model(inv)
	if err != nil {
		t.Fatal(err)
	}
	// A German business buying from France: an exempt intra-community supply of the order's lines.
	if len(m.Lines) != len(o.Lines) || len(m.VATBreakdown) != 1 || m.VATBreakdown[0].Category != invoice.CategoryIntraCommunity ||
		!m.Totals.TaxTotal.IsZero() || !m.Totals.TaxExclusive.Equal(o.NetTotal) || m.PurchaseOrder != "PO-INV-1" ||
		m.Payment.Reference != inv.Number || m.Delivery.Address.Country != "DE" {
		t.Fatalf("content %+v, want the order's %d lines, category K, no VAT, net %s", m, len(o.Lines), o.NetTotal)
	}
	if !inv.GrossTotal.Equal(o.NetTotal) || !inv.AmountDue.Equal(o.NetTotal) || !inv.AmountPaid.IsZero() {
		t.Fatalf("totals gross %s due %s paid %s, want %s, %s, 0", inv.GrossTotal, inv.AmountDue, inv.AmountPaid, o.NetTotal, o.NetTotal)
	}

	// The job is idempotent: again, it issues nothing more.
	if err := b.inv.InvoiceOrder(t.Context(), o.ID); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := b.store.FindInvoices(t.Context(), o2c.InvoiceFilter{}); n != 1 {
		t.Fatalf("%d invoices after a second run, want 1", n)
	}

	// Issuing queued the sending, which mails the invoice once, in its format, attached.
	wantSend := `{"invoice_id":` + strconv.FormatInt(inv.ID, 10) + `}`
	if got := b.jobArgs(t, o2c.SendInvoiceJob{}.Kind()); !slices.Equal(got, []string{wantSend}) {
		t.Fatalf("send jobs %v, want %v", got, wantSend)
	}
	for range 2 {
		if err := b.inv.SendInvoice(t.Context(), inv.ID); err != nil {
			t.Fatal(err)
		}
	}
	mails := b.smtp.Mails()
	if len(mails) != 1 || !slices.Equal(mails[0].To, []string{"bestellungen@berliner-kantinen.de"}) {
		t.Fatalf("%d mails, want one to the customer", len(mails))
	}
	env, err := enmime.ReadEnvelope(bytes.NewReader(mails[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(env.GetHeader("Subject"), "F2026-000001") || len(env.Attachments) != 1 ||
		env.Attachments[0].FileName != "F2026-000001-cii.xml" {
		t.Fatalf("mail %q with attachments %v, want the invoice's CII", env.GetHeader("Subject"), env.Attachments)
	}
	read, err := invoice.ParseCII(env.Attachments[0].Content)
	if err != nil {
		t.Fatalf("the attachment is no CII invoice: %v", err)
	}
	if read.Number != inv.Number || !read.Totals.Payable.Equal(inv.AmountDue) || read.Buyer.VATID == "" {
		t.Fatalf("attached invoice %s payable %s, want %s for %s", read.Number, read.Totals.Payable, inv.Number, inv.AmountDue)
	}
	got, err := b.inv.Invoice(t.Context(), inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != o2c.InvoiceSent || !got.SentAt.Equal(now) {
		t.Fatalf("invoice is %s sent at %v, want sent at %v", got.Status, got.SentAt, now)
	}
	if acts := actions(t, b.bundle, inv.ID); !slices.Equal(acts, []string{"issued", "sent"}) {
		t.Fatalf("invoice history %v, want issued, sent", acts)
	}
	// A resend asked for by a person mails it again.
	if _, err := b.inv.Send(t.Context(), inv.ID, true, "api:ar"); err != nil {
		t.Fatal(err)
	}
	if n := len(b.smtp.Mails()); n != 2 {
		t.Fatalf("%d mails after a resend, want 2", n)
	}
}

func TestInvoiceDraftTakesNoNumber(t *testing.T) {
	t.Parallel()
	b := setupInvoicing(t)
	b.inv.Seller.VATID = "" // an intra-community supply needs the seller's VAT id (BR-IC-02)
	o := b.shipped(t, "PO-DRAFT", 0)
	if err := b.inv.InvoiceOrder(t.Context(), o.ID); err != nil {
		t.Fatalf("a draft left for a person failed the job: %v", err)
	}
	draft := b.invoiceOf(t, o.ID)
	if draft.Status != o2c.InvoiceDraft || draft.Number != "" || len(draft.Faults) == 0 || !strings.Contains(draft.Reason, "BR-IC-02") &&
		!slices.ContainsFunc(draft.Faults, func(f o2c.Fault) bool { return f.Rule == "BR-IC-02" }) {
		t.Fatalf("draft %+v, want no number and fault BR-IC-02", draft)
	}
	if got := b.order(t, o.ID).Status; got != o2c.OrderShipped {
		t.Fatalf("order is %s, want still shipped", got)
	}
	if jobs := b.jobArgs(t, o2c.SendInvoiceJob{}.Kind()); len(jobs) != 0 {
		t.Fatalf("a draft queued its sending: %v", jobs)
	}
	_, err := b.inv.Issue(t.Context(), draft.ID, "user:ar@example.com")
	if o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("issue with the fault still there: %v, want CodeInvalid", err)
	}

	// Fixed, the draft is issued with the first number: the failures took none.
	b.inv.Seller.VATID = testSeller().VATID
	inv, err := b.inv.Issue(t.Context(), draft.ID, "user:ar@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if inv.ID != draft.ID || inv.Number != "F2026-000001" || inv.Status != o2c.InvoiceIssued || len(inv.Faults) != 0 || inv.Reason != "" {
		t.Fatalf("issued %+v, want draft %d as F2026-000001", inv, draft.ID)
	}
	if got := b.order(t, o.ID).Status; got != o2c.OrderInvoiced {
		t.Fatalf("order is %s, want invoiced", got)
	}
	if acts := actions(t, b.bundle, inv.ID); !slices.Equal(acts, []string{"drafted", "drafted", "issued"}) {
		t.Fatalf("history %v, want drafted twice, then issued", acts)
	}
	_, err = b.inv.Issue(t.Context(), draft.ID, "user:ar@example.com")
	if o2c.ErrorCode(err) != o2c.CodeConflict {
		t.Fatalf("issuing an issued invoice: %v, want CodeConflict", err)
	}
}

func TestInvoiceManual(t *testing.T) {
	t.Parallel()
	b := setupInvoicing(t)
	const bistrot = "C10001" // a French customer: standard-rated VAT
	q := decimal.RequireFromString

	t.Run("StandardRated", func(t *testing.T) {
		inv, err := b.inv.IssueManual(t.Context(), app.ManualInvoice{CustomerID: bistrot, Note: "Coffee machine service", Lines: []app.ManualLine{
			{SKU: skuMinQty, Quantity: q("2"), UnitPrice: q("6.90")},
			{Description: "Service visit", Quantity: q("1.5"), Unit: "HUR", UnitPrice: q("80.00"), VATRate: decimalp("20")},
		}}, "user:ar@example.com")
		if err != nil {
			t.Fatal(err)
		}
		m, err := app.Model(inv)
		if err != nil {
			t.Fatal(err)
		}
		water := b.product(t, skuMinQty)
		// 13.80 at the water's rate, 120.00 at 20 %: VAT is computed per rate, once.
		wantVAT := q("13.80").Mul(*water.VATRate).Div(q("100")).Round(2).Add(q("24.00"))
		if inv.Number != "F2026-000001" || len(m.VATBreakdown) != 2 || m.VATBreakdown[0].Category != invoice.CategoryStandard ||
			!inv.NetTotal.Equal(q("133.80")) || !inv.VATTotal.Equal(wantVAT) || !inv.GrossTotal.Equal(q("133.80").Add(wantVAT)) ||
			len(inv.OrderIDs) != 0 || m.Lines[0].Name != water.Description {
			t.Fatalf("invoice %+v with %+v, want F2026-000001, net 133.80 and VAT %s", inv, m.VATBreakdown, wantVAT)
		}
	})

	t.Run("ErrNoVATRate", func(t *testing.T) {
		inv, err := b.inv.IssueManual(t.Context(), app.ManualInvoice{CustomerID: bistrot, Lines: []app.ManualLine{
			{Description: "Something without a rate", Quantity: q("1"), UnitPrice: q("10")}}}, "user:ar@example.com")
		if o2c.ErrorCode(err) != o2c.CodeInvalid || inv == nil || inv.Status != o2c.InvoiceDraft ||
			inv.Faults[0].Rule != app.RuleInvoiceVATRate || inv.Faults[0].Path != "$.lines[0].vat" {
			t.Fatalf("invoice %+v, %v; want a draft with fault %s", inv, err, app.RuleInvoiceVATRate)
		}
	})

	t.Run("ErrUnknownCustomer", func(t *testing.T) {
		_, err := b.inv.IssueManual(t.Context(), app.ManualInvoice{CustomerID: "C-NONE"}, "user:ar@example.com")
		if o2c.ErrorCode(err) != o2c.CodeNotFound {
			t.Fatalf("err %v, want CodeNotFound", err)
		}
	})
}

func decimalp(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

// issuedFor ships and invoices one order.
func (b *invoicing) issuedFor(t *testing.T, po string, n int) *o2c.Invoice {
	t.Helper()
	o := b.shipped(t, po, n)
	inv, err := b.inv.IssueForOrder(t.Context(), o.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

func TestCreditNote(t *testing.T) {
	t.Parallel()
	b := setupInvoicing(t)

	t.Run("Full", func(t *testing.T) {
		inv := b.issuedFor(t, "PO-CN-FULL", 0)
		cn, err := b.inv.CreditNote(t.Context(), inv.ID, app.CreditParams{Reason: "goods returned"}, "user:ar@example.com")
		if err != nil {
			t.Fatal(err)
		}
		m, err := app.Model(cn)
		if err != nil {
			t.Fatal(err)
		}
		if cn.Kind != o2c.KindCreditNote || !strings.HasPrefix(cn.Number, "AV2026-") || cn.CorrectsID != inv.ID ||
			!cn.GrossTotal.Equal(inv.GrossTotal) || m.Type != invoice.TypeCreditNote ||
			len(m.Preceding) != 1 || m.Preceding[0].Number != inv.Number || cn.Reason != "goods returned" {
			t.Fatalf("credit note %+v preceding %+v, want the whole of %s", cn, m.Preceding, inv.Number)
		}
		orig, err := b.inv.Invoice(t.Context(), inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if orig.Status != o2c.InvoiceCredited || orig.CreditedByID != cn.ID || string(orig.Document) != string(inv.Document) {
			t.Fatalf("credited invoice %+v, want credited by %d with its content unchanged", orig, cn.ID)
		}
		_, err = b.inv.CreditNote(t.Context(), inv.ID, app.CreditParams{Reason: "again"}, "user:ar@example.com")
		if o2c.ErrorCode(err) != o2c.CodeConflict {
			t.Fatalf("crediting a credited invoice: %v, want CodeConflict", err)
		}
	})

	t.Run("PartialThenTooMuch", func(t *testing.T) {
		inv := b.issuedFor(t, "PO-CN-PART", 1)
		one := decimal.NewFromInt(1)
		cn, err := b.inv.CreditNote(t.Context(), inv.ID, app.CreditParams{Reason: "one carton damaged",
			Lines: []app.CreditLine{{LineID: "1", Quantity: &one}}}, "user:ar@example.com")
		if err != nil {
			t.Fatal(err)
		}
		m, _ := app.Model(cn)
		if len(m.Lines) != 1 || !m.Lines[0].Quantity.Equal(one) || !cn.NetTotal.Equal(m.Lines[0].NetPrice) {
			t.Fatalf("partial credit note lines %+v, want one unit of line 1", m.Lines)
		}
		orig, _ := b.inv.Invoice(t.Context(), inv.ID)
		if orig.Status != o2c.InvoiceIssued {
			t.Fatalf("a partly credited invoice is %s, want issued", orig.Status)
		}
		// The whole invoice again would give back more than it was.
		_, err = b.inv.CreditNote(t.Context(), inv.ID, app.CreditParams{Reason: "all of it"}, "user:ar@example.com")
		if o2c.ErrorCode(err) != o2c.CodeInvalid {
			t.Fatalf("over-crediting: %v, want CodeInvalid", err)
		}
		for _, bad := range []app.CreditLine{{LineID: "9"}, {LineID: "1", Quantity: decimalp("1000")}} {
			_, err = b.inv.CreditNote(t.Context(), inv.ID, app.CreditParams{Reason: "x", Lines: []app.CreditLine{bad}}, "user:ar@example.com")
			if o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("credit line %+v: %v, want CodeInvalid", bad, err)
			}
		}
		if acts := actions(t, b.bundle, inv.ID); !slices.Equal(acts, []string{"issued", "credited"}) {
			t.Fatalf("history %v, want issued, credited", acts)
		}
	})
}

func TestInvoiceLifecycle(t *testing.T) {
	t.Parallel()
	b := setupInvoicing(t)
	inv := b.issuedFor(t, "PO-LIFE", 0)
	ctx, who := t.Context(), "user:ar@example.com"

	steps := []struct {
		name string
		do   func() (*o2c.Invoice, error)
		want o2c.InvoiceStatus
		code o2c.Code
	}{
		{"Sent", func() (*o2c.Invoice, error) {
			return b.inv.MarkSent(ctx, inv.ID, who, "uploaded to the buyer's portal")
		}, o2c.InvoiceSent, ""},
		{"Viewed", func() (*o2c.Invoice, error) { return b.inv.MarkViewed(ctx, inv.ID, who, "") }, o2c.InvoiceViewed, ""},
		{"ErrDeliveredAfterViewed", func() (*o2c.Invoice, error) { return b.inv.MarkDelivered(ctx, inv.ID, who, "") }, o2c.InvoiceViewed, o2c.CodeConflict},
		{"Disputed", func() (*o2c.Invoice, error) {
			return b.inv.Dispute(ctx, inv.ID, decimal.RequireFromString("10.00"), "price of line 2", who)
		}, o2c.InvoiceDisputed, ""},
		{"Resolved", func() (*o2c.Invoice, error) { return b.inv.ResolveDispute(ctx, inv.ID, who, "agreed") }, o2c.InvoiceSent, ""},
	}
	for _, st := range steps {
		got, err := st.do()
		if o2c.ErrorCode(err) != st.code {
			t.Fatalf("%s: %v, want code %q", st.name, err, st.code)
		}
		cur, _ := b.inv.Invoice(ctx, inv.ID)
		if cur.Status != st.want {
			t.Fatalf("%s: invoice is %s, want %s", st.name, cur.Status, st.want)
		}
		if st.name == "Disputed" && !got.AmountDisputed.Equal(decimal.RequireFromString("10")) {
			t.Fatalf("disputed amount %s, want 10", got.AmountDisputed)
		}
	}

	// Past its due date it is overdue, once.
	b.inv.Now = func() time.Time { return now.AddDate(0, 0, 61) }
	for want := range []int{1, 0} {
		n, err := b.inv.MarkOverdue(ctx, "job:invoices")
		if err != nil || n != 1-want {
			t.Fatalf("run %d marked %d overdue (%v), want %d", want+1, n, err, 1-want)
		}
	}
	es, _ := b.store.FindEvents(ctx, "invoice", strconv.FormatInt(inv.ID, 10))
	last := es[len(es)-1]
	if last.Actor != "job:invoices" || string(last.Before) != `{"status":"sent"}` || !strings.Contains(string(last.After), `"status":"overdue"`) {
		t.Fatalf("last event %+v, want sent>overdue by the job", last)
	}
	if acts := actions(t, b.bundle, inv.ID); len(acts) != 6 { // issued, 4 moves, overdue
		t.Fatalf("history %v, want 6 events", acts)
	}
}

func TestInvoiceBounced(t *testing.T) {
	t.Parallel()
	b := setupInvoicing(t)
	b.smtp.Refuse("bestellungen@berliner-kantinen.de")
	inv := b.issuedFor(t, "PO-BOUNCE", 0)
	_, err := b.inv.Send(t.Context(), inv.ID, false, "job:invoice")
	if o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("send to a refused address: %v, want CodeInvalid", err)
	}
	got, _ := b.inv.Invoice(t.Context(), inv.ID)
	if got.Status != o2c.InvoiceBounced {
		t.Fatalf("invoice is %s, want bounced", got.Status)
	}
	// A corrected address and a resend bring it back.
	if _, err := b.inv.SaveSettings(t.Context(), o2c.InvoicingSettings{CustomerID: cleanCustomer, Mode: o2c.InvoicePerOrder,
		Format: o2c.FormatUBL, Email: "rechnungen@berliner-kantinen.de", Reminders: true}, "user:ar@example.com"); err != nil {
		t.Fatal(err)
	}
	if got, err = b.inv.Send(t.Context(), inv.ID, true, "user:ar@example.com"); err != nil || got.Status != o2c.InvoiceSent {
		t.Fatalf("resend: %+v, %v; want sent", got, err)
	}
	if m := b.smtp.Mails(); len(m) != 1 || m[0].To[0] != "rechnungen@berliner-kantinen.de" {
		t.Fatalf("%d mails, want one to the corrected address", len(m))
	}
}

func TestIssuePeriod(t *testing.T) {
	t.Parallel()
	b := setupInvoicing(t)
	if _, err := b.inv.SaveSettings(t.Context(), o2c.InvoicingSettings{CustomerID: cleanCustomer, Mode: o2c.InvoiceMonthly,
		Format: o2c.FormatCII}, "user:ar@example.com"); err != nil {
		t.Fatal(err)
	}
	first, second := b.shipped(t, "PO-M-1", 0), b.shipped(t, "PO-M-2", 1)
	for _, o := range []*o2c.Order{first, second} {
		if err := b.inv.InvoiceOrder(t.Context(), o.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, n, _ := b.store.FindInvoices(t.Context(), o2c.InvoiceFilter{}); n != 0 {
		t.Fatalf("%d invoices on shipment of a monthly customer, want none", n)
	}
	// Not the first of a month: nothing yet.
	if err := b.inv.RunPeriods(t.Context(), cal.MustParse("2026-03-31")); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := b.store.FindInvoices(t.Context(), o2c.InvoiceFilter{}); n != 0 {
		t.Fatalf("%d invoices before the month ended, want none", n)
	}
	if err := b.inv.RunPeriods(t.Context(), cal.MustParse("2026-04-01")); err != nil {
		t.Fatal(err)
	}
	inv := b.invoiceOf(t, first.ID)
	m, _ := app.Model(inv)
	if !slices.Equal(inv.OrderIDs, []int64{first.ID, second.ID}) || inv.Format != o2c.FormatCII ||
		m.Period != (invoice.Period{Start: cal.MustParse("2026-03-01"), End: cal.MustParse("2026-03-31")}) ||
		len(m.Lines) != len(first.Lines)+len(second.Lines) || !inv.NetTotal.Equal(first.NetTotal.Add(second.NetTotal)) {
		t.Fatalf("period invoice %+v period %+v, want both orders for March", inv, m.Period)
	}
	for _, o := range []*o2c.Order{first, second} {
		if got := b.order(t, o.ID).Status; got != o2c.OrderInvoiced {
			t.Fatalf("order %d is %s, want invoiced", o.ID, got)
		}
	}
	_, err := b.inv.IssuePeriod(t.Context(), cleanCustomer, m.Period, "test")
	if o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Fatalf("a second period run: %v, want CodeNotFound (nothing left)", err)
	}
}

func TestInvoicingSettings(t *testing.T) {
	t.Parallel()
	b := setupInvoicing(t)
	st, err := b.inv.Settings(t.Context(), cleanCustomer)
	if err != nil || st != o2c.DefaultInvoicingSettings(cleanCustomer) {
		t.Fatalf("settings of a customer without any: %+v, %v; want the defaults", st, err)
	}
	_, err = b.inv.SaveSettings(t.Context(), o2c.InvoicingSettings{CustomerID: cleanCustomer, Mode: "daily", Format: "docx",
		Language: "xx", Email: "not an address"}, "user:ar@example.com")
	var paths []string
	for _, f := range o2c.ErrorFaults(err) {
		paths = append(paths, f.Path)
	}
	if want := []string{"$.mode", "$.format", "$.language", "$.email"}; !slices.Equal(paths, want) {
		t.Fatalf("faults at %v, want %v", paths, want)
	}
	_, err = b.inv.SaveSettings(t.Context(), o2c.DefaultInvoicingSettings("C-NONE"), "user:ar@example.com")
	if o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Fatalf("settings of an unknown customer: %v, want CodeNotFound", err)
	}
	if es := settingsEvents(t, b.bundle); len(es) != 0 {
		t.Fatalf("refused settings left events %+v", es)
	}
	saved, err := b.inv.SaveSettings(t.Context(), o2c.InvoicingSettings{CustomerID: cleanCustomer, Mode: o2c.InvoiceWeekly,
		Format: o2c.FormatUBL, Language: "en"}, "user:ar@example.com")
	if err != nil {
		t.Fatal(err)
	}
	es := settingsEvents(t, b.bundle)
	var after o2c.InvoicingSettings
	if len(es) != 1 || json.Unmarshal(es[0].After, &after) != nil || after.Mode != o2c.InvoiceWeekly || es[0].Actor != "user:ar@example.com" {
		t.Fatalf("events %+v, want one recording the weekly settings", es)
	}
	if got, _ := b.inv.Settings(t.Context(), cleanCustomer); got.Format != o2c.FormatUBL || !got.UpdatedAt.Equal(now) || got != saved {
		t.Fatalf("stored %+v, want %+v", got, saved)
	}
}

// settingsEvents returns the clean customer's history of invoicing settings.
func settingsEvents(t *testing.T, b *bundle) []o2c.AuditEvent {
	t.Helper()
	es, err := b.store.FindEvents(t.Context(), "customer", cleanCustomer)
	if err != nil {
		t.Fatal(err)
	}
	var out []o2c.AuditEvent
	for _, e := range es {
		if e.Action == "invoicing" {
			out = append(out, e)
		}
	}
	return out
}
