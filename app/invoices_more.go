package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
)

// IssuePeriod issues one invoice for every order of the customer whose goods left and that no
// invoice covers yet, with period as its invoicing period (BG-14). Orders shipped before the
// period and not invoiced then are included rather than left behind: the order knows whether it
// shipped, not when. CodeNotFound when there is nothing to invoice.
func (s *Invoices) IssuePeriod(ctx context.Context, customerID string, period invoice.Period, actor string) (*o2c.Invoice, error) {
	var rec *o2c.Invoice
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		rec = nil
		found, _, err := tx.FindOrders(ctx, o2c.OrderFilter{CustomerID: customerID, Status: invoiceable, Limit: 500})
		if err != nil {
			return fmt.Errorf("find shipped orders of customer %s: %w", customerID, err)
		}
		var orders []*o2c.Order
		for _, o := range found {
			_, n, err := tx.FindInvoices(ctx, o2c.InvoiceFilter{OrderID: o.ID, Limit: 1})
			if err != nil {
				return err
			}
			if n == 0 {
				orders = append(orders, o)
			}
		}
		if len(orders) == 0 {
			return o2c.Errorf(o2c.CodeNotFound, "customer %s has no shipped order left to invoice", customerID)
		}
		slices.SortFunc(orders, func(a, b *o2c.Order) int { return cmp.Compare(a.ID, b.ID) })
		rec = &o2c.Invoice{Kind: o2c.KindInvoice, CustomerID: customerID}
		return s.issueOrders(ctx, tx, rec, orders, period, actor)
	})
	if err != nil {
		return nil, err
	}
	return issued(rec)
}

// PeriodEnding returns the period of mode that ended the day before day, if one did: the week
// Monday to Sunday when day is a Monday, the calendar month when day is the 1st.
func PeriodEnding(mode o2c.InvoicingMode, day cal.Date) (invoice.Period, bool) {
	switch mode {
	case o2c.InvoiceWeekly:
		if time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, time.UTC).Weekday() == time.Monday {
			return invoice.Period{Start: day.AddDays(-7), End: day.AddDays(-1)}, true
		}
	case o2c.InvoiceMonthly:
		if day.Day == 1 {
			end := day.AddDays(-1)
			return invoice.Period{Start: cal.MakeDate(end.Year, end.Month, 1), End: end}, true
		}
	}
	return invoice.Period{}, false
}

// RunPeriods is the daily job: it issues the weekly and monthly invoices of the periods that ended
// the day before day, then marks the invoices past due overdue. A customer whose invoice fails is
// logged and the others go on; the first such failure is returned at the end.
func (s *Invoices) RunPeriods(ctx context.Context, day cal.Date) error {
	var first error
	for _, mode := range []o2c.InvoicingMode{o2c.InvoiceWeekly, o2c.InvoiceMonthly} {
		period, ok := PeriodEnding(mode, day)
		if !ok {
			continue
		}
		list, err := s.Store.FindInvoicingSettingsByMode(ctx, mode)
		if err != nil {
			return err
		}
		for _, st := range list {
			rec, err := s.IssuePeriod(ctx, st.CustomerID, period, actorPeriodJob)
			switch code := o2c.ErrorCode(err); {
			case err == nil, code == o2c.CodeNotFound:
			case code == o2c.CodeInvalid && rec != nil:
				s.Log.WarnContext(ctx, "period invoice left as a draft", "customer", st.CustomerID, "invoice", rec.ID, "reason", rec.Reason)
			default:
				s.Log.ErrorContext(ctx, "period invoice failed", "customer", st.CustomerID, "err", err)
				first = cmp.Or(first, err)
			}
		}
	}
	if _, err := s.MarkOverdue(ctx, actorPeriodJob); err != nil {
		return err
	}
	return first
}

// ManualInvoice is an invoice made by hand: lines that come from no order (services, fees).
type ManualInvoice struct {
	CustomerID string
	Lines      []ManualLine
	Note       string // an invoice note (BG-1)
	Draft      bool   // keep it as a draft to issue later, rather than issuing it now
}

// ManualLine is one line of a manual invoice. With a SKU, the product's description, unit and VAT
// rate fill what the line leaves out.
type ManualLine struct {
	SKU         string
	Description string
	Quantity    decimal.Decimal
	Unit        string
	UnitPrice   decimal.Decimal
	VATRate     *decimal.Decimal // percent; the product's when nil
}

// IssueManual makes an invoice from lines, and issues it unless p.Draft. An invoice that breaks a
// rule stays a draft, returned with CodeInvalid and its faults. CodeNotFound for an unknown customer.
func (s *Invoices) IssueManual(ctx context.Context, p ManualInvoice, actor string) (*o2c.Invoice, error) {
	var rec *o2c.Invoice
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		c, err := tx.FindCustomerByID(ctx, p.CustomerID)
		if err != nil {
			return err
		}
		st, err := settingsOf(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		var sales []sale
		for _, l := range p.Lines {
			sales = append(sales, sale{SKU: l.SKU, Description: l.Description, Unit: l.Unit, Quantity: l.Quantity,
				UnitPrice: l.UnitPrice, VATRate: l.VATRate})
		}
		m, faults, err := s.build(ctx, tx, draftSpec{customer: c, settings: st, sales: sales, note: p.Note,
			issue: cal.DateIn(tx.Now(), s.Location)})
		if err != nil {
			return err
		}
		rec = &o2c.Invoice{Kind: o2c.KindInvoice, CustomerID: c.ID, Format: st.Format, Language: languageOfInvoice(c, st)}
		if !p.Draft {
			return s.issueInTx(ctx, tx, rec, m, faults, s.Series, nil, actor)
		}
		if calc, err := invoice.Calculate(m); err == nil {
			m = calc
		}
		rec.Status, rec.Series, rec.Faults = o2c.InvoiceDraft, s.Series.Code, faults
		if err := fill(rec, m); err != nil {
			return err
		}
		if err := tx.CreateInvoice(ctx, rec); err != nil {
			return err
		}
		return invoiceEvent(ctx, tx, rec, actionInvoiceDraft, actor, "", "made by hand", nil)
	})
	if err != nil {
		return nil, err
	}
	if p.Draft {
		return rec, nil
	}
	return issued(rec)
}

// CreditParams says what a credit note gives back: every line of the invoice when Lines is
// empty, else the quantities of the lines named.
type CreditParams struct {
	Lines  []CreditLine
	Reason string // why, for the customer and the history; required
}

// CreditLine is one line of the invoice to credit, by its line id (BT-126), and how much of it;
// a nil quantity credits the whole line.
type CreditLine struct {
	LineID   string
	Quantity *decimal.Decimal
}

// CreditNote issues a credit note that corrects an issued invoice (BG-3 names it), numbered in the
// credit series, and queues its sending. The credit notes of an invoice never give back more than
// its gross total; once they have given it all, the invoice is credited. CodeInvalid for a bad
// line or amount, CodeConflict for a draft, a credit note, or an invoice credited already.
func (s *Invoices) CreditNote(ctx context.Context, invoiceID int64, p CreditParams, actor string) (*o2c.Invoice, error) {
	if p.Reason == "" {
		return nil, o2c.Invalid(o2c.Fault{Rule: "CREDIT-01", Path: "$.reason", Message: "a credit note needs a reason"})
	}
	var cn *o2c.Invoice
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		orig, err := tx.FindInvoiceByID(ctx, invoiceID)
		if err != nil {
			return err
		}
		if orig.Kind != o2c.KindInvoice || orig.Status == o2c.InvoiceDraft || orig.Status == o2c.InvoiceCredited {
			return o2c.Errorf(o2c.CodeConflict, "invoice %s is a %s in status %s: only an issued invoice is credited",
				numberOf(orig), orig.Kind, orig.Status)
		}
		m, err := Model(orig)
		if err != nil {
			return err
		}
		lines, charges, err := creditLines(m, p.Lines)
		if err != nil {
			return err
		}
		today := cal.DateIn(tx.Now(), s.Location)
		c := m
		c.Number, c.Type, c.IssueDate, c.DueDate, c.TaxPointDate = "", invoice.TypeCreditNote, today, cal.Date{}, cal.Date{}
		c.Preceding = []invoice.DocumentRef{{Number: orig.Number, IssueDate: orig.IssueDate}}
		c.Lines, c.Charges = lines, charges
		c.Totals = invoice.Totals{}
		c.Notes = append(slices.Clone(m.Notes), invoice.Note{SubjectCode: "AAI", Text: "Credit note for invoice " + orig.Number + ": " + p.Reason})
		calc, err := invoice.Calculate(c)
		if err != nil {
			return err
		}
		earlier, err := creditedSoFar(ctx, tx, orig.ID)
		if err != nil {
			return err
		}
		if earlier.Add(calc.Totals.TaxInclusive).GreaterThan(orig.GrossTotal) {
			return o2c.Invalid(o2c.Fault{Rule: "CREDIT-02", Path: "$.lines", Message: fmt.Sprintf(
				"credit notes would give back %s of invoice %s, more than its total %s",
				earlier.Add(calc.Totals.TaxInclusive).StringFixed(2), orig.Number, orig.GrossTotal.StringFixed(2))})
		}
		cn = &o2c.Invoice{Kind: o2c.KindCreditNote, CustomerID: orig.CustomerID, CorrectsID: orig.ID, Reason: p.Reason,
			Format: orig.Format, Language: orig.Language}
		if err := s.issueInTx(ctx, tx, cn, c, nil, s.CreditSeries, nil, actor); err != nil {
			return err
		}
		if cn.Status == o2c.InvoiceDraft {
			return o2c.Invalid(cn.Faults...) // rolls the draft back: a credit note is issued or not made
		}
		full := earlier.Add(cn.GrossTotal).Equal(orig.GrossTotal)
		note := fmt.Sprintf("credit note %s for %s %s: %s", cn.Number, cn.GrossTotal.StringFixed(2), cn.Currency, p.Reason)
		if full {
			return moveInTx(ctx, tx, orig, o2c.InvoiceCredited, actor, note, func(inv *o2c.Invoice) { inv.CreditedByID = cn.ID })
		}
		return invoiceEvent(ctx, tx, orig, actionCredited, actor, "", note, map[string]any{"credit_note_id": cn.ID})
	})
	if err != nil {
		return nil, err
	}
	return cn, nil
}

// creditLines returns the lines and document charges a credit note repeats: all of them, or the
// lines asked for (with their quantities, and no document charge).
func creditLines(m invoice.Invoice, asked []CreditLine) ([]invoice.Line, []invoice.Charge, error) {
	if len(asked) == 0 {
		return slices.Clone(m.Lines), slices.Clone(m.Charges), nil
	}
	var out []invoice.Line
	for i, a := range asked {
		path := fmt.Sprintf("$.lines[%d]", i)
		k := slices.IndexFunc(m.Lines, func(l invoice.Line) bool { return l.ID == a.LineID })
		if k < 0 {
			return nil, nil, o2c.Invalid(o2c.Fault{Rule: "CREDIT-03", Path: path + ".line_id", Message: fmt.Sprintf("the invoice has no line %q", a.LineID)})
		}
		l := m.Lines[k]
		if a.Quantity != nil {
			if a.Quantity.Sign() <= 0 || a.Quantity.GreaterThan(l.Quantity) {
				return nil, nil, o2c.Invalid(o2c.Fault{Rule: "CREDIT-04", Path: path + ".quantity",
					Message: fmt.Sprintf("credit between 0 and the %s invoiced on line %s", l.Quantity, l.ID)})
			}
			l.Quantity = *a.Quantity
		}
		l.Charges = nil // a line allowance or charge belongs to the whole quantity
		out = append(out, l)
	}
	return out, nil, nil
}

// creditedSoFar sums the gross totals of the credit notes of an invoice.
func creditedSoFar(ctx context.Context, tx o2c.Tx, invoiceID int64) (decimal.Decimal, error) {
	list, _, err := tx.FindInvoices(ctx, o2c.InvoiceFilter{CorrectsID: invoiceID, Limit: 500})
	if err != nil {
		return decimal.Zero, err
	}
	sum := decimal.Zero
	for _, cn := range list {
		if cn.Status != o2c.InvoiceDraft {
			sum = sum.Add(cn.GrossTotal)
		}
	}
	return sum, nil
}
