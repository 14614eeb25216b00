package webhook_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/erp/webhook"
)

// An issued invoice is posted signed, with its key on every try and the customer's file in it;
// a refusal is CodeInvalid.
func TestPostInvoice(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, `{"ref": "ERP-INV-9"}`)
	})
	c := setup(t, rc.URL, nil)
	inv := &o2c.Invoice{ID: 9, Number: "F2026-000009", CustomerID: "C1", Currency: "EUR", AmountDue: decimal.RequireFromString("60.00")}
	req := o2c.ERPInvoice{IdempotencyKey: "o2c-invoice-9", Invoice: inv, Customer: &o2c.Customer{ID: "C1", Name: "Épicerie Fine SARL"},
		FileName: "F2026-000009.pdf", ContentType: "application/pdf", File: []byte("%PDF-1.7")}
	ack, err := c.PostInvoice(t.Context(), req)
	if err != nil || ack.Ref != "ERP-INV-9" {
		t.Fatalf("post: %+v %v", ack, err)
	}
	reqs := rc.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	for _, r := range reqs {
		if r.Header.Get("Idempotency-Key") != "o2c-invoice-9" {
			t.Errorf("Idempotency-Key %q", r.Header.Get("Idempotency-Key"))
		}
		if err := webhook.Verify(secret, r.Header.Get("X-O2C-Timestamp"), r.Body, r.Header.Get("X-O2C-Signature"), clock, time.Minute); err != nil {
			t.Errorf("does not verify: %v", err)
		}
	}
	var got webhook.InvoicePayload
	if err := json.Unmarshal(reqs[1].Body, &got); err != nil || got.Event != "invoice_issued" || got.Invoice.Number != "F2026-000009" ||
		got.File == nil || string(got.File.Content) != "%PDF-1.7" || !got.SentAt.Equal(clock) {
		t.Fatalf("payload %s (%v)", reqs[1].Body, err)
	}

	refuse := setup(t, newReceiver(t, status(http.StatusUnprocessableEntity, "unknown customer")).URL, nil)
	if _, err := refuse.PostInvoice(t.Context(), req); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("refused invoice: %v, want CodeInvalid", err)
	} else if msg := o2c.ErrorMessage(err); msg == "" || !strings.Contains(msg, "refused invoice F2026-000009") {
		t.Errorf("message %q", msg)
	}
}

// A payment's reversal is its own event under its own key.
func TestPostPaymentReversal(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(http.StatusOK, `{}`))
	c := setup(t, rc.URL, nil)
	a := &o2c.Allocation{ID: 3, Amount: decimal.RequireFromString("50.00")}
	ack, err := c.PostPayment(t.Context(), o2c.ERPPayment{IdempotencyKey: "o2c-payment-3-reversal", Allocation: a, Reversal: true})
	if err != nil || ack.Ref != "o2c-payment-3-reversal" {
		t.Fatalf("post: %+v %v", ack, err)
	}
	var got webhook.PaymentPayload
	if err := json.Unmarshal(rc.requests()[0].Body, &got); err != nil || got.Event != "payment_reversed" || !got.Allocation.Amount.Equal(a.Amount) {
		t.Fatalf("payload %s (%v)", rc.requests()[0].Body, err)
	}
}
