package web

import (
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
)

// The staff pages of invoices: the list with filters and totals, and one invoice with its lines,
// VAT, life and actions (issue a draft, send again, credit in full, download each format).

// invoiceStatusClasses colour invoice statuses with the order statuses' palette: grey for a
// draft or a closed one, violet issued, green with the customer, amber for people to look at,
// red for a problem, cyan when paid.
var invoiceStatusClasses = map[o2c.InvoiceStatus]string{
	o2c.InvoiceDraft: "st-progress", o2c.InvoiceIssued: "st-approved", o2c.InvoiceSent: "st-erp",
	o2c.InvoiceDelivered: "st-erp", o2c.InvoiceViewed: "st-erp", o2c.InvoicePartiallyPaid: "st-erp",
	o2c.InvoiceBounced: "st-stopped", o2c.InvoiceOverdue: "st-stopped", o2c.InvoiceDisputed: "st-review",
	o2c.InvoicePaid: "st-done", o2c.InvoiceCredited: "st-other",
}

// invoiceStatusLabel is a status as staff read it: "partially_paid" is "Partially paid".
func invoiceStatusLabel(s o2c.InvoiceStatus) string { return statusLabel(o2c.OrderStatus(s)) }

// formatLabels name the formats an invoice is downloaded in.
var formatLabels = map[o2c.InvoiceFormat]string{
	o2c.FormatFacturX: "Factur-X PDF", o2c.FormatPDF: "PDF", o2c.FormatUBL: "UBL (Peppol)",
	o2c.FormatCII: "CII XML", o2c.FormatINVOIC: "EDIFACT INVOIC", o2c.Format810: "X12 810",
}

// download is one format an invoice may be downloaded in.
type download struct {
	Format o2c.InvoiceFormat
	Label  string
	Own    bool // the customer's format, the one it is sent in
}

// downloadsOf lists the formats of an invoice: the EDI ones only when the buyer has the GLN that
// addresses them.
func downloadsOf(inv *o2c.Invoice, m invoice.Invoice) []download {
	edi := m.Buyer.GLN() != "" || m.Buyer.Endpoint.Scheme == invoice.SchemeGLN
	var out []download
	for _, f := range o2c.InvoiceFormats {
		if (f == o2c.FormatINVOIC || f == o2c.Format810) && !edi && inv.Format != f {
			continue
		}
		out = append(out, download{Format: f, Label: formatLabels[f], Own: f == inv.Format})
	}
	return out
}

// invoiceRow is an invoice as the list shows it.
type invoiceRow struct {
	*o2c.Invoice
	CustomerName string
	StatusLabel  string
	StatusClass  string
	Overdue      bool // open and past its due date
}

func (u *ui) invoiceRow(inv *o2c.Invoice, name string, today cal.Date) invoiceRow {
	return invoiceRow{Invoice: inv, CustomerName: name, StatusLabel: invoiceStatusLabel(inv.Status),
		StatusClass: invoiceStatusClasses[inv.Status],
		Overdue:     inv.Status.Open() && !inv.DueDate.IsZero() && inv.DueDate.Before(today)}
}

// invoiceSum is what the invoices of a list come to in one currency.
type invoiceSum struct {
	Currency       string
	Count          int
	Gross, Balance decimal.Decimal // Balance: what is still to be paid of the open ones
}

// invoiceListFilter is the query of the invoice list, as the form sends it.
type invoiceListFilter struct {
	Status, Kind, Customer, Q, From, To string
	Overdue                             bool
	Page                                int
}

func (f invoiceListFilter) query(page int) string {
	v := url.Values{}
	for k, s := range map[string]string{"status": f.Status, "kind": f.Kind, "customer": f.Customer, "q": f.Q,
		"from": f.From, "to": f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if f.Overdue {
		v.Set("overdue", "1")
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return uiPrefix + "/invoices"
	}
	return uiPrefix + "/invoices?" + v.Encode()
}

// invoiceListData is the invoice list page.
type invoiceListData struct {
	Filter       invoiceListFilter
	Rows         []invoiceRow
	Total        int
	From, To     int
	Prev, Next   string
	Sums         []invoiceSum
	SumsPartial  bool // the sums cover only the first maxSummed invoices
	Statuses     []o2c.InvoiceStatus
	StatusLabels map[o2c.InvoiceStatus]string
	Error        string
}

// maxSummed bounds the invoices the list's totals read, so a list of every invoice stays quick.
const maxSummed = 2000

// invoiceList lists invoices, newest first, with filters, search and totals; htmx refreshes only
// the results.
func (u *ui) invoiceList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	in := invoiceListFilter{Status: q.Get("status"), Kind: q.Get("kind"), Customer: strings.TrimSpace(q.Get("customer")),
		Q: strings.TrimSpace(q.Get("q")), From: q.Get("from"), To: q.Get("to"), Overdue: q.Get("overdue") != "", Page: 1}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 && p <= 100_000 {
		in.Page = p
	}
	today := u.invoices.Today()
	f := o2c.InvoiceFilter{CustomerID: in.Customer, Query: in.Q, Offset: (in.Page - 1) * uiPageSize, Limit: uiPageSize}
	var problems []string
	if st := o2c.InvoiceStatus(in.Status); st.Valid() {
		f.Status = []o2c.InvoiceStatus{st}
	} else if in.Status != "" {
		problems = append(problems, "unknown status "+strconv.Quote(in.Status))
	}
	if k := o2c.InvoiceKind(in.Kind); k == o2c.KindInvoice || k == o2c.KindCreditNote {
		f.Kind = k
	} else if in.Kind != "" {
		problems = append(problems, "unknown kind "+strconv.Quote(in.Kind))
	}
	for _, d := range []struct {
		name, value string
		into        *cal.Date
	}{{"from", in.From, &f.IssuedFrom}, {"to", in.To, &f.IssuedTo}} {
		if d.value == "" {
			continue
		}
		if v, err := cal.Parse(d.value); err == nil {
			*d.into = v
		} else {
			problems = append(problems, d.name+" is not a date YYYY-MM-DD")
		}
	}
	if in.Overdue {
		f.DueBefore = today
	}
	list, total, err := u.invoices.List(r.Context(), f)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	data := invoiceListData{Filter: in, Total: total, Statuses: o2c.InvoiceStatuses, StatusLabels: map[o2c.InvoiceStatus]string{}}
	for _, st := range o2c.InvoiceStatuses {
		data.StatusLabels[st] = invoiceStatusLabel(st)
	}
	if len(problems) > 0 {
		data.Error = "Filter ignored: " + strings.Join(problems, "; ") + "."
	}
	names := u.customerNames(r, list)
	for _, inv := range list {
		data.Rows = append(data.Rows, u.invoiceRow(inv, names[inv.CustomerID], today))
	}
	if len(list) > 0 {
		data.From, data.To = f.Offset+1, f.Offset+len(list)
	}
	if in.Page > 1 {
		data.Prev = in.query(in.Page - 1)
	}
	if f.Offset+len(list) < total {
		data.Next = in.query(in.Page + 1)
	}
	if data.Sums, data.SumsPartial, err = u.sumInvoices(r, f); err != nil {
		u.fail(w, r, err)
		return
	}
	u.render(w, r, http.StatusOK, "invoices", page{Title: "Invoices", Nav: "invoices", Data: data})
}

// sumInvoices adds up the gross totals and open balances of the invoices f selects, up to
// maxSummed of them, per currency; credit notes count negative. partial says maxSummed was reached.
func (s *server) sumInvoices(r *http.Request, f o2c.InvoiceFilter) (out []invoiceSum, partial bool, err error) {
	const batch = 500
	sums := map[string]*invoiceSum{}
	corrected := map[int64]bool{} // whether the invoice a credit note corrects is open
	f.Limit = batch
	for f.Offset = 0; ; f.Offset += batch {
		if f.Offset >= maxSummed {
			partial = true
			break
		}
		list, _, err := s.invoices.List(r.Context(), f)
		if err != nil {
			return nil, false, err
		}
		for _, inv := range list {
			sum := sums[inv.Currency]
			if sum == nil {
				sum = &invoiceSum{Currency: inv.Currency}
				sums[inv.Currency] = sum
			}
			sign := decimal.NewFromInt(1)
			if inv.Kind == o2c.KindCreditNote {
				sign = sign.Neg()
			}
			sum.Count++
			sum.Gross = sum.Gross.Add(inv.GrossTotal.Mul(sign))
			if inv.Kind == o2c.KindInvoice && inv.Status.Open() {
				sum.Balance = sum.Balance.Add(inv.Balance())
			} else if inv.Kind == o2c.KindCreditNote && inv.Status != o2c.InvoiceDraft {
				// A credit note lowers what is owed while the invoice it corrects is open: one
				// that cancelled its invoice in full closed it, and is owed nothing more.
				open, ok := corrected[inv.CorrectsID]
				if !ok {
					orig, err := s.invoices.Invoice(r.Context(), inv.CorrectsID)
					if err != nil && o2c.ErrorCode(err) != o2c.CodeNotFound {
						return nil, false, err
					}
					open = err == nil && orig.Status.Open()
					corrected[inv.CorrectsID] = open
				}
				if open {
					sum.Balance = sum.Balance.Sub(inv.GrossTotal)
				}
			}
		}
		if len(list) < batch {
			break
		}
	}
	for _, sum := range sums {
		out = append(out, *sum)
	}
	slices.SortFunc(out, func(a, b invoiceSum) int { return strings.Compare(a.Currency, b.Currency) })
	return out, partial, nil
}

// customerNames maps the customers of invoices to their names; an unknown one is left out.
func (u *ui) customerNames(r *http.Request, list []*o2c.Invoice) map[string]string {
	names := map[string]string{}
	if u.md == nil {
		return names
	}
	for _, inv := range list {
		if _, seen := names[inv.CustomerID]; seen {
			continue
		}
		names[inv.CustomerID] = ""
		if c, err := u.md.Customer(r.Context(), inv.CustomerID); err == nil {
			names[inv.CustomerID] = c.Name
		}
	}
	return names
}

// invoiceOf reads the invoice of the path; a missing one is the not-found page.
func (u *ui) invoiceOf(w http.ResponseWriter, r *http.Request) (*o2c.Invoice, bool) {
	id, err := parseID("invoice", r.PathValue("id"))
	if err == nil {
		var inv *o2c.Invoice
		if inv, err = u.invoices.Invoice(r.Context(), id); err == nil {
			return inv, true
		}
	}
	u.fail(w, r, err)
	return nil, false
}

// invoiceDownload sends an invoice in the format asked for (its own when none is).
func (u *ui) invoiceDownload(w http.ResponseWriter, r *http.Request) {
	inv, ok := u.invoiceOf(w, r)
	if !ok {
		return
	}
	format := r.URL.Query().Get("format")
	if format != "" && !slices.Contains(o2c.InvoiceFormats, o2c.InvoiceFormat(format)) {
		u.fail(w, r, o2c.Errorf(o2c.CodeInvalid, "There is no invoice format %q.", format))
		return
	}
	name, ct, body, err := u.invoices.Render(r.Context(), inv.ID, format)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	sendFile(w, name, ct, body)
}

// sendFile answers a file of ours to save: an invoice written by our renderers.
func sendFile(w http.ResponseWriter, name, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": downloadName(name)}))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body) // the client may be gone
}

// invoiceEvent is one event of an invoice's life as its page lists it.
type invoiceEvent struct {
	At                       time.Time
	Actor, Action, Note      string
	StatusLabel, StatusClass string // the status it moved to; "" when it moved none
}

// actionLabels say what an event of an invoice's history did.
var actionLabels = map[string]string{
	"drafted": "Drafted", "issued": "Issued", "status": "Status changed", "sent": "Mailed",
	"send_failed": "Not sent", "credited": "Credited in part",
}

func invoiceEvents(events []o2c.AuditEvent) []invoiceEvent {
	out := make([]invoiceEvent, 0, len(events))
	for _, e := range events {
		ev := invoiceEvent{At: e.At, Actor: e.Actor, Action: actionLabels[e.Action], Note: e.Note}
		if ev.Action == "" {
			ev.Action = e.Action
		}
		var before, after struct {
			Status o2c.InvoiceStatus `json:"status"`
		}
		_ = json.Unmarshal(e.Before, &before) // none: the invoice was new, or the event moved nothing
		// Every event states the status after it; only a first one, or one with a status before,
		// moved it (a failed send or a partial credit states it too).
		first := e.Action == "drafted" || e.Action == "issued"
		if json.Unmarshal(e.After, &after) == nil && after.Status != "" && after.Status != before.Status &&
			(before.Status != "" || first) {
			ev.StatusLabel, ev.StatusClass = invoiceStatusLabel(after.Status), invoiceStatusClasses[after.Status]
		}
		out = append(out, ev)
	}
	return out
}

// invoiceScreen is one invoice's page.
type invoiceScreen struct {
	invoiceRow
	Doc       invoice.Invoice
	History   []invoiceEvent
	Credits   []invoiceRow // the credit notes that correct it
	Corrects  *o2c.Invoice // on a credit note, the invoice it corrects
	Downloads []download
	FormatOf  string // the label of its own format
	CanIssue  bool   // a draft, and the user may issue
	CanSend   bool   // issued, and the user may send
	CanCredit bool   // an invoice not credited in full, and the user may credit
	Done      string
	Errors    []string
	Open      decimal.Decimal // what is still to be paid; zero once paid or credited
	// CreditReason is the credit reason typed, shown again when the credit was refused.
	CreditReason string
}

// invoicePage shows one invoice.
func (u *ui) invoicePage(w http.ResponseWriter, r *http.Request) {
	inv, ok := u.invoiceOf(w, r)
	if !ok {
		return
	}
	u.showInvoice(w, r, http.StatusOK, inv, invoiceDone(r.URL.Query().Get("done")), nil, "")
}

func (u *ui) showInvoice(w http.ResponseWriter, r *http.Request, status int, inv *o2c.Invoice, done string, problems []string, reason string) {
	ctx := r.Context()
	m, err := app.Model(inv)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	events, err := u.invoices.History(ctx, inv.ID)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	today := u.invoices.Today()
	names := u.customerNames(r, []*o2c.Invoice{inv})
	d := invoiceScreen{invoiceRow: u.invoiceRow(inv, names[inv.CustomerID], today), Doc: m, History: invoiceEvents(events),
		Downloads: downloadsOf(inv, m), FormatOf: formatLabels[inv.Format], Done: done, Errors: problems, CreditReason: reason}
	if inv.Kind == o2c.KindInvoice {
		credits, _, err := u.invoices.List(ctx, o2c.InvoiceFilter{CorrectsID: inv.ID, Limit: 100})
		if err != nil {
			u.fail(w, r, err)
			return
		}
		for _, cn := range credits {
			d.Credits = append(d.Credits, u.invoiceRow(cn, "", today))
		}
	} else if inv.CorrectsID != 0 {
		if d.Corrects, err = u.invoices.Invoice(ctx, inv.CorrectsID); err != nil {
			u.fail(w, r, err)
			return
		}
	}
	if inv.Status.Open() {
		d.Open = inv.Balance()
	}
	manage := sessionFrom(ctx).user.Role.Can(o2c.PermManageInvoices)
	issued := inv.Status != o2c.InvoiceDraft
	d.CanIssue = manage && !issued
	d.CanSend = manage && issued
	d.CanCredit = manage && issued && inv.Kind == o2c.KindInvoice && inv.Status != o2c.InvoiceCredited
	if !issued {
		d.Downloads = nil // a draft has no number: nothing to hand out yet
	}
	title := "Draft invoice " + strconv.FormatInt(inv.ID, 10)
	if inv.Number != "" {
		title = kindLabel(inv.Kind) + " " + inv.Number
	}
	u.render(w, r, status, "invoice", page{Title: title, Nav: "invoices", Data: d})
}

// kindLabel names an invoice's kind.
func kindLabel(k o2c.InvoiceKind) string {
	if k == o2c.KindCreditNote {
		return "Credit note"
	}
	return "Invoice"
}

// invoiceDone is the banner after an action, from the redirect's query.
func invoiceDone(done string) string {
	switch done {
	case "issued":
		return "Issued: it has its number and goes out to the customer."
	case "sent":
		return "Sent to the customer again."
	case "credited":
		return "Credit note issued: it cancels the invoice below and goes out to the customer."
	}
	return ""
}

// issueInvoice issues a draft.
func (u *ui) issueInvoice(w http.ResponseWriter, r *http.Request) {
	u.invoiceAction(w, r, func(inv *o2c.Invoice, actor string) (*o2c.Invoice, string, error) {
		got, err := u.invoices.Issue(r.Context(), inv.ID, actor)
		return got, "issued", err
	})
}

// sendInvoice mails an issued invoice again, in its format.
func (u *ui) sendInvoice(w http.ResponseWriter, r *http.Request) {
	u.invoiceAction(w, r, func(inv *o2c.Invoice, actor string) (*o2c.Invoice, string, error) {
		got, err := u.invoices.Send(r.Context(), inv.ID, true, actor)
		return got, "sent", err
	})
}

// creditInvoice issues a credit note for the whole invoice, with a reason, and shows it.
func (u *ui) creditInvoice(w http.ResponseWriter, r *http.Request) {
	u.invoiceAction(w, r, func(inv *o2c.Invoice, actor string) (*o2c.Invoice, string, error) {
		cn, err := u.invoices.CreditNote(r.Context(), inv.ID, app.CreditParams{Reason: strings.TrimSpace(r.PostFormValue("reason"))}, actor)
		return cn, "credited", err
	})
}

// invoiceAction runs one action on the invoice of the path, then shows the invoice it gives
// (the credit note of a credit); a refusal shows the invoice again with why.
func (u *ui) invoiceAction(w http.ResponseWriter, r *http.Request, act func(*o2c.Invoice, string) (*o2c.Invoice, string, error)) {
	inv, ok := u.invoiceOf(w, r)
	if !ok {
		return
	}
	got, done, err := act(inv, sessionFrom(r.Context()).user.Actor())
	switch code := o2c.ErrorCode(err); code {
	case "":
		target := fmt.Sprintf("%s/invoices/%d?done=%s", uiPrefix, got.ID, done)
		if r.Header.Get("HX-Request") == "true" {
			w.Header().Set("HX-Redirect", target)
			return
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
	case o2c.CodeInvalid, o2c.CodeConflict:
		fresh, ferr := u.invoices.Invoice(r.Context(), inv.ID)
		if ferr != nil {
			u.fail(w, r, ferr)
			return
		}
		var problems []string
		for _, f := range o2c.ErrorFaults(err) {
			problems = append(problems, f.Message)
		}
		if len(problems) == 0 {
			problems = []string{o2c.ErrorMessage(err)}
		}
		status := http.StatusUnprocessableEntity
		if code == o2c.CodeConflict {
			status = http.StatusConflict
		}
		u.showInvoice(w, r, status, fresh, "", problems, r.PostFormValue("reason"))
	default:
		u.fail(w, r, err)
	}
}
