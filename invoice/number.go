package invoice

import (
	"context"
	"fmt"
	"strings"
)

// Series is a numbering series: French and most EU law want invoice numbers that are unique,
// sequential and without gaps within a series, and allow one series per year. Credit notes often
// have a series of their own.
type Series struct {
	Code   string `json:"code"`   // the series' key in the counter store, e.g. "INV" or "CN"
	Prefix string `json:"prefix"` // written before the year: "F" gives F2026-000042
	Width  int    `json:"width"`  // digits of the sequence number, zero-padded; 6 when 0
}

// Format writes the number of the seq-th invoice of year in the series: Prefix, year, '-', and
// seq padded to Width digits (F2026-000042). seq starts at 1.
func (s Series) Format(year int, seq int64) string {
	w := s.Width
	if w <= 0 {
		w = 6
	}
	return fmt.Sprintf("%s%04d-%0*d", strings.TrimSpace(s.Prefix), year, w, seq)
}

// Counter hands out sequence numbers without gaps. The store implements it on a counter row per
// (series, year), read and incremented in the same transaction that issues the invoice, so that a
// rolled-back issue gives its number back; never with a database sequence, which leaves gaps.
type Counter interface {
	// NextInvoiceSeq returns the next sequence number of series code in year, starting at 1.
	// Errors: CodeInvalid for an unknown series; CodeConflict when a concurrent transaction
	// took the row (the caller retries the whole transaction).
	NextInvoiceSeq(ctx context.Context, series string, year int) (int64, error)
}

// Assign gives inv its number from the counter: the next of series s in the year of its issue
// date. Call it inside the transaction that issues the invoice.
func Assign(ctx context.Context, c Counter, s Series, inv *Invoice) error {
	if inv.IssueDate.IsZero() {
		return fmt.Errorf("number invoice: the issue date is not set")
	}
	seq, err := c.NextInvoiceSeq(ctx, s.Code, inv.IssueDate.Year)
	if err != nil {
		return fmt.Errorf("number invoice in series %s: %w", s.Code, err)
	}
	inv.Number = s.Format(inv.IssueDate.Year, seq)
	return nil
}
