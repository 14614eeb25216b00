package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/invoice"
)

// The portal's Invoices tab: the customer's invoices and credit notes (never a draft, which is
// not theirs yet), where each stands in the customer's words, and each format to download.
// Opening or downloading one marks it viewed, through the invoice service, which records who and
// when. Anything not of the signed-in user's customer is not found.

// customerStatus is an invoice status as a customer reads it, and its colour.
type customerStatus struct{ Label, Class string }

var customerStatuses = map[o2c.InvoiceStatus]customerStatus{
	o2c.InvoiceIssued: {"To pay", "st-erp"}, o2c.InvoiceSent: {"To pay", "st-erp"}, o2c.InvoiceDelivered: {"To pay", "st-erp"},
	o2c.InvoiceBounced: {"To pay", "st-erp"}, o2c.InvoiceViewed: {"To pay", "st-erp"},
	o2c.InvoicePartiallyPaid: {"Partly paid", "st-approved"}, o2c.InvoiceOverdue: {"Overdue", "st-stopped"},
	o2c.InvoiceDisputed: {"Being looked into", "st-review"}, o2c.InvoicePaid: {"Paid", "st-done"},
	o2c.InvoiceCredited: {"Cancelled by credit note", "st-other"},
}

// customerInvoiceStatuses are the statuses a customer sees: all but draft.
var customerInvoiceStatuses = slices.DeleteFunc(slices.Clone(o2c.InvoiceStatuses),
	func(s o2c.InvoiceStatus) bool { return s == o2c.InvoiceDraft })

// portalInvoiceRow is an invoice as the customer's list shows it.
type portalInvoiceRow struct {
	*o2c.Invoice
	Status  customerStatus
	Overdue bool
	Open    decimal.Decimal // what is still to be paid; zero for a credit note or once settled
	Credit  bool
}

func (p *portal) invoiceRow(inv *o2c.Invoice) portalInvoiceRow {
	row := portalInvoiceRow{Invoice: inv, Status: customerStatuses[inv.Status], Credit: inv.Kind == o2c.KindCreditNote}
	if row.Credit {
		row.Status = customerStatus{"Credit note", "st-done"}
	} else if inv.Status.Open() {
		row.Open = inv.Balance()
		row.Overdue = !inv.DueDate.IsZero() && inv.DueDate.Before(p.invoices.Today())
	}
	return row
}

type portalInvoiceList struct {
	Q               string
	Rows            []portalInvoiceRow
	Total, From, To int
	Prev, Next      string
	Sums            []invoiceSum // what the customer owes, per currency
}

// invoiceList is the Invoices tab: the customer's invoices, newest first, searched by number or
// order number.
func (p *portal) invoiceList(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	offset = max(offset, 0)
	f := o2c.InvoiceFilter{CustomerID: portalUser(r).CustomerID, Status: customerInvoiceStatuses, Query: q,
		Offset: offset, Limit: portalPageSize}
	list, total, err := p.invoices.List(r.Context(), f)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	d := portalInvoiceList{Q: q, Total: total, From: offset + 1, To: offset + len(list)}
	for _, inv := range list {
		d.Rows = append(d.Rows, p.invoiceRow(inv))
	}
	if d.Sums, _, err = p.sumInvoices(r, o2c.InvoiceFilter{CustomerID: f.CustomerID, Status: customerInvoiceStatuses}); err != nil {
		p.fail(w, r, err)
		return
	}
	link := func(off int) string {
		v := url.Values{}
		if q != "" {
			v.Set("q", q)
		}
		if off > 0 {
			v.Set("offset", strconv.Itoa(off))
		}
		if len(v) == 0 {
			return portalPrefix + "/invoices"
		}
		return portalPrefix + "/invoices?" + v.Encode()
	}
	if offset > 0 {
		d.Prev = link(max(offset-portalPageSize, 0))
	}
	if offset+len(list) < total {
		d.Next = link(offset + portalPageSize)
	}
	p.render(w, r, http.StatusOK, "invoices", portalPage{Title: "Invoices", Nav: "invoices", Data: d})
}

// invoiceOf reads the invoice of the path: the customer's own, issued; anything else is not
// found, never forbidden, so that another customer's numbers tell nothing.
func (p *portal) invoiceOf(w http.ResponseWriter, r *http.Request) (*o2c.Invoice, bool) {
	missing := o2c.Errorf(o2c.CodeNotFound, "There is no invoice %s.", r.PathValue("invoice"))
	id, err := strconv.ParseInt(r.PathValue("invoice"), 10, 64)
	if err != nil || id <= 0 {
		p.fail(w, r, missing)
		return nil, false
	}
	inv, err := p.invoices.Invoice(r.Context(), id)
	switch {
	case o2c.ErrorCode(err) == o2c.CodeNotFound:
		err = missing
	case err != nil:
	case inv.CustomerID != portalUser(r).CustomerID || inv.Status == o2c.InvoiceDraft:
		err = missing
	default:
		return inv, true
	}
	p.fail(w, r, err)
	return nil, false
}

// seen records that the customer opened an invoice. One not mailed yet is first marked sent:
// the portal is one of the ways an invoice reaches its customer, and viewed follows sent. Failing
// to record it never keeps the customer from the invoice; a status past viewed (paid) stays.
func (p *portal) seen(r *http.Request, inv *o2c.Invoice, how string) {
	ctx, actor := r.Context(), portalUser(r).Actor()
	var err error
	if inv.Status == o2c.InvoiceIssued {
		_, err = p.invoices.MarkSent(ctx, inv.ID, actor, "published in the customer portal")
	}
	if err == nil {
		_, err = p.invoices.MarkViewed(ctx, inv.ID, actor, how)
	}
	if err != nil && o2c.ErrorCode(err) != o2c.CodeConflict {
		logger(ctx).ErrorContext(ctx, "mark invoice viewed", "invoice", inv.ID, "err", err)
	}
}

// portalInvoiceData is one invoice's page in the portal.
type portalInvoiceData struct {
	portalInvoiceRow
	Doc       invoice.Invoice
	Downloads []download
}

// invoicePage shows one invoice of the customer, and marks it viewed.
func (p *portal) invoicePage(w http.ResponseWriter, r *http.Request) {
	inv, ok := p.invoiceOf(w, r)
	if !ok {
		return
	}
	m, err := app.Model(inv)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.seen(r, inv, "opened in the customer portal")
	d := portalInvoiceData{portalInvoiceRow: p.invoiceRow(inv), Doc: m, Downloads: downloadsOf(inv, m)}
	p.render(w, r, http.StatusOK, "invoice", portalPage{Title: kindLabel(inv.Kind) + " " + inv.Number, Nav: "invoices", Data: d})
}

// invoiceDownload sends an invoice of the customer in the format asked for (its own when none
// is), and marks it viewed.
func (p *portal) invoiceDownload(w http.ResponseWriter, r *http.Request) {
	inv, ok := p.invoiceOf(w, r)
	if !ok {
		return
	}
	format := r.URL.Query().Get("format")
	if format != "" && !slices.Contains(o2c.InvoiceFormats, o2c.InvoiceFormat(format)) {
		p.fail(w, r, o2c.Errorf(o2c.CodeNotFound, "There is no invoice format %q.", format))
		return
	}
	name, ct, body, err := p.invoices.Render(r.Context(), inv.ID, format)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.seen(r, inv, "downloaded from the customer portal as "+name)
	sendFile(w, name, ct, body)
}
