package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/bank"
	"github.com/o2c-project/o2c/reconcile"
)

// openInvoiceStatuses are the statuses of an invoice that still waits for money.
var openInvoiceStatuses = func() []o2c.InvoiceStatus {
	var out []o2c.InvoiceStatus
	for _, st := range o2c.InvoiceStatuses {
		if st.Open() {
			out = append(out, st)
		}
	}
	return out
}()

// match runs the engine over new credits against every open invoice: a result above the
// engine's threshold is applied (unless its statement is flagged), any other proposal is stored
// as a suggestion, and the rest keeps the engine's reason.
func (s *Payments) match(ctx context.Context, credits []*o2c.BankTransaction, flagged map[int64]bool, rep *StatementReport) error {
	if len(credits) == 0 {
		return nil
	}
	open, err := s.openItems(ctx)
	if err != nil {
		return err
	}
	known, err := s.Store.FindPayerKnowledge(ctx)
	if err != nil {
		return err
	}
	txs := make([]reconcile.Transaction, len(credits))
	for i, bt := range credits {
		txs[i] = engineTransaction(bt)
	}
	results, err := reconcile.Reconcile(open, txs, knowledgeOf(known), s.Options)
	if err != nil {
		return fmt.Errorf("reconcile %d credits: %w", len(credits), err)
	}
	for i, r := range results {
		status, err := s.settle(ctx, credits[i], r, flagged[credits[i].StatementID])
		if err != nil {
			return err
		}
		switch status {
		case o2c.BankTxMatched:
			rep.Matched++
		case o2c.BankTxPartial:
			rep.Partial++
		case o2c.BankTxSuggested:
			rep.Suggested++
		default:
			rep.Unmatched++
		}
	}
	return nil
}

// settle records one result of the engine on its transaction and returns where it then stands.
// An applied result whose allocations no longer hold (an invoice paid meanwhile) becomes a
// suggestion with the cause.
func (s *Payments) settle(ctx context.Context, bt *o2c.BankTransaction, r reconcile.Result, flagged bool) (o2c.BankTxStatus, error) {
	allocs := allocationsOfResult(r)
	reason := fmt.Sprintf("%s (confidence %.2f)", r.Reason, r.Confidence)
	if r.Applied() && !flagged {
		err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
			fresh, err := tx.FindBankTransactionByID(ctx, bt.ID)
			if err != nil {
				return err
			}
			if _, err := s.applyInTx(ctx, tx, fresh, allocs, actorReconcile, reason); err != nil {
				return err
			}
			*bt = *fresh
			return nil
		})
		switch code := o2c.ErrorCode(err); {
		case err == nil:
			return bt.Status, nil
		case code == o2c.CodeInvalid || code == o2c.CodeConflict:
			reason = "could not be applied (" + o2c.ErrorMessage(err) + "): " + reason
		default:
			return "", err
		}
	} else if r.Applied() {
		reason = "the statement does not add up, so only proposed: " + reason
	}
	err := s.Store.InTx(ctx, func(tx o2c.Tx) error {
		fresh, err := tx.FindBankTransactionByID(ctx, bt.ID)
		if err != nil {
			return err
		}
		before := fresh.Status
		fresh.Reason, fresh.CustomerID = reason, r.CustomerID
		if len(allocs) > 0 {
			fresh.Status = o2c.BankTxSuggested
			fresh.Suggestion = &o2c.PaymentSuggestion{Allocations: allocs, Confidence: strconv.FormatFloat(r.Confidence, 'f', 2, 64), Reason: r.Reason}
		}
		if err := tx.UpdateBankTransaction(ctx, fresh); err != nil {
			return err
		}
		*bt = *fresh
		if fresh.Status != o2c.BankTxSuggested {
			return nil
		}
		return bankTxEvent(ctx, tx, fresh, actionSuggested, actorReconcile, before, reason, nil)
	})
	return bt.Status, err
}

// allocationsOfResult turns what the engine decided or proposed for one transaction into the
// allocations Apply takes: cash per invoice, the write-off and discount beside it, and any
// overpayment as the customer's credit.
func allocationsOfResult(r reconcile.Result) []o2c.AllocationInput {
	var out []o2c.AllocationInput
	for _, a := range r.Allocations {
		if a.Amount.Sign() > 0 {
			out = append(out, o2c.AllocationInput{Kind: o2c.AllocPayment, InvoiceNumber: a.InvoiceNumber, Amount: a.Amount})
		}
		if a.WriteOff.Sign() > 0 {
			out = append(out, o2c.AllocationInput{Kind: o2c.AllocWriteOff, InvoiceNumber: a.InvoiceNumber, Amount: a.WriteOff})
		}
		if a.Discount.Sign() > 0 {
			out = append(out, o2c.AllocationInput{Kind: o2c.AllocDiscount, InvoiceNumber: a.InvoiceNumber, Amount: a.Discount})
		}
	}
	if r.Credit.Sign() > 0 && r.CustomerID != "" {
		out = append(out, o2c.AllocationInput{Kind: o2c.AllocCredit, CustomerID: r.CustomerID, Amount: r.Credit})
	}
	return out
}

// openItems reads every open invoice as the engine sees it: its balance, its customer's name and
// its PO number as the customer's reference.
func (s *Payments) openItems(ctx context.Context) ([]reconcile.OpenItem, error) {
	names := map[string]string{}
	var out []reconcile.OpenItem
	for offset := 0; ; offset += 500 {
		list, _, err := s.Store.FindInvoices(ctx, o2c.InvoiceFilter{Status: openInvoiceStatuses, Kind: o2c.KindInvoice,
			Offset: offset, Limit: 500})
		if err != nil {
			return nil, fmt.Errorf("find open invoices: %w", err)
		}
		for _, inv := range list {
			if inv.Balance().Sign() <= 0 || inv.Number == "" {
				continue
			}
			name, ok := names[inv.CustomerID]
			if !ok {
				c, err := s.Store.FindCustomerByID(ctx, inv.CustomerID)
				if err == nil {
					name = c.Name
				} else if o2c.ErrorCode(err) != o2c.CodeNotFound {
					return nil, err
				}
				names[inv.CustomerID] = name
			}
			item := reconcile.OpenItem{Number: inv.Number, CustomerID: inv.CustomerID, CustomerName: name,
				IssueDate: inv.IssueDate, DueDate: inv.DueDate, Currency: inv.Currency, AmountDue: inv.Balance()}
			if len(inv.PONumbers) == 1 {
				item.Reference = inv.PONumbers[0]
			}
			out = append(out, item)
		}
		if len(list) < 500 {
			return out, nil
		}
	}
}

// engineTransaction is a stored credit as the engine reads it; its ID is the stored id.
func engineTransaction(bt *o2c.BankTransaction) reconcile.Transaction {
	t := reconcile.Transaction{ID: strconv.FormatInt(bt.ID, 10), Amount: bt.Amount, Currency: bt.Currency,
		BookingDate: bt.BookingDate, ValueDate: bt.ValueDate, CreditorRef: bt.CreditorRef, EndToEndID: bt.EndToEndID,
		Info: bt.Info, Payer: bank.Party{Name: bt.CounterpartyName, IBAN: bt.CounterpartyIBAN}}
	if bt.Remittance != "" {
		t.Remittance = strings.Split(bt.Remittance, "\n")
	}
	return t
}

// knowledgeOf is what manual matches taught, as the engine reads it.
func knowledgeOf(list []o2c.PayerKnowledge) reconcile.Knowledge {
	k := reconcile.Knowledge{Aliases: map[string][]string{}, Accounts: map[string]string{}}
	for _, p := range list {
		switch p.Kind {
		case o2c.PayerIBAN:
			k.Accounts[p.Value] = p.CustomerID
		case o2c.PayerName:
			k.Aliases[p.CustomerID] = append(k.Aliases[p.CustomerID], p.Value)
		}
	}
	return k
}

// bankReversal takes back the credit that a reversal entry of the bank undoes: its allocations
// are reversed and it is set aside. The credit is the one of the same account, currency and
// amount booked no later, not yet taken back, that shares the most with the reversal (end-to-end
// id, bank reference, payer's IBAN, remittance text); when no single one stands out, a person
// decides, and false is returned.
func (s *Payments) bankReversal(ctx context.Context, rev *o2c.BankTransaction) (bool, error) {
	yes := true
	cands, _, err := s.Store.FindBankTransactions(ctx, o2c.BankTxFilter{AccountID: rev.AccountID, Credit: &yes,
		Amount: &rev.Amount, Currency: rev.Currency, NotReversed: true, Limit: 200})
	if err != nil {
		return false, err
	}
	var best *o2c.BankTransaction
	bestScore, tie := -1, false
	for _, c := range cands {
		if c.Reversal || c.ID == rev.ID || !rev.BookingDate.IsZero() && rev.BookingDate.Before(c.BookingDate) {
			continue
		}
		score := 0
		for _, same := range []bool{
			rev.EndToEndID != "" && rev.EndToEndID == c.EndToEndID,
			rev.BankRef != "" && rev.BankRef == c.BankRef,
			rev.CounterpartyIBAN != "" && rev.CounterpartyIBAN == c.CounterpartyIBAN,
			rev.Remittance != "" && rev.Remittance == c.Remittance,
		} {
			if same {
				score++
			}
		}
		switch {
		case score > bestScore:
			best, bestScore, tie = c, score, false
		case score == bestScore:
			tie = true
		}
	}
	if best == nil || tie {
		return false, nil
	}
	err = s.Store.InTx(ctx, func(tx o2c.Tx) error {
		orig, err := tx.FindBankTransactionByID(ctx, best.ID)
		if err != nil {
			return err
		}
		reason := fmt.Sprintf("the bank reversed it (bank transaction %d)", rev.ID)
		if _, err := s.reverseInTx(ctx, tx, orig, reason, actorReconcile); err != nil {
			return err
		}
		before := orig.Status
		orig.Status, orig.Suggestion, orig.Reason, orig.ReversedByID = o2c.BankTxIgnored, nil, reason, rev.ID
		orig.MatchedBy, orig.MatchedAt = actorReconcile, tx.Now()
		if err := tx.UpdateBankTransaction(ctx, orig); err != nil {
			return err
		}
		if err := bankTxEvent(ctx, tx, orig, actionBankReversal, actorReconcile, before, reason, nil); err != nil {
			return err
		}
		r, err := tx.FindBankTransactionByID(ctx, rev.ID)
		if err != nil {
			return err
		}
		r.ReversesID, r.Reason = orig.ID, fmt.Sprintf("takes back bank transaction %d", orig.ID)
		return tx.UpdateBankTransaction(ctx, r)
	})
	return err == nil, err
}
