package o2c

import "context"

// InvoiceReader reads invoices and the customers' invoicing settings.
type InvoiceReader interface {
	// FindInvoiceByID returns one invoice or credit note. CodeNotFound.
	FindInvoiceByID(ctx context.Context, id int64) (*Invoice, error)
	// FindInvoiceByNumber returns the invoice of a legal number. CodeNotFound.
	FindInvoiceByNumber(ctx context.Context, number string) (*Invoice, error)
	// FindInvoices returns one page of invoices, newest first (by issue date, then id), and the
	// total count matching f.
	FindInvoices(ctx context.Context, f InvoiceFilter) ([]*Invoice, int, error)
	// FindInvoicingSettings returns a customer's invoicing settings. CodeNotFound when it has
	// none (DefaultInvoicingSettings then apply).
	FindInvoicingSettings(ctx context.Context, customerID string) (*InvoicingSettings, error)
	// FindInvoicingSettingsByMode lists the settings of every customer invoiced in mode, by
	// customer id.
	FindInvoicingSettingsByMode(ctx context.Context, mode InvoicingMode) ([]*InvoicingSettings, error)
}

// InvoiceWriter stores invoices, numbers them and keeps the invoicing settings.
type InvoiceWriter interface {
	// CreateInvoice stores a new invoice and sets ID, Version (1), CreatedAt and UpdatedAt (the
	// transaction's Now). CodeConflict when one of its orders is invoiced already, or its
	// number is taken; CodeInvalid when a status or kind is unknown.
	CreateInvoice(ctx context.Context, inv *Invoice) error
	// UpdateInvoice saves inv if its Version is still the stored one, then bumps Version and
	// sets UpdatedAt. Only a draft may change its number, series, kind, customer, orders,
	// content, currency, dates, totals and the invoice it corrects: for an issued invoice that
	// is CodeInvalid, since only a credit note corrects it. CodeConflict when someone else saved
	// it first, CodeNotFound.
	UpdateInvoice(ctx context.Context, inv *Invoice) error
	// NextInvoiceSeq returns the next number of series in year, starting at 1, from a counter
	// row that this transaction holds until it ends: numbers have no gaps, and a rolled-back
	// transaction gives its number back. It implements invoice.Counter. CodeInvalid for an
	// empty series or a year out of range.
	NextInvoiceSeq(ctx context.Context, series string, year int) (int64, error)
	// SaveInvoicingSettings inserts or replaces the settings of s.CustomerID, with Now as their
	// UpdatedAt (the one in s is set to it). The customer must exist: CodeNotFound.
	SaveInvoicingSettings(ctx context.Context, s *InvoicingSettings) error
}
