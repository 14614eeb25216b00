package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
)

// Disputes follows customers contesting invoices: opened by a person or proposed by a short
// payment, commented, documented, owned, and resolved by credit note, write-off or rejection.
// While a dispute is open its amount is held on the invoice (AmountDisputed, status disputed),
// which keeps it out of reminders; resolving releases it. Make one with NewDisputes.
type Disputes struct {
	// Invoices makes the credit notes, and gives the store, the clock and the company's days.
	Invoices *Invoices
	// Archiver keeps uploaded documents; nil attaches only documents archived already.
	Archiver o2c.Archiver
}

// NewDisputes returns the dispute service of an invoice service.
func NewDisputes(inv *Invoices, archiver o2c.Archiver) *Disputes {
	return &Disputes{Invoices: inv, Archiver: archiver}
}

// Audit entity and actions of disputes.
const (
	entityDispute       = "dispute"
	actionDisputeOpened = "opened"    // opened by a person, or a proposal confirmed
	actionProposed      = "proposed"  // proposed for a short payment
	actionDismissed     = "dismissed" // a proposal turned down
	actionAssigned      = "assigned"  // owner or due date changed
	actionCommented     = "commented" //
	actionAttached      = "attached"  // a document attached; After holds it
	actionResolved      = "resolved"  // After holds the resolution
	actionWrittenOff    = "written_off"
)

// Rules of the faults the dispute service reports.
const (
	RuleDisputeReason     = "DISPUTE-01" // a known reason code
	RuleDisputeAmount     = "DISPUTE-02" // more than zero, at most what is left to pay and not disputed yet
	RuleDisputeLine       = "DISPUTE-03" // lines of the invoice, with quantities it has
	RuleDisputeText       = "DISPUTE-04" // a comment or note that says something
	RuleDisputeResolution = "DISPUTE-05" // credit_note, write_off or rejected
	RuleDisputeDocument   = "DISPUTE-06" // an archived blob, or content to archive
)

func (s *Disputes) store() o2c.Store { return s.Invoices.Store }

// Dispute returns one dispute with its thread and documents. CodeNotFound.
func (s *Disputes) Dispute(ctx context.Context, id int64) (*o2c.Dispute, error) {
	return s.store().FindDisputeByID(ctx, id)
}

// List returns one page of disputes, soonest due first, and the total count.
func (s *Disputes) List(ctx context.Context, f o2c.DisputeFilter) ([]*o2c.Dispute, int, error) {
	return s.store().FindDisputes(ctx, f)
}

// History returns a dispute's audit trail, oldest first. CodeNotFound.
func (s *Disputes) History(ctx context.Context, id int64) ([]o2c.AuditEvent, error) {
	if _, err := s.store().FindDisputeByID(ctx, id); err != nil {
		return nil, err
	}
	return s.store().FindEvents(ctx, entityDispute, fmt.Sprint(id))
}

// OpenParams is a dispute a person opens.
type OpenParams struct {
	InvoiceID int64
	Reason    o2c.DisputeReason
	// Lines are the contested lines; none contests the invoice as a whole.
	Lines []o2c.DisputeLine
	// Amount is what is contested, with VAT; zero means the gross of Lines, or, without lines,
	// all that is left to pay and not disputed yet.
	Amount  decimal.Decimal
	Owner   string
	DueDate cal.Date
	Comment string // the customer's words or the first note; optional
}

// Open opens a dispute and holds its amount on the invoice, which becomes disputed, in one
// transaction. CodeInvalid with faults (DISPUTE-01 to 03), CodeNotFound for an unknown invoice,
// CodeConflict for an invoice that is no open issued invoice (a draft, paid, credited).
func (s *Disputes) Open(ctx context.Context, p OpenParams, actor string) (*o2c.Dispute, error) {
	actor = actorOr(actor)
	d := &o2c.Dispute{InvoiceID: p.InvoiceID, Status: o2c.DisputeOpen, Reason: p.Reason, Lines: p.Lines, Amount: p.Amount,
		Owner: strings.TrimSpace(p.Owner), DueDate: p.DueDate, CreatedBy: actor, WrittenOff: decimal.Zero}
	err := s.store().InTx(ctx, func(tx o2c.Tx) error {
		inv, err := disputable(ctx, tx, p.InvoiceID)
		if err != nil {
			return err
		}
		if err := s.checkAmount(ctx, tx, inv, d); err != nil {
			return err
		}
		if err := tx.CreateDispute(ctx, d); err != nil {
			return err
		}
		if err := disputeEvent(ctx, tx, d, actionDisputeOpened, actor, "", string(d.Reason)); err != nil {
			return err
		}
		if c := strings.TrimSpace(p.Comment); c != "" {
			if err := addComment(ctx, tx, d, c, actor); err != nil {
				return err
			}
		}
		return s.holdOnInvoice(ctx, tx, inv, actor, fmt.Sprintf("dispute %d opened (%s)", d.ID, d.Reason))
	})
	if err != nil {
		return nil, err
	}
	return s.store().FindDisputeByID(ctx, d.ID)
}

// ProposeParams is a dispute that a short payment suggests.
type ProposeParams struct {
	InvoiceID int64
	// Amount is the difference the payment left unpaid.
	Amount decimal.Decimal
	// Reason is the likely reason (from the remittance text, or other when nothing says).
	Reason o2c.DisputeReason
	// PaymentRef is the bank transaction's reference: the same one proposes once.
	PaymentRef string
	// Note says why it is proposed, for the person who confirms it (the remittance text).
	Note string
}

// Propose records a proposed dispute for a short payment: it does not touch the invoice until a
// person confirms it (Confirm) or dismisses it (Dismiss). Proposing the same payment reference
// for the same invoice again returns the dispute proposed first, unchanged. CodeInvalid with
// faults, CodeNotFound for an unknown invoice, CodeConflict for a draft or a credit note.
func (s *Disputes) Propose(ctx context.Context, p ProposeParams, actor string) (*o2c.Dispute, error) {
	actor = actorOr(actor)
	var faults []o2c.Fault
	if !p.Reason.Valid() {
		faults = append(faults, reasonFault(p.Reason))
	}
	if p.Amount.Sign() <= 0 {
		faults = append(faults, o2c.Fault{Rule: RuleDisputeAmount, Path: "$.amount", Message: "a short payment leaves more than zero unpaid"})
	}
	if strings.TrimSpace(p.PaymentRef) == "" {
		faults = append(faults, o2c.Fault{Rule: RuleDisputeText, Path: "$.payment_ref", Message: "a proposed dispute names its payment"})
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	d := &o2c.Dispute{InvoiceID: p.InvoiceID, Status: o2c.DisputeProposed, Reason: p.Reason, Amount: p.Amount,
		PaymentRef: strings.TrimSpace(p.PaymentRef), CreatedBy: actor, WrittenOff: decimal.Zero}
	err := s.store().InTx(ctx, func(tx o2c.Tx) error {
		inv, err := tx.FindInvoiceByID(ctx, p.InvoiceID)
		if err != nil {
			return err
		}
		if inv.Kind != o2c.KindInvoice || inv.Status == o2c.InvoiceDraft {
			return o2c.Errorf(o2c.CodeConflict, "%s %s is no issued invoice to dispute", inv.Kind, numberOf(inv))
		}
		if err := tx.CreateDispute(ctx, d); err != nil {
			return err
		}
		if err := disputeEvent(ctx, tx, d, actionProposed, actor, "", map[string]any{"payment_ref": d.PaymentRef, "amount": d.Amount}); err != nil {
			return err
		}
		if n := strings.TrimSpace(p.Note); n != "" {
			return addComment(ctx, tx, d, n, actor)
		}
		return nil
	})
	if o2c.ErrorCode(err) == o2c.CodeConflict {
		list, _, ferr := s.store().FindDisputes(ctx, o2c.DisputeFilter{InvoiceID: p.InvoiceID, Limit: 500})
		if ferr != nil {
			return nil, ferr
		}
		for _, old := range list {
			if old.PaymentRef == d.PaymentRef {
				return s.store().FindDisputeByID(ctx, old.ID)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return s.store().FindDisputeByID(ctx, d.ID)
}

// Confirm opens a proposed dispute: its amount is held on the invoice from now on. CodeConflict
// when it is no proposal, or its invoice cannot be disputed any more (paid in the meantime);
// CodeInvalid when its amount is more than is left to dispute.
func (s *Disputes) Confirm(ctx context.Context, id int64, actor string) (*o2c.Dispute, error) {
	return s.change(ctx, id, actor, func(tx o2c.Tx, d *o2c.Dispute) error {
		if err := moveDispute(d, o2c.DisputeOpen); err != nil {
			return err
		}
		inv, err := disputable(ctx, tx, d.InvoiceID)
		if err != nil {
			return err
		}
		if err := s.checkAmount(ctx, tx, inv, d); err != nil {
			return err
		}
		if err := tx.UpdateDispute(ctx, d); err != nil {
			return err
		}
		if err := disputeEvent(ctx, tx, d, actionDisputeOpened, actor, o2c.DisputeProposed, "confirmed"); err != nil {
			return err
		}
		return s.holdOnInvoice(ctx, tx, inv, actor, fmt.Sprintf("dispute %d confirmed (%s)", d.ID, d.Reason))
	})
}

// Dismiss turns a proposed dispute down, with why. CodeConflict when it is no proposal.
func (s *Disputes) Dismiss(ctx context.Context, id int64, note, actor string) (*o2c.Dispute, error) {
	return s.change(ctx, id, actor, func(tx o2c.Tx, d *o2c.Dispute) error {
		if err := moveDispute(d, o2c.DisputeDismissed); err != nil {
			return err
		}
		d.ResolutionNote, d.ResolvedBy = strings.TrimSpace(note), actorOr(actor)
		if err := tx.UpdateDispute(ctx, d); err != nil {
			return err
		}
		return disputeEvent(ctx, tx, d, actionDismissed, actor, o2c.DisputeProposed, note)
	})
}

// AssignParams changes who handles a dispute and by when; nil leaves a field as it is.
type AssignParams struct {
	Owner   *string
	DueDate *cal.Date
}

// Assign sets a dispute's owner and due date. An open dispute that gets an owner is in progress
// from then on. CodeConflict for a dispute resolved or dismissed.
func (s *Disputes) Assign(ctx context.Context, id int64, p AssignParams, actor string) (*o2c.Dispute, error) {
	return s.change(ctx, id, actor, func(tx o2c.Tx, d *o2c.Dispute) error {
		from := d.Status
		if from == o2c.DisputeResolved || from == o2c.DisputeDismissed {
			return o2c.Errorf(o2c.CodeConflict, "dispute %d is %s: it is not assigned any more", d.ID, from)
		}
		if p.Owner != nil {
			d.Owner = strings.TrimSpace(*p.Owner)
		}
		if p.DueDate != nil {
			d.DueDate = *p.DueDate
		}
		if d.Status == o2c.DisputeOpen && d.Owner != "" {
			d.Status = o2c.DisputeInProgress
		}
		if err := tx.UpdateDispute(ctx, d); err != nil {
			return err
		}
		return disputeEvent(ctx, tx, d, actionAssigned, actor, from, map[string]any{"owner": d.Owner, "due_date": d.DueDate})
	})
}

// Comment adds a message to a dispute's thread, by its author. CodeInvalid for an empty text,
// CodeNotFound.
func (s *Disputes) Comment(ctx context.Context, id int64, text, actor string) (*o2c.Dispute, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, o2c.Invalid(o2c.Fault{Rule: RuleDisputeText, Path: "$.text", Message: "a comment says something"})
	}
	return s.change(ctx, id, actor, func(tx o2c.Tx, d *o2c.Dispute) error { return addComment(ctx, tx, d, text, actor) })
}

// change runs fn on a dispute in one transaction and returns the dispute as it is afterwards.
func (s *Disputes) change(ctx context.Context, id int64, actor string, fn func(o2c.Tx, *o2c.Dispute) error) (*o2c.Dispute, error) {
	err := s.store().InTx(ctx, func(tx o2c.Tx) error {
		d, err := tx.FindDisputeByID(ctx, id)
		if err != nil {
			return err
		}
		return fn(tx, d)
	})
	if err != nil {
		return nil, err
	}
	return s.store().FindDisputeByID(ctx, id)
}

// moveDispute changes a dispute's status if the table allows it.
func moveDispute(d *o2c.Dispute, to o2c.DisputeStatus) error {
	if !o2c.CanTransitionDispute(d.Status, to) {
		return o2c.Errorf(o2c.CodeConflict, "dispute %d is %s and cannot become %s", d.ID, d.Status, to)
	}
	d.Status = to
	return nil
}

// disputable returns the invoice a dispute may be held on: an issued invoice still open.
func disputable(ctx context.Context, tx o2c.Tx, invoiceID int64) (*o2c.Invoice, error) {
	inv, err := tx.FindInvoiceByID(ctx, invoiceID)
	if err != nil {
		return nil, err
	}
	if inv.Kind != o2c.KindInvoice || !inv.Status.Open() {
		return nil, o2c.Errorf(o2c.CodeConflict, "%s %s is %s: only an open issued invoice is disputed", inv.Kind, numberOf(inv), inv.Status)
	}
	return inv, nil
}

// checkAmount checks d's reason, lines and amount against the invoice, and sets the amount when
// d leaves it zero: the gross of its lines, else all that is left to dispute.
func (s *Disputes) checkAmount(ctx context.Context, tx o2c.Tx, inv *o2c.Invoice, d *o2c.Dispute) error {
	var faults []o2c.Fault
	if !d.Reason.Valid() {
		faults = append(faults, reasonFault(d.Reason))
	}
	owed, err := owedOn(ctx, tx, inv)
	if err != nil {
		return err
	}
	held, err := heldOn(ctx, tx, inv.ID, d.ID)
	if err != nil {
		return err
	}
	free := owed.Sub(held)
	if len(d.Lines) > 0 {
		gross, err := linesGross(inv, d.Lines)
		if err != nil {
			return err
		}
		if d.Amount.IsZero() {
			d.Amount = gross
		}
	}
	if d.Amount.IsZero() && len(d.Lines) == 0 {
		d.Amount = free
	}
	switch {
	case d.Amount.Sign() <= 0:
		faults = append(faults, o2c.Fault{Rule: RuleDisputeAmount, Path: "$.amount", Message: fmt.Sprintf(
			"invoice %s has nothing left to dispute (%s %s open, %s disputed already)", inv.Number,
			owed.StringFixed(2), inv.Currency, held.StringFixed(2))})
	case d.Amount.GreaterThan(free):
		faults = append(faults, o2c.Fault{Rule: RuleDisputeAmount, Path: "$.amount", Message: fmt.Sprintf(
			"%s %s is more than the %s left to dispute on invoice %s", d.Amount.StringFixed(2), inv.Currency,
			free.StringFixed(2), inv.Number)})
	}
	if len(faults) > 0 {
		return o2c.Invalid(faults...)
	}
	return nil
}

func reasonFault(r o2c.DisputeReason) o2c.Fault {
	return o2c.Fault{Rule: RuleDisputeReason, Path: "$.reason", Message: fmt.Sprintf(
		"reason %q is none of price, quantity, damaged, not_received, duplicate, other", r)}
}

// linesGross is what the contested lines come to with VAT: what a credit note of them would give back.
func linesGross(inv *o2c.Invoice, lines []o2c.DisputeLine) (decimal.Decimal, error) {
	m, err := Model(inv)
	if err != nil {
		return decimal.Zero, err
	}
	picked, _, err := creditLines(m, creditLinesOf(lines))
	if err != nil {
		if e := (*o2c.Error)(nil); errors.As(err, &e) && e.Code == o2c.CodeInvalid {
			for i := range e.Faults {
				e.Faults[i].Rule = RuleDisputeLine
			}
		}
		return decimal.Zero, err
	}
	c := m
	c.Lines, c.Charges, c.Totals = picked, nil, invoice.Totals{}
	calc, err := invoice.Calculate(c)
	if err != nil {
		return decimal.Zero, fmt.Errorf("calculate the disputed lines of invoice %s: %w", inv.Number, err)
	}
	return calc.Totals.TaxInclusive, nil
}

func creditLinesOf(lines []o2c.DisputeLine) []CreditLine {
	out := make([]CreditLine, len(lines))
	for i, l := range lines {
		out[i] = CreditLine{LineID: l.LineID, Quantity: l.Quantity}
	}
	return out
}

// owedOn is what is left to pay on an invoice: its balance less the credit notes made of it.
func owedOn(ctx context.Context, r o2c.Reader, inv *o2c.Invoice) (decimal.Decimal, error) {
	credited, err := creditNotesOf(ctx, r, inv.ID)
	if err != nil {
		return decimal.Zero, err
	}
	return inv.Balance().Sub(credited), nil
}

// creditNotesOf sums the gross totals of an invoice's issued credit notes.
func creditNotesOf(ctx context.Context, r o2c.Reader, invoiceID int64) (decimal.Decimal, error) {
	list, _, err := r.FindInvoices(ctx, o2c.InvoiceFilter{CorrectsID: invoiceID, Limit: 500})
	if err != nil {
		return decimal.Zero, fmt.Errorf("find credit notes of invoice %d: %w", invoiceID, err)
	}
	sum := decimal.Zero
	for _, cn := range list {
		if cn.Status != o2c.InvoiceDraft {
			sum = sum.Add(cn.GrossTotal)
		}
	}
	return sum, nil
}

// heldOn sums the amounts of an invoice's active disputes, but one (0: none).
func heldOn(ctx context.Context, r o2c.Reader, invoiceID, except int64) (decimal.Decimal, error) {
	list, _, err := r.FindDisputes(ctx, o2c.DisputeFilter{InvoiceID: invoiceID,
		Status: []o2c.DisputeStatus{o2c.DisputeOpen, o2c.DisputeInProgress}, Limit: 500})
	if err != nil {
		return decimal.Zero, fmt.Errorf("find disputes of invoice %d: %w", invoiceID, err)
	}
	sum := decimal.Zero
	for _, d := range list {
		if d.ID != except {
			sum = sum.Add(d.Amount)
		}
	}
	return sum, nil
}

// holdOnInvoice sets the invoice's AmountDisputed to what its active disputes hold, and its
// status to disputed while they hold anything; once they hold nothing, the invoice goes back to
// the status its amounts and dates say: paid when nothing is left to pay, overdue past its due
// date, partially paid, else sent (the table lets a dispute end in no other open status).
func (s *Disputes) holdOnInvoice(ctx context.Context, tx o2c.Tx, inv *o2c.Invoice, actor, note string) error {
	inv, err := tx.FindInvoiceByID(ctx, inv.ID) // as this transaction left it (a credit note may have moved it)
	if err != nil {
		return err
	}
	held, err := heldOn(ctx, tx, inv.ID, 0)
	if err != nil {
		return err
	}
	owed, err := owedOn(ctx, tx, inv)
	if err != nil {
		return err
	}
	held = decimal.Min(held, decimal.Max(owed, decimal.Zero))
	setHeld := func(i *o2c.Invoice) { i.AmountDisputed = held }
	switch {
	case held.Sign() > 0:
		return moveInTx(ctx, tx, inv, o2c.InvoiceDisputed, actor, note, setHeld)
	case inv.Status != o2c.InvoiceDisputed:
		if inv.AmountDisputed.IsZero() {
			return nil
		}
		return moveInTx(ctx, tx, inv, inv.Status, actor, note, setHeld)
	}
	to := o2c.InvoiceSent
	switch today := s.Invoices.Today(); {
	case owed.Sign() <= 0:
		to = o2c.InvoicePaid
	case !inv.DueDate.IsZero() && inv.DueDate.Before(today):
		to = o2c.InvoiceOverdue
	case inv.AmountPaid.Sign() > 0:
		to = o2c.InvoicePartiallyPaid
	}
	return moveInTx(ctx, tx, inv, to, actor, note, setHeld)
}

// addComment appends a comment with its audit event.
func addComment(ctx context.Context, tx o2c.Tx, d *o2c.Dispute, text, actor string) error {
	c := &o2c.DisputeComment{Author: actorOr(actor), Text: text}
	if err := tx.AddDisputeComment(ctx, d.ID, c); err != nil {
		return err
	}
	return disputeEvent(ctx, tx, d, actionCommented, actor, "", map[string]any{"comment_id": c.ID})
}

// disputeEvent records one change of a dispute: who, when (the transaction's Now), from and to.
func disputeEvent(ctx context.Context, tx o2c.Tx, d *o2c.Dispute, action, actor string, from o2c.DisputeStatus, detail any) error {
	var before json.RawMessage
	if from != "" {
		before = json.RawMessage(`{"status":"` + string(from) + `"}`)
	}
	after, err := json.Marshal(map[string]any{"status": d.Status, "invoice_id": d.InvoiceID, "amount": d.Amount,
		"version": d.Version, "detail": detail})
	if err != nil {
		return err
	}
	note := ""
	if s, ok := detail.(string); ok {
		note = s
	}
	e := &o2c.AuditEvent{Entity: entityDispute, EntityID: fmt.Sprint(d.ID), Action: action, Actor: actorOr(actor),
		Before: before, After: after, Note: note}
	if err := tx.AddEvent(ctx, e); err != nil {
		return fmt.Errorf("record %s of dispute %d: %w", action, d.ID, err)
	}
	return nil
}
