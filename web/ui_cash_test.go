package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
)

// cashUI is the web app with the invoice, payment and dispute services it is given, on one
// store, at a clock the test may move (today, for the invoices and the reports).
type cashUI struct {
	*uiBundle
	inv      *app.Invoices
	pay      *app.Payments
	disputes *app.Disputes
	today    time.Time
}

func setupUICash(t *testing.T) *cashUI {
	t.Helper()
	c := &cashUI{today: now}
	var users *app.Users
	b := setup(t, func(cfg *Config) {
		c.inv = invoicer(cfg.Orders.Store)
		c.inv.Now = func() time.Time { return c.today }
		c.pay = app.NewPayments(cfg.Orders.Store)
		c.pay.Now, c.pay.Log = func() time.Time { return c.today }, slog.New(slog.NewTextHandler(io.Discard, nil))
		c.disputes = app.NewDisputes(c.inv, nil)
		cfg.Invoices, cfg.Payments, cfg.Disputes = c.inv, c.pay, c.disputes
		users = app.NewUsers(cfg.Orders.Store)
		users.Params = app.PasswordParams{Memory: 64, Time: 1, Threads: 1}
		users.Now = func() time.Time { return now }
		users.Limiter.Now = users.Now
		cfg.Users = users
	})
	c.uiBundle = &uiBundle{bundle: b, users: users, ids: map[o2c.Role]int64{}}
	for _, role := range o2c.Roles {
		user, _, err := users.Create(context.Background(), app.CreateUserParams{Email: string(role) + "@example.com",
			Role: role, Password: uiPassword, Actor: "test"})
		if err != nil {
			t.Fatal(err)
		}
		c.ids[role] = user.ID
	}
	invoiceCustomers(t, b.md)
	return c
}

// invoice re-reads an invoice.
func (c *cashUI) invoice(id int64) *o2c.Invoice {
	c.t.Helper()
	inv, err := c.inv.Invoice(context.Background(), id)
	if err != nil {
		c.t.Fatal(err)
	}
	return inv
}

// credit is one credit of a camt statement.
type credit struct{ ref, amount, payer, text string }

// camtFile is a camt.053 of our account on 2 March 2026, with its balances as given: a closing
// balance that is not opening + credits flags the statement.
func camtFile(id, opening, closing string, credits ...credit) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>` + id + `</Id><ElctrncSeqNb>7</ElctrncSeqNb>
<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + opening + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">` + closing + `</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>
`)
	for _, c := range credits {
		fmt.Fprintf(&b, `<Ntry><Amt Ccy="EUR">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-03-02</Dt></BookgDt><AcctSvcrRef>%s</AcctSvcrRef>
<NtryDtls><TxDtls><RltdPties><Dbtr><Nm>%s</Nm></Dbtr></RltdPties><RmtInf><Ustrd>%s</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
`, c.amount, c.ref, c.payer, c.text)
	}
	b.WriteString(`</Stmt></BkToCstmrStmt></Document>`)
	return []byte(b.String())
}

// upload posts a file to the statement upload form as a browser does, signed in as role.
func (c *cashUI) upload(role o2c.Role, name string, content []byte) *httptest.ResponseRecorder {
	c.t.Helper()
	token, csrf := c.session(role)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf_token", csrf)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = fw.Write(content)
	_ = mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/ui/cash/statements", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: token})
	rec := httptest.NewRecorder()
	c.handler.ServeHTTP(rec, req)
	return rec
}

// post sends a form as role; htmx adds the header htmx sends.
func (c *cashUI) post(role o2c.Role, path string, form url.Values, htmx bool) *httptest.ResponseRecorder {
	c.t.Helper()
	token, csrf := c.session(role)
	h := map[string]string{csrfHeader: csrf}
	if htmx {
		h["HX-Request"] = "true"
	}
	if form == nil {
		form = url.Values{}
	}
	return c.get(uiRequest{method: http.MethodPost, path: path, session: token, form: form, header: h})
}

// view gets a page as role and parses it; anything but 200 fails.
func (c *cashUI) view(role o2c.Role, path string) *goquery.Document {
	c.t.Helper()
	token, _ := c.session(role)
	return c.page(uiRequest{path: path, session: token})
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestUICashStatementsAndQueue imports, through the upload form, a statement that does not add
// up: its payment quoting an invoice is only proposed. The queue shows the proposal; one click
// (htmx) accepts it and the invoice is paid; the statement view shows what it paid, and reverses
// it; a manual match that pays too much is refused with the app's reason, then one that fits
// pays; a payment is set aside with its reason; a file that is no statement is refused clearly.
func TestUICashStatementsAndQueue(t *testing.T) {
	t.Parallel()
	c := setupUICash(t)
	ar := o2c.RoleAccountsReceivable
	inv := issue(t, c.inv, "IC1", "4", false) // 60.00 EUR
	if inv.Number != "F2026-000001" {
		t.Fatalf("invoice %s", inv.Number)
	}

	// 0 + 60 + 25 is not the 999.00 the bank states: the statement is flagged.
	rec := c.upload(ar, "march.xml", camtFile("S-1", "0.00", "999.00",
		credit{"R1", "60.00", "Bistrot SARL", "Facture F2026-000001"}, credit{"R2", "25.00", "Unknown Ltd", "thanks"}))
	if rec.Code != http.StatusOK {
		t.Fatalf("upload: %d %.300s", rec.Code, rec.Body)
	}
	doc := htmlOf(t, rec)
	if got := squash(doc.Find("#import-report").Text()); !strings.Contains(got, "march.xml: 1 new statement, 2 transactions — 0 matched, 0 partly paid, 1 proposed, 1 for a person.") ||
		!strings.Contains(got, "1 statement does not add up") {
		t.Fatalf("import report %q", got)
	}
	row := doc.Find("#statements tbody tr")
	if row.Length() != 1 {
		t.Fatalf("%d statements listed", row.Length())
	}
	if got := cells(row.Find("td")); !strings.Contains(got[0], "DE89 3704 0044 0532 0130 00 Does not add up") || got[1] != "–" ||
		got[2] != "0.00 EUR" || got[3] != "999.00 EUR" || got[4] != "2 1 proposed 1 unmatched" {
		t.Fatalf("statement row %q", got)
	}
	stmtPath, _ := row.Find("td a").Attr("href")

	// The queue: the proposal, with the invoice it names and why it was not applied.
	doc = c.view(o2c.RoleReadOnly, "/ui/cash/queue")
	if got := []string{doc.Find("#count-suggested").Text(), doc.Find("#count-unmatched").Text()}; got[0] != "1" || got[1] != "1" {
		t.Fatalf("queue counts %v", got)
	}
	q := doc.Find("#suggested .qrow")
	if got := cells(q.Find("table.proposal tbody td")); strings.Join(got, "|") != "Payment|F2026-000001|Bistrot SARL|2026-04-01|60.00 EUR|60.00 EUR" {
		t.Fatalf("proposal %q", got)
	}
	if got := q.Find(".reason").Text(); !strings.Contains(got, "the statement does not add up, so only proposed") {
		t.Fatalf("reason %q", got)
	}
	if q.Find("button.accept").Length() != 0 {
		t.Fatal("a read-only user is offered Accept")
	}
	txID := strings.TrimPrefix(q.AttrOr("id", ""), "tx-")
	other := strings.TrimPrefix(doc.Find("#unmatched .qrow").AttrOr("id", ""), "tx-")

	// One click: htmx gets the row back, matched, and the invoice paid.
	if c.view(ar, "/ui/cash/queue").Find("#tx-"+txID+" button.accept").Length() != 1 {
		t.Fatal("accounts receivable is not offered Accept")
	}
	rec = c.post(ar, "/ui/cash/transactions/"+txID+"/accept", nil, true)
	frag := htmlOf(t, rec)
	if rec.Code != http.StatusOK || frag.Find("header.top").Length() != 0 {
		t.Fatalf("accept: %d, layout %d", rec.Code, frag.Find("header.top").Length())
	}
	if got := squash(frag.Find("#tx-" + txID + " .alert-ok").Text()); got != "Accepted. F2026-000001 Paid" {
		t.Fatalf("accepted row says %q", got)
	}
	if got := frag.Find(".qrow-status .badge").Text(); got != "Matched" {
		t.Fatalf("row status %q", got)
	}
	if got := c.invoice(inv.ID); got.Status != o2c.InvoicePaid || got.AmountPaid.StringFixed(2) != "60.00" {
		t.Fatalf("invoice %s with %s paid", got.Status, got.AmountPaid)
	}
	if got := c.view(ar, "/ui/cash/queue").Find("#count-suggested").Text(); got != "0" {
		t.Fatalf("%s proposals left", got)
	}
	// Accepting again is refused: nothing is proposed any more.
	rec = c.post(ar, "/ui/cash/transactions/"+txID+"/accept", nil, false)
	if rec.Code != http.StatusConflict || !strings.Contains(htmlOf(t, rec).Find("#tx-"+txID+" .alert-error").Text(), "no proposal to accept") {
		t.Fatalf("accept twice: %d", rec.Code)
	}

	// The statement view: what each transaction paid; reversing needs a reason, then undoes it.
	doc = c.view(ar, stmtPath)
	tr := doc.Find("#tx-" + txID)
	if got := squash(tr.Find("td.matched .alloc").Text()); got != "F2026-000001 60.00 EUR" || tr.Find(".badge").First().Text() != "Matched" {
		t.Fatalf("statement row: %q, %q", got, tr.Find(".badge").First().Text())
	}
	if got := doc.Find("#statement-faults").Text(); !strings.Contains(got, "does not add up") {
		t.Fatalf("faults %q", got)
	}
	rec = c.post(ar, "/ui/cash/transactions/"+txID+"/reverse", url.Values{"reason": {""}}, false)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(htmlOf(t, rec).Find("#cash-errors").Text(), "say why the payment is reversed") {
		t.Fatalf("reverse without reason: %d", rec.Code)
	}
	rec = c.post(ar, "/ui/cash/transactions/"+txID+"/reverse", url.Values{"reason": {"wrong customer"}}, false)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != stmtPath+"?done=reversed#tx-"+txID {
		t.Fatalf("reverse: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
	if got := c.invoice(inv.ID); got.Status == o2c.InvoicePaid || !got.AmountPaid.IsZero() {
		t.Fatalf("after the reversal the invoice is %s with %s paid", got.Status, got.AmountPaid)
	}
	if got := c.view(ar, stmtPath).Find("#tx-" + txID + " .badge").First().Text(); got != "Unmatched" {
		t.Fatalf("reversed transaction %q", got)
	}

	// By hand: more than the invoice owes is the app's refusal, in the row; then it fits.
	match := url.Values{"invoice": {"F2026-000001", ""}, "amount": {"60.01", ""}, "kind": {"payment", "payment"}}
	rec = c.post(ar, "/ui/cash/transactions/"+txID+"/match", match, true)
	frag = htmlOf(t, rec)
	if rec.Code != http.StatusOK || !strings.Contains(frag.Find(".alert-error").Text(), "invoice F2026-000001 still owes 60.00 EUR, not the 60.01") {
		t.Fatalf("too much: %d %q", rec.Code, frag.Find(".alert-error").Text())
	}
	if v, _ := frag.Find(`details.match[open] input[name=amount]`).First().Attr("value"); v != "60.01" {
		t.Fatalf("the refused form shows %q again", v)
	}
	rec = c.post(ar, "/ui/cash/transactions/"+txID+"/match", url.Values{"invoice": {"F2026-000001"}, "amount": {"60.00"}}, false)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("match: %d %.300s", rec.Code, rec.Body)
	}
	doc = c.view(ar, rec.Header().Get("Location"))
	if got := squash(doc.Find("#tx-" + txID + " .alert-ok").First().Text()); got != "Done. F2026-000001 Paid" {
		t.Fatalf("after the manual match: %q", got)
	}

	// Set aside: a reason is asked for.
	if rec = c.post(ar, "/ui/cash/transactions/"+other+"/ignore", nil, true); !strings.Contains(htmlOf(t, rec).Find(".alert-error").Text(), "Say why") {
		t.Fatalf("ignore without reason: %d", rec.Code)
	}
	rec = c.post(ar, "/ui/cash/transactions/"+other+"/ignore", url.Values{"reason": {"transfer from savings"}}, true)
	if got := htmlOf(t, rec).Find(".qrow-status .badge").Text(); got != "Ignored" {
		t.Fatalf("ignored row %q", got)
	}
	if got := c.view(ar, "/ui/cash/queue").Find("#count-unmatched").Text(); got != "0" {
		t.Fatalf("%s unmatched left", got)
	}

	// A file that is no statement, and one too large.
	rec = c.upload(ar, "notes.txt", []byte("hello"))
	if got := htmlOf(t, rec).Find("#import-error").Text(); rec.Code != http.StatusUnprocessableEntity || !strings.HasPrefix(got, "notes.txt is not a bank statement o2c can read") {
		t.Fatalf("not a statement: %d %q", rec.Code, got)
	}
	rec = c.upload(ar, "huge.xml", bytes.Repeat([]byte("x"), maxStatementBytes+1))
	if got := htmlOf(t, rec).Find("#import-error").Text(); rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(got, "larger than 5 MB") {
		t.Fatalf("too large: %d %q", rec.Code, got)
	}
}

// TestUICashPickInvoices suggests open invoices by number and by the customer's name.
func TestUICashPickInvoices(t *testing.T) {
	t.Parallel()
	c := setupUICash(t)
	issue(t, c.inv, "IC1", "4", false)
	issue(t, c.inv, "IC2", "2", false)
	token, _ := c.session(o2c.RoleReadOnly)
	for _, tt := range []struct{ q, want string }{
		{"invoice=F2026-000002", "F2026-000002=Café Zinc · owes 30.00 EUR · due 2026-04-01"},
		{"q=bistrot", "F2026-000001=Bistrot SARL · owes 60.00 EUR · due 2026-04-01"},
		{"q=z", ""},
	} {
		rec := c.get(uiRequest{path: "/ui/cash/pick/invoices?" + tt.q, session: token})
		doc, _ := goquery.NewDocumentFromReader(rec.Body)
		var got []string
		doc.Find("option").Each(func(_ int, s *goquery.Selection) { got = append(got, s.AttrOr("value", "")+"="+s.Text()) })
		if strings.Join(got, ";") != tt.want {
			t.Errorf("%s: %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestUICashDisputes moves disputes through their life by the routes: the board's columns, a
// proposal confirmed, a comment, an owner, refusals shown, and a resolution by write-off.
func TestUICashDisputes(t *testing.T) {
	t.Parallel()
	c := setupUICash(t)
	ctx := context.Background()
	ar := o2c.RoleAccountsReceivable
	a := issue(t, c.inv, "IC1", "4", false) // 60.00
	b := issue(t, c.inv, "IC2", "2", false) // 30.00
	open, err := c.disputes.Open(ctx, app.OpenParams{InvoiceID: a.ID, Reason: o2c.DisputeDamaged, Amount: decimal.RequireFromString("12.50"),
		DueDate: cal.MustParse("2026-03-01"), Comment: "Two cups broken"}, "test")
	if err != nil {
		t.Fatal(err)
	}
	proposed, err := c.disputes.Propose(ctx, app.ProposeParams{InvoiceID: b.ID, Amount: decimal.RequireFromString("5.00"),
		Reason: o2c.DisputePrice, PaymentRef: "R9", Note: "paid 25.00"}, "reconcile")
	if err != nil {
		t.Fatal(err)
	}

	doc := c.view(o2c.RoleReadOnly, "/ui/cash/disputes")
	card := doc.Find(fmt.Sprintf("#col-open #dispute-%d", open.ID))
	if got := squash(card.Text()); got != "F2026-000001 12.50 EUR Bistrot SARL Damaged due 2026-03-01" || !card.HasClass("dcard-late") {
		t.Fatalf("open card %q, classes %q", got, card.AttrOr("class", ""))
	}
	if got := squash(doc.Find(fmt.Sprintf("#col-proposed #dispute-%d", proposed.ID)).Text()); got != "F2026-000002 5.00 EUR Café Zinc Price" {
		t.Fatalf("proposed card %q", got)
	}
	path := fmt.Sprintf("/ui/cash/disputes/%d", open.ID)
	if got := squash(c.view(ar, path).Find("#thread").Text()); !strings.Contains(got, "test") || !strings.Contains(got, "Two cups broken") {
		t.Fatalf("thread %q", got)
	}

	// A proposal is confirmed: its amount is held on the invoice.
	ppath := fmt.Sprintf("/ui/cash/disputes/%d", proposed.ID)
	if rec := c.post(ar, ppath+"/confirm", nil, false); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != ppath+"?done=confirmed" {
		t.Fatalf("confirm: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if got := c.invoice(b.ID); got.Status != o2c.InvoiceDisputed || got.AmountDisputed.StringFixed(2) != "5.00" {
		t.Fatalf("invoice after confirm: %s, %s disputed", got.Status, got.AmountDisputed)
	}
	if rec := c.post(ar, ppath+"/confirm", nil, false); rec.Code != http.StatusConflict ||
		!strings.Contains(htmlOf(t, rec).Find("#cash-errors").Text(), "cannot become open") {
		t.Fatalf("confirm twice: %d", rec.Code)
	}
	if rec := c.post(o2c.RoleOrderDesk, ppath+"/confirm", nil, false); rec.Code != http.StatusForbidden {
		t.Fatalf("order desk confirms: %d", rec.Code)
	}

	// Comment, owner, then a refused and an accepted resolution.
	if rec := c.post(ar, path+"/comment", url.Values{"text": {"Photos received"}}, false); rec.Code != http.StatusSeeOther {
		t.Fatalf("comment: %d", rec.Code)
	}
	if rec := c.post(ar, path+"/assign", url.Values{"owner": {"ar@example.com"}, "due_date": {"in a week"}}, false); rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("assign a bad date: %d", rec.Code)
	}
	if rec := c.post(ar, path+"/assign", url.Values{"owner": {"ar@example.com"}, "due_date": {"2026-03-20"}}, false); rec.Code != http.StatusSeeOther {
		t.Fatalf("assign: %d", rec.Code)
	}
	doc = c.view(ar, path)
	if got := []string{doc.Find("#dispute-status").Text(), doc.Find("#dispute-owner").Text(), squash(doc.Find("#thread li").Last().Text())}; got[0] != "In progress" ||
		got[1] != "ar@example.com" || !strings.HasSuffix(got[2], "Photos received") || !strings.HasPrefix(got[2], "user:accounts_receivable@example.com") {
		t.Fatalf("after comment and assign: %q", got)
	}
	if got := squash(c.view(ar, "/ui/cash/disputes").Find(fmt.Sprintf("#col-in_progress #dispute-%d", open.ID)).Text()); got != "F2026-000001 12.50 EUR Bistrot SARL Damaged ar@example.com due 2026-03-20" {
		t.Fatalf("in progress card %q", got)
	}
	rec := c.post(ar, path+"/resolve", url.Values{"note": {"ok"}}, false)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(htmlOf(t, rec).Find("#cash-errors").Text(), "is none of credit_note, write_off, rejected") {
		t.Fatalf("resolve with no resolution: %d", rec.Code)
	}
	if rec = c.post(ar, path+"/resolve", url.Values{"resolution": {"write_off"}, "note": {"goodwill"}}, false); rec.Code != http.StatusSeeOther {
		t.Fatalf("resolve: %d %.300s", rec.Code, rec.Body)
	}
	doc = c.view(ar, path)
	if got := squash(doc.Find("#dispute-resolution").Text()); !strings.HasPrefix(got, "Write-off: we let it go, no credit note · 12.50 EUR written off") {
		t.Fatalf("resolution %q", got)
	}
	if got := c.invoice(a.ID); got.AmountPaid.StringFixed(2) != "12.50" || !got.AmountDisputed.IsZero() {
		t.Fatalf("invoice after write-off: %s paid, %s disputed", got.AmountPaid, got.AmountDisputed)
	}
	if got := squash(c.view(ar, "/ui/cash/disputes").Find(fmt.Sprintf("#col-closed #dispute-%d", open.ID)).Text()); !strings.Contains(got, "write_off") {
		t.Fatalf("closed card %q", got)
	}
}

// TestUICashReceivables checks the ageing table, DSO and the forecast chart against figures
// worked out by hand. Invoices are issued on 2 March, due 1 April (30 days) or 31 May (IC3, 90
// days), one of them paid; the report is read on Monday 20 April.
func TestUICashReceivables(t *testing.T) {
	t.Parallel()
	c := setupUICash(t)
	ctx := context.Background()
	terms := 90
	if _, err := c.md.Upsert(ctx, &o2c.MasterData{Customers: []o2c.Customer{{ID: "IC3", Name: "Hôtel Lumière", Email: "h@lumiere.example",
		Street: "4 Quai", PostalCode: "13002", City: "Marseille", Country: "FR", Currency: "EUR", PaymentTermsDays: &terms}}}, "test"); err != nil {
		t.Fatal(err)
	}
	issue(t, c.inv, "IC1", "4", false)      // 60.00, due 2026-04-01
	b := issue(t, c.inv, "IC2", "2", false) // 30.00, due 2026-04-01
	issue(t, c.inv, "IC3", "8", false)      // 120.00, due 2026-05-31
	// Sold in the period but paid: it counts in DSO's sales, and nowhere in what is owed.
	paid := issue(t, c.inv, "IC2", "4", false) // 60.00
	if rep, err := c.pay.Import(ctx, "s.xml", camtFile("S-P", "0.00", "60.00", credit{"R1", "60.00", "Café Zinc", paid.Number}), "test"); err != nil || rep.Matched != 1 {
		t.Fatalf("pay %s: %+v %v", paid.Number, rep, err)
	}
	if _, err := c.disputes.Open(ctx, app.OpenParams{InvoiceID: b.ID, Reason: o2c.DisputePrice, Amount: decimal.RequireFromString("10.00")}, "test"); err != nil {
		t.Fatal(err)
	}
	c.today = time.Date(2026, 4, 20, 10, 0, 0, 0, time.UTC)

	doc := c.view(o2c.RoleReadOnly, "/ui/cash/receivables")
	var rows []string
	doc.Find("#ageing tbody tr").Each(func(_ int, s *goquery.Selection) { rows = append(rows, strings.Join(cells(s.Find("td")), "|")) })
	want := []string{
		"Hôtel Lumière IC3 · 1 open|120.00 EUR|–|–|–|–|120.00 EUR|–",
		"Bistrot SARL IC1 · 1 open|–|60.00 EUR|–|–|–|60.00 EUR|–",
		"Café Zinc IC2 · 1 open|–|30.00 EUR|–|–|–|30.00 EUR|10.00 EUR",
	}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Fatalf("ageing rows\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	if got := strings.Join(cells(doc.Find("#ageing tfoot tr td")), "|"); got != "Total EUR|120.00 EUR|90.00 EUR|–|–|–|210.00 EUR|10.00 EUR" {
		t.Fatalf("totals %q", got)
	}
	if href, _ := doc.Find("#ageing tbody tr td a").First().Attr("href"); href != "/ui/cash/customers/IC3" {
		t.Fatalf("customer link %q", href)
	}
	// DSO: 210.00 owed ÷ 270.00 invoiced in the 90 days × 90.
	if got := squash(doc.Find("#dso-EUR .kpi-value").Text()); got != "70 days" && got != "70.0 days" {
		t.Fatalf("DSO %q", got)
	}
	// Forecast: 90.00 overdue less 10.00 disputed; 120.00 in the week of 25 May (the sixth).
	fc := doc.Find("#forecast-EUR")
	if got := strings.Join(cells(fc.Find(".forecast-table th")), "|"); got != "Overdue|20 Apr|27 Apr|4 May|11 May|18 May|25 May|1 Jun|8 Jun|Later" {
		t.Fatalf("forecast columns %q", got)
	}
	if got := strings.Join(cells(fc.Find(".forecast-table td")), "|"); got != "80.00|–|–|–|–|–|120.00|–|–|–" {
		t.Fatalf("forecast values %q", got)
	}
	rects := fc.Find("svg rect")
	if rects.Length() != 10 || rects.Eq(6).AttrOr("height", "") != "170" || rects.Eq(0).AttrOr("height", "") != "113" || rects.Eq(1).AttrOr("height", "") != "0" {
		t.Fatalf("bars: %d, heights %s %s %s", rects.Length(), rects.Eq(0).AttrOr("height", ""), rects.Eq(6).AttrOr("height", ""), rects.Eq(1).AttrOr("height", ""))
	}
}

// TestUICashCustomer shows a customer's account after a payment with an overpayment: the open
// invoice, the payment and what it paid, the credit kept, a dispute, and the statement of
// account as a PDF.
func TestUICashCustomer(t *testing.T) {
	t.Parallel()
	c := setupUICash(t)
	ctx := context.Background()
	paid := issue(t, c.inv, "IC1", "4", false) // 60.00
	open := issue(t, c.inv, "IC1", "2", false) // 30.00
	rep, err := c.pay.Import(ctx, "s.xml", camtFile("S-9", "0.00", "70.00", credit{"R1", "70.00", "Bistrot SARL", "Facture " + paid.Number}), "test")
	if err != nil || rep.Transactions != 1 {
		t.Fatalf("import %+v: %v", rep, err)
	}
	if _, err := c.disputes.Open(ctx, app.OpenParams{InvoiceID: open.ID, Reason: o2c.DisputeQuantity, Amount: decimal.RequireFromString("15.00")}, "test"); err != nil {
		t.Fatal(err)
	}

	doc := c.view(o2c.RoleReadOnly, "/ui/cash/customers/IC1")
	if got := doc.Find("h1").Text(); got != "Bistrot SARL" {
		t.Fatalf("title %q", got)
	}
	if got := strings.Join(cells(doc.Find("#open-invoices tbody td")), "|"); got != "F2026-000002 issued 2026-03-02|Disputed|2026-04-01|30.00 EUR|0.00 EUR|30.00 EUR 15.00 EUR disputed" {
		t.Fatalf("open invoices %q", got)
	}
	if got := strings.Join(cells(doc.Find("#payments tbody td")), "|"); got != "2026-03-02|70.00 EUR|Bistrot SARL|F2026-000001 60.00 EUR" {
		t.Fatalf("payments %q", got)
	}
	if got := []string{doc.Find("#owes-EUR").Text(), doc.Find("#overdue-EUR").Text(), doc.Find("#credit-EUR").Text()}; got[0] != "30.00 EUR" || got[1] != "0.00 EUR" || got[2] != "10.00 EUR" {
		t.Fatalf("owes, overdue, credit: %q", got)
	}
	if got := doc.Find(".dcard").Length(); got != 1 {
		t.Fatalf("%d disputes", got)
	}
	href, _ := doc.Find("#statement-downloads a").Attr("href")
	if href != "/ui/cash/customers/IC1/statement?currency=EUR" {
		t.Fatalf("statement link %q", href)
	}
	token, _ := c.session(o2c.RoleReadOnly)
	rec := c.get(uiRequest{path: href, session: token})
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF-")) ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "statement-IC1-2026-03-02-EUR.pdf") {
		t.Fatalf("statement: %d %s %q", rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"))
	}
	if rec := c.get(uiRequest{path: "/ui/cash/customers/NOPE", session: token}); rec.Code != http.StatusNotFound {
		t.Fatalf("unknown customer: %d", rec.Code)
	}
}

// cashFixtures makes what the cash rows of the routes × roles table act on: a statement with one
// credit nothing matches, and an open dispute on the invoice.
func (u *uiBundle) cashFixtures(invoiceID int64) (statementID, txID, disputeID int64) {
	u.t.Helper()
	ctx := context.Background()
	rep, err := app.NewPayments(u.store).Import(ctx, "routes.xml", camtFile("S-R", "0.00", "5.00", credit{"R1", "5.00", "Nobody", "gift"}), "test")
	if err != nil || len(rep.StatementIDs) != 1 || rep.Unmatched != 1 {
		u.t.Fatalf("import %+v: %v", rep, err)
	}
	txs, _, err := app.NewPayments(u.store).Transactions(ctx, o2c.BankTxFilter{StatementID: rep.StatementIDs[0]})
	if err != nil || len(txs) != 1 {
		u.t.Fatalf("transactions: %d (%v)", len(txs), err)
	}
	d, err := app.NewDisputes(invoicer(u.store), nil).Open(ctx, app.OpenParams{InvoiceID: invoiceID, Reason: o2c.DisputeOther,
		Amount: decimal.RequireFromString("1.00")}, "test")
	if err != nil {
		u.t.Fatal(err)
	}
	return rep.StatementIDs[0], txs[0].ID, d.ID
}
