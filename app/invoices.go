package app

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/mail"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
	"github.com/o2c-project/o2c/invoice/pdf"
)

// Invoices issues invoices and credit notes from shipped orders, by hand and by period, numbers
// them without gaps, sends them to the customers and follows their life. Make one with NewInvoices.
type Invoices struct {
	Store  o2c.Store
	Seller Seller
	// Series numbers the invoices, CreditSeries the credit notes.
	Series, CreditSeries invoice.Series
	// Renderer writes an invoice in a customer's format; nil uses the built-in CII and UBL writers.
	Renderer InvoiceRenderer
	// Branding is how the documents o2c draws itself look (statements of account).
	Branding pdf.Branding
	// ERP takes the issued invoices (invoices_erp.go); nil keeps them in o2c alone.
	ERP o2c.InvoicePoster
	// Mail sends the invoices (outmail.Sender); nil sends none, and the history says why.
	Mail     o2c.AnswerSender
	Location *time.Location // the company's zone: issue and due dates are its days
	Now      func() time.Time
	Log      *slog.Logger
}

// Default numbering series: F2026-000001 for invoices, AV2026-000001 (avoir) for credit notes.
var (
	DefaultInvoiceSeries = invoice.Series{Code: "INV", Prefix: "F", Width: 6}
	DefaultCreditSeries  = invoice.Series{Code: "CN", Prefix: "AV", Width: 6}
)

// NewInvoices returns an invoice service with the default series, the UTC zone and the real clock.
func NewInvoices(store o2c.Store, seller Seller) *Invoices {
	return &Invoices{Store: store, Seller: seller, Series: DefaultInvoiceSeries, CreditSeries: DefaultCreditSeries,
		Location: time.UTC, Now: time.Now, Log: slog.Default()}
}

// Audit entity and actions of invoices.
const (
	entityInvoice      = "invoice"
	actionInvoiceDraft = "drafted"      // stored as a draft, or an issue failed validation
	actionIssued       = "issued"       // numbered and final
	actionInvoiceState = "status"       // any later change of status
	actionInvoiceSent  = "sent"         // mailed; After holds the sentInvoice
	actionSendFailed   = "send_failed"  // can never be mailed as it is; the note says why
	actionCredited     = "credited"     // a credit note corrects it, in whole or in part
	actionSettings     = "invoicing"    // a customer's invoicing settings changed
	entityCustomer     = "customer"     //
	actorInvoiceJob    = "job:invoice"  //
	actorPeriodJob     = "job:invoices" //
)

// Invoice returns one invoice. CodeNotFound.
func (s *Invoices) Invoice(ctx context.Context, id int64) (*o2c.Invoice, error) {
	return s.Store.FindInvoiceByID(ctx, id)
}

// List returns one page of invoices and the total count.
func (s *Invoices) List(ctx context.Context, f o2c.InvoiceFilter) ([]*o2c.Invoice, int, error) {
	return s.Store.FindInvoices(ctx, f)
}

// History returns an invoice's audit trail, oldest first. CodeNotFound.
func (s *Invoices) History(ctx context.Context, id int64) ([]o2c.AuditEvent, error) {
	if _, err := s.Store.FindInvoiceByID(ctx, id); err != nil {
		return nil, err
	}
	return s.Store.FindEvents(ctx, entityInvoice, fmt.Sprint(id))
}

// Today is the company's business date now.
func (s *Invoices) Today() cal.Date { return cal.DateIn(s.Now(), s.Location) }

// Model returns the EN 16931 content of an invoice.
func Model(inv *o2c.Invoice) (invoice.Invoice, error) {
	var m invoice.Invoice
	if err := json.Unmarshal(inv.Document, &m); err != nil {
		return m, fmt.Errorf("read the content of invoice %d: %w", inv.ID, err)
	}
	return m, nil
}

// Settings returns a customer's invoicing settings, the defaults when it has none. CodeNotFound
// for an unknown customer.
func (s *Invoices) Settings(ctx context.Context, customerID string) (o2c.InvoicingSettings, error) {
	return settingsOf(ctx, s.Store, customerID)
}

func settingsOf(ctx context.Context, r o2c.Reader, customerID string) (o2c.InvoicingSettings, error) {
	if _, err := r.FindCustomerByID(ctx, customerID); err != nil {
		return o2c.InvoicingSettings{}, err
	}
	st, err := r.FindInvoicingSettings(ctx, customerID)
	if o2c.ErrorCode(err) == o2c.CodeNotFound {
		return o2c.DefaultInvoicingSettings(customerID), nil
	} else if err != nil {
		return o2c.InvoicingSettings{}, err
	}
	return *st, nil
}

// Languages an invoice mail may be written in.
var invoiceLanguages = []string{"", "en", "fr", "de"}

// SaveSettings checks and stores a customer's invoicing settings, with an audit event.
// CodeInvalid with faults, CodeNotFound.
func (s *Invoices) SaveSettings(ctx context.Context, st o2c.InvoicingSettings, actor string) (o2c.InvoicingSettings, error) {
	var faults []o2c.Fault
	if !slices.Contains(o2c.InvoicingModes, st.Mode) {
		faults = append(faults, o2c.Fault{Rule: "INVSET-01", Path: "$.mode", Message: fmt.Sprintf("mode %q is none of per_order, weekly, monthly", st.Mode)})
	}
	if !slices.Contains(o2c.InvoiceFormats, st.Format) {
		faults = append(faults, o2c.Fault{Rule: "INVSET-02", Path: "$.format", Message: fmt.Sprintf("format %q is none of facturx, pdf, ubl, cii, invoic, 810", st.Format)})
	}
	if !slices.Contains(invoiceLanguages, st.Language) {
		faults = append(faults, o2c.Fault{Rule: "INVSET-03", Path: "$.language", Message: fmt.Sprintf("language %q is none of en, fr, de", st.Language)})
	}
	if st.Email != "" {
		if a, err := mail.ParseAddress(st.Email); err != nil || a.Address != st.Email {
			faults = append(faults, o2c.Fault{Rule: "INVSET-04", Path: "$.email", Message: fmt.Sprintf("%q is not a plain e-mail address", st.Email)})
		}
	}
	if len(faults) > 0 {
		return st, o2c.Invalid(faults...)
	}
	st.UpdatedBy = actor
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		before, err := settingsOf(ctx, tx, st.CustomerID)
		if err != nil {
			return err
		}
		if err := tx.SaveInvoicingSettings(ctx, &st); err != nil {
			return err
		}
		b, _ := json.Marshal(before) // plain values: cannot fail
		a, _ := json.Marshal(st)
		return tx.AddEvent(ctx, &o2c.AuditEvent{Entity: entityCustomer, EntityID: st.CustomerID, Action: actionSettings,
			Actor: actor, Before: b, After: a})
	})
	return st, err
}

// invoiceEvent records one change of an invoice: who, when (the transaction's Now), from and to.
func invoiceEvent(ctx context.Context, tx o2c.Tx, inv *o2c.Invoice, action, actor string, from o2c.InvoiceStatus, note string, extra any) error {
	if actor == "" {
		actor = o2c.ActorSystem
	}
	var before json.RawMessage
	if from != "" {
		before = json.RawMessage(`{"status":"` + string(from) + `"}`)
	}
	after := map[string]any{"status": inv.Status, "version": inv.Version}
	if inv.Number != "" {
		after["number"] = inv.Number
	}
	if extra != nil {
		after["detail"] = extra
	}
	a, err := json.Marshal(after)
	if err != nil {
		return err
	}
	e := &o2c.AuditEvent{Entity: entityInvoice, EntityID: fmt.Sprint(inv.ID), Action: action, Actor: actor,
		Before: before, After: a, Note: note}
	if err := tx.AddEvent(ctx, e); err != nil {
		return fmt.Errorf("record %s of invoice %d: %w", action, inv.ID, err)
	}
	return nil
}

// move changes an invoice's status if the table allows it, applies change, saves it and records
// the event, all in one transaction. Moving to the status it is in already is a no-op.
func (s *Invoices) move(ctx context.Context, id int64, to o2c.InvoiceStatus, actor, note string, change func(*o2c.Invoice)) (*o2c.Invoice, error) {
	var out *o2c.Invoice
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		inv, err := tx.FindInvoiceByID(ctx, id)
		if err != nil {
			return err
		}
		out = inv
		if inv.Status == to && change == nil {
			return nil
		}
		return moveInTx(ctx, tx, inv, to, actor, note, change)
	})
	return out, err
}

func moveInTx(ctx context.Context, tx o2c.Tx, inv *o2c.Invoice, to o2c.InvoiceStatus, actor, note string, change func(*o2c.Invoice)) error {
	from := inv.Status
	if from != to && !o2c.CanTransitionInvoice(from, to) {
		return o2c.Errorf(o2c.CodeConflict, "invoice %s is %s and cannot become %s", numberOf(inv), from, to)
	}
	inv.Status = to
	if change != nil {
		change(inv)
	}
	if err := tx.UpdateInvoice(ctx, inv); err != nil {
		return fmt.Errorf("save invoice %d as %s: %w", inv.ID, to, err)
	}
	return invoiceEvent(ctx, tx, inv, actionInvoiceState, actor, from, note, nil)
}

func numberOf(inv *o2c.Invoice) string {
	if inv.Number != "" {
		return inv.Number
	}
	return fmt.Sprintf("draft %d", inv.ID)
}

// MarkSent records that an invoice went out by another way than Send (handed over, uploaded to
// the customer's platform).
func (s *Invoices) MarkSent(ctx context.Context, id int64, actor, note string) (*o2c.Invoice, error) {
	return s.move(ctx, id, o2c.InvoiceSent, actor, note, func(inv *o2c.Invoice) { inv.SentAt = s.Now() })
}

// MarkDelivered records that the customer's channel confirmed delivery.
func (s *Invoices) MarkDelivered(ctx context.Context, id int64, actor, note string) (*o2c.Invoice, error) {
	return s.move(ctx, id, o2c.InvoiceDelivered, actor, note, nil)
}

// MarkBounced records that the channel refused the invoice for good, with the cause.
func (s *Invoices) MarkBounced(ctx context.Context, id int64, actor, cause string) (*o2c.Invoice, error) {
	return s.move(ctx, id, o2c.InvoiceBounced, actor, cause, nil)
}

// MarkViewed records that the customer opened the invoice.
func (s *Invoices) MarkViewed(ctx context.Context, id int64, actor, note string) (*o2c.Invoice, error) {
	return s.move(ctx, id, o2c.InvoiceViewed, actor, note, nil)
}

// Dispute records that the customer contests amount of the invoice (its whole balance when
// amount is zero), for reason.
func (s *Invoices) Dispute(ctx context.Context, id int64, amount decimal.Decimal, reason, actor string) (*o2c.Invoice, error) {
	if amount.Sign() < 0 {
		return nil, o2c.Invalid(o2c.Fault{Rule: "INVOICE-20", Path: "$.amount", Message: "a disputed amount cannot be negative"})
	}
	return s.move(ctx, id, o2c.InvoiceDisputed, actor, reason, func(inv *o2c.Invoice) {
		if amount.IsZero() || amount.GreaterThan(inv.Balance()) {
			amount = inv.Balance()
		}
		inv.AmountDisputed = amount
	})
}

// ResolveDispute ends a dispute: the invoice is open again, overdue when past its due date, and
// nothing is contested any more. A correction of the amount is a credit note, made apart.
func (s *Invoices) ResolveDispute(ctx context.Context, id int64, actor, note string) (*o2c.Invoice, error) {
	inv, err := s.Store.FindInvoiceByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if inv.Status != o2c.InvoiceDisputed {
		return nil, o2c.Errorf(o2c.CodeConflict, "invoice %s is %s, not disputed", numberOf(inv), inv.Status)
	}
	to := o2c.InvoiceSent
	if !inv.DueDate.IsZero() && inv.DueDate.Before(s.Today()) {
		to = o2c.InvoiceOverdue
	}
	return s.move(ctx, id, to, actor, note, func(inv *o2c.Invoice) { inv.AmountDisputed = decimal.Zero })
}

// MarkOverdue moves every open invoice past its due date (before today) to overdue, and returns
// how many it moved. Disputed invoices stay disputed.
func (s *Invoices) MarkOverdue(ctx context.Context, actor string) (int, error) {
	today := s.Today()
	open := []o2c.InvoiceStatus{o2c.InvoiceIssued, o2c.InvoiceSent, o2c.InvoiceDelivered, o2c.InvoiceBounced,
		o2c.InvoiceViewed, o2c.InvoicePartiallyPaid}
	n := 0
	for {
		list, _, err := s.Store.FindInvoices(ctx, o2c.InvoiceFilter{Status: open, DueBefore: today, Limit: 200})
		if err != nil {
			return n, fmt.Errorf("find overdue invoices: %w", err)
		}
		moved := 0
		for _, inv := range list {
			_, err := s.move(ctx, inv.ID, o2c.InvoiceOverdue, actor, fmt.Sprintf("due %s, unpaid on %s", inv.DueDate, today), nil)
			switch o2c.ErrorCode(err) {
			case "":
				moved++
			case o2c.CodeConflict: // paid or changed meanwhile
			default:
				return n, err
			}
		}
		n += moved
		if len(list) < 200 || moved == 0 {
			return n, nil
		}
	}
}
