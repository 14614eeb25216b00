package app

import (
	"context"
	"fmt"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice/pdf"
)

// statementPaidDays is how far back a statement lists what was paid.
const statementPaidDays = 90

// Statement renders a customer's statement of account in one currency on the company's today:
// every open invoice and credit note, and those paid in the last 90 days, in the customer's
// invoice language. A customer with no document in that currency gets an empty statement.
func (s *Invoices) Statement(ctx context.Context, customerID, currency string) ([]byte, error) {
	c, err := s.Store.FindCustomerByID(ctx, customerID)
	if err != nil {
		return nil, err
	}
	st, err := s.Settings(ctx, customerID)
	if err != nil {
		return nil, err
	}
	if currency == "" {
		currency = c.Currency
	}
	today := s.Today()
	since := today.AddDays(-statementPaidDays)
	stmt := pdf.Statement{Seller: s.Seller.party(), Customer: buyerParty(c, st), Date: today, Currency: currency}
	for offset := 0; ; {
		page, total, err := s.Store.FindInvoices(ctx, o2c.InvoiceFilter{CustomerID: customerID, Offset: offset, Limit: 500})
		if err != nil {
			return nil, fmt.Errorf("statement of %s: %w", customerID, err)
		}
		for _, inv := range page {
			if item, ok := statementItem(inv, currency, since); ok {
				stmt.Items = append(stmt.Items, item)
			}
		}
		offset += len(page)
		if len(page) == 0 || offset >= total {
			break
		}
	}
	return pdf.RenderStatement(stmt, s.Branding, languageOfInvoice(c, st))
}

// statementItem is an invoice as the statement lists it: open ones, and those paid since.
func statementItem(inv *o2c.Invoice, currency string, since cal.Date) (pdf.StatementItem, bool) {
	if inv.Currency != currency || inv.Status == o2c.InvoiceDraft || inv.Status == o2c.InvoiceCredited {
		return pdf.StatementItem{}, false
	}
	settled := inv.Balance().Sign() <= 0
	if settled && (inv.UpdatedAt.IsZero() || cal.DateOf(inv.UpdatedAt).Before(since)) {
		return pdf.StatementItem{}, false
	}
	paid := inv.AmountPaid
	if paid.GreaterThan(inv.AmountDue) {
		paid = inv.AmountDue
	}
	return pdf.StatementItem{Number: inv.Number, CreditNote: inv.Kind == o2c.KindCreditNote, IssueDate: inv.IssueDate,
		DueDate: inv.DueDate, Amount: inv.AmountDue, Paid: paid, Disputed: inv.AmountDisputed}, true
}
