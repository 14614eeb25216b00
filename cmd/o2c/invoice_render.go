package main

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/edi/edifact"
	"github.com/o2c-project/o2c/edi/x12"
	"github.com/o2c-project/o2c/gs1"
	"github.com/o2c-project/o2c/invoice"
)

// invoiceRenderer is the renderer of a running o2c: every format of invoiceWriters, with the
// company's branding on the PDFs and its GLN on the EDI envelopes when the invoice's seller has
// none. It is what the invoice service mails and what downloads give.
type invoiceRenderer struct {
	opts renderOptions // profile, branding and our EDI id; the language comes with each call
	now  func() time.Time
	loc  *time.Location // the EDI envelopes' time of preparation is written in the company's zone
}

var _ app.InvoiceRenderer = (*invoiceRenderer)(nil)

// newInvoiceRenderer is the renderer of a stack: Factur-X and CII in the EN 16931 profile, the
// branding of the stack's parameters, and our GLN from the company flags.
func newInvoiceRenderer(p stackParams, now func() time.Time, loc *time.Location) *invoiceRenderer {
	return &invoiceRenderer{opts: renderOptions{profile: invoice.ProfileEN16931, branding: p.branding,
		edi: ediOptions{ourGLN: p.company.GLN}}, now: now, loc: loc}
}

// Render implements app.InvoiceRenderer. CodeInvalid for a format it does not know, for an
// invoice the format cannot carry (an EDI invoice without the parties' GLNs), and for an invoice
// that breaks a rule of EN 16931.
func (r *invoiceRenderer) Render(inv invoice.Invoice, format, lang string) (string, string, []byte, error) {
	write, ok := invoiceWriters[format]
	if !ok {
		return "", "", nil, o2c.Errorf(o2c.CodeInvalid, "invoices cannot be written as %q: choose one of %s",
			format, strings.Join(formatNames(), ", "))
	}
	o := r.opts
	o.lang = lang
	o.edi.prepared = r.now().In(r.loc)
	b, err := write(inv, o)
	if err != nil {
		return "", "", nil, fmt.Errorf("write invoice %s as %s: %w", inv.Number, format, err)
	}
	name, ct := invoiceFile(inv.Number, format)
	return name, ct, b, nil
}

// formatNames are the formats o2c writes, in the order customers choose them.
func formatNames() []string {
	out := make([]string, len(o2c.InvoiceFormats))
	for i, f := range o2c.InvoiceFormats {
		out[i] = string(f)
	}
	return out
}

// invoiceFile is the file name and content type of an invoice written in format. The Factur-X
// file is the legal invoice, so it takes the plain name; the PDF for print says what it is.
func invoiceFile(number, format string) (name, contentType string) {
	n := number
	if n == "" {
		n = "draft"
	}
	switch o2c.InvoiceFormat(format) {
	case o2c.FormatFacturX:
		return n + ".pdf", "application/pdf"
	case o2c.FormatPDF:
		return n + "-print.pdf", "application/pdf"
	case o2c.FormatUBL:
		return n + "-ubl.xml", "application/xml"
	case o2c.FormatCII:
		return n + "-cii.xml", "application/xml"
	case o2c.FormatINVOIC:
		return n + "-invoic.edi", "application/EDIFACT"
	case o2c.Format810:
		return n + "-810.x12", "application/EDI-X12"
	}
	return n, "application/octet-stream"
}

// ediOptions are what an EDI envelope needs beyond the invoice.
type ediOptions struct {
	ourGLN   string    // our GLN when the invoice's seller carries none
	prepared time.Time // the interchange's time of preparation; the issue date when zero (offline, reproducible)
}

// ediParties returns the GLNs that address an EDI invoice: ours (the seller's, else the
// company's) and the buyer's, which master data gives it. CodeInvalid when either is missing.
func ediParties(inv invoice.Invoice, o ediOptions, what string) (sender, recipient string, err error) {
	sender = partyGLN(inv.Seller)
	if sender == "" {
		sender = o.ourGLN
	}
	recipient = partyGLN(inv.Buyer)
	switch {
	case sender == "":
		return "", "", o2c.Errorf(o2c.CodeInvalid, "an %s needs our GLN to address it from: set --company-gln", what)
	case recipient == "":
		return "", "", o2c.Errorf(o2c.CodeInvalid, "an %s needs the buyer's GLN to address it to: set the customer's GLN in the master data", what)
	}
	return sender, recipient, nil
}

// partyGLN is a party's GLN: its identifier in scheme 0088, else its electronic address when
// that is a GLN.
func partyGLN(p invoice.Party) string {
	if g := p.GLN(); g != "" {
		return g
	}
	if p.Endpoint.Scheme == invoice.SchemeGLN && gs1.ValidGLN(p.Endpoint.Value) {
		return p.Endpoint.Value
	}
	return ""
}

// preparedAt is when an interchange is said to be prepared: now, or offline the issue date, so
// that `o2c invoice render` writes the same bytes each time.
func preparedAt(inv invoice.Invoice, o ediOptions) time.Time {
	if !o.prepared.IsZero() {
		return o.prepared
	}
	return time.Date(inv.IssueDate.Year, inv.IssueDate.Month, inv.IssueDate.Day, 0, 0, 0, 0, time.UTC)
}

// writeINVOIC writes an invoice as an EANCOM INVOIC. Its interchange reference is the invoice
// number without its punctuation: unique for us, as UNB 0020 must be, and the same when the
// invoice is sent again, so the buyer's translator sees a resend as the same interchange.
func writeINVOIC(inv invoice.Invoice, o renderOptions) ([]byte, error) {
	sender, recipient, err := ediParties(inv, o.edi, "INVOIC")
	if err != nil {
		return nil, err
	}
	ref := alnum(inv.Number, 14)
	if ref == "" {
		return nil, o2c.Errorf(o2c.CodeInvalid, "an INVOIC needs the invoice's number")
	}
	return edifact.WriteINVOIC(edifact.InvoiceParams{Invoice: inv, Envelope: edifact.Envelope{
		Sender:    edifact.Partner{ID: sender, Qualifier: "14"}, // 14: a GS1 GLN
		Recipient: edifact.Partner{ID: recipient, Qualifier: "14"},
		Prepared:  preparedAt(inv, o.edi), ControlRef: ref, MessageRef: "1"}})
}

// Control numbers of our 810s: invoices and credit notes each have a range of 100 million above
// the 855s' (app.x12ResponseBase), so that no ISA13 of ours repeats for a partner.
const (
	x12InvoiceBase = 600_000_000
	x12CreditBase  = 700_000_000
)

// x12Control is the interchange control number of an invoice: from its year and sequence number
// (F2026-000042 is 6_6_000_042 in its range), so that it is stable across resends and unique for
// ten years of fewer than ten million invoices a year; a number of another shape is hashed.
func x12Control(inv invoice.Invoice) int {
	base := x12InvoiceBase
	if inv.Type.IsCreditNote() {
		base = x12CreditBase
	}
	_, seq, _ := cutLast(inv.Number, "-")
	if n, err := strconv.Atoi(seq); err == nil && n > 0 && n < 10_000_000 {
		return base + inv.IssueDate.Year%10*10_000_000 + n
	}
	h := fnv.New32a()
	_, _ = h.Write([]byte(inv.Number)) // a hash never fails
	return base + int(h.Sum32()%99_999_999) + 1
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

// write810 writes an invoice as an X12 810, addressed by GLN (qualifier ZZ, mutually defined: X12
// has no qualifier of its own for a GLN).
func write810(inv invoice.Invoice, o renderOptions) ([]byte, error) {
	sender, recipient, err := ediParties(inv, o.edi, "810")
	if err != nil {
		return nil, err
	}
	return x12.Write810(x12.InvoiceParams{Invoice: inv, SenderQual: "ZZ", SenderID: sender, ReceiverQual: "ZZ",
		ReceiverID: recipient, SenderCode: sender, ReceiverCode: recipient},
		x12.Control{Interchange: x12Control(inv), Group: 1, Set: 1, Time: preparedAt(inv, o.edi)})
}

// alnum keeps the letters and digits of s, at most n of them.
func alnum(s string, n int) string {
	var b strings.Builder
	for _, r := range s {
		if b.Len() < n && (r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			b.WriteRune(r)
		}
	}
	return b.String()
}
