package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/invoice"
)

// portalInvoice issues an invoice of qty of the portal's product for a customer of the demo
// master data (a draft when draft).
func (pb *portalBundle) portalInvoice(customer, qty string, draft bool) *o2c.Invoice {
	pb.t.Helper()
	inv, err := invoicer(pb.store).IssueManual(context.Background(), app.ManualInvoice{CustomerID: customer, Draft: draft,
		Lines: []app.ManualLine{{SKU: portalSKU, Quantity: decimal.RequireFromString(qty), UnitPrice: decimal.RequireFromString("2.50")}}}, "test")
	if err != nil {
		pb.t.Fatalf("invoice %s: %v", customer, err)
	}
	return inv
}

// invoicesFor issues an invoice of customer A and one of customer B, and maps the id of A's order
// to A's and of B's order to B's: the isolation test fills {invoice} with them.
func (pb *portalBundle) invoicesFor(a, b *o2c.Order) map[int64]int64 {
	pb.t.Helper()
	return map[int64]int64{a.ID: pb.portalInvoice(portalCustomerA, "4", false).ID, b.ID: pb.portalInvoice(portalCustomerB, "4", false).ID}
}

// TestPortalInvoices: the Invoices tab lists the customer's issued invoices only, in its words;
// opening one marks it viewed in its history, by the portal user; each format downloads; another
// customer's invoice and a draft are not found.
func TestPortalInvoices(t *testing.T) {
	t.Parallel()
	pb := setupPortal(t)
	mine, theirs := pb.portalInvoice(portalCustomerA, "4", false), pb.portalInvoice(portalCustomerB, "2", false)
	draft := pb.portalInvoice(portalCustomerA, "1", true)
	token, _ := pb.portalSession(pb.a)

	doc := htmlOf(t, pb.portalGet(uiRequest{path: "/portal/invoices"}, token))
	if got := cells(doc.Find(`nav a[aria-current="page"]`)); strings.Join(got, "") != "Invoices" {
		t.Errorf("current tab %q", got)
	}
	rows := doc.Find("#results tbody tr")
	if rows.Length() != 1 {
		t.Fatalf("A's invoices: %d rows, want only %s", rows.Length(), mine.Number)
	}
	if got := strings.Join(cells(rows.Find("td")), "|"); !strings.HasPrefix(got, mine.Number+"|2026-03-02|To pay||2026-") {
		t.Errorf("row %q", got)
	}
	if owed := strings.Join(strings.Fields(doc.Find("#owed").Text()), " "); owed != "Open balance "+mine.Balance().StringFixed(2)+" EUR" {
		t.Errorf("owed %q, want %s", owed, mine.Balance().StringFixed(2))
	}

	// Opening it marks it viewed, once, by the portal user.
	path := fmt.Sprintf("/portal/invoices/%d", mine.ID)
	rec := pb.portalGet(uiRequest{path: path}, token)
	if rec.Code != http.StatusOK {
		t.Fatalf("open: %d", rec.Code)
	}
	page := htmlOf(t, rec)
	if st := page.Find("#invoice-status").Text(); st != "To pay" {
		t.Errorf("status %q", st)
	}
	if got := cells(page.Find("#downloads a")); len(got) != 6 || got[0] != "Factur-X PDF" || got[5] != "X12 810" {
		t.Errorf("downloads %q, want every format: the customer has a GLN", got)
	}
	inv, err := invoicer(pb.store).Invoice(context.Background(), mine.ID)
	if err != nil || inv.Status != o2c.InvoiceViewed {
		t.Fatalf("after opening: %v (%v), want viewed", inv.Status, err)
	}
	events, err := invoicer(pb.store).History(context.Background(), mine.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := events[len(events)-1]
	if last.Actor != pb.a.Actor() || !strings.Contains(string(last.After), `"viewed"`) || last.Note != "opened in the customer portal" {
		t.Errorf("last event %+v", last)
	}

	for _, f := range []struct{ format, name string }{{"ubl", "-ubl.xml"}, {"cii", "-cii.xml"}} {
		rec := pb.portalGet(uiRequest{path: path + "/download?format=" + f.format}, token)
		if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Disposition"), mine.Number+f.name) {
			t.Fatalf("download %s: %d %q", f.format, rec.Code, rec.Header().Get("Content-Disposition"))
		}
		if got, err := invoice.Parse(rec.Body.Bytes()); err != nil || got.Number != mine.Number || !got.Totals.Payable.Equal(mine.AmountDue) {
			t.Errorf("download %s reads back as %s %s (%v)", f.format, got.Number, got.Totals.Payable, err)
		}
	}
	for _, p := range []string{
		fmt.Sprintf("/portal/invoices/%d", theirs.ID), fmt.Sprintf("/portal/invoices/%d/download", theirs.ID),
		fmt.Sprintf("/portal/invoices/%d", draft.ID), fmt.Sprintf("/portal/invoices/%d/download", draft.ID),
		"/portal/invoices/999999", "/portal/invoices/x", path + "/download?format=docx",
	} {
		if rec := pb.portalGet(uiRequest{path: p}, token); rec.Code != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, rec.Code)
		}
	}
	if inv, _ := invoicer(pb.store).Invoice(context.Background(), theirs.ID); inv.Status != o2c.InvoiceIssued {
		t.Errorf("B's invoice became %s by A's tries", inv.Status)
	}
}
