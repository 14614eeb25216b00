package verify_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/verify"
)

func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

var (
	today = cal.MustParse("2026-11-27")
	now   = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
)

// masterData is a small office-supplies catalogue with customers in FR, DE, ES, GB and BE.
func masterData() *o2c.MasterData {
	return &o2c.MasterData{
		Customers: []o2c.Customer{
			{ID: "C100", Name: "Papeterie Dupont SARL", VATID: "FR40303265045", GLN: "3012345000017", Email: "commandes@dupont-papeterie.fr",
				Street: "12 Rue de Rivoli", PostalCode: "75004", City: "Paris", Country: "FR", Currency: "EUR"},
			{ID: "C110", Name: "Papeterie Dupont SAS", VATID: "FR83404833048", Email: "achats@dupont-lyon.fr",
				Street: "8 Quai Saint-Antoine", PostalCode: "69002", City: "Lyon", Country: "FR", Currency: "EUR"},
			{ID: "C200", Name: "Bürobedarf Müller GmbH", VATID: "DE129273398", GLN: "4012345000009", Email: "einkauf@mueller-buero.de",
				Street: "Hauptstraße 5", PostalCode: "10115", City: "Berlin", Country: "DE", Currency: "EUR"},
			{ID: "C300", Name: "Oficina Global S.L.", VATID: "ESB12345674", Email: "pedidos@oficinaglobal.es",
				Street: "Calle Mayor 10", PostalCode: "28013", City: "Madrid", Country: "ES", Currency: "EUR"},
			{ID: "C400", Name: "Acme Supplies Ltd", VATID: "GB123456789", Email: "acme.supplies@gmail.com",
				Street: "1 High Street", PostalCode: "SW1A 1AA", City: "London", Country: "GB", Currency: "GBP"},
			{ID: "C500", Name: "Kantoor Janssens NV", VATID: "BE0123456749", GLN: "5412345000013", Email: "aankoop@janssens.be",
				Street: "Meir 1", PostalCode: "2000", City: "Antwerpen", Country: "BE", Currency: "EUR", CreditLimit: dec("1000")},
			{ID: "C510", Name: "Kantoor Janssens Gent NV", VATID: "BE0987654321", Email: "gent@janssens.be",
				Street: "Veldstraat 20", PostalCode: "9000", City: "Gent", Country: "BE", Currency: "EUR"},
		},
		ShipTos: []o2c.ShipTo{
			{CustomerID: "C100", AddressID: "L1", Name: "Entrepôt Dupont", Street: "5 Avenue de la République", PostalCode: "93100", City: "Montreuil", Country: "FR"},
			{CustomerID: "C200", AddressID: "W1", Name: "Lager Nord", Street: "Industriestraße 9", PostalCode: "13403", City: "Berlin", Country: "DE"},
		},
		Products: []o2c.Product{
			{SKU: "P-100", GTIN: "4006381333931", Description: "Ballpoint pen blue", Unit: "C62", UnitPrice: dec("0.50"), Currency: "EUR",
				VATRate: dec("20"), StockQty: dec("1000"), MinOrderQty: dec("10"), PackSize: dec("10")},
			{SKU: "P-101", GTIN: "3012345100014", Description: "Ballpoint pen red", Unit: "C62", UnitPrice: dec("0.50"), Currency: "EUR", VATRate: dec("20")},
			{SKU: "P-102", GTIN: "3012345100021", Description: "Ballpoint pen black", Unit: "C62", UnitPrice: dec("0.50"), Currency: "EUR", VATRate: dec("20")},
			{SKU: "P-200", GTIN: "3012345100038", Description: "Copy paper A4 80g 500 sheets", Unit: "C62", UnitPrice: dec("4.20"), Currency: "EUR",
				VATRate: dec("20"), StockQty: dec("200"), PackSize: dec("5")},
			{SKU: "P-201", GTIN: "3012345100045", Description: "Copy paper A3 80g 500 sheets", Unit: "C62", UnitPrice: dec("8.40"), Currency: "EUR", VATRate: dec("20")},
			{SKU: "P-300", GTIN: "3012345100052", Description: "Stapler heavy duty", Unit: "C62", UnitPrice: dec("12.90"), Currency: "EUR",
				VATRate: dec("20"), StockQty: dec("5")},
			{SKU: "P-400", GTIN: "3012345100069", Description: "Coffee beans arabica", Unit: "KGM", UnitPrice: dec("15.00"), Currency: "EUR", VATRate: dec("5.5")},
			{SKU: "P-600", GTIN: "036000291452", Description: "Whiteboard marker set", Unit: "C62", UnitPrice: dec("6.00"), Currency: "EUR", VATRate: dec("20")},
			{SKU: "P-700", Description: "Custom printed notebook", Unit: "C62", VATRate: dec("20")},
			{SKU: "P-800", Description: "Ergonomic office chair", Unit: "C62", UnitPrice: dec("189.00"), Currency: "USD", VATRate: dec("20")},
		},
		CustomerItems: []o2c.CustomerItem{
			{CustomerID: "C100", CustomerSKU: "DUP-PEN-B", SKU: "P-100"},
			{CustomerID: "C200", CustomerSKU: "MB 4711", SKU: "P-200"},
		},
		CustomerPrices: []o2c.CustomerPrice{
			{CustomerID: "C100", SKU: "P-100", UnitPrice: decimal.RequireFromString("0.45"), ValidFrom: cal.MustParse("2026-01-01"), ValidTo: cal.MustParse("2026-12-31")},
			{CustomerID: "C100", SKU: "P-100", UnitPrice: decimal.RequireFromString("0.48"), ValidFrom: cal.MustParse("2025-01-01"), ValidTo: cal.MustParse("2025-12-31")},
			{CustomerID: "C200", SKU: "P-300", UnitPrice: decimal.RequireFromString("11.50"), ValidFrom: cal.MustParse("2026-01-01")},
		},
	}
}

var testIndex = sync.OnceValue(func() *verify.Index { return verify.NewIndex(masterData()) })

// cleanDraft is an order of C100 that passes every check: 100 blue pens at the agreed 0.45.
func cleanDraft() *o2c.OrderDraft {
	return &o2c.OrderDraft{
		DocumentType:          o2c.DocPurchaseOrder,
		Source:                &o2c.Source{Channel: o2c.ChannelEmail, Sender: "commandes@dupont-papeterie.fr"},
		PONumber:              "PO-1001",
		OrderDate:             cal.MustParse("2026-11-20"),
		RequestedDeliveryDate: cal.MustParse("2026-12-04"),
		Currency:              "EUR",
		Buyer: &o2c.Party{Name: "Papeterie Dupont SARL", VATID: "FR 40 303 265 045", Street: "12 rue de Rivoli",
			PostalCode: "75004", City: "Paris", Country: "FR"},
		Lines: []o2c.DraftLine{
			{LineNo: 1, SupplierSKU: "P-100", Description: "Ballpoint pen blue", Quantity: dec("100"), Unit: "C62",
				UnitPrice: dec("0.45"), LineTotal: dec("45.00")},
		},
		Totals: &o2c.Totals{Net: dec("45.00"), Tax: dec("9.00"), Gross: dec("54.00")},
	}
}

// sliceLedger is order history kept in a slice, answering as a store would.
type sliceLedger struct{ orders []*o2c.Order }

func (l *sliceLedger) FindDuplicateOrders(_ context.Context, q o2c.DuplicateQuery) ([]*o2c.Order, error) {
	var out []*o2c.Order
	for _, o := range l.orders {
		if o.CustomerID != q.CustomerID || (q.ExcludeID != 0 && o.ID == q.ExcludeID) {
			continue
		}
		samePO := q.PONumber != "" && o.PONumber == q.PONumber
		sameContent := q.ContentHash != "" && o.ContentHash == q.ContentHash && !o.ReceivedAt.Before(q.Since)
		if samePO || sameContent {
			out = append(out, o)
		}
	}
	return out, nil
}

func (l *sliceLedger) CustomerExposure(_ context.Context, customerID string, exclude int64) (decimal.Decimal, error) {
	sum := decimal.Zero
	for _, o := range l.orders {
		if o.CustomerID != customerID || o.ID == exclude {
			continue
		}
		switch o.Status {
		case o2c.OrderApproved, o2c.OrderPosted, o2c.OrderConfirmed, o2c.OrderShipped:
			sum = sum.Add(o.NetTotal)
		}
	}
	return sum, nil
}

// codes lists the anomaly codes of v in its order.
func codes(v *o2c.Verification) string {
	var cs []string
	for _, a := range v.Anomalies {
		cs = append(cs, string(a.Code))
	}
	return strings.Join(cs, ",")
}

func run(t *testing.T, d *o2c.OrderDraft, led verify.Ledger, rules verify.Rules) *o2c.Verification {
	t.Helper()
	if led == nil {
		led = &sliceLedger{}
	}
	v, err := verify.Verify(context.Background(), testIndex(), led, verify.Input{Draft: d, Today: today, Now: now}, rules)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return v
}

func TestVerifyCleanOrder(t *testing.T) {
	t.Parallel()
	v := run(t, cleanDraft(), nil, verify.DefaultRules())
	if got, want := codes(v), ""; got != want {
		t.Fatalf("anomalies = %q (%+v), want none", got, v.Anomalies)
	}
	if v.Decision != o2c.DecisionAuto || v.CustomerID != "C100" || v.CustomerMatch != "vat_id" || v.Currency != "EUR" {
		t.Fatalf("got decision %s customer %s by %s currency %s, want auto C100 by vat_id EUR", v.Decision, v.CustomerID, v.CustomerMatch, v.Currency)
	}
	l := v.Lines[0]
	if l.SKU != "P-100" || l.MatchedBy != "sku" || l.UnitPrice.String() != "0.45" || l.LineTotal.StringFixed(2) != "45.00" || v.NetTotal.StringFixed(2) != "45.00" {
		t.Fatalf("line = %+v net %s", l, v.NetTotal)
	}
	if len(v.ContentHash) != 64 {
		t.Fatalf("content hash %q is not a sha256 hex digest", v.ContentHash)
	}
}

// Test cases change the clean draft and state the exact codes expected, in document order.
type draftCase struct {
	name  string
	edit  func(d *o2c.OrderDraft)
	codes string // comma-separated, in the order Verify lists them
	field string // field of the first anomaly, when checked
	check func(t *testing.T, v *o2c.Verification)
}

func runCases(t *testing.T, cases []draftCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := cleanDraft()
			tc.edit(d)
			v := run(t, d, nil, verify.DefaultRules())
			if got := codes(v); got != tc.codes {
				t.Fatalf("codes = %q, want %q; anomalies %+v", got, tc.codes, v.Anomalies)
			}
			if tc.field != "" && v.Anomalies[0].Field != tc.field {
				t.Fatalf("field = %q, want %q (%s)", v.Anomalies[0].Field, tc.field, v.Anomalies[0].Message)
			}
			wantDecision := o2c.DecisionAuto
			if tc.codes != "" {
				wantDecision = o2c.DecisionReview
			}
			if v.Decision != wantDecision {
				t.Fatalf("decision = %s, want %s", v.Decision, wantDecision)
			}
			if tc.check != nil {
				tc.check(t, v)
			}
		})
	}
}

func wantCustomer(id, match string) func(t *testing.T, v *o2c.Verification) {
	return func(t *testing.T, v *o2c.Verification) {
		t.Helper()
		if v.CustomerID != id || v.CustomerMatch != match {
			t.Fatalf("customer = %q by %q, want %q by %q", v.CustomerID, v.CustomerMatch, id, match)
		}
	}
}

func wantMessage(parts ...string) func(t *testing.T, v *o2c.Verification) {
	return func(t *testing.T, v *o2c.Verification) {
		t.Helper()
		for _, p := range parts {
			if !strings.Contains(v.Anomalies[0].Message, p) {
				t.Fatalf("message %q does not say %q", v.Anomalies[0].Message, p)
			}
		}
	}
}

func TestVerifyDocument(t *testing.T) {
	t.Parallel()
	runCases(t, []draftCase{
		{name: "UNREADABLE/document_type=invoice", edit: func(d *o2c.OrderDraft) { d.DocumentType = o2c.DocInvoice },
			codes: "UNREADABLE", field: "document_type", check: wantMessage("invoice")},
		{name: "UNREADABLE/document_type=empty", edit: func(d *o2c.OrderDraft) { d.DocumentType = "" }, codes: "UNREADABLE"},
		{name: "OK/document_type=order_change", edit: func(d *o2c.OrderDraft) { d.DocumentType = o2c.DocOrderChange }, codes: ""},
		{name: "MISSING_FIELD/po_number=empty", edit: func(d *o2c.OrderDraft) { d.PONumber = " " }, codes: "MISSING_FIELD", field: "po_number"},
		{name: "MISSING_FIELD/lines=none", edit: func(d *o2c.OrderDraft) { d.Lines = nil; d.Totals = nil }, codes: "MISSING_FIELD", field: "lines"},
		{name: "MISSING_FIELD/quantity=nil", edit: func(d *o2c.OrderDraft) { d.Lines[0].Quantity = nil; d.Lines[0].LineTotal = nil },
			codes: "MISSING_FIELD", field: "lines[0].quantity"},
		{name: "MISSING_FIELD/line names no product", edit: func(d *o2c.OrderDraft) {
			d.Lines[0].SupplierSKU, d.Lines[0].Description = "", ""
		}, codes: "MISSING_FIELD", field: "lines[0]"},
		{name: "MISSING_FIELD/buyer=nil sender=nil", edit: func(d *o2c.OrderDraft) { d.Buyer, d.Source = nil, nil },
			codes: "MISSING_FIELD", field: "buyer"},
		{name: "LOW_CONFIDENCE/po_number=0.62", edit: func(d *o2c.OrderDraft) {
			d.Confidence = map[string]float64{"po_number": 0.62, "lines[0].quantity": 0.99}
		}, codes: "LOW_CONFIDENCE", field: "po_number", check: wantMessage("0.62", "0.90")},
		{name: "OK/confidence=0.90", edit: func(d *o2c.OrderDraft) { d.Confidence = map[string]float64{"po_number": 0.90} }, codes: ""},
		{name: "LOW_CONFIDENCE/sorted by line", edit: func(d *o2c.OrderDraft) {
			d.Confidence = map[string]float64{"totals.net": 0.5, "lines[0].quantity": 0.5, "buyer.name": 0.5}
		}, codes: "LOW_CONFIDENCE,LOW_CONFIDENCE,LOW_CONFIDENCE", field: "buyer.name", check: func(t *testing.T, v *o2c.Verification) {
			if got := v.Anomalies[1].Field + " " + v.Anomalies[2].Field; got != "lines[0].quantity totals.net" {
				t.Fatalf("fields = %s", got)
			}
		}},
	})
}

func TestVerifyDatesAndCurrency(t *testing.T) {
	t.Parallel()
	rdd := func(s string) func(d *o2c.OrderDraft) {
		return func(d *o2c.OrderDraft) { d.RequestedDeliveryDate = cal.MustParse(s) }
	}
	runCases(t, []draftCase{
		{name: "DELIVERY_DATE/requested=2026-11-20 past", edit: rdd("2026-11-20"), codes: "DELIVERY_DATE", field: "requested_delivery_date",
			check: wantMessage("in the past")},
		{name: "DELIVERY_DATE/requested=2026-11-27 too soon", edit: rdd("2026-11-27"), codes: "DELIVERY_DATE", check: wantMessage("too soon")},
		{name: "requested=2026-11-28 lead 1 day", edit: rdd("2026-11-28"), codes: ""},
		{name: "DELIVERY_DATE/requested before order date", edit: func(d *o2c.OrderDraft) {
			d.OrderDate, d.RequestedDeliveryDate = cal.MustParse("2026-12-10"), cal.MustParse("2026-12-04")
		}, codes: "DELIVERY_DATE", check: wantMessage("before the order date")},
		{name: "CURRENCY_MISMATCH/currency=GBP", edit: func(d *o2c.OrderDraft) { d.Currency = "GBP" }, codes: "CURRENCY_MISMATCH", field: "currency"},
		{name: "CURRENCY_MISMATCH/currency=EURO", edit: func(d *o2c.OrderDraft) { d.Currency = "EURO" }, codes: "CURRENCY_MISMATCH", field: "currency"},
		{name: "currency=eur", edit: func(d *o2c.OrderDraft) { d.Currency = "eur" }, codes: ""},
		{name: "currency=empty takes customer's", edit: func(d *o2c.OrderDraft) { d.Currency = "" }, codes: "",
			check: func(t *testing.T, v *o2c.Verification) {
				if v.Currency != "EUR" {
					t.Fatalf("currency = %q, want EUR", v.Currency)
				}
			}},
	})
}

func TestVerifyLedger(t *testing.T) {
	t.Parallel()
	base := run(t, cleanDraft(), nil, verify.DefaultRules())
	prior := func(id int64, po, hash string, received time.Time, status o2c.OrderStatus, customer string, net string) *o2c.Order {
		return &o2c.Order{ID: id, CustomerID: customer, PONumber: po, ContentHash: hash, ReceivedAt: received, Status: status,
			NetTotal: decimal.RequireFromString(net)}
	}
	janssens := func(d *o2c.OrderDraft) {
		d.Buyer = &o2c.Party{VATID: "BE0123456749"}
		d.Source = nil
		d.Lines[0].UnitPrice, d.Lines[0].LineTotal = dec("0.50"), dec("50.00")
		d.Totals = nil
	}
	tests := []struct {
		name    string
		edit    func(d *o2c.OrderDraft)
		orders  []*o2c.Order
		rules   func(r *verify.Rules)
		codes   string
		field   string
		message string
	}{
		{name: "DUPLICATE_ORDER/same PO 200 days ago", orders: []*o2c.Order{prior(7, "PO-1001", "x", now.AddDate(0, 0, -200), o2c.OrderPosted, "C100", "10")},
			codes: "DUPLICATE_ORDER", field: "po_number"},
		{name: "DUPLICATE_ORDER/same PO twice before", orders: []*o2c.Order{
			prior(7, "PO-1001", "x", now.AddDate(0, 0, -9), o2c.OrderPosted, "C100", "10"),
			prior(8, "PO-1001", "y", now.AddDate(0, 0, -2), o2c.OrderNeedsReview, "C100", "10"),
		}, codes: "DUPLICATE_ORDER", field: "po_number", message: "order 7 (PO PO-1001) received 2026-11-18, now posted and order 8"},
		{name: "same PO other customer", orders: []*o2c.Order{prior(7, "PO-1001", "x", now, o2c.OrderPosted, "C200", "10")}, codes: ""},
		{name: "same PO cancelled", orders: []*o2c.Order{prior(7, "PO-1001", "x", now, o2c.OrderCancelled, "C100", "10")}, codes: ""},
		{name: "same PO is the order itself", orders: []*o2c.Order{prior(42, "PO-1001", base.ContentHash, now, o2c.OrderVerified, "C100", "10")}, codes: ""},
		{name: "DUPLICATE_ORDER/same content 29 days ago", edit: func(d *o2c.OrderDraft) { d.PONumber = "PO-2000" },
			orders: []*o2c.Order{prior(7, "PO-1001", base.ContentHash, now.AddDate(0, 0, -29), o2c.OrderPosted, "C100", "10")},
			codes:  "DUPLICATE_ORDER", field: "lines"},
		{name: "same content 31 days ago", edit: func(d *o2c.OrderDraft) { d.PONumber = "PO-2000" },
			orders: []*o2c.Order{prior(7, "PO-1001", base.ContentHash, now.AddDate(0, 0, -31), o2c.OrderPosted, "C100", "10")}, codes: ""},
		{name: "CREDIT_LIMIT/exposure 990 + 50 > 1000", edit: janssens,
			orders: []*o2c.Order{prior(8, "J-1", "y", now, o2c.OrderApproved, "C500", "990")}, codes: "CREDIT_LIMIT", field: "totals.net"},
		{name: "exposure 950 + 50 = 1000", edit: janssens,
			orders: []*o2c.Order{prior(8, "J-1", "y", now, o2c.OrderApproved, "C500", "950")}, codes: ""},
		{name: "exposure of review orders not counted", edit: janssens,
			orders: []*o2c.Order{prior(8, "J-1", "y", now, o2c.OrderNeedsReview, "C500", "990")}, codes: ""},
		{name: "CREDIT_LIMIT/AutoMaxNet=40", rules: func(r *verify.Rules) { r.AutoMaxNet = dec("40") }, codes: "CREDIT_LIMIT", field: "totals.net"},
		{name: "AutoMaxNet=45", rules: func(r *verify.Rules) { r.AutoMaxNet = dec("45") }, codes: ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := cleanDraft()
			if tc.edit != nil {
				tc.edit(d)
			}
			rules := verify.DefaultRules()
			if tc.rules != nil {
				tc.rules(&rules)
			}
			v, err := verify.Verify(context.Background(), testIndex(), &sliceLedger{orders: tc.orders},
				verify.Input{Draft: d, OrderID: 42, Today: today, Now: now}, rules)
			if err != nil {
				t.Fatal(err)
			}
			if got := codes(v); got != tc.codes {
				t.Fatalf("codes = %q, want %q; %+v", got, tc.codes, v.Anomalies)
			}
			if tc.field != "" && v.Anomalies[0].Field != tc.field {
				t.Fatalf("field = %q, want %q", v.Anomalies[0].Field, tc.field)
			}
			if tc.message != "" && !strings.Contains(v.Anomalies[0].Message, tc.message) {
				t.Fatalf("message %q does not say %q", v.Anomalies[0].Message, tc.message)
			}
		})
	}
}

type failingLedger struct{ sliceLedger }

func (*failingLedger) FindDuplicateOrders(context.Context, o2c.DuplicateQuery) ([]*o2c.Order, error) {
	return nil, errors.New("database is locked")
}

func TestVerifyLedgerErrorIsReturned(t *testing.T) {
	t.Parallel()
	_, err := verify.Verify(context.Background(), testIndex(), &failingLedger{}, verify.Input{Draft: cleanDraft(), Today: today, Now: now}, verify.DefaultRules())
	if err == nil || !strings.Contains(err.Error(), "database is locked") {
		t.Fatalf("err = %v, want the ledger's error wrapped", err)
	}
}

func TestContentHashIgnoresLineOrderAndSplits(t *testing.T) {
	t.Parallel()
	two := func(d *o2c.OrderDraft) *o2c.OrderDraft {
		d.Totals = nil
		d.Lines = []o2c.DraftLine{
			{SupplierSKU: "P-100", Quantity: dec("100"), Unit: "C62"},
			{SupplierSKU: "P-200", Quantity: dec("10")},
		}
		return d
	}
	a := run(t, two(cleanDraft()), nil, verify.DefaultRules())
	swapped := two(cleanDraft())
	swapped.Lines = []o2c.DraftLine{
		{GTIN: "3012345100038", Quantity: dec("10.00")},
		{SupplierSKU: "P-100", Quantity: dec("60"), Unit: "PCE"},
		{BuyerSKU: "DUP-PEN-B", Quantity: dec("40")},
	}
	b := run(t, swapped, nil, verify.DefaultRules())
	if a.ContentHash != b.ContentHash {
		t.Fatalf("hashes differ: %s vs %s", a.ContentHash, b.ContentHash)
	}
	other := two(cleanDraft())
	other.Lines[1].Quantity = dec("15")
	if c := run(t, other, nil, verify.DefaultRules()); c.ContentHash == a.ContentHash {
		t.Fatal("a different quantity gave the same hash")
	}
}

func TestVerifyIsDeterministic(t *testing.T) {
	t.Parallel()
	d := cleanDraft()
	d.Confidence = map[string]float64{"po_number": 0.2, "currency": 0.3, "lines[0].unit_price": 0.1, "buyer": 0.4}
	d.Currency = "GBP"
	d.Lines = append(d.Lines, o2c.DraftLine{Description: "Ballpoint pen", Quantity: dec("3")}, o2c.DraftLine{SupplierSKU: "P-300", Quantity: dec("7")})
	first := run(t, d, nil, verify.DefaultRules())
	// The same master data in another order must give the same index and answers.
	m := masterData()
	slices.Reverse(m.Customers)
	slices.Reverse(m.Products)
	idx := verify.NewIndex(m)
	for range 20 {
		v, err := verify.Verify(context.Background(), idx, &sliceLedger{}, verify.Input{Draft: d, Today: today, Now: now}, verify.DefaultRules())
		if err != nil {
			t.Fatal(err)
		}
		if len(v.Anomalies) != len(first.Anomalies) || v.ContentHash != first.ContentHash {
			t.Fatalf("run differs: %+v vs %+v", v.Anomalies, first.Anomalies)
		}
		for i := range v.Anomalies {
			if v.Anomalies[i] != first.Anomalies[i] {
				t.Fatalf("anomaly %d differs: %+v vs %+v", i, v.Anomalies[i], first.Anomalies[i])
			}
		}
	}
}
