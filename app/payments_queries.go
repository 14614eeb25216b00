package app

import (
	"context"

	"github.com/o2c-project/o2c"
)

// Accounts lists our bank accounts by id.
func (s *Payments) Accounts(ctx context.Context) ([]*o2c.BankAccount, error) {
	return s.Store.FindBankAccounts(ctx)
}

// InvoiceAllocations returns what is applied to an invoice now (reversed allocations left out),
// oldest first.
func (s *Payments) InvoiceAllocations(ctx context.Context, invoiceID int64) ([]*o2c.Allocation, error) {
	return s.Store.FindAllocations(ctx, o2c.AllocationFilter{InvoiceID: invoiceID, LiveOnly: true})
}

// Credits returns what a customer has on account, per currency.
func (s *Payments) Credits(ctx context.Context, customerID string) ([]o2c.CustomerCredit, error) {
	return s.Store.FindCustomerCredits(ctx, customerID)
}
