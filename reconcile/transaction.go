package reconcile

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/bank"
	"github.com/o2c-project/o2c/cal"
)

// Transaction is one incoming payment to reconcile.
type Transaction struct {
	ID          string          // the bank's reference, else "#N" (see the package doc)
	Amount      decimal.Decimal // > 0
	Currency    string          // ISO 4217
	BookingDate cal.Date        // the day the bank booked it
	ValueDate   cal.Date        // the day the money counts from; decides early-payment discounts
	Payer       bank.Party      // who paid, as the bank writes it
	Remittance  []string        // unstructured remittance text, as sent
	CreditorRef string          // the structured creditor reference (RF..., a national one), "" when none
	EndToEndID  string          // the payer's end-to-end reference; payers often put the invoice number there
	Info        string          // the bank's text of the entry, when it is one payment
	// NotPayment says why the credit is no customer's payment (a reversal, a returned payment of
	// ours); such a transaction is reported unmatched with this reason.
	NotPayment string
}

// Date is the day the payment counts from: its value date, else its booking date.
func (t Transaction) Date() cal.Date {
	if !t.ValueDate.IsZero() {
		return t.ValueDate
	}
	return t.BookingDate
}

// FromStatements returns the credit transactions of the statements of one file, in file order.
func FromStatements(statements []bank.Statement) []Transaction {
	var out []Transaction
	n := 0
	for _, s := range statements {
		for _, e := range s.Entries {
			n++
			if e.Mark != bank.Credit || e.Status == bank.StatusInfo {
				continue
			}
			id := entryID(e, n)
			if split := splitBatch(e); split {
				for j, d := range e.Details {
					if d.Mark == bank.Debit {
						continue
					}
					t := fromDetail(e, d, *d.Amount)
					t.ID = fmt.Sprintf("%s/%d", id, j+1)
					out = append(out, t)
				}
				continue
			}
			t := Transaction{ID: id, Amount: e.Amount, Currency: e.Currency, BookingDate: e.BookingDate,
				ValueDate: e.ValueDate, EndToEndID: usable(e.EndToEndID), Info: e.Info}
			for _, d := range e.Details {
				t.Remittance = append(t.Remittance, d.Remittance...)
				if t.Payer.Name == "" && t.Payer.IBAN == "" {
					t.Payer = d.Counterparty
				}
				if t.CreditorRef == "" {
					t.CreditorRef = d.CreditorRef
				}
				if t.EndToEndID == "" {
					t.EndToEndID = usable(d.EndToEndID)
				}
				if d.ReturnReason != "" {
					t.NotPayment = "a returned payment (reason " + d.ReturnReason + "), not a customer's payment"
				}
			}
			if e.Reversal {
				t.NotPayment = "the reversal of an earlier debit, not a customer's payment"
			}
			out = append(out, t)
		}
	}
	return out
}

// splitBatch reports whether an entry is reconciled detail by detail: it holds several details
// and the bank gives each one's amount in the entry's currency.
func splitBatch(e bank.Entry) bool {
	if len(e.Details) < 2 {
		return false
	}
	for _, d := range e.Details {
		if d.Amount == nil || d.Currency != "" && d.Currency != e.Currency {
			return false
		}
	}
	return true
}

func fromDetail(e bank.Entry, d bank.TransactionDetail, amount decimal.Decimal) Transaction {
	t := Transaction{Amount: amount, Currency: e.Currency, BookingDate: e.BookingDate, ValueDate: e.ValueDate,
		Payer: d.Counterparty, Remittance: d.Remittance, CreditorRef: d.CreditorRef, EndToEndID: usable(d.EndToEndID)}
	if d.ReturnReason != "" {
		t.NotPayment = "a returned payment (reason " + d.ReturnReason + "), not a customer's payment"
	}
	if e.Reversal {
		t.NotPayment = "the reversal of an earlier debit, not a customer's payment"
	}
	return t
}

// entryID is the bank's own reference of the entry, else "#n".
func entryID(e bank.Entry, n int) string {
	for _, r := range []string{e.BankRef, e.EntryRef} {
		if r = usable(r); r != "" {
			return r
		}
	}
	return fmt.Sprintf("#%d", n)
}

// usable returns a reference trimmed, or "" when it names nothing (NONREF, NOTPROVIDED).
func usable(r string) string {
	r = strings.TrimSpace(r)
	switch strings.ToUpper(r) {
	case "NONREF", "NOTPROVIDED", "NONE", "N/A":
		return ""
	}
	return r
}
