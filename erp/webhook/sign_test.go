package webhook_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/erp/webhook"
)

func TestPostIsSignedAndVerifies(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(http.StatusCreated, `{"ref": "ERP-SO-1001"}`))
	ack, err := setup(t, rc.URL, nil).PostOrder(t.Context(), testPost())
	if err != nil {
		t.Fatal(err)
	}
	if ack.Ref != "ERP-SO-1001" || ack.Message != "201 Created" {
		t.Fatalf("ack = %+v", ack)
	}
	reqs := rc.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	h, body := reqs[0].Header, reqs[0].Body
	if got := h.Get("Content-Type"); got != "application/json" {
		t.Fatalf("Content-Type = %q", got)
	}
	if got := h.Get("Idempotency-Key"); got != "o2c-order-7" {
		t.Fatalf("Idempotency-Key = %q", got)
	}
	ts, sig := h.Get("X-O2C-Timestamp"), h.Get("X-O2C-Signature")
	if ts != strconv.FormatInt(clock.Unix(), 10) {
		t.Fatalf("X-O2C-Timestamp = %q, want %d", ts, clock.Unix())
	}
	if err := webhook.Verify(secret, ts, body, sig, clock.Add(time.Minute), 5*time.Minute); err != nil {
		t.Fatalf("the receiver cannot verify the post: %v", err)
	}
	// The scheme as the package doc gives it to a receiver written in another language.
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "." + string(body)))
	if want := "sha256=" + hex.EncodeToString(mac.Sum(nil)); sig != want {
		t.Fatalf("X-O2C-Signature = %q, want %q as documented", sig, want)
	}
	var p webhook.Payload
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	if p.IdempotencyKey != "o2c-order-7" || p.Order == nil || p.Order.ID != 7 || !p.Order.Lines[0].UnitPrice.Equal(decimal.RequireFromString("12.50")) ||
		p.Customer == nil || p.Customer.Name != "Épicerie Fine SARL" || !p.SentAt.Equal(clock) {
		t.Fatalf("payload = %s", body)
	}
	if !bytes.Contains(body, []byte(`"sent_at":"2026-11-27T16:20:00Z"`)) {
		t.Fatalf("sent_at is not RFC 3339 UTC: %s", body)
	}

	tampered := bytes.Replace(body, []byte(`"PO-1"`), []byte(`"PO-2"`), 1)
	if bytes.Equal(tampered, body) {
		t.Fatal("the body has no PO-1 to tamper with")
	}
	for _, tc := range []struct {
		name, secret, ts string
		body             []byte
		sig              string
		now              time.Time
		want             error
	}{
		{"ErrWrongSecret", "not-" + secret, ts, body, sig, clock, webhook.ErrSignature},
		{"ErrEmptySecret", "", ts, body, sig, clock, webhook.ErrSignature},
		{"ErrTamperedBody", secret, ts, tampered, sig, clock, webhook.ErrSignature},
		{"ErrSignatureOfAnotherTime", secret, strconv.FormatInt(clock.Unix()+1, 10), body, sig, clock, webhook.ErrSignature},
		{"ErrNoPrefix", secret, ts, body, strings.TrimPrefix(sig, "sha256="), clock, webhook.ErrSignature},
		{"ErrNotHex", secret, ts, body, "sha256=zz", clock, webhook.ErrSignature},
		{"ErrTimestampOld", secret, ts, body, sig, clock.Add(5*time.Minute + time.Second), webhook.ErrTimestamp},
		{"ErrTimestampFuture", secret, ts, body, sig, clock.Add(-6 * time.Minute), webhook.ErrTimestamp},
		{"ErrTimestampNotANumber", secret, "yesterday", body, sig, clock, webhook.ErrTimestamp},
		{"OKAtTheEdgeOfTheSkew", secret, ts, body, sig, clock.Add(5 * time.Minute), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := webhook.Verify(tc.secret, tc.ts, tc.body, tc.sig, tc.now, 5*time.Minute)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}

// A receiver holding another secret refuses the post; that is a refusal, not a reason to retry.
func TestReceiverWithAnotherSecretRefuses(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
	})
	_, err := setup(t, rc.URL, func(c *webhook.Config) { c.Secret = "another" }).PostOrder(t.Context(), testPost())
	if o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("err = %v, want CodeInvalid", err)
	}
	req := rc.requests()[0]
	if err := webhook.Verify(secret, req.Header.Get("X-O2C-Timestamp"), req.Body, req.Header.Get("X-O2C-Signature"), clock, time.Minute); !errors.Is(err, webhook.ErrSignature) {
		t.Fatalf("Verify with our secret of a post signed with another = %v", err)
	}
}
