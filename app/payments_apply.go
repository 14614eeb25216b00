package app

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// The ledger keeps two rules, checked here and nowhere else: an invoice's AmountPaid is the sum of
// its live settling allocations (payment, write-off, discount), and a transaction's live cash
// allocations (payment, credit) never sum to more than its amount.

// Apply matches a bank transaction by hand: in one transaction it stores the allocations, raises
// what each invoice has received and moves it to partially_paid or paid, records who did it on
// the invoices and the transaction, and learns the payer's IBAN and name for the engine.
// CodeInvalid with faults when the allocations break a rule, CodeConflict when the transaction is
// applied already (reverse it first) or is no customer's payment, CodeNotFound.
func (s *Payments) Apply(ctx context.Context, txID int64, allocs []o2c.AllocationInput, actor string) (*o2c.BankTransaction, error) {
	var out *o2c.BankTransaction
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		bt, err := tx.FindBankTransactionByID(ctx, txID)
		if err != nil {
			return err
		}
		made, err := s.applyInTx(ctx, tx, bt, allocs, actor, "applied by hand")
		if err != nil {
			return err
		}
		out = bt
		return learnPayer(ctx, tx, bt, made, actor)
	})
	if err != nil {
		return nil, err
	}
	s.postQuietly(ctx)
	return out, nil
}

// applyInTx checks and stores allocations of bt, and updates the invoices and bt.
func (s *Payments) applyInTx(ctx context.Context, tx o2c.Tx, bt *o2c.BankTransaction, allocs []o2c.AllocationInput,
	actor, reason string) ([]*o2c.Allocation, error) {
	if !bt.Credit || bt.Reversal || bt.ReversedByID != 0 {
		return nil, o2c.Errorf(o2c.CodeConflict, "bank transaction %d is no customer's payment (money out, a reversal, "+
			"or a credit the bank took back): nothing is applied to it", bt.ID)
	}
	live, err := tx.FindAllocations(ctx, o2c.AllocationFilter{TransactionID: bt.ID, LiveOnly: true})
	if err != nil {
		return nil, err
	}
	if len(live) > 0 {
		return nil, o2c.Errorf(o2c.CodeConflict, "bank transaction %d is applied already: reverse it first", bt.ID)
	}
	made, invoices, err := s.checkAllocations(ctx, tx, bt, allocs)
	if err != nil {
		return nil, err
	}
	cash, settled := decimal.Zero, map[int64]decimal.Decimal{}
	for _, a := range made {
		a.CreatedBy = actor
		if err := tx.CreateAllocation(ctx, a); err != nil {
			return nil, err
		}
		if a.Kind.Cash() {
			cash = cash.Add(a.Amount)
		}
		if a.Kind.Settles() {
			settled[a.InvoiceID] = settled[a.InvoiceID].Add(a.Amount)
		}
	}
	for _, inv := range invoices { // in the order asked, so that events come in a known order
		if err := receivePayment(ctx, tx, inv, settled[inv.ID], bt, actor); err != nil {
			return nil, err
		}
	}
	before := bt.Status
	bt.Status = o2c.BankTxPartial
	if cash.Equal(bt.Amount) {
		bt.Status = o2c.BankTxMatched
	}
	bt.CustomerID, bt.Suggestion, bt.Reason, bt.MatchedBy, bt.MatchedAt = made[0].CustomerID, nil, reason, actor, tx.Now()
	if err := tx.UpdateBankTransaction(ctx, bt); err != nil {
		return nil, err
	}
	return made, bankTxEvent(ctx, tx, bt, actionApplied, actor, before, reason, made)
}

// checkAllocations turns what was asked into ledger lines, or says with faults which rule each
// breaks. It returns the invoices touched, in the order first named.
func (s *Payments) checkAllocations(ctx context.Context, tx o2c.Tx, bt *o2c.BankTransaction, asked []o2c.AllocationInput) ([]*o2c.Allocation, []*o2c.Invoice, error) {
	if len(asked) == 0 {
		return nil, nil, o2c.Invalid(o2c.Fault{Rule: "PAY-01", Path: "$.allocations", Message: "name at least one allocation"})
	}
	var (
		faults   []o2c.Fault
		made     []*o2c.Allocation
		invoices []*o2c.Invoice
		byID     = map[int64]*o2c.Invoice{}
		settled  = map[int64]decimal.Decimal{}
		cash     = decimal.Zero
		scale    = money.Currency(bt.Currency).Scale()
	)
	fault := func(rule, path, format string, args ...any) {
		faults = append(faults, o2c.Fault{Rule: rule, Path: path, Message: fmt.Sprintf(format, args...)})
	}
	for i, in := range asked {
		path := fmt.Sprintf("$.allocations[%d]", i)
		kind := in.Kind
		if kind == "" {
			kind = o2c.AllocPayment
		}
		if !kind.Valid() {
			fault("PAY-02", path+".kind", "kind %q is none of payment, write_off, discount, credit", in.Kind)
			continue
		}
		if in.Amount.Sign() <= 0 || !in.Amount.Equal(in.Amount.Round(scale)) {
			fault("PAY-03", path+".amount", "an amount is more than 0 in whole %s cents (%d places), not %s", bt.Currency, scale, in.Amount)
			continue
		}
		a := &o2c.Allocation{TransactionID: bt.ID, Kind: kind, Amount: in.Amount, Currency: bt.Currency}
		if kind == o2c.AllocCredit {
			if in.InvoiceID != 0 || in.InvoiceNumber != "" {
				fault("PAY-04", path, "a credit stays on the customer's account and names no invoice")
				continue
			}
			a.CustomerID = in.CustomerID
		} else {
			inv, err := findInvoice(ctx, tx, byID, in)
			if o2c.ErrorCode(err) == o2c.CodeNotFound {
				fault("PAY-05", path+".invoice_id", "%s", o2c.ErrorMessage(err))
				continue
			} else if err != nil {
				return nil, nil, err
			}
			switch {
			case inv.Kind != o2c.KindInvoice || !inv.Status.Open():
				fault("PAY-06", path+".invoice_id", "invoice %s is a %s in status %s: only an open invoice is paid", numberOf(inv), inv.Kind, inv.Status)
				continue
			case inv.Currency != bt.Currency:
				fault("PAY-07", path+".invoice_id", "invoice %s is in %s, the payment in %s", inv.Number, inv.Currency, bt.Currency)
				continue
			}
			if _, seen := byID[inv.ID]; !seen {
				byID[inv.ID] = inv
				invoices = append(invoices, inv)
			}
			a.InvoiceID, a.InvoiceNumber, a.CustomerID = inv.ID, inv.Number, inv.CustomerID
			settled[inv.ID] = settled[inv.ID].Add(in.Amount)
		}
		if kind.Cash() {
			cash = cash.Add(in.Amount)
		}
		made = append(made, a)
	}
	for _, inv := range invoices {
		if settled[inv.ID].GreaterThan(inv.Balance()) {
			fault("PAY-08", "$.allocations", "invoice %s still owes %s %s, not the %s allocated to it", inv.Number,
				inv.Balance().StringFixed(scale), inv.Currency, settled[inv.ID].StringFixed(scale))
		}
	}
	if cash.GreaterThan(bt.Amount) {
		fault("PAY-09", "$.allocations", "the payments and credits sum to %s, more than the %s %s received",
			cash.StringFixed(scale), bt.Amount.StringFixed(scale), bt.Currency)
	}
	// A credit without a customer goes to the customer of the invoices, when they have one.
	for i, a := range made {
		if a.Kind != o2c.AllocCredit || a.CustomerID != "" {
			continue
		}
		customers := customersOf(invoices)
		if len(customers) != 1 {
			fault("PAY-10", fmt.Sprintf("$.allocations[%d].customer_id", i), "name the customer whose account the credit goes to")
			continue
		}
		a.CustomerID = customers[0]
	}
	for i, a := range made {
		if a.Kind == o2c.AllocCredit && a.CustomerID != "" {
			if _, err := tx.FindCustomerByID(ctx, a.CustomerID); o2c.ErrorCode(err) == o2c.CodeNotFound {
				fault("PAY-11", fmt.Sprintf("$.allocations[%d].customer_id", i), "customer %s not found", a.CustomerID)
			} else if err != nil {
				return nil, nil, err
			}
		}
	}
	if len(faults) > 0 {
		return nil, nil, o2c.Invalid(faults...)
	}
	return made, invoices, nil
}

func findInvoice(ctx context.Context, tx o2c.Tx, seen map[int64]*o2c.Invoice, in o2c.AllocationInput) (*o2c.Invoice, error) {
	if inv := seen[in.InvoiceID]; in.InvoiceID != 0 && inv != nil {
		return inv, nil
	}
	if in.InvoiceID != 0 {
		return tx.FindInvoiceByID(ctx, in.InvoiceID)
	}
	for _, inv := range seen {
		if inv.Number == in.InvoiceNumber {
			return inv, nil
		}
	}
	if in.InvoiceNumber == "" {
		return nil, o2c.Errorf(o2c.CodeNotFound, "name the invoice by invoice_id or invoice_number")
	}
	return tx.FindInvoiceByNumber(ctx, in.InvoiceNumber)
}

func customersOf(invoices []*o2c.Invoice) []string {
	var out []string
	for _, inv := range invoices {
		if !slices.Contains(out, inv.CustomerID) {
			out = append(out, inv.CustomerID)
		}
	}
	return out
}

// receivePayment raises what an invoice has received by amount and moves it to paid or
// partially_paid by the transition table.
func receivePayment(ctx context.Context, tx o2c.Tx, inv *o2c.Invoice, amount decimal.Decimal, bt *o2c.BankTransaction, actor string) error {
	from := inv.Status
	inv.AmountPaid = inv.AmountPaid.Add(amount)
	to := o2c.InvoicePartiallyPaid
	if inv.Balance().Sign() <= 0 {
		to = o2c.InvoicePaid
	}
	if from != to && !o2c.CanTransitionInvoice(from, to) {
		return o2c.Errorf(o2c.CodeConflict, "invoice %s is %s and cannot become %s", numberOf(inv), from, to)
	}
	inv.Status = to
	if err := tx.UpdateInvoice(ctx, inv); err != nil {
		return fmt.Errorf("record payment on invoice %d: %w", inv.ID, err)
	}
	note := fmt.Sprintf("%s %s received by bank transaction %d", amount.StringFixed(money.Currency(inv.Currency).Scale()), inv.Currency, bt.ID)
	return invoiceEvent(ctx, tx, inv, actionApplied, actor, from, note,
		map[string]any{"transaction_id": bt.ID, "amount": amount, "amount_paid": inv.AmountPaid})
}

// Reverse undoes every live allocation of a bank transaction, for reason: what each invoice has
// received goes back down, and its status back to what its amounts and due date say. The
// transaction is unmatched again. CodeInvalid without a reason, CodeConflict when nothing is
// applied, CodeNotFound.
func (s *Payments) Reverse(ctx context.Context, txID int64, reason, actor string) (*o2c.BankTransaction, error) {
	if reason == "" {
		return nil, o2c.Invalid(o2c.Fault{Rule: "PAY-12", Path: "$.reason", Message: "say why the payment is reversed"})
	}
	var out *o2c.BankTransaction
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		bt, err := tx.FindBankTransactionByID(ctx, txID)
		if err != nil {
			return err
		}
		n, err := s.reverseInTx(ctx, tx, bt, reason, actor)
		if err != nil {
			return err
		}
		if n == 0 {
			return o2c.Errorf(o2c.CodeConflict, "bank transaction %d has nothing applied to reverse", txID)
		}
		before := bt.Status
		bt.Status, bt.CustomerID, bt.Reason, bt.MatchedBy, bt.MatchedAt = o2c.BankTxUnmatched, "", "reversed: "+reason, actor, tx.Now()
		if err := tx.UpdateBankTransaction(ctx, bt); err != nil {
			return err
		}
		out = bt
		return bankTxEvent(ctx, tx, bt, actionPayReversed, actor, before, reason, nil)
	})
	if err != nil {
		return nil, err
	}
	s.postQuietly(ctx)
	return out, nil
}

// reverseInTx reverses the live allocations of bt and restores its invoices; it returns how many
// it reversed. bt itself is left to the caller.
func (s *Payments) reverseInTx(ctx context.Context, tx o2c.Tx, bt *o2c.BankTransaction, reason, actor string) (int, error) {
	live, err := tx.FindAllocations(ctx, o2c.AllocationFilter{TransactionID: bt.ID, LiveOnly: true})
	if err != nil {
		return 0, err
	}
	var order []int64
	undone := map[int64]decimal.Decimal{}
	for _, a := range live {
		if err := tx.ReverseAllocation(ctx, a.ID, actor, reason); err != nil {
			return 0, err
		}
		if a.Kind.Settles() {
			if _, ok := undone[a.InvoiceID]; !ok {
				order = append(order, a.InvoiceID)
			}
			undone[a.InvoiceID] = undone[a.InvoiceID].Add(a.Amount)
		}
	}
	today := cal.DateIn(tx.Now(), s.Location)
	for _, id := range order {
		inv, err := tx.FindInvoiceByID(ctx, id)
		if err != nil {
			return 0, err
		}
		from := inv.Status
		inv.AmountPaid = inv.AmountPaid.Sub(undone[id])
		// A reversal corrects a wrong record rather than moving the invoice on in its life, so it
		// may leave paid, which the transition table keeps final for the life-cycle.
		inv.Status = statusOfAmounts(inv, today)
		if err := tx.UpdateInvoice(ctx, inv); err != nil {
			return 0, fmt.Errorf("reverse payment on invoice %d: %w", inv.ID, err)
		}
		note := fmt.Sprintf("%s %s of bank transaction %d reversed: %s",
			undone[id].StringFixed(money.Currency(inv.Currency).Scale()), inv.Currency, bt.ID, reason)
		if err := invoiceEvent(ctx, tx, inv, actionPayReversed, actor, from, note,
			map[string]any{"transaction_id": bt.ID, "amount": undone[id], "amount_paid": inv.AmountPaid}); err != nil {
			return 0, err
		}
	}
	return len(live), nil
}

// statusOfAmounts is the status an issued invoice has by what it received and its due date:
// paid in full, still disputed, partly paid, overdue, else sent or issued.
func statusOfAmounts(inv *o2c.Invoice, today cal.Date) o2c.InvoiceStatus {
	switch {
	case inv.Balance().Sign() <= 0:
		return o2c.InvoicePaid
	case inv.Status == o2c.InvoiceDisputed && inv.AmountDisputed.Sign() > 0:
		return o2c.InvoiceDisputed
	case inv.AmountPaid.Sign() > 0:
		return o2c.InvoicePartiallyPaid
	case !inv.DueDate.IsZero() && inv.DueDate.Before(today):
		return o2c.InvoiceOverdue
	case !inv.SentAt.IsZero():
		return o2c.InvoiceSent
	}
	return o2c.InvoiceIssued
}

// Ignore sets a transaction aside as no customer's payment (a refund, a transfer between our
// accounts), with the reason. CodeConflict when something is applied to it, CodeNotFound.
func (s *Payments) Ignore(ctx context.Context, txID int64, reason, actor string) (*o2c.BankTransaction, error) {
	var out *o2c.BankTransaction
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		bt, err := tx.FindBankTransactionByID(ctx, txID)
		if err != nil {
			return err
		}
		live, err := tx.FindAllocations(ctx, o2c.AllocationFilter{TransactionID: txID, LiveOnly: true})
		if err != nil {
			return err
		}
		if len(live) > 0 {
			return o2c.Errorf(o2c.CodeConflict, "bank transaction %d is applied: reverse it first", txID)
		}
		before := bt.Status
		bt.Status, bt.Suggestion, bt.Reason, bt.MatchedBy, bt.MatchedAt = o2c.BankTxIgnored, nil, reason, actor, tx.Now()
		if err := tx.UpdateBankTransaction(ctx, bt); err != nil {
			return err
		}
		out = bt
		return bankTxEvent(ctx, tx, bt, actionIgnored, actor, before, reason, nil)
	})
	return out, err
}

// learnPayer remembers, after a person's match to one customer, the payer's IBAN and name as that
// customer's, so that the engine knows them next time.
func learnPayer(ctx context.Context, tx o2c.Tx, bt *o2c.BankTransaction, made []*o2c.Allocation, actor string) error {
	var customers []string
	for _, a := range made {
		if !slices.Contains(customers, a.CustomerID) {
			customers = append(customers, a.CustomerID)
		}
	}
	if len(customers) != 1 || customers[0] == "" {
		return nil // a payment for several customers teaches nothing about one
	}
	for _, k := range []o2c.PayerKnowledge{
		{Kind: o2c.PayerIBAN, Value: bt.CounterpartyIBAN},
		{Kind: o2c.PayerName, Value: bt.CounterpartyName},
	} {
		if k.Value == "" {
			continue
		}
		k.CustomerID, k.LearnedBy = customers[0], actor
		if err := tx.SavePayerKnowledge(ctx, &k); err != nil {
			return err
		}
	}
	return nil
}

// bankTxEvent records one change of a bank transaction: who, when, from and to, with the
// allocations made when there are some.
func bankTxEvent(ctx context.Context, tx o2c.Tx, bt *o2c.BankTransaction, action, actor string, from o2c.BankTxStatus,
	note string, allocs []*o2c.Allocation) error {
	if actor == "" {
		actor = o2c.ActorSystem
	}
	after := map[string]any{"status": bt.Status, "version": bt.Version}
	if bt.CustomerID != "" {
		after["customer_id"] = bt.CustomerID
	}
	if allocs != nil {
		after["allocations"] = allocs
	}
	a, err := json.Marshal(after)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(map[string]any{"status": from}) // a string: cannot fail
	e := &o2c.AuditEvent{Entity: entityBankTx, EntityID: fmt.Sprint(bt.ID), Action: action, Actor: actor, Before: b, After: a, Note: note}
	if err := tx.AddEvent(ctx, e); err != nil {
		return fmt.Errorf("record %s of bank transaction %d: %w", action, bt.ID, err)
	}
	return nil
}

// History returns a bank transaction's audit trail, oldest first. CodeNotFound.
func (s *Payments) History(ctx context.Context, txID int64) ([]o2c.AuditEvent, error) {
	if _, err := s.Store.FindBankTransactionByID(ctx, txID); err != nil {
		return nil, err
	}
	return s.Store.FindEvents(ctx, entityBankTx, fmt.Sprint(txID))
}
