package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/invoice"
)

// testSeller is a French seller with what an invoice needs to be issued.
var testSeller = app.Seller{Name: "Supplier SA", Street: "1 Rue X", PostCode: "69002", City: "Lyon", Country: "FR",
	VATID: "FR40303265045", SIREN: "303265045", Email: "billing@supplier.example", IBAN: "FR7630006000011234567890189",
	PaymentTerms: "Payment by transfer."}

// invoicer is an invoice service with testSeller on store, at the tests' clock.
func invoicer(store o2c.Store) *app.Invoices {
	inv := app.NewInvoices(store, testSeller)
	inv.Now, inv.Log = func() time.Time { return now }, slog.New(slog.NewTextHandler(io.Discard, nil))
	return inv
}

// invoiceCustomers loads two French customers and a product at 20 % VAT.
func invoiceCustomers(t *testing.T, md *app.MasterData) {
	t.Helper()
	rate, price, terms := decimal.RequireFromString("20"), decimal.RequireFromString("12.50"), 30
	data := &o2c.MasterData{
		Customers: []o2c.Customer{
			{ID: "IC1", Name: "Bistrot SARL", Email: "compta@bistrot.example", Street: "2 Rue Y", PostalCode: "75011",
				City: "Paris", Country: "FR", Currency: "EUR", PaymentTermsDays: &terms},
			{ID: "IC2", Name: "Café Zinc", Email: "zinc@cafe.example", Street: "3 Rue Z", PostalCode: "69001",
				City: "Lyon", Country: "FR", Currency: "EUR", PaymentTermsDays: &terms},
		},
		Products: []o2c.Product{{SKU: "CUP-1", Description: "Cup", Unit: "C62", UnitPrice: &price, Currency: "EUR", VATRate: &rate}},
	}
	if _, err := md.Upsert(context.Background(), data, "test"); err != nil {
		t.Fatal(err)
	}
}

// issue makes a manual invoice of qty cups for a customer (a draft when draft).
func issue(t *testing.T, s *app.Invoices, customer, qty string, draft bool) *o2c.Invoice {
	t.Helper()
	inv, err := s.IssueManual(context.Background(), app.ManualInvoice{CustomerID: customer, Draft: draft,
		Lines: []app.ManualLine{{SKU: "CUP-1", Quantity: decimal.RequireFromString(qty), UnitPrice: decimal.RequireFromString("12.50")}}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// anInvoice issues one invoice for the routes × roles table.
func (u *uiBundle) anInvoice() int64 {
	u.t.Helper()
	invoiceCustomers(u.t, u.md)
	return issue(u.t, invoicer(u.store), "IC1", "4", false).ID
}

// setupUIInvoices is the web app with an invoice service that can issue, a user per role, and
// three invoices: IC1's F2026-000001 (4 cups, 60.00), IC2's F2026-000002 (2 cups, 30.00) and a
// draft of IC1 (1 cup).
func setupUIInvoices(t *testing.T) (*uiBundle, []*o2c.Invoice) {
	t.Helper()
	var svc *app.Invoices
	var users *app.Users
	b := setup(t, func(c *Config) {
		svc = invoicer(c.Orders.Store)
		c.Invoices = svc
		users = app.NewUsers(c.Orders.Store)
		users.Params = app.PasswordParams{Memory: 64, Time: 1, Threads: 1}
		users.Now = func() time.Time { return now }
		users.Limiter.Now = users.Now
		c.Users = users
	})
	u := &uiBundle{bundle: b, users: users, ids: map[o2c.Role]int64{}}
	for _, role := range o2c.Roles {
		user, _, err := users.Create(context.Background(), app.CreateUserParams{Email: string(role) + "@example.com",
			Role: role, Password: uiPassword, Actor: "test"})
		if err != nil {
			t.Fatal(err)
		}
		u.ids[role] = user.ID
	}
	invoiceCustomers(t, b.md)
	return u, []*o2c.Invoice{issue(t, svc, "IC1", "4", false), issue(t, svc, "IC2", "2", false), issue(t, svc, "IC1", "1", true)}
}

// as sends a request signed in as a role, with its CSRF token.
func (u *uiBundle) as(role o2c.Role, method, path string, form url.Values) *goqueryResult {
	u.t.Helper()
	token, csrf := u.session(role)
	rec := u.get(uiRequest{method: method, path: path, session: token, form: form, header: map[string]string{csrfHeader: csrf}})
	res := &goqueryResult{status: rec.Code, location: rec.Header().Get("Location"), header: rec.Header()}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		res.doc = htmlOf(u.t, rec)
	} else {
		res.body = rec.Body.Bytes()
	}
	return res
}

type goqueryResult struct {
	status   int
	location string
	header   http.Header
	doc      *goquery.Document
	body     []byte
}

func cells(s *goquery.Selection) []string {
	var out []string
	s.Each(func(_ int, c *goquery.Selection) { out = append(out, strings.Join(strings.Fields(c.Text()), " ")) })
	return out
}

// TestUIInvoiceList filters the list by status, kind, customer, dates, overdue and number, and
// checks the totals of what matches.
func TestUIInvoiceList(t *testing.T) {
	t.Parallel()
	u, _ := setupUIInvoices(t)
	for _, tt := range []struct {
		query      string
		numbers    []string
		gross, due string // the totals line
	}{
		{"", []string{"Draft 3", "F2026-000002", "F2026-000001"}, "105.00 EUR", "90.00 EUR"},
		{"?status=issued", []string{"F2026-000002", "F2026-000001"}, "90.00 EUR", "90.00 EUR"},
		{"?status=draft", []string{"Draft 3"}, "15.00 EUR", "0.00 EUR"},
		{"?customer=IC2", []string{"F2026-000002"}, "30.00 EUR", "30.00 EUR"},
		{"?q=000001", []string{"F2026-000001"}, "60.00 EUR", "60.00 EUR"},
		{"?kind=credit_note", nil, "", ""},
		{"?from=2026-03-03", nil, "", ""},
		{"?overdue=1", nil, "", ""},
	} {
		res := u.as(o2c.RoleReadOnly, "GET", "/ui/invoices"+tt.query, nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s: status %d", tt.query, res.status)
		}
		got := cells(res.doc.Find("#results tbody tr td:first-child a"))
		if strings.Join(got, "|") != strings.Join(tt.numbers, "|") {
			t.Errorf("%s: rows %q, want %q", tt.query, got, tt.numbers)
		}
		gross, due := cells(res.doc.Find(".inv-sum-value")), cells(res.doc.Find(".inv-balance"))
		if tt.gross == "" && len(gross) != 0 || tt.gross != "" && (len(gross) != 1 || gross[0] != tt.gross || due[0] != tt.due) {
			t.Errorf("%s: totals %q open %q, want %s open %s", tt.query, gross, due, tt.gross, tt.due)
		}
	}
	// htmx gets the results only; a bad filter says so and is ignored.
	token, _ := u.session(o2c.RoleReadOnly)
	rec := u.get(uiRequest{path: "/ui/invoices?status=lost&from=someday", session: token,
		header: map[string]string{"HX-Request": "true", "HX-Target": "results"}})
	doc := htmlOf(t, rec)
	if doc.Find("header.top").Length() != 0 || doc.Find("#results tbody tr").Length() != 3 ||
		!strings.Contains(doc.Find(".alert-warn").Text(), `unknown status "lost"; from is not a date`) {
		t.Fatalf("htmx results: %s", rec.Body)
	}
	// The nav shows Invoices to every role, each of which may view them.
	for _, role := range o2c.Roles {
		res := u.as(role, "GET", "/ui/", nil)
		if res.doc.Find(`nav a[href="/ui/invoices"]`).Length() != 1 {
			t.Errorf("%s: no Invoices in the nav", role)
		}
	}
}

// TestUIInvoicePage shows an invoice's lines, VAT, totals and life; the actions are offered to
// those who may manage invoices only; a full credit with a reason credits it and shows the credit
// note, which links back; a draft is issued; sending without a mail server says why.
func TestUIInvoicePage(t *testing.T) {
	t.Parallel()
	u, list := setupUIInvoices(t)
	first, draft := list[0], list[2]
	path := fmt.Sprintf("/ui/invoices/%d", first.ID)

	res := u.as(o2c.RoleReadOnly, "GET", path, nil)
	d := res.doc
	if got := strings.Join(cells(d.Find("#invoice-lines tbody td")), "|"); got != "1|Cup CUP-1|4 C62|12.50 EUR|S 20%|50.00 EUR" {
		t.Errorf("lines %q", got)
	}
	if got := strings.Join(cells(d.Find("#vat-breakdown tbody td")), "|"); got != "S 20%|50.00 EUR|10.00 EUR" {
		t.Errorf("VAT %q", got)
	}
	if got := strings.Join(cells(d.Find("#invoice-totals dd")), "|"); got != "50.00 EUR|50.00 EUR|10.00 EUR|60.00 EUR|60.00 EUR|0.00 EUR|60.00 EUR" {
		t.Errorf("totals %q", got)
	}
	if got := cells(d.Find("#timeline .badge")); strings.Join(got, "|") != "Issued" {
		t.Errorf("life %q", got)
	}
	if got := cells(d.Find("#downloads a")); strings.Join(got, "|") != "Factur-X PDF|PDF|UBL (Peppol)|CII XML" {
		t.Errorf("downloads %q (no EDI: the buyer has no GLN)", got)
	}
	if d.Find("#resend, #credit, #issue").Length() != 0 {
		t.Errorf("read-only is offered actions")
	}

	res = u.as(o2c.RoleAccountsReceivable, "GET", path+"/download?format=ubl", nil)
	if res.status != http.StatusOK || !strings.Contains(res.header.Get("Content-Disposition"), "F2026-000001-ubl.xml") {
		t.Fatalf("download: %d %q", res.status, res.header.Get("Content-Disposition"))
	}
	if got, err := invoice.Parse(res.body); err != nil || got.Number != "F2026-000001" || got.Totals.Payable.StringFixed(2) != "60.00" {
		t.Fatalf("download reads back as %s %s (%v)", got.Number, got.Totals.Payable, err)
	}
	if res := u.as(o2c.RoleAccountsReceivable, "GET", path+"/download?format=docx", nil); res.status != http.StatusUnprocessableEntity {
		t.Fatalf("an unknown format: %d", res.status)
	}

	// No mail server: the page says why it was not sent.
	res = u.as(o2c.RoleAccountsReceivable, "POST", path+"/send", url.Values{})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.doc.Find(".alert-error").Text(), "no SMTP server") {
		t.Fatalf("send: %d %q", res.status, res.doc.Find(".alert-error").Text())
	}
	// A credit needs a reason; with one, it credits in full and shows the credit note.
	res = u.as(o2c.RoleAccountsReceivable, "POST", path+"/credit", url.Values{"reason": {" "}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.doc.Find(".alert-error").Text(), "needs a reason") {
		t.Fatalf("credit without reason: %d", res.status)
	}
	res = u.as(o2c.RoleAccountsReceivable, "POST", path+"/credit", url.Values{"reason": {"Cups broken in transit"}})
	if res.status != http.StatusSeeOther || !strings.HasSuffix(res.location, "?done=credited") {
		t.Fatalf("credit: %d to %q", res.status, res.location)
	}
	cn := u.as(o2c.RoleAccountsReceivable, "GET", res.location, nil).doc
	if h := strings.Join(strings.Fields(cn.Find("h1").Text()), " "); h != "Credit note AV2026-000001 Issued" ||
		!strings.Contains(cn.Find(".alert-warn").Text(), "Cups broken in transit") || cn.Find(".alert-ok").Length() != 1 {
		t.Fatalf("credit note page: %q", h)
	}
	if href, _ := cn.Find(`.facts a[href^="/ui/invoices/"]`).Attr("href"); href != path {
		t.Errorf("the credit note links to %q, want %q", href, path)
	}
	d = u.as(o2c.RoleAccountsReceivable, "GET", path, nil).doc
	if st := d.Find("#invoice-status").Text(); st != "Credited" || d.Find("#credit").Length() != 0 ||
		!strings.Contains(d.Find(".facts").Text(), "AV2026-000001") || d.Find("#balance").Text() != "0.00 EUR" {
		t.Errorf("after the credit: %q, balance %q", st, d.Find("#balance").Text())
	}
	if got := cells(d.Find("#timeline .badge")); strings.Join(got, "|") != "Issued|Credited" {
		t.Errorf("life after the credit %q", got)
	}

	// The order desk sees but cannot act; accounts receivable issues the draft.
	dpath := fmt.Sprintf("/ui/invoices/%d", draft.ID)
	if res := u.as(o2c.RoleOrderDesk, "GET", dpath, nil); res.doc.Find("#issue").Length() != 0 || res.doc.Find("#downloads").Length() != 0 {
		t.Errorf("order desk on a draft: actions or downloads offered")
	}
	if res := u.as(o2c.RoleOrderDesk, "POST", dpath+"/issue", url.Values{}); res.status != http.StatusForbidden {
		t.Errorf("order desk issues: %d", res.status)
	}
	if u.as(o2c.RoleAccountsReceivable, "GET", dpath, nil).doc.Find("#issue").Length() != 1 {
		t.Fatalf("no issue button for accounts receivable")
	}
	res = u.as(o2c.RoleAccountsReceivable, "POST", dpath+"/issue", url.Values{})
	if res.status != http.StatusSeeOther {
		t.Fatalf("issue: %d", res.status)
	}
	if h := strings.Join(strings.Fields(u.as(o2c.RoleAdmin, "GET", res.location, nil).doc.Find("h1").Text()), " "); h != "Invoice F2026-000003 Issued" {
		t.Errorf("issued draft: %q", h)
	}
	if res := u.as(o2c.RoleAdmin, "POST", dpath+"/issue", url.Values{}); res.status != http.StatusConflict ||
		!strings.Contains(res.doc.Find(".alert-error").Text(), "issued already") {
		t.Errorf("issue twice: %d", res.status)
	}

	// The totals net the credit note against the gross; what is owed counts neither the credited
	// invoice nor the credit note that closed it: 30.00 + 15.00.
	d = u.as(o2c.RoleReadOnly, "GET", "/ui/invoices", nil).doc
	if gross, due := cells(d.Find(".inv-sum-value")), cells(d.Find(".inv-balance")); strings.Join(gross, "") != "45.00 EUR" ||
		strings.Join(due, "") != "45.00 EUR" {
		t.Errorf("totals after the credit %q open %q, want 45.00 and 45.00", gross, due)
	}
}
