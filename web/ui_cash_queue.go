package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// The reconciliation queue: the credits a person must look at, the engine's proposals first (most
// confident first), then those it could not place. A proposal is accepted with one click; any
// credit may be matched by hand or set aside. htmx swaps the row that changed in place; without
// script, each form posts and the page comes back.

// queueLimit bounds each part of the queue a page shows.
const queueLimit = 200

// proposedLine is one allocation the engine proposes, with the invoice it names when known.
type proposedLine struct {
	o2c.AllocationInput
	KindLabel string
	Invoice   *o2c.Invoice // nil for a credit, or a number no invoice has
	Customer  string
}

// matchForm is what a person typed in the manual match form, shown again when it is refused.
type matchForm struct {
	Lines  []matchLine
	Credit string
}

type matchLine struct{ Kind, Invoice, Amount string }

// emptyMatchForm has three lines to fill.
func emptyMatchForm() matchForm {
	return matchForm{Lines: []matchLine{{Kind: "payment"}, {Kind: "payment"}, {Kind: "payment"}}}
}

// queueRow is one transaction of the queue.
type queueRow struct {
	txRow
	Confidence string // "0.60" on a proposal
	Proposed   []proposedLine
	Done       string   // what an action just did
	Errors     []string // why it was refused
	Open       string   // the form to show open: "match" or "ignore"
	Form       matchForm
	Paid       []invoiceState // after an action, the invoices as they now stand
	CSRF       string
	CanManage  bool
}

// Waiting reports whether the row still waits for a person.
func (q queueRow) Waiting() bool {
	return q.Status == o2c.BankTxSuggested || q.Status == o2c.BankTxUnmatched
}

// queueData is the queue page.
type queueData struct {
	Last                           *queueRow // the payment a plain form just acted on, as it now stands
	Suggested, Unmatched           []queueRow
	SuggestedTotal, UnmatchedTotal int
	Waiting                        []invoiceSum // the money waiting, per currency
}

// cashQueue shows the queue, and after a plain form's action the payment it acted on.
func (u *ui) cashQueue(w http.ResponseWriter, r *http.Request) {
	var last *queueRow
	if id, err := parseID("bank transaction", r.URL.Query().Get("done")); err == nil {
		bt, err := u.payments.Transaction(r.Context(), id)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		row, err := u.queueRowOf(r, bt, map[string]string{})
		if err == nil {
			row.Done, err = "Done.", u.paidBy(r, &row)
		}
		if err != nil {
			u.fail(w, r, err)
			return
		}
		last = &row
	}
	u.showQueue(w, r, http.StatusOK, nil, last)
}

// showQueue renders the queue; changed holds rows an action just touched, shown as it left them.
func (u *ui) showQueue(w http.ResponseWriter, r *http.Request, status int, changed, last *queueRow) {
	ctx := r.Context()
	d := queueData{Last: last}
	names := map[string]string{}
	sums := map[string]*invoiceSum{}
	for _, part := range []struct {
		st    o2c.BankTxStatus
		into  *[]queueRow
		total *int
	}{{o2c.BankTxSuggested, &d.Suggested, &d.SuggestedTotal}, {o2c.BankTxUnmatched, &d.Unmatched, &d.UnmatchedTotal}} {
		list, total, err := u.payments.Transactions(ctx, o2c.BankTxFilter{Status: []o2c.BankTxStatus{part.st}, Limit: queueLimit})
		if err != nil {
			u.fail(w, r, err)
			return
		}
		*part.total = total
		for _, t := range list {
			row, err := u.queueRowOf(r, t, names)
			if err != nil {
				u.fail(w, r, err)
				return
			}
			if changed != nil && changed.ID == t.ID {
				row, changed = *changed, nil
			}
			*part.into = append(*part.into, row)
			s := sums[t.Currency]
			if s == nil {
				s = &invoiceSum{Currency: t.Currency}
				sums[t.Currency] = s
			}
			s.Count++
			s.Gross = s.Gross.Add(t.Amount)
		}
	}
	if changed != nil { // it left the queue: shown on top, with why the action was refused
		d.Last = changed
	}
	// Most confident first: those a person can accept at a glance.
	slices.SortStableFunc(d.Suggested, func(a, b queueRow) int {
		return cmp.Or(confidenceOf(b.Confidence).Cmp(confidenceOf(a.Confidence)), strings.Compare(a.BookingDate.String(), b.BookingDate.String()))
	})
	for _, s := range sums {
		d.Waiting = append(d.Waiting, *s)
	}
	slices.SortFunc(d.Waiting, func(a, b invoiceSum) int { return strings.Compare(a.Currency, b.Currency) })
	u.render(w, r, status, "cash_queue", page{Title: "Reconciliation queue", Nav: "cash", Data: d})
}

func confidenceOf(s string) decimal.Decimal {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Zero
	}
	return d
}

// queueRowOf reads a transaction as the queue shows it, with the invoices its proposal names.
func (u *ui) queueRowOf(r *http.Request, t *o2c.BankTransaction, names map[string]string) (queueRow, error) {
	tr, err := u.txRowOf(r, t, names)
	if err != nil {
		return queueRow{}, err
	}
	q := queueRow{txRow: tr, Form: emptyMatchForm(), CanManage: canManage(r)}
	if sess := sessionFrom(r.Context()); sess != nil {
		q.CSRF = sess.session.CSRFToken
	}
	if t.Suggestion == nil {
		return q, nil
	}
	q.Confidence = t.Suggestion.Confidence
	for _, a := range t.Suggestion.Allocations {
		line := proposedLine{AllocationInput: a, KindLabel: label(a.Kind)}
		if a.Kind == "" {
			line.KindLabel = "Payment"
		}
		if a.InvoiceNumber != "" || a.InvoiceID != 0 {
			if line.Invoice, err = u.invoiceNamed(r, a.InvoiceID, a.InvoiceNumber); err != nil {
				return queueRow{}, err
			}
		}
		cust := a.CustomerID
		if line.Invoice != nil {
			cust = line.Invoice.CustomerID
		}
		if line.Customer = u.customerName(r, cust, names); line.Customer == "" {
			line.Customer = cust
		}
		q.Proposed = append(q.Proposed, line)
	}
	return q, nil
}

// invoiceNamed finds an invoice by id, else by its number; nil when there is none.
func (u *ui) invoiceNamed(r *http.Request, id int64, number string) (*o2c.Invoice, error) {
	if id != 0 {
		inv, err := u.invoices.Invoice(r.Context(), id)
		if o2c.ErrorCode(err) == o2c.CodeNotFound {
			return nil, nil
		}
		return inv, err
	}
	list, _, err := u.invoices.List(r.Context(), o2c.InvoiceFilter{Query: number, Limit: 20})
	if err != nil {
		return nil, err
	}
	for _, inv := range list {
		if inv.Number == number {
			return inv, nil
		}
	}
	return nil, nil
}

// cashAccept applies what the engine proposes for a transaction, as proposed.
func (u *ui) cashAccept(w http.ResponseWriter, r *http.Request) {
	u.queueAction(w, r, "", func(bt *o2c.BankTransaction) (string, error) {
		if bt.Status != o2c.BankTxSuggested || bt.Suggestion == nil {
			return "", o2c.Errorf(o2c.CodeConflict, "There is no proposal to accept any more: the payment is %s.", label(bt.Status))
		}
		_, err := u.payments.Apply(r.Context(), bt.ID, bt.Suggestion.Allocations, actorOfUI(r))
		return "Accepted.", err
	})
}

// cashIgnore sets a transaction aside as no customer's payment, with why.
func (u *ui) cashIgnore(w http.ResponseWriter, r *http.Request) {
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	u.queueAction(w, r, "ignore", func(bt *o2c.BankTransaction) (string, error) {
		if reason == "" {
			return "", o2c.Invalid(o2c.Fault{Rule: "UI-CASH-01", Path: "reason", Message: "Say why this payment is set aside."})
		}
		_, err := u.payments.Ignore(r.Context(), bt.ID, reason, actorOfUI(r))
		return "Set aside: " + reason, err
	})
}

// cashMatch applies the allocations a person typed: invoices by number, what each is paid (or
// written off, or discounted), and any rest kept as the customer's credit. The app checks them.
func (u *ui) cashMatch(w http.ResponseWriter, r *http.Request) {
	form, allocs, faults := readMatchForm(r)
	u.queueActionForm(w, r, "match", &form, func(bt *o2c.BankTransaction) (string, error) {
		if len(faults) > 0 {
			return "", o2c.Invalid(faults...)
		}
		_, err := u.payments.Apply(r.Context(), bt.ID, allocs, actorOfUI(r))
		return "Matched by hand.", err
	})
}

// readMatchForm reads the manual match form: lines of kind, invoice number and amount, and a credit.
func readMatchForm(r *http.Request) (matchForm, []o2c.AllocationInput, []o2c.Fault) {
	_ = r.ParseForm() // a body that does not parse leaves the form empty, which is refused below
	kinds, numbers, amounts := r.PostForm["kind"], r.PostForm["invoice"], r.PostForm["amount"]
	var (
		f      matchForm
		allocs []o2c.AllocationInput
		faults []o2c.Fault
	)
	for i := range min(max(len(numbers), len(amounts)), 20) {
		l := matchLine{Kind: "payment"}
		if i < len(kinds) && kinds[i] != "" {
			l.Kind = kinds[i]
		}
		if i < len(numbers) {
			l.Invoice = strings.TrimSpace(numbers[i])
		}
		if i < len(amounts) {
			l.Amount = strings.TrimSpace(amounts[i])
		}
		f.Lines = append(f.Lines, l)
		if l.Invoice == "" && l.Amount == "" {
			continue
		}
		amt, err := decimal.NewFromString(strings.ReplaceAll(l.Amount, ",", "."))
		if err != nil {
			faults = append(faults, o2c.Fault{Rule: "UI-CASH-02", Path: fmt.Sprintf("amount[%d]", i),
				Message: fmt.Sprintf("Line %d: %q is not an amount.", i+1, l.Amount)})
			continue
		}
		allocs = append(allocs, o2c.AllocationInput{Kind: o2c.AllocationKind(l.Kind), InvoiceNumber: l.Invoice, Amount: amt})
	}
	for len(f.Lines) < 3 {
		f.Lines = append(f.Lines, matchLine{Kind: "payment"})
	}
	if f.Credit = strings.TrimSpace(r.PostFormValue("credit")); f.Credit != "" {
		amt, err := decimal.NewFromString(strings.ReplaceAll(f.Credit, ",", "."))
		if err != nil {
			faults = append(faults, o2c.Fault{Rule: "UI-CASH-02", Path: "credit", Message: fmt.Sprintf("Credit: %q is not an amount.", f.Credit)})
		} else {
			allocs = append(allocs, o2c.AllocationInput{Kind: o2c.AllocCredit, Amount: amt})
		}
	}
	return f, allocs, faults
}

func (u *ui) queueAction(w http.ResponseWriter, r *http.Request, open string, act func(*o2c.BankTransaction) (string, error)) {
	u.queueActionForm(w, r, open, nil, act)
}

// queueActionForm runs one action on the transaction of the path. htmx gets the row back as it
// now stands (a refusal too, with why: htmx swaps only a 2xx answer); a plain form gets the queue.
func (u *ui) queueActionForm(w http.ResponseWriter, r *http.Request, open string, form *matchForm,
	act func(*o2c.BankTransaction) (string, error)) {
	id, err := pathIDOf(r, "bank transaction")
	if err != nil {
		u.fail(w, r, err)
		return
	}
	ctx := r.Context()
	bt, err := u.payments.Transaction(ctx, id)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	done, err := act(bt)
	status, msgs := http.StatusOK, []string(nil)
	if err != nil {
		var ok bool
		if status, msgs, ok = refusal(err); !ok {
			u.fail(w, r, err)
			return
		}
	}
	if bt, err = u.payments.Transaction(ctx, id); err != nil {
		u.fail(w, r, err)
		return
	}
	row, err := u.queueRowOf(r, bt, map[string]string{})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if msgs != nil {
		row.Errors, row.Open = msgs, open
		if form != nil {
			row.Form = *form
		}
	} else {
		row.Done = done
		if err := u.paidBy(r, &row); err != nil {
			u.fail(w, r, err)
			return
		}
	}
	switch {
	case isHTMX(r):
		u.renderBlock(w, r, "cash_queue", "queue-row", row)
	case msgs == nil:
		http.Redirect(w, r, fmt.Sprintf("%s/queue?done=%d", cashPrefix, id), http.StatusSeeOther)
	default:
		u.showQueue(w, r, status, &row, nil)
	}
}

// paidBy reads the invoices the row's payment now settles, to say where each stands.
func (u *ui) paidBy(r *http.Request, row *queueRow) error {
	for _, a := range row.Live {
		if a.InvoiceID == 0 || slices.ContainsFunc(row.Paid, func(s invoiceState) bool { return s.ID == a.InvoiceID }) {
			continue
		}
		inv, err := u.invoices.Invoice(r.Context(), a.InvoiceID)
		if err != nil {
			return err
		}
		row.Paid = append(row.Paid, stateOf(inv))
	}
	return nil
}

// cashPickInvoices suggests open invoices for the manual match: by number or PO number, and the
// open invoices of the customers whose name matches.
func (u *ui) cashPickInvoices(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := typed(r)
	opts := []pickOption{}
	if len([]rune(q)) < 2 {
		u.renderBlock(w, r, "pick", "options", opts)
		return
	}
	open := openStatuses()
	found, _, err := u.invoices.List(ctx, o2c.InvoiceFilter{Query: q, Status: open, Kind: o2c.KindInvoice, Limit: pickLimit})
	if err != nil {
		u.fail(w, r, err)
		return
	}
	if len(found) < pickLimit && u.md != nil {
		customers, err := u.md.Customers(ctx, q, 0, 5)
		if err != nil {
			u.fail(w, r, err)
			return
		}
		for _, c := range customers.Items {
			more, _, err := u.invoices.List(ctx, o2c.InvoiceFilter{CustomerID: c.ID, Status: open, Kind: o2c.KindInvoice, Limit: pickLimit})
			if err != nil {
				u.fail(w, r, err)
				return
			}
			found = append(found, more...)
		}
	}
	names := map[string]string{}
	seen := map[int64]bool{}
	for _, inv := range found {
		if seen[inv.ID] || len(opts) == pickLimit {
			continue
		}
		seen[inv.ID] = true
		who := u.customerName(r, inv.CustomerID, names)
		if who == "" {
			who = inv.CustomerID
		}
		opts = append(opts, pickOption{inv.Number, fmt.Sprintf("%s · owes %s · due %s", who, formatMoney(inv.Balance(), inv.Currency), inv.DueDate)})
	}
	u.renderBlock(w, r, "pick", "options", opts)
}

// invoiceState is where an invoice stands, as a badge.
type invoiceState struct {
	*o2c.Invoice
	StatusLabel, StatusClass string
}

func stateOf(inv *o2c.Invoice) invoiceState {
	class := "st-review"
	switch inv.Status {
	case o2c.InvoicePaid:
		class = "st-done"
	case o2c.InvoicePartiallyPaid:
		class = "st-erp"
	case o2c.InvoiceIssued, o2c.InvoiceSent, o2c.InvoiceDelivered, o2c.InvoiceViewed:
		class = "st-approved"
	case o2c.InvoiceOverdue:
		class = "st-stopped"
	}
	return invoiceState{Invoice: inv, StatusLabel: label(inv.Status), StatusClass: class}
}

// openStatuses are the invoice statuses that still wait for money.
func openStatuses() []o2c.InvoiceStatus {
	var out []o2c.InvoiceStatus
	for _, st := range o2c.InvoiceStatuses {
		if st.Open() {
			out = append(out, st)
		}
	}
	return out
}
