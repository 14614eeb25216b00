package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/invoice"
)

// setupInvoices is the API with an invoice service of a French seller, a French customer and a
// product, and keys with the invoice scopes.
func setupInvoices(t *testing.T) *bundle {
	t.Helper()
	b := setup(t, func(c *Config) {
		inv := app.NewInvoices(c.Orders.Store, app.Seller{Name: "Supplier SA", Street: "1 Rue X", PostCode: "69002",
			City: "Lyon", Country: "FR", VATID: "FR40303265045", SIREN: "303265045", Email: "billing@supplier.example",
			IBAN: "FR7630006000011234567890189", PaymentTerms: "Payment by transfer."})
		inv.Now, inv.Log = func() time.Time { return now }, slog.New(slog.NewTextHandler(io.Discard, nil))
		c.Invoices = inv
	})
	rate, price, terms := decimal.RequireFromString("20"), decimal.RequireFromString("12.50"), 30
	md := &o2c.MasterData{
		Customers: []o2c.Customer{{ID: "C1", Name: "Bistrot SARL", Email: "compta@bistrot.example", Street: "2 Rue Y",
			PostalCode: "75011", City: "Paris", Country: "FR", Currency: "EUR", PaymentTermsDays: &terms}},
		Products: []o2c.Product{{SKU: "CUP-1", Description: "Cup", Unit: "C62", UnitPrice: &price, Currency: "EUR", VATRate: &rate}},
	}
	if _, err := b.md.Upsert(context.Background(), md, "test"); err != nil {
		t.Fatal(err)
	}
	for role, scopes := range map[string][]o2c.Scope{
		"ar":       {o2c.ScopeInvoicesRead, o2c.ScopeInvoicesWrite},
		"arreader": {o2c.ScopeInvoicesRead},
	} {
		secret, _, err := b.keys.Create(context.Background(), role, scopes, "test")
		if err != nil {
			t.Fatal(err)
		}
		b.secrets[role] = secret
	}
	return b
}

const manualBody = `{"customer_id":"C1","note":"Cups","lines":[{"sku":"CUP-1","quantity":"4","unit_price":"12.50"}]}`

func invoicePath(id int64, rest string) string {
	return "/api/v1/invoices/" + strconv.FormatInt(id, 10) + rest
}

func TestInvoicesAPI(t *testing.T) {
	t.Parallel()
	b := setupInvoices(t)

	t.Run("ErrScope", func(t *testing.T) {
		for _, r := range []request{
			{method: "GET", path: "/api/v1/invoices", role: "reader"},
			{method: "POST", path: "/api/v1/invoices", role: "arreader", body: manualBody},
			{method: "POST", path: "/api/v1/invoices/1/credit", role: "arreader", body: `{"reason":"x"}`},
			{method: "PUT", path: "/api/v1/customers/C1/invoicing", role: "mdwriter", body: `{"mode":"weekly","format":"ubl"}`},
		} {
			expectError(t, b.do(r), http.StatusForbidden, o2c.CodeUnauthorized, "")
		}
	})

	var inv o2c.Invoice
	b.call(request{method: "POST", path: "/api/v1/invoices", role: "ar", body: manualBody}, http.StatusCreated, &inv)
	if inv.Number != "F2026-000001" || inv.Status != o2c.InvoiceIssued || inv.NetTotal.StringFixed(2) != "50.00" ||
		inv.VATTotal.StringFixed(2) != "10.00" || inv.AmountDue.StringFixed(2) != "60.00" || inv.DueDate.String() != "2026-04-01" {
		t.Fatalf("manual invoice %+v, want F2026-000001, 50.00 + 10.00 VAT, due 2026-04-01", inv)
	}
	var raw map[string]any
	b.call(request{method: "GET", path: invoicePath(inv.ID, ""), role: "arreader"}, http.StatusOK, &raw)
	if raw["amount_due"] != "60.00" || raw["issue_date"] != "2026-03-02" || raw["document"].(map[string]any)["number"] != "F2026-000001" {
		t.Fatalf("invoice JSON %v, want amounts as strings, dates YYYY-MM-DD and the EN 16931 content", raw)
	}

	t.Run("Statement", func(t *testing.T) {
		rec := b.do(request{method: "GET", path: "/api/v1/customers/" + inv.CustomerID + "/statement", role: "arreader"})
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(rec.Body.String(), "%PDF-") || !strings.Contains(rec.Header().Get("Content-Disposition"), "statement-") {
			t.Fatalf("statement: %d %s %q %.40q", rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"), rec.Body)
		}
		expectError(t, b.do(request{method: "GET", path: "/api/v1/customers/NOPE/statement", role: "arreader"}),
			http.StatusNotFound, o2c.CodeNotFound, "")
	})

	t.Run("List", func(t *testing.T) {
		for _, tt := range []struct {
			query string
			want  int
		}{
			{"", 1}, {"?status=issued", 1}, {"?status=paid,sent", 0}, {"?q=f2026-0000", 1}, {"?customer_id=C2", 0},
			{"?issued_from=2026-03-02&issued_to=2026-03-02", 1}, {"?issued_from=2026-03-03", 0}, {"?overdue=true", 0},
			{"?kind=credit_note", 0},
		} {
			var page listPage[o2c.Invoice]
			b.call(request{method: "GET", path: "/api/v1/invoices" + tt.query, role: "arreader"}, http.StatusOK, &page)
			if page.Total != tt.want || len(page.Items) != tt.want {
				t.Errorf("%s: %d invoices (total %d), want %d", tt.query, len(page.Items), page.Total, tt.want)
			}
		}
		expectError(t, b.do(request{method: "GET", path: "/api/v1/invoices?issued_from=2026-02-30", role: "arreader"}),
			http.StatusUnprocessableEntity, o2c.CodeInvalid, "query.issued_from")
		expectError(t, b.do(request{method: "GET", path: "/api/v1/invoices?status=lost", role: "arreader"}),
			http.StatusUnprocessableEntity, o2c.CodeInvalid, "query.status")
	})

	t.Run("Download", func(t *testing.T) {
		for _, tt := range []struct{ format, file, root string }{
			{"", "F2026-000001-cii.xml", "CrossIndustryInvoice"},
			{"?format=ubl", "F2026-000001-ubl.xml", "<Invoice"},
		} {
			rec := b.do(request{method: "GET", path: invoicePath(inv.ID, "/download"+tt.format), role: "arreader"})
			if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Disposition"), tt.file) {
				t.Fatalf("download %q: %d %q", tt.format, rec.Code, rec.Header().Get("Content-Disposition"))
			}
			got, err := invoice.Parse(rec.Body.Bytes())
			if err != nil || !strings.Contains(rec.Body.String(), tt.root) || got.Number != "F2026-000001" || !got.Totals.Payable.Equal(inv.AmountDue) {
				t.Fatalf("download %q reads back as %s %s (%v)", tt.format, got.Number, got.Totals.Payable, err)
			}
		}
		expectError(t, b.do(request{method: "GET", path: invoicePath(inv.ID, "/download?format=810"), role: "arreader"}),
			http.StatusUnprocessableEntity, o2c.CodeInvalid, "")
	})

	t.Run("SendWithoutMail", func(t *testing.T) {
		expectError(t, b.do(request{method: "POST", path: invoicePath(inv.ID, "/send"), role: "ar"}),
			http.StatusUnprocessableEntity, o2c.CodeInvalid, "")
		var events []o2c.AuditEvent
		b.call(request{method: "GET", path: invoicePath(inv.ID, "/history"), role: "arreader"}, http.StatusOK, &events)
		if len(events) != 2 || events[0].Action != "issued" || events[1].Action != "send_failed" || events[1].Actor != "api:ar" {
			t.Fatalf("history %+v, want issued, then send_failed by api:ar", events)
		}
	})

	t.Run("DraftThenIssue", func(t *testing.T) {
		var draft o2c.Invoice
		b.call(request{method: "POST", path: "/api/v1/invoices", role: "ar", body: strings.Replace(manualBody, `{"customer_id"`, `{"draft":true,"customer_id"`, 1)},
			http.StatusCreated, &draft)
		if draft.Status != o2c.InvoiceDraft || draft.Number != "" {
			t.Fatalf("draft %+v", draft)
		}
		var issued o2c.Invoice
		b.call(request{method: "POST", path: invoicePath(draft.ID, "/issue"), role: "ar"}, http.StatusOK, &issued)
		if issued.Number != "F2026-000002" || issued.Status != o2c.InvoiceIssued {
			t.Fatalf("issued %+v, want F2026-000002", issued)
		}
		expectError(t, b.do(request{method: "POST", path: invoicePath(draft.ID, "/issue"), role: "ar"}),
			http.StatusConflict, o2c.CodeConflict, "")
	})

	t.Run("ErrInvalid", func(t *testing.T) {
		rec := b.do(request{method: "POST", path: "/api/v1/invoices", role: "ar",
			body: `{"customer_id":"C1","lines":[{"description":"No rate","quantity":"1","unit_price":"5"}]}`})
		expectError(t, rec, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.lines[0].vat")
		expectError(t, b.do(request{method: "POST", path: "/api/v1/invoices", role: "ar",
			body: `{"customer_id":"C1","lines":[{"quantity":1,"unit_price":"5"}]}`}), http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.lines[0].quantity")
		expectError(t, b.do(request{method: "POST", path: "/api/v1/invoices", role: "ar", body: `{"customer_id":"NOPE","lines":[{"sku":"CUP-1","quantity":"1","unit_price":"5"}]}`}),
			http.StatusNotFound, o2c.CodeNotFound, "")
	})

	t.Run("Credit", func(t *testing.T) {
		var cn o2c.Invoice
		b.call(request{method: "POST", path: invoicePath(inv.ID, "/credit"), role: "ar", body: `{"reason":"broken cups"}`}, http.StatusCreated, &cn)
		if cn.Kind != o2c.KindCreditNote || cn.Number != "AV2026-000001" || cn.CorrectsID != inv.ID || cn.AmountDue.StringFixed(2) != "60.00" {
			t.Fatalf("credit note %+v, want AV2026-000001 for all of %d", cn, inv.ID)
		}
		var orig o2c.Invoice
		b.call(request{method: "GET", path: invoicePath(inv.ID, ""), role: "arreader"}, http.StatusOK, &orig)
		if orig.Status != o2c.InvoiceCredited || orig.CreditedByID != cn.ID {
			t.Fatalf("credited invoice %+v", orig)
		}
		expectError(t, b.do(request{method: "POST", path: invoicePath(inv.ID, "/credit"), role: "ar", body: `{"reason":"again"}`}),
			http.StatusConflict, o2c.CodeConflict, "")
		expectError(t, b.do(request{method: "POST", path: invoicePath(inv.ID, "/credit"), role: "ar", body: `{}`}),
			http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.reason")
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		expectError(t, b.do(request{method: "GET", path: "/api/v1/invoices/999", role: "arreader"}), http.StatusNotFound, o2c.CodeNotFound, "")
		expectError(t, b.do(request{method: "GET", path: "/api/v1/invoices/x", role: "arreader"}), http.StatusNotFound, o2c.CodeNotFound, "")
	})
}

func TestInvoicingSettingsAPI(t *testing.T) {
	t.Parallel()
	b := setupInvoices(t)
	path := "/api/v1/customers/C1/invoicing"
	var st o2c.InvoicingSettings
	b.call(request{method: "GET", path: path, role: "arreader"}, http.StatusOK, &st)
	if st != o2c.DefaultInvoicingSettings("C1") {
		t.Fatalf("settings %+v, want the defaults", st)
	}
	expectError(t, b.do(request{method: "PUT", path: path, role: "ar", body: `{"mode":"daily","format":"ubl"}`}),
		http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.mode")
	expectError(t, b.do(request{method: "PUT", path: path, role: "ar", body: `{"mode":"weekly","format":"ubl","email":"not mail"}`}),
		http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.email")
	expectError(t, b.do(request{method: "PUT", path: "/api/v1/customers/C9/invoicing", role: "ar", body: `{"mode":"weekly","format":"ubl"}`}),
		http.StatusNotFound, o2c.CodeNotFound, "")
	b.call(request{method: "PUT", path: path, role: "ar", body: `{"mode":"monthly","format":"ubl","language":"fr","email":"factures@bistrot.example","reminders":false}`},
		http.StatusOK, &st)
	var got map[string]any
	b.call(request{method: "GET", path: path, role: "arreader"}, http.StatusOK, &got)
	want := map[string]any{"customer_id": "C1", "mode": "monthly", "format": "ubl", "language": "fr",
		"email": "factures@bistrot.example", "reminders": false, "updated_by": "api:ar", "updated_at": now.Format(time.RFC3339)}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("settings %s, want %s", g, w)
	}
}
