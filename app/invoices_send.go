package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/invoice"
)

// InvoiceRenderer writes an invoice in one of the formats customers receive (o2c.InvoiceFormat
// values) and a language for what people read on it. Errors: CodeInvalid for a format it cannot
// write.
type InvoiceRenderer interface {
	Render(inv invoice.Invoice, format, lang string) (filename, contentType string, body []byte, err error)
}

// XMLRenderer is the built-in renderer: UBL (Peppol BIS 3.0) and CII (EN 16931). Until a PDF
// renderer is configured, facturx and pdf get the CII XML that a Factur-X PDF would carry.
type XMLRenderer struct{}

// Render implements InvoiceRenderer.
func (XMLRenderer) Render(inv invoice.Invoice, format, _ string) (string, string, []byte, error) {
	name := or(inv.Number, "draft")
	switch o2c.InvoiceFormat(format) {
	case o2c.FormatUBL:
		b, err := invoice.WriteUBL(inv)
		return name + "-ubl.xml", "application/xml", b, err
	case o2c.FormatCII, o2c.FormatFacturX, o2c.FormatPDF:
		b, err := invoice.WriteCII(inv, invoice.ProfileEN16931)
		return name + "-cii.xml", "application/xml", b, err
	}
	return "", "", nil, o2c.Errorf(o2c.CodeInvalid, "invoices cannot be written as %q yet: choose facturx, pdf, ubl or cii", format)
}

func (s *Invoices) renderer() InvoiceRenderer {
	if s.Renderer != nil {
		return s.Renderer
	}
	return XMLRenderer{}
}

// Render writes an invoice in format (its own when ""). CodeInvalid for a draft or a format
// that cannot be written.
func (s *Invoices) Render(ctx context.Context, id int64, format string) (filename, contentType string, body []byte, err error) {
	inv, err := s.Store.FindInvoiceByID(ctx, id)
	if err != nil {
		return "", "", nil, err
	}
	if inv.Status == o2c.InvoiceDraft {
		return "", "", nil, o2c.Errorf(o2c.CodeInvalid, "draft %d has no number yet: issue it first", inv.ID)
	}
	m, err := Model(inv)
	if err != nil {
		return "", "", nil, err
	}
	return s.renderer().Render(m, or(format, string(inv.Format)), inv.Language)
}

// sentInvoice is what the history keeps of an invoice mailed: enough to never send it twice.
type sentInvoice struct {
	To       string `json:"to"`
	Filename string `json:"filename"`
	Format   string `json:"format"`
	Ref      string `json:"ref,omitempty"` // the mail's Message-ID
}

// SendInvoice is the job of an issued invoice: Send, once.
func (s *Invoices) SendInvoice(ctx context.Context, id int64) error {
	_, err := s.Send(ctx, id, false, actorInvoiceJob)
	return err
}

// Send renders an issued invoice in its format and mails it, attached, to the customer's invoice
// address; the invoice becomes sent. Unless again, an invoice whose history shows it mailed is not
// mailed twice, so a job run twice sends once (a crash between the mail and its record sends it
// again with the same Message-ID, which mail programs show once). One that can never be mailed as
// it is (no address, refused for good) is marked bounced with the cause and returned with
// CodeInvalid; a failure that may pass is returned for the job to retry.
func (s *Invoices) Send(ctx context.Context, id int64, again bool, actor string) (*o2c.Invoice, error) {
	inv, err := s.Store.FindInvoiceByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if inv.Status == o2c.InvoiceDraft {
		return inv, o2c.Errorf(o2c.CodeConflict, "draft %d cannot be sent: issue it first", inv.ID)
	}
	events, err := s.Store.FindEvents(ctx, entityInvoice, fmt.Sprint(id))
	if err != nil {
		return nil, err
	}
	if !again && mailed(events) {
		return inv, nil
	}
	if s.Mail == nil {
		err := o2c.Errorf(o2c.CodeInvalid, "invoice %s cannot be mailed: no SMTP server is configured (o2c serve --smtp)", inv.Number)
		return inv, s.recordSendFailure(ctx, inv, actor, err, false)
	}
	c, err := s.Store.FindCustomerByID(ctx, inv.CustomerID)
	if err != nil {
		return nil, fmt.Errorf("find customer %s of invoice %s: %w", inv.CustomerID, inv.Number, err)
	}
	st, err := s.Settings(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	to := or(st.Email, c.Email)
	if to == "" {
		return inv, s.recordSendFailure(ctx, inv, actor,
			o2c.Errorf(o2c.CodeInvalid, "customer %s has no e-mail address to send invoice %s to", c.ID, inv.Number), true)
	}
	m, err := Model(inv)
	if err != nil {
		return nil, err
	}
	name, ct, body, err := s.renderer().Render(m, string(inv.Format), inv.Language)
	if err != nil {
		if o2c.ErrorCode(err) == o2c.CodeInvalid {
			return inv, s.recordSendFailure(ctx, inv, actor, err, false)
		}
		return nil, fmt.Errorf("render invoice %s: %w", inv.Number, err)
	}
	subject, text := invoiceMail(inv, s.Seller.Name)
	ref, err := s.Mail.SendAnswer(ctx, o2c.Answer{Kind: string(inv.Kind), To: to, Filename: name, ContentType: ct,
		Content: body, Subject: subject, Text: text})
	if o2c.ErrorCode(err) == o2c.CodeInvalid {
		return inv, s.recordSendFailure(ctx, inv, actor, err, true)
	} else if err != nil {
		return nil, fmt.Errorf("mail invoice %s: %w", inv.Number, err)
	}
	rec := sentInvoice{To: to, Filename: name, Format: string(inv.Format), Ref: ref}
	err = s.Store.InTx(ctx, func(tx o2c.Tx) error {
		cur, err := tx.FindInvoiceByID(ctx, id)
		if err != nil {
			return err
		}
		inv = cur
		from := cur.Status
		if o2c.CanTransitionInvoice(from, o2c.InvoiceSent) {
			cur.Status = o2c.InvoiceSent
		}
		cur.SentAt = tx.Now()
		if err := tx.UpdateInvoice(ctx, cur); err != nil {
			return err
		}
		return invoiceEvent(ctx, tx, cur, actionInvoiceSent, actor, from, "mailed to "+to+" as "+name, rec)
	})
	return inv, err
}

// recordSendFailure writes why an invoice cannot be mailed into its history, marks it bounced
// when the address is at fault, and returns cause.
func (s *Invoices) recordSendFailure(ctx context.Context, inv *o2c.Invoice, actor string, cause error, bounce bool) error {
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		cur, err := tx.FindInvoiceByID(ctx, inv.ID)
		if err != nil {
			return err
		}
		*inv = *cur
		if bounce && o2c.CanTransitionInvoice(cur.Status, o2c.InvoiceBounced) {
			return moveInTx(ctx, tx, cur, o2c.InvoiceBounced, actor, o2c.ErrorMessage(cause), nil)
		}
		return invoiceEvent(ctx, tx, cur, actionSendFailed, actor, "", o2c.ErrorMessage(cause), nil)
	})
	if err != nil {
		return fmt.Errorf("record that invoice %s was not sent: %w (cause: %w)", inv.Number, err, cause)
	}
	return cause
}

// mailed reports whether an invoice's history shows it mailed.
func mailed(events []o2c.AuditEvent) bool {
	for _, e := range events {
		if e.Action == actionInvoiceSent {
			var after struct {
				Detail sentInvoice `json:"detail"`
			}
			if json.Unmarshal(e.After, &after) == nil && after.Detail.Filename != "" {
				return true
			}
		}
	}
	return false
}

// invoiceMail is the subject and text of the mail that carries an invoice.
func invoiceMail(inv *o2c.Invoice, seller string) (subject, text string) {
	what := "Invoice"
	if inv.Kind == o2c.KindCreditNote {
		what = "Credit note"
	}
	subject = fmt.Sprintf("%s %s from %s", what, inv.Number, or(seller, "us"))
	text = fmt.Sprintf("Hello,\n\nplease find attached our %s %s of %s, for %s %s", lower(what), inv.Number, inv.IssueDate,
		inv.AmountDue.StringFixed(2), inv.Currency)
	if inv.Kind == o2c.KindInvoice && !inv.DueDate.IsZero() {
		text += fmt.Sprintf(", due on %s", inv.DueDate)
	}
	return subject, text + ".\n\nKind regards,\n" + or(seller, "") + "\n"
}

func lower(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
