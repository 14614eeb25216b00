package main

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// TestBrowserInvoices drives the invoice pages in headless Chromium on the demo with two invoices
// sent: the staff list with an htmx search, an invoice, a full credit with its reason, the
// tablet width; then the customer's Invoices tab and invoice in the portal. Screenshots go to
// $O2C_ARTIFACTS/invoice-screenshots; a page that logs an error (a CSP refusal) fails the test.
func TestBrowserInvoices(t *testing.T) {
	t.Parallel()
	_, br := startBrowserTest(t, "invoice-screenshots", "")
	d := startInvoiceDemo(t)
	if _, _, err := app.NewUsers(d.stack.db).Create(t.Context(), app.CreateUserParams{Email: "ar@example.com", Name: "Alex Receivable",
		Role: o2c.RoleAccountsReceivable, Password: browserPassword, Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(d.stack.handler)
	defer srv.Close()
	base := srv.URL
	br.open()
	do, text, shoot := br.do, br.text, br.shoot
	kantinen := d.invoices["BKS-77812"]

	do("sign in", chromedp.Navigate(base+"/ui/invoices"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "ar@example.com"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), browserPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#results tbody tr`)))
	if got := text("#results .table-meta"); got != "Invoices 1–2 of 2, newest first" {
		t.Fatalf("list: %q", got)
	}
	shoot("01-invoices")
	do("search", chromedp.SendKeys(chromedp.CSS(`input[name=q]`), kantinen.Number),
		chromedp.Poll[chromedp.Void](`location.search.includes("q=") && document.querySelectorAll("#results tbody tr").length === 1`))
	do("open the invoice", chromedp.Click(chromedp.CSS(`#results tbody tr td a`)), chromedp.WaitVisible(chromedp.CSS(`#invoice-lines`)))
	if got := text("#invoice-status"); got != "Sent" {
		t.Fatalf("status %q", got)
	}
	shoot("02-invoice")
	do("credit", chromedp.Click(chromedp.CSS(`#credit-action summary`)),
		chromedp.SendKeys(chromedp.CSS(`#credit-reason`), "Delivered to the wrong canteen"),
		chromedp.Click(chromedp.CSS(`#credit`)), chromedp.WaitVisible(chromedp.CSS(`.alert-ok`)))
	if got := text("h1"); !strings.HasPrefix(got, "Credit note AV") {
		t.Fatalf("after the credit: %q", got)
	}
	shoot("03-credit-note")
	do("tablet list", chromedp.EmulateViewport(768, 1024), chromedp.Navigate(base+"/ui/invoices"),
		chromedp.WaitVisible(chromedp.CSS(`#results tbody tr`)))
	shoot("04-invoices-tablet")
	do("tablet invoice", chromedp.Navigate(base+"/ui/invoices/"+strconv.FormatInt(kantinen.ID, 10)), chromedp.WaitVisible(chromedp.CSS(`#invoice-lines`)))
	if got := text("#invoice-status"); got != "Credited" {
		t.Fatalf("status after the credit %q", got)
	}
	shoot("05-invoice-tablet")

	do("portal sign in", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/portal/invoices"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), demoPortalEmail),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), demoPortalPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#results tbody tr`)))
	if got := text("#results tbody"); !strings.Contains(got, kantinen.Number) || !strings.Contains(got, "Cancelled by credit note") ||
		!strings.Contains(got, "Credit note") {
		t.Fatalf("portal invoices: %q", got)
	}
	shoot("06-portal-invoices")
	do("portal invoice", chromedp.Click(chromedp.CSS(`#results tbody tr:last-child td a`)), chromedp.WaitVisible(chromedp.CSS(`#downloads`)))
	shoot("07-portal-invoice")
	do("portal tablet", chromedp.EmulateViewport(768, 1024), chromedp.Navigate(base+"/portal/invoices"),
		chromedp.WaitVisible(chromedp.CSS(`#results tbody tr`)))
	shoot("08-portal-invoices-tablet")
	br.noProblems()
}
