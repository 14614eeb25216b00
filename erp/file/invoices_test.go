package file_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/erp/file"
)

// An issued invoice is written once: its JSON and the file the customer got, beside each other;
// a repeat answers as the first post and changes nothing.
func TestPostInvoiceOnce(t *testing.T) {
	dir := t.TempDir()
	c, err := file.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	inv := &o2c.Invoice{ID: 7, Number: "F2026-000007", CustomerID: "C1", Currency: "EUR", AmountDue: decimal.RequireFromString("120.00")}
	req := o2c.ERPInvoice{IdempotencyKey: "o2c-invoice-7", Invoice: inv, FileName: "../F2026-000007.pdf", File: []byte("%PDF-1.7 test")}
	ack, err := c.PostInvoice(context.Background(), req)
	if err != nil || ack.Ref != "o2c-invoice-7" {
		t.Fatalf("post: %+v %v", ack, err)
	}
	var exp file.InvoiceExport
	raw, err := os.ReadFile(filepath.Join(dir, "o2c-invoice-7.json"))
	if err != nil || json.Unmarshal(raw, &exp) != nil || exp.Invoice.Number != "F2026-000007" || exp.File != "o2c-invoice-7-F2026-000007.pdf" {
		t.Fatalf("export %s (%v)", raw, err)
	}
	if got, err := os.ReadFile(filepath.Join(dir, exp.File)); err != nil || string(got) != "%PDF-1.7 test" {
		t.Fatalf("invoice file %q (%v)", got, err)
	}
	req.File = []byte("changed")
	again, err := c.PostInvoice(context.Background(), req)
	if err != nil || again.Message != "already in the outbox" {
		t.Fatalf("repeat: %+v %v", again, err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, exp.File)); string(got) != "%PDF-1.7 test" {
		t.Errorf("a repeat rewrote the file: %q", got)
	}
	if _, err := c.PostInvoice(context.Background(), o2c.ERPInvoice{IdempotencyKey: "../x", Invoice: inv}); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Errorf("a key that is no file name: %v", err)
	}
}

// A payment and its reversal are two records, each written once.
func TestPostPaymentOnce(t *testing.T) {
	dir := t.TempDir()
	c, err := file.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	a := &o2c.Allocation{ID: 3, Amount: decimal.RequireFromString("50.00")}
	for _, p := range []o2c.ERPPayment{{IdempotencyKey: "o2c-payment-3", Allocation: a}, {IdempotencyKey: "o2c-payment-3-reversal", Allocation: a, Reversal: true}} {
		if _, err := c.PostPayment(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		var exp file.PaymentExport
		raw, _ := os.ReadFile(filepath.Join(dir, p.IdempotencyKey+".json"))
		want := map[bool]string{false: "payment_applied", true: "payment_reversed"}[p.Reversal]
		if err := json.Unmarshal(raw, &exp); err != nil || exp.Event != want || !exp.Allocation.Amount.Equal(a.Amount) {
			t.Errorf("%s: %s (%v)", p.IdempotencyKey, raw, err)
		}
		if ack, err := c.PostPayment(context.Background(), p); err != nil || ack.Message != "already in the outbox" {
			t.Errorf("repeat of %s: %+v %v", p.IdempotencyKey, ack, err)
		}
	}
}
