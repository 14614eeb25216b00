package reconcile

import (
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// OpenItem is an invoice (or any receivable) not yet fully paid.
type OpenItem struct {
	Number       string          // the invoice number as printed on the invoice
	CustomerID   string          // the customer that owes it
	CustomerName string          // the customer's name, to recognise the payer
	IssueDate    cal.Date        // the invoice date
	DueDate      cal.Date        // the day payment is due; older ones are paid first
	Currency     string          // ISO 4217
	AmountDue    decimal.Decimal // what is still open, > 0
	// Reference is the customer's own reference for the invoice (its PO number) or the structured
	// creditor reference printed on it; "" when none. Payers often quote it instead of the number.
	Reference string
	Discount  *Discount // early-payment terms; nil when there are none
}

// Discount is an early-payment discount: Percent off the amount due when paid by Until.
type Discount struct {
	Percent decimal.Decimal // e.g. 2 for 2 %
	Until   cal.Date        // the last value date that earns the discount
}
