package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/ar"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/money"
)

// A customer's account: what it owes invoice by invoice, what it paid lately and where the money
// went, its disputes and its credit, and its statement of account as a PDF.

const (
	accountInvoices = 2000 // the invoices of one customer the page reads
	paidInvoices    = 100  // the latest invoices whose payments it lists
	recentPayments  = 20
)

// openInvoice is an invoice the customer still owes on.
type openInvoice struct {
	invoiceState
	Overdue bool
	Days    int // days past due
}

// paymentView is one bank payment of the customer and what it did to its invoices.
type paymentView struct {
	*o2c.BankTransaction
	Allocs []alloc
}

// balance is what the customer owes in one currency, and of it what is past due.
type balance struct {
	ar.Row
	Overdue decimal.Decimal
}

// customerScreen is the account page.
type customerScreen struct {
	Customer   *o2c.Customer
	Today      cal.Date
	Open       []openInvoice
	Balances   []balance // per currency, by bucket
	Buckets    []string
	Credits    []o2c.CustomerCredit
	Payments   []paymentView
	Disputes   []disputeCard
	Currencies []string // those a statement of account may be asked in
}

// cashCustomer shows a customer's account.
func (u *ui) cashCustomer(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := u.md.Customer(ctx, r.PathValue("id"))
	if err != nil {
		u.fail(w, r, err)
		return
	}
	today := u.invoices.Today()
	invs, _, err := u.invoices.List(ctx, o2c.InvoiceFilter{CustomerID: c.ID, Limit: accountInvoices})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	d := customerScreen{Customer: c, Today: today, Buckets: ar.Buckets}
	for _, row := range ar.AgeingOf(invs, today).Totals {
		d.Balances = append(d.Balances, balance{Row: row, Overdue: row.Total.Sub(row.Buckets[0])})
	}
	for _, inv := range invs {
		if inv.Status != o2c.InvoiceDraft && !slices.Contains(d.Currencies, inv.Currency) {
			d.Currencies = append(d.Currencies, inv.Currency)
		}
		if inv.Kind != o2c.KindInvoice || !inv.Status.Open() || !inv.Balance().IsPositive() {
			continue
		}
		o := openInvoice{invoiceState: stateOf(inv)}
		if !inv.DueDate.IsZero() && inv.DueDate.Before(today) {
			o.Overdue, o.Days = true, inv.DueDate.DaysUntil(today)
		}
		d.Open = append(d.Open, o)
	}
	if len(d.Currencies) == 0 && c.Currency != "" {
		d.Currencies = []string{c.Currency}
	}
	slices.Sort(d.Currencies)
	slices.SortFunc(d.Open, func(a, b openInvoice) int {
		return cmp.Or(strings.Compare(a.DueDate.String(), b.DueDate.String()), strings.Compare(a.Number, b.Number))
	})
	if d.Payments, err = u.paymentsOf(r, invs); err != nil {
		u.fail(w, r, err)
		return
	}
	if d.Credits, err = u.payments.Credits(ctx, c.ID); err != nil {
		u.fail(w, r, err)
		return
	}
	disputes, _, err := u.disputes.List(ctx, o2c.DisputeFilter{CustomerID: c.ID, Limit: 100})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	names := map[string]string{c.ID: c.Name}
	for _, x := range disputes {
		d.Disputes = append(d.Disputes, u.disputeCardOf(r, x, today, names))
	}
	u.render(w, r, http.StatusOK, "cash_customer", page{Title: c.Name, Nav: "cash", Data: d})
}

// paymentsOf lists the latest bank payments that paid the customer's latest invoices, newest
// first, each with the allocations it made to this customer.
func (u *ui) paymentsOf(r *http.Request, invs []*o2c.Invoice) ([]paymentView, error) {
	ctx := r.Context()
	byTx := map[int64]*paymentView{}
	n := 0
	for _, inv := range invs { // newest first
		if inv.Kind != o2c.KindInvoice || inv.Status == o2c.InvoiceDraft || inv.AmountPaid.IsZero() && inv.Status.Open() {
			continue
		}
		if n++; n > paidInvoices {
			break
		}
		allocs, err := u.payments.InvoiceAllocations(ctx, inv.ID)
		if err != nil {
			return nil, err
		}
		for _, a := range allocs {
			p := byTx[a.TransactionID]
			if p == nil {
				bt, err := u.payments.Transaction(ctx, a.TransactionID)
				if err != nil {
					return nil, err
				}
				p = &paymentView{BankTransaction: bt}
				byTx[a.TransactionID] = p
			}
			p.Allocs = append(p.Allocs, alloc{a})
		}
	}
	out := make([]paymentView, 0, len(byTx))
	for _, p := range byTx {
		out = append(out, *p)
	}
	slices.SortFunc(out, func(a, b paymentView) int {
		return cmp.Or(strings.Compare(b.BookingDate.String(), a.BookingDate.String()), cmp.Compare(b.ID, a.ID))
	})
	return out[:min(len(out), recentPayments)], nil
}

// cashCustomerStatement sends the customer's statement of account in one currency as a PDF.
func (u *ui) cashCustomerStatement(w http.ResponseWriter, r *http.Request) {
	id, cur := r.PathValue("id"), strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("currency")))
	if cur != "" {
		if _, err := money.ParseCurrency(cur); err != nil {
			u.fail(w, r, o2c.Errorf(o2c.CodeInvalid, "%q is not a currency.", cur))
			return
		}
	}
	body, err := u.invoices.Statement(r.Context(), id, cur)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	name := "statement-" + id + "-" + u.invoices.Today().String()
	if cur != "" {
		name += "-" + cur
	}
	sendFile(w, name+".pdf", "application/pdf", body)
}
