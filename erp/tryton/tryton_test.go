package tryton_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/erp/tryton"
	"github.com/o2c-project/o2c/erp/tryton/trytontest"
)

// These tests run against a real trytond that scripts/tryton.sh starts once for the package
// (trytontest), from a template database (built once per machine, ~30 s; then ~2 s per start).
// They do not run in parallel: trytond on SQLite takes one writer at a time, and a busy database
// answers errors.

const password = trytontest.Password

var serverURL string // the shared server

func TestMain(m *testing.M) { os.Exit(run(m)) }

func run(m *testing.M) int {
	if trytontest.Missing() != "" {
		return m.Run() // each test skips, or fails in CI
	}
	dir, err := os.MkdirTemp("", "o2c-tryton-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if serverURL, err = trytontest.Start(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer stopTryton(dir)
	return m.Run()
}

func startTryton(dir string) (string, error) { return trytontest.Start(dir) }

func stopTryton(dir string) {
	if err := trytontest.Stop(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}

// requireTryton skips the test where trytond is missing, except in CI, which must run it.
func requireTryton(t *testing.T) {
	t.Helper()
	trytontest.Require(t)
}

func connect(t *testing.T, url string) *tryton.Connector {
	t.Helper()
	return trytontest.Connect(t, url)
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func customer(id string) *o2c.Customer {
	return &o2c.Customer{ID: id, Name: "Customer " + id, Street: "1 Rue de la Paix", PostalCode: "75002", City: "Paris", Country: "FR", Currency: "EUR"}
}

func order(id int64, customerID string, lines ...o2c.OrderLine) *o2c.Order {
	o := &o2c.Order{ID: id, CustomerID: customerID, PONumber: fmt.Sprintf("PO-%d", id), Currency: "EUR", Lines: lines}
	for i := range o.Lines {
		o.Lines[i].LineNo = i + 1
		o.Lines[i].LineTotal = o.Lines[i].Quantity.Mul(o.Lines[i].UnitPrice).Round(2)
	}
	return o
}

func line(sku, desc, qty, unit, price string) o2c.OrderLine {
	return o2c.OrderLine{SKU: sku, Description: desc, Quantity: dec(qty), Unit: unit, UnitPrice: dec(price)}
}

// saleLine is a sale line as read back, with its product's code.
type saleLine struct {
	Product   int64          `json:"product"`
	Quantity  tryton.Float   `json:"quantity"`
	UnitPrice tryton.Decimal `json:"unit_price"`
	Sequence  int            `json:"sequence"`
	Unit      int64          `json:"unit"`
}

type readSale struct {
	ID          int64   `json:"id"`
	Number      string  `json:"number"`
	State       string  `json:"state"`
	Reference   string  `json:"reference"`
	Description string  `json:"description"`
	Party       int64   `json:"party"`
	Lines       []int64 `json:"lines"`
}

func TestPostOrder(t *testing.T) {
	requireTryton(t)
	c := connect(t, serverURL)
	ctx := context.Background()
	const key = "o2c-order-101"
	o := order(101, "CUST-101",
		line("WID-A", "Widget A", "3", "C62", "10.00"),
		line("GAD-B", "Gadget B\nblue", "2", "C62", "25.50"),
		line("BOL-C", "Bolts", "12.5", "KGM", "1.2345"),
		line("BOX-D", "Boxed", "4", "BX", "30"), // Tryton has no box: the connector adds the unit
	)
	ack, err := c.PostOrder(ctx, o2c.ERPPost{IdempotencyKey: key, Order: o, Customer: customer("CUST-101")})
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	if ack.Ref == "" {
		t.Fatalf("ack has no sale number: %+v", ack)
	}

	// Read the sale back as Tryton holds it.
	var sales []readSale
	if err := c.Client.Call(ctx, "sale.sale", "search_read", &sales, []any{[]any{"description", "=", key}},
		0, nil, nil, []string{"number", "state", "reference", "description", "party", "lines"}); err != nil {
		t.Fatal(err)
	}
	if len(sales) != 1 {
		t.Fatalf("found %d sales for %s, want 1", len(sales), key)
	}
	s := sales[0]
	if s.Number != ack.Ref || s.State != "processing" || s.Reference != "PO-101" {
		t.Fatalf("sale = %+v, want number %s, processing, reference PO-101", s, ack.Ref)
	}
	var parties []struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	if err := c.Client.Call(ctx, "party.party", "read", &parties, []int64{s.Party}, []string{"code", "name"}); err != nil {
		t.Fatal(err)
	}
	if len(parties) != 1 || parties[0].Code != "CUST-101" || parties[0].Name != "Customer CUST-101" {
		t.Fatalf("party = %+v", parties)
	}
	var lines []saleLine
	if err := c.Client.Call(ctx, "sale.line", "read", &lines, s.Lines, []string{"product", "quantity", "unit_price", "sequence", "unit"}); err != nil {
		t.Fatal(err)
	}
	if len(lines) != len(o.Lines) {
		t.Fatalf("sale has %d lines, want %d", len(lines), len(o.Lines))
	}
	for _, l := range lines {
		var products []struct {
			Code string `json:"code"`
		}
		if err := c.Client.Call(ctx, "product.product", "read", &products, []int64{l.Product}, []string{"code"}); err != nil {
			t.Fatal(err)
		}
		want := o.Lines[l.Sequence-1]
		if len(products) != 1 || products[0].Code != want.SKU {
			t.Fatalf("line %d product = %+v, want %s", l.Sequence, products, want.SKU)
		}
		if !l.Quantity.Equal(want.Quantity) || !l.UnitPrice.Equal(want.UnitPrice) {
			t.Fatalf("line %d = %s × %s, want %s × %s", l.Sequence, l.Quantity, l.UnitPrice, want.Quantity, want.UnitPrice)
		}
		var units []struct {
			Symbol string `json:"symbol"`
		}
		if err := c.Client.Call(ctx, "product.uom", "read", &units, []int64{l.Unit}, []string{"symbol"}); err != nil {
			t.Fatal(err)
		}
		if wantSymbol := map[string]string{"C62": "u", "KGM": "kg", "BX": "BX"}[want.Unit]; len(units) != 1 || units[0].Symbol != wantSymbol {
			t.Fatalf("line %d unit = %+v, want %s", l.Sequence, units, wantSymbol)
		}
	}

	t.Run("RepeatIsNoOp", func(t *testing.T) {
		again, err := c.PostOrder(ctx, o2c.ERPPost{IdempotencyKey: key, Order: o, Customer: customer("CUST-101")})
		if err != nil {
			t.Fatalf("repeat post: %v", err)
		}
		if again.Ref != ack.Ref {
			t.Fatalf("repeat ref = %s, want %s", again.Ref, ack.Ref)
		}
		var n int
		if err := c.Client.Call(ctx, "sale.sale", "search_count", &n, []any{[]any{"description", "=", key}}); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("%d sales for %s after a repeated post, want 1", n, key)
		}
	})

	t.Run("KnownPartyAndProducts", func(t *testing.T) {
		// A second order of the same customer and product reuses both.
		o2 := order(102, "CUST-101", line("WID-A", "Widget A", "1", "C62", "9.00"))
		ack2, err := c.PostOrder(ctx, o2c.ERPPost{IdempotencyKey: "o2c-order-102", Order: o2, Customer: customer("CUST-101")})
		if err != nil {
			t.Fatal(err)
		}
		if ack2.Ref == ack.Ref {
			t.Fatalf("second order got the first one's sale %s", ack.Ref)
		}
		for model, code := range map[string]string{"party.party": "CUST-101", "product.product": "WID-A"} {
			var n int
			if err := c.Client.Call(ctx, model, "search_count", &n, []any{[]any{"code", "=", code}}); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Fatalf("%d %s with code %s, want 1", n, model, code)
			}
		}
	})
}

func TestPostOrderRefused(t *testing.T) {
	requireTryton(t)
	c := connect(t, serverURL)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		order *o2c.Order
	}{
		// Tryton's unit "Unit" has 0 digits: half a piece breaks its validation.
		{"ErrFractionalPieces", order(201, "CUST-201", line("WID-A", "Widget A", "2.5", "C62", "10.00"))},
		// Prices have 4 digits in Tryton.
		{"ErrPriceDigits", order(202, "CUST-201", line("WID-A", "Widget A", "1", "C62", "10.123456"))},
		{"ErrNotAUnit", order(204, "CUST-201", line("WID-A", "Widget A", "1", "pieces", "10"))},
		// WID-A is kept in pieces; Tryton does not convert boxes to pieces.
		{"ErrUnitOfAnotherKind", order(205, "CUST-201", line("WID-A", "Widget A", "1", "BX", "10"))},
		{"ErrUnknownCurrency", func() *o2c.Order {
			o := order(203, "CUST-201", line("WID-A", "Widget A", "1", "C62", "10"))
			o.Currency = "XXY"
			return o
		}()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := fmt.Sprintf("o2c-order-%d", tc.order.ID)
			_, err := c.PostOrder(ctx, o2c.ERPPost{IdempotencyKey: key, Order: tc.order, Customer: customer("CUST-201")})
			if o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("post = %v, want CodeInvalid", err)
			}
			if o2c.ErrorMessage(err) == "" {
				t.Fatal("refusal without Tryton's message")
			}
			t.Logf("refused: %s", o2c.ErrorMessage(err))
			var n int
			if err := c.Client.Call(ctx, "sale.sale", "search_count", &n, []any{[]any{"description", "=", key}}); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatalf("a refused order left %d sales", n)
			}
		})
	}
}

func TestWrongPassword(t *testing.T) {
	requireTryton(t)
	c, err := tryton.New(tryton.Config{URL: serverURL, DB: "o2c", User: "admin", Password: "not-" + password})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.StockLevels(context.Background(), []string{"WID-A"}); o2c.ErrorCode(err) != o2c.CodeUnauthorized {
		t.Fatalf("stock levels with a wrong password = %v, want CodeUnauthorized", err)
	}
}

// TestStockAndShipment puts stock in, ships a posted sale and follows it: stock levels and the
// sale's shipment state are what the app reads to mark an order shipped.
func TestStockAndShipment(t *testing.T) {
	requireTryton(t)
	c := connect(t, serverURL)
	ctx := context.Background()
	o := order(301, "CUST-301", line("STK-1", "Stocked", "4", "C62", "5.00"), line("STK-2", "Also stocked", "1", "C62", "7.00"))
	ack, err := c.PostOrder(ctx, o2c.ERPPost{IdempotencyKey: "o2c-order-301", Order: o, Customer: customer("CUST-301")})
	if err != nil {
		t.Fatal(err)
	}
	st, err := c.SaleState(ctx, ack.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if st.Number != ack.Ref || st.State != "processing" || st.ShipmentState != "waiting" || st.Shipped() || len(st.Shipments) != 1 {
		t.Fatalf("sale state after post = %+v", st)
	}

	levels, err := c.StockLevels(ctx, []string{"STK-1", "STK-2", "NO-SUCH"})
	if err != nil {
		t.Fatal(err)
	}
	// The sale promises 4 and 1 of a stock of 0: nothing is left, not less.
	if len(levels) != 2 || !levels["STK-1"].IsZero() || !levels["STK-2"].IsZero() {
		t.Fatalf("stock before inventory = %v, want 0 for both known codes", levels)
	}
	if sh, err := c.ShipmentState(ctx, ack.Ref); err != nil || sh.Shipped || sh.Done || !sh.ShippedOn.IsZero() {
		t.Fatalf("shipment state before shipping = %+v, %v; want nothing shipped", sh, err)
	}

	// An inventory in the warehouse's storage location brings 10 and 5 in.
	var products []struct {
		ID   int64  `json:"id"`
		Code string `json:"code"`
	}
	if err := c.Client.Call(ctx, "product.product", "search_read", &products, []any{[]any{"code", "in", []string{"STK-1", "STK-2"}}},
		0, nil, [][]string{{"code", "ASC"}}, []string{"code"}); err != nil {
		t.Fatal(err)
	}
	// The warehouse's storage zone; its input and output zones are of type storage too.
	var warehouses []struct {
		StorageLocation int64 `json:"storage_location"`
	}
	if err := c.Client.Call(ctx, "stock.location", "search_read", &warehouses, []any{[]any{"type", "=", "warehouse"}},
		0, 1, [][]string{{"id", "ASC"}}, []string{"storage_location"}); err != nil || len(warehouses) != 1 {
		t.Fatalf("find warehouse: %v, %v", warehouses, err)
	}
	company, err := c.Client.Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var inv []int64
	if err := c.Client.Call(ctx, "stock.inventory", "create", &inv, []any{map[string]any{"location": warehouses[0].StorageLocation, "company": company,
		"lines": []any{[]any{"create", []any{
			map[string]any{"product": products[0].ID, "quantity": tryton.Float{Decimal: dec("10")}},
			map[string]any{"product": products[1].ID, "quantity": tryton.Float{Decimal: dec("5")}},
		}}}}}); err != nil {
		t.Fatal(err)
	}
	if err := c.Client.Call(ctx, "stock.inventory", "confirm", nil, inv); err != nil {
		t.Fatal(err)
	}
	levels, err = c.StockLevels(ctx, []string{"STK-1", "STK-2"})
	if err != nil {
		t.Fatal(err)
	}
	// 10 and 5 on hand, of which the processing sale will take 4 and 1.
	if !levels["STK-1"].Equal(dec("6")) || !levels["STK-2"].Equal(dec("4")) {
		t.Fatalf("stock after inventory = %v, want STK-1 6, STK-2 4 (on hand less the sale's)", levels)
	}

	// Ship: assign, pick, pack, done.
	var shipments []int64
	if err := c.Client.Call(ctx, "stock.shipment.out", "search", &shipments, []any{[]any{"number", "=", st.Shipments[0].Number}}, 0, 1, nil); err != nil {
		t.Fatal(err)
	}
	var assigned bool
	if err := c.Client.Call(ctx, "stock.shipment.out", "assign_try", &assigned, shipments); err != nil || !assigned {
		t.Fatalf("assign shipment: %v, %v", assigned, err)
	}
	for _, button := range []string{"pick", "pack", "done"} {
		if err := c.Client.Call(ctx, "stock.shipment.out", button, nil, shipments); err != nil {
			t.Fatalf("%s shipment: %v", button, err)
		}
	}
	st, err = c.SaleState(ctx, ack.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Shipped() || st.Shipments[0].State != "done" || st.Shipments[0].EffectiveDate.IsZero() {
		t.Fatalf("sale state after shipping = %+v", st)
	}
	sh, err := c.ShipmentState(ctx, ack.Ref)
	if err != nil || !sh.Shipped || sh.Done || sh.ShippedOn != st.Shipments[0].EffectiveDate || !strings.Contains(sh.Note, "shipment state sent") {
		t.Fatalf("shipment state after shipping = %+v, %v; want shipped on %s, not done", sh, err, st.Shipments[0].EffectiveDate)
	}
	levels, err = c.StockLevels(ctx, []string{"STK-1", "STK-2"})
	if err != nil {
		t.Fatal(err)
	}
	if !levels["STK-1"].Equal(dec("6")) || !levels["STK-2"].Equal(dec("4")) {
		t.Fatalf("stock after shipping = %v, want STK-1 6, STK-2 4", levels)
	}

	if _, err := c.SaleState(ctx, "NO-SUCH-SALE"); o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Fatalf("state of an unknown sale: %v, want CodeNotFound", err)
	}
	if _, err := c.ShipmentState(ctx, "NO-SUCH-SALE"); o2c.ErrorCode(err) != o2c.CodeNotFound {
		t.Fatalf("shipment state of an unknown sale: %v, want CodeNotFound", err)
	}
}

// TestUnavailable starts a server of its own, uses it, stops it, and posts again.
func TestUnavailable(t *testing.T) {
	requireTryton(t)
	dir := t.TempDir()
	url, err := startTryton(dir)
	if err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			stopTryton(dir)
		}
	})
	c := connect(t, url)
	ctx := context.Background()
	post := func(id int64) error {
		_, err := c.PostOrder(ctx, o2c.ERPPost{IdempotencyKey: fmt.Sprintf("o2c-order-%d", id),
			Order: order(id, "CUST-401", line("WID-A", "Widget A", "1", "C62", "10")), Customer: customer("CUST-401")})
		return err
	}
	if err := post(401); err != nil {
		t.Fatalf("post while up: %v", err)
	}
	stopTryton(dir)
	stopped = true
	if err := post(402); o2c.ErrorCode(err) != o2c.CodeUnavailable {
		t.Fatalf("post to a stopped server = %v, want CodeUnavailable", err)
	}
	if _, err := c.StockLevels(ctx, []string{"WID-A"}); o2c.ErrorCode(err) != o2c.CodeUnavailable {
		t.Fatalf("stock levels from a stopped server = %v, want CodeUnavailable", err)
	}

	// Nothing ever listened here: refused at once, and before any login.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := connect(t, "http://"+addr+"/").StockLevels(ctx, []string{"X"}); o2c.ErrorCode(err) != o2c.CodeUnavailable {
		t.Fatalf("stock levels from a closed port = %v, want CodeUnavailable", err)
	}
}
