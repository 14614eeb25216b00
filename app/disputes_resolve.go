package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/o2c-project/o2c"
)

// ResolveParams says how a dispute ends.
type ResolveParams struct {
	Resolution o2c.DisputeResolution
	Note       string // why, for the customer (on a credit note) and the history
	// Lines are, for a credit note, the invoice lines to credit; none takes the dispute's own
	// lines. A dispute of no lines is credited by a credit note of every line, which only fits
	// when it contests the whole invoice.
	Lines []o2c.DisputeLine
}

// Resolve ends an open or in-progress dispute and releases its amount on the invoice, which
// goes back to the status its amounts and dates say (overdue past its due date, so reminders
// resume). By credit note, the Invoices service issues a credit note of the lines and the dispute
// names it; by write-off, the amount counts as settled: it is added to the invoice's AmountPaid
// (the dispute's WrittenOff and the invoice event written_off say that no money came); by
// rejection, the customer owes it after all.
//
// A credit note is issued in a transaction of its own before the dispute is resolved; its reason
// names the dispute, so a retry after a crash in between finds it and makes no second one.
// CodeInvalid with faults (DISPUTE-03, 05), CodeConflict for a dispute not open or in progress.
func (s *Disputes) Resolve(ctx context.Context, id int64, p ResolveParams, actor string) (*o2c.Dispute, error) {
	actor = actorOr(actor)
	if !slices.Contains(o2c.DisputeResolutions, p.Resolution) {
		return nil, o2c.Invalid(o2c.Fault{Rule: RuleDisputeResolution, Path: "$.resolution",
			Message: fmt.Sprintf("resolution %q is none of credit_note, write_off, rejected", p.Resolution)})
	}
	d, err := s.store().FindDisputeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !d.Status.Active() {
		return nil, o2c.Errorf(o2c.CodeConflict, "dispute %d is %s: only an open dispute is resolved", d.ID, d.Status)
	}
	var creditNoteID int64
	if p.Resolution == o2c.ResolvedByCreditNote {
		if creditNoteID, err = s.creditFor(ctx, d, p, actor); err != nil {
			return nil, err
		}
	}
	return s.change(ctx, id, actor, func(tx o2c.Tx, d *o2c.Dispute) error {
		from := d.Status
		if err := moveDispute(d, o2c.DisputeResolved); err != nil {
			return err
		}
		d.Resolution, d.ResolutionNote, d.ResolvedBy, d.CreditNoteID = p.Resolution, strings.TrimSpace(p.Note), actor, creditNoteID
		note := fmt.Sprintf("dispute %d resolved by %s", d.ID, p.Resolution)
		if p.Resolution == o2c.ResolvedByWriteOff {
			d.WrittenOff = d.Amount
			if err := writeOff(ctx, tx, d, actor, note); err != nil {
				return err
			}
		}
		if err := tx.UpdateDispute(ctx, d); err != nil {
			return err
		}
		if err := disputeEvent(ctx, tx, d, actionResolved, actor, from, map[string]any{"resolution": d.Resolution,
			"note": d.ResolutionNote, "credit_note_id": d.CreditNoteID, "written_off": d.WrittenOff}); err != nil {
			return err
		}
		inv, err := tx.FindInvoiceByID(ctx, d.InvoiceID)
		if err != nil {
			return err
		}
		return s.holdOnInvoice(ctx, tx, inv, actor, note)
	})
}

// creditReason is the reason written on a dispute's credit note; its prefix finds it again.
func creditReason(d *o2c.Dispute, note string) string {
	r := fmt.Sprintf("dispute %d: %s", d.ID, d.Reason)
	if note = strings.TrimSpace(note); note != "" {
		r += ", " + note
	}
	return r
}

// creditFor issues the credit note of a dispute, or finds the one an earlier try issued.
func (s *Disputes) creditFor(ctx context.Context, d *o2c.Dispute, p ResolveParams, actor string) (int64, error) {
	earlier, _, err := s.store().FindInvoices(ctx, o2c.InvoiceFilter{CorrectsID: d.InvoiceID, Limit: 500})
	if err != nil {
		return 0, err
	}
	prefix := fmt.Sprintf("dispute %d:", d.ID)
	for _, cn := range earlier {
		if strings.HasPrefix(cn.Reason, prefix) && cn.Status != o2c.InvoiceDraft {
			return cn.ID, nil
		}
	}
	lines := p.Lines
	if len(lines) == 0 {
		lines = d.Lines
	}
	if len(lines) == 0 {
		inv, err := s.store().FindInvoiceByID(ctx, d.InvoiceID)
		if err != nil {
			return 0, err
		}
		if !d.Amount.Equal(inv.GrossTotal) {
			return 0, o2c.Invalid(o2c.Fault{Rule: RuleDisputeLine, Path: "$.lines", Message: fmt.Sprintf(
				"dispute %d contests %s of the %s of invoice %s: name the lines to credit, or write it off",
				d.ID, d.Amount.StringFixed(2), inv.GrossTotal.StringFixed(2), inv.Number)})
		}
	}
	cn, err := s.Invoices.CreditNote(ctx, d.InvoiceID, CreditParams{Lines: creditLinesOf(lines), Reason: creditReason(d, p.Note)}, actor)
	if err != nil {
		return 0, fmt.Errorf("credit note for dispute %d: %w", d.ID, err)
	}
	return cn.ID, nil
}

// writeOff counts a dispute's amount as settled on its invoice, with an invoice event that says
// it was written off and not paid.
func writeOff(ctx context.Context, tx o2c.Tx, d *o2c.Dispute, actor, note string) error {
	inv, err := tx.FindInvoiceByID(ctx, d.InvoiceID)
	if err != nil {
		return err
	}
	inv.AmountPaid = inv.AmountPaid.Add(d.WrittenOff)
	if err := tx.UpdateInvoice(ctx, inv); err != nil {
		return fmt.Errorf("write off %s of invoice %s: %w", d.WrittenOff.StringFixed(2), inv.Number, err)
	}
	return invoiceEvent(ctx, tx, inv, actionWrittenOff, actor, "", note,
		map[string]any{"dispute_id": d.ID, "amount": d.WrittenOff, "currency": inv.Currency})
}
