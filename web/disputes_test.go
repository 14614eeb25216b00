package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

// setupDisputes is the API with invoices, disputes and reminders of a French seller on a clock
// the test moves, a French customer, and keys with the invoice scopes. No mail server: reminders
// report why they were not sent.
func setupDisputes(t *testing.T) (*bundle, *atomic.Int64) {
	t.Helper()
	clock := &atomic.Int64{}
	clock.Store(now.Unix())
	b := setup(t, func(c *Config) {
		inv := app.NewInvoices(c.Orders.Store, app.Seller{Name: "Supplier SA", Street: "1 Rue X", PostCode: "69002",
			City: "Lyon", Country: "FR", VATID: "FR40303265045", SIREN: "303265045", Email: "billing@supplier.example",
			IBAN: "FR7630006000011234567890189", PaymentTerms: "Payment by transfer."})
		inv.Now = func() time.Time { return time.Unix(clock.Load(), 0).UTC() }
		inv.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
		c.Invoices, c.Disputes, c.Reminders = inv, app.NewDisputes(inv, nil), app.NewReminders(inv)
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
	return b, clock
}

func disputePath(id int64, rest string) string {
	return "/api/v1/disputes/" + strconv.FormatInt(id, 10) + rest
}

func TestDisputesAPI(t *testing.T) {
	t.Parallel()
	b, clock := setupDisputes(t)
	var inv o2c.Invoice // 4 cups: 50.00 + 10.00 VAT, due 2026-04-01
	b.call(request{method: "POST", path: "/api/v1/invoices", role: "ar", body: manualBody}, http.StatusCreated, &inv)
	open := `{"invoice_id":` + strconv.FormatInt(inv.ID, 10) + `,"reason":"price","amount":"10.00","comment":"Agreed price was 10.00 a cup."}`

	t.Run("ErrScope", func(t *testing.T) {
		expectError(t, b.do(request{method: "POST", path: "/api/v1/disputes", role: "arreader", body: open}), http.StatusForbidden, o2c.CodeUnauthorized, "")
		expectError(t, b.do(request{method: "GET", path: "/api/v1/disputes", role: "reader"}), http.StatusForbidden, o2c.CodeUnauthorized, "")
		expectError(t, b.do(request{method: "POST", path: "/api/v1/reminders/run", role: "arreader"}), http.StatusForbidden, o2c.CodeUnauthorized, "")
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		expectError(t, b.do(request{method: "POST", path: "/api/v1/disputes", role: "ar",
			body: `{"invoice_id":` + strconv.FormatInt(inv.ID, 10) + `,"reason":"price","amount":"60.01"}`}),
			http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.amount")
		expectError(t, b.do(request{method: "POST", path: "/api/v1/disputes", role: "ar", body: `{"invoice_id":999,"reason":"price"}`}),
			http.StatusNotFound, o2c.CodeNotFound, "")
		expectError(t, b.do(request{method: "GET", path: disputePath(999, ""), role: "arreader"}), http.StatusNotFound, o2c.CodeNotFound, "")
	})

	var d map[string]any
	b.call(request{method: "POST", path: "/api/v1/disputes", role: "ar", body: open}, http.StatusCreated, &d)
	id := int64(d["id"].(float64))
	if d["status"] != "open" || d["amount"] != "10.00" || d["invoice_number"] != inv.Number || len(d["comments"].([]any)) != 1 {
		t.Fatalf("opened %v, want open for 10.00 with its comment", d)
	}
	var got o2c.Invoice
	b.call(request{method: "GET", path: invoicePath(inv.ID, ""), role: "arreader"}, http.StatusOK, &got)
	if got.Status != o2c.InvoiceDisputed || got.AmountDisputed.StringFixed(2) != "10.00" {
		t.Fatalf("invoice %s with %s disputed, want disputed 10.00", got.Status, got.AmountDisputed)
	}

	var page listPage[o2c.Dispute]
	b.call(request{method: "GET", path: "/api/v1/disputes?status=open,in_progress&invoice_id=" + strconv.FormatInt(inv.ID, 10),
		role: "arreader"}, http.StatusOK, &page)
	if page.Total != 1 || page.Items[0].ID != id {
		t.Fatalf("list %+v", page)
	}
	expectError(t, b.do(request{method: "GET", path: "/api/v1/disputes?status=lost", role: "arreader"}),
		http.StatusUnprocessableEntity, o2c.CodeInvalid, "query.status")

	var x o2c.Dispute
	b.call(request{method: "POST", path: disputePath(id, "/comments"), role: "ar", body: `{"text":"Checking the contract."}`}, http.StatusCreated, &x)
	if len(x.Comments) != 2 || x.Comments[1].Author != "api:ar" {
		t.Fatalf("comments %+v, want the second by api:ar", x.Comments)
	}
	b.call(request{method: "POST", path: disputePath(id, "/assign"), role: "ar", body: `{"owner":"bob@supplier.example","due_date":"2026-04-30"}`},
		http.StatusOK, &x)
	if x.Status != o2c.DisputeInProgress || x.Owner != "bob@supplier.example" || x.DueDate.String() != "2026-04-30" {
		t.Fatalf("assigned %+v", x)
	}
	// No archive here: content cannot be kept, and an unknown blob is refused.
	expectError(t, b.do(request{method: "POST", path: disputePath(id, "/documents"), role: "ar", body: `{"content":"aGVsbG8="}`}),
		http.StatusServiceUnavailable, o2c.CodeUnavailable, "")

	// Ten days overdue: the dry run shows the friendly reminder of the undisputed 50.00.
	clock.Store(time.Date(2026, 4, 11, 9, 0, 0, 0, time.UTC).Unix())
	var plan app.ReminderReport
	b.call(request{method: "GET", path: "/api/v1/reminders", role: "arreader"}, http.StatusOK, &plan)
	if !plan.DryRun || plan.Day.String() != "2026-04-11" || len(plan.Due) != 1 || plan.Due[0].Reminder.Amount.StringFixed(2) != "50.00" ||
		plan.Due[0].Reminder.Disputed.StringFixed(2) != "10.00" || plan.Due[0].Sent {
		t.Fatalf("dry run %+v", plan)
	}

	b.call(request{method: "POST", path: disputePath(id, "/resolve"), role: "ar", body: `{"resolution":"rejected","note":"Price list applies."}`},
		http.StatusOK, &x)
	if x.Status != o2c.DisputeResolved || x.Resolution != o2c.ResolvedByRejection || x.ResolvedBy != "api:ar" {
		t.Fatalf("resolved %+v", x)
	}
	expectError(t, b.do(request{method: "POST", path: disputePath(id, "/resolve"), role: "ar", body: `{"resolution":"rejected"}`}),
		http.StatusConflict, o2c.CodeConflict, "")

	// Without a mail server the run reports why, and sends (records) nothing.
	var run app.ReminderReport
	b.call(request{method: "POST", path: "/api/v1/reminders/run", role: "ar"}, http.StatusOK, &run)
	if run.DryRun || len(run.Due) != 1 || run.Due[0].Sent || run.Due[0].Error == "" || run.Due[0].Reminder.Amount.StringFixed(2) != "60.00" {
		t.Fatalf("run %+v, want the 60.00 reminder unsent with its error", run)
	}
	var events []o2c.AuditEvent
	b.call(request{method: "GET", path: disputePath(id, "/history"), role: "arreader"}, http.StatusOK, &events)
	if len(events) != 5 || events[0].Action != "opened" || events[4].Action != "resolved" {
		t.Fatalf("history %+v", events)
	}
}
