package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// TestBrowserCash drives the cash pages in headless Chromium: an accounts-receivable user signs
// in and imports a statement. Of its three credits, one quotes an invoice and is applied on its
// own; one comes from a payer known only by name, for an amount that two of its invoices owe,
// so the engine only proposes it; one matches nothing. The user accepts the proposal with one
// click, sees the invoice paid, opens the manual match of the other with its type-ahead, the
// statement, the dispute board, a dispute, the receivables report and a customer's account, at
// 1280 and 768 px. Screenshots go to $O2C_ARTIFACTS/ui-screenshots/cash-*.png; a page that logs an
// error (a CSP refusal) fails the test.
func TestBrowserCash(t *testing.T) {
	t.Parallel()
	browser := findChromium()
	if browser == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("chromium is not installed (scripts/install-deps.sh installs it)")
		}
		t.Skip("chromium is not installed; scripts/install-deps.sh installs it")
	}
	shots := os.Getenv("O2C_ARTIFACTS")
	if shots == "" {
		shots = t.TempDir()
	}
	shots = filepath.Join(shots, "ui-screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", shots)

	s, _ := runningStack(t, stackParams{inbox: "-", workers: 2, zone: "Europe/Paris", seller: demoSeller()})
	ctx := t.Context()
	if _, _, err := app.NewUsers(s.db).Create(ctx, app.CreateUserParams{Email: "ar@example.com", Name: "Alex Receivable",
		Role: o2c.RoleAccountsReceivable, Password: browserPassword, Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	// Bistrot Lumière owes twice the same amount; Café des Arts and the Vieux Port once each.
	bistrot1, bistrot2 := cashInvoice(t, s, "C10001", "10"), cashInvoice(t, s, "C10001", "10")
	arts, vieux := cashInvoice(t, s, "C10004", "4"), cashInvoice(t, s, "C10002", "30")
	dispute, err := app.NewDisputes(s.invoices, nil).Open(ctx, app.OpenParams{InvoiceID: vieux.ID, Reason: o2c.DisputeDamaged,
		Amount: decimal.RequireFromString("44.70"), Owner: "ar@example.com", DueDate: s.invoices.Today().AddDays(-2),
		Comment: "Three bags arrived torn; photos attached to the mail of Monday."}, "test")
	if err != nil {
		t.Fatal(err)
	}
	total := bistrot1.AmountDue.Add(arts.AmountDue).Add(decimal.RequireFromString("42.00"))
	file := filepath.Join(t.TempDir(), "releve-mars.xml")
	if err := os.WriteFile(file, cashCamt("1000.00", decimal.RequireFromString("1000.00").Add(total).StringFixed(2),
		[4]string{bistrot1.AmountDue.StringFixed(2), "BISTROT LUMIERE", "FR7610107001011234567890129", "Virement mars merci"},
		[4]string{arts.AmountDue.StringFixed(2), "CAFE DES ARTS SARL", "FR7630004000031234567890143", "Facture " + arts.Number},
		[4]string{"42.00", "M. DUPONT JEAN", "FR7620041010050500013M02606", "remboursement trop percu"}), 0o644); err != nil {
		t.Fatal(err)
	}

	srv := httptest.NewServer(s.handler)
	defer srv.Close()
	base := srv.URL
	lockBrowser(t)
	bctx, cancel := context.WithTimeout(context.Background(), 180*time.Second)
	defer cancel()
	alloc, stopAlloc := chromedp.NewExecAllocator(bctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.WindowSize(1280, 900))...)
	defer stopAlloc()
	tab, stopTab := chromedp.NewContext(alloc)
	defer stopTab()
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	problems := watchConsole(tab)
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(tab, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		got, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.Join(strings.Fields(got), " ")
	}
	shoot := func(name string) {
		t.Helper()
		// From the top, so that the sticky header is not drawn across the middle of the page.
		if _, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.scrollTo(0, 0); true`)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(shots, "cash-"+name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	do("sign in", chromedp.Navigate(base+"/ui/cash/statements"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "ar@example.com"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), browserPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#upload`)))
	do("import the statement", chromedp.SetUploadFiles(chromedp.CSS(`#statement-file`), []string{file}),
		chromedp.Click(chromedp.CSS(`#upload button[type=submit]`)), chromedp.WaitVisible(chromedp.CSS(`#import-report`)))
	if got := text("#import-report"); !strings.Contains(got, "releve-mars.xml: 1 new statement, 3 transactions — 1 matched, 0 partly paid, 1 proposed, 1 for a person.") {
		t.Fatalf("import report %q", got)
	}
	shoot("01-statements")

	do("open the queue", chromedp.Click(chromedp.CSS(`#import-report a[href="/ui/cash/queue"]`)), chromedp.WaitVisible(chromedp.CSS(`#suggested .qrow`)))
	proposed := text("#suggested .qrow table.proposal tbody td:nth-child(2)")
	paid := map[string]*o2c.Invoice{bistrot1.Number: bistrot1, bistrot2.Number: bistrot2}[proposed]
	if paid == nil {
		t.Fatalf("the proposal names %q, not one of Bistrot's invoices", proposed)
	}
	if got := text("#suggested .qrow .reason"); !strings.Contains(got, "confidence") {
		t.Fatalf("the proposal's reason %q", got)
	}
	shoot("02-queue")

	do("accept with one click", chromedp.Click(chromedp.CSS(`#suggested .qrow button.accept`)),
		chromedp.WaitVisible(chromedp.CSS(`#suggested .qrow .alert-ok`)))
	if got := text("#suggested .qrow .alert-ok"); got != "Accepted. "+paid.Number+" Paid" {
		t.Fatalf("after accept: %q", got)
	}
	shoot("03-queue-accepted")

	do("match by hand: the type-ahead", chromedp.Click(chromedp.CSS(`#unmatched .qrow details.match summary`)),
		chromedp.SendKeys(chromedp.CSS(`#unmatched .qrow input[name=invoice]`), "Bistrot"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("#unmatched datalist option").length >= 1`))
	shoot("04-queue-match")

	do("the paid invoice", chromedp.Navigate(base+"/ui/invoices/"+strconv.FormatInt(paid.ID, 10)), chromedp.WaitVisible(chromedp.CSS(`#invoice-status`)))
	if got := text("#invoice-status"); got != "Paid" {
		t.Fatalf("invoice %s is %q", paid.Number, got)
	}

	do("the statement", chromedp.Navigate(base+"/ui/cash/statements"), chromedp.Click(chromedp.CSS(`#statements tbody a`)),
		chromedp.WaitVisible(chromedp.CSS(`#transactions`)))
	if got := text("#transactions tbody"); !strings.Contains(got, paid.Number) || !strings.Contains(got, arts.Number) || !strings.Contains(got, "Unmatched") {
		t.Fatalf("statement transactions %q", got)
	}
	shoot("05-statement")

	do("the dispute board", chromedp.Click(chromedp.CSS(`nav.tabs a[href="/ui/cash/disputes"]`)), chromedp.WaitVisible(chromedp.CSS(`#board`)))
	if got := text(fmt.Sprintf("#col-open #dispute-%d", dispute.ID)); !strings.Contains(got, vieux.Number) || !strings.Contains(got, "44.70 EUR") {
		t.Fatalf("dispute card %q", got)
	}
	shoot("06-disputes")
	do("a dispute", chromedp.Click(chromedp.CSS(fmt.Sprintf("#dispute-%d", dispute.ID))), chromedp.WaitVisible(chromedp.CSS(`#thread`)))
	shoot("07-dispute")

	do("receivables", chromedp.Click(chromedp.CSS(`nav.tabs a[href="/ui/cash/receivables"]`)), chromedp.WaitVisible(chromedp.CSS(`#ageing`)))
	if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("#forecast-EUR svg rect").length`)); err != nil || n != 10 {
		t.Fatalf("forecast bars %d (%v)", n, err)
	}
	if got := text("#ageing tbody"); !strings.Contains(got, "Bistrot Lumière SARL") || !strings.Contains(got, "Brasserie du Vieux Port SAS") {
		t.Fatalf("ageing %q", got)
	}
	shoot("08-receivables")
	do("a customer's account", chromedp.Click(chromedp.CSS(`#ageing a[href="/ui/cash/customers/C10001"]`)), chromedp.WaitVisible(chromedp.CSS(`#statement-downloads`)))
	if got := text("#payments tbody"); !strings.Contains(got, paid.Number) {
		t.Fatalf("the account's payments %q", got)
	}
	shoot("09-customer")

	do("tablet queue", chromedp.EmulateViewport(768, 1024), chromedp.Navigate(base+"/ui/cash/queue"), chromedp.WaitVisible(chromedp.CSS(`#unmatched .qrow`)))
	shoot("10-queue-tablet")
	do("tablet receivables", chromedp.Navigate(base+"/ui/cash/receivables"), chromedp.WaitVisible(chromedp.CSS(`#ageing`)))
	shoot("11-receivables-tablet")
	do("tablet board", chromedp.Navigate(base+"/ui/cash/disputes"), chromedp.WaitVisible(chromedp.CSS(`#board`)))
	shoot("12-disputes-tablet")
	do("tablet statement list", chromedp.Navigate(base+"/ui/cash/statements"), chromedp.WaitVisible(chromedp.CSS(`#statements`)))
	shoot("13-statements-tablet")

	if p := problems(); len(p) > 0 {
		t.Fatalf("the pages logged errors:\n%s", strings.Join(p, "\n"))
	}
}

// cashInvoice issues an invoice by hand of qty bags of espresso beans for a demo customer.
func cashInvoice(t *testing.T, s *stack, customer, qty string) *o2c.Invoice {
	t.Helper()
	inv, err := s.invoices.IssueManual(t.Context(), app.ManualInvoice{CustomerID: customer,
		Lines: []app.ManualLine{{SKU: "BEV-1001", Quantity: decimal.RequireFromString(qty), UnitPrice: decimal.RequireFromString("14.90")}}}, "test")
	if err != nil {
		t.Fatalf("issue an invoice for %s: %v", customer, err)
	}
	return inv
}

// cashCamt is a camt.053 of today's credits, each {amount, payer, payer's IBAN, remittance}.
func cashCamt(opening, closing string, credits ...[4]string) []byte {
	day := time.Now().Format("2006-01-02")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>CASH-UI</MsgId><CreDtTm>` + day + `T18:00:00</CreDtTm></GrpHdr>
<Stmt><Id>CASH-UI-1</Id><ElctrncSeqNb>42</ElctrncSeqNb><FrToDt><FrDtTm>` + day + `T00:00:00</FrDtTm><ToDtTm>` + day + `T23:59:59</ToDtTm></FrToDt>
<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id><Ccy>EUR</Ccy><Ownr><Nm>Comptoir Lyonnais</Nm></Ownr></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + opening + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>` + day + `</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + closing + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>` + day + `</Dt></Dt></Bal>
`)
	for i, c := range credits {
		fmt.Fprintf(&b, `<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt>
<AcctSvcrRef>CASH-UI-%d</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>%s</Nm></Dbtr><DbtrAcct><Id><IBAN>%s</IBAN></Id></DbtrAcct></RltdPties>
<RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
`, c[0], day, day, i+1, c[1], c[2], c[3])
	}
	b.WriteString(`</Stmt></BkToCstmrStmt></Document>`)
	return []byte(b.String())
}
