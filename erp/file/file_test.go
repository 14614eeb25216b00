package file_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/erp/file"
)

func testOrder(id int64, qty string) *o2c.Order {
	return &o2c.Order{ID: id, PONumber: "PO-1", CustomerID: "C1", Currency: "EUR", Lines: []o2c.OrderLine{{
		LineNo: 1, SKU: "BEV-1001", Quantity: decimal.RequireFromString(qty), Unit: "C62",
		UnitPrice: decimal.RequireFromString("12.50"), LineTotal: decimal.RequireFromString("25.00"),
	}}}
}

func TestPostWritesJSONAndCSVOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c, err := file.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	ack, err := c.PostOrder(ctx, o2c.ERPPost{IdempotencyKey: "o2c-order-7", Order: testOrder(7, "2")})
	if err != nil {
		t.Fatal(err)
	}
	if ack.Ref != "o2c-order-7" {
		t.Fatalf("ack ref = %q", ack.Ref)
	}
	// A retry with changed content must not rewrite what the ERP may already have read.
	again, err := c.PostOrder(ctx, o2c.ERPPost{IdempotencyKey: "o2c-order-7", Order: testOrder(7, "99")})
	if err != nil || again.Ref != ack.Ref {
		t.Fatalf("retry: %+v, %v", again, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("outbox holds %d entries, want the JSON and the CSV", len(entries))
	}
	raw, err := os.ReadFile(filepath.Join(dir, "o2c-order-7.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp file.Export
	if err := json.Unmarshal(raw, &exp); err != nil {
		t.Fatal(err)
	}
	if got := exp.Order.Lines[0].Quantity.String(); got != "2" {
		t.Fatalf("quantity in outbox = %s, want the first post's 2", got)
	}
	f, err := os.Open(filepath.Join(dir, "o2c-order-7.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][8] != "BEV-1001" || rows[1][12] != "12.50" {
		t.Fatalf("csv rows = %q", rows)
	}
}

func TestPostRefusesKeysThatAreNotFileNames(t *testing.T) {
	t.Parallel()
	c, err := file.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.PostOrder(context.Background(), o2c.ERPPost{IdempotencyKey: "../escape", Order: testOrder(1, "1")})
	if o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("error = %v, want CodeInvalid", err)
	}
}

func TestUnwritableOutboxIsRetryable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c, err := file.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	_, err = c.PostOrder(context.Background(), o2c.ERPPost{IdempotencyKey: "o2c-order-1", Order: testOrder(1, "1")})
	if o2c.ErrorCode(err) != o2c.CodeUnavailable {
		t.Fatalf("error = %v, want CodeUnavailable", err)
	}
}
