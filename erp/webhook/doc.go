// Package webhook is the ERP connector that POSTs each approved order, as JSON, to a URL the ERP
// (or a small adapter in front of it) serves.
//
// # Request
//
// One POST per try, with the body
//
//	{"idempotency_key": "o2c-order-42", "order": {...}, "customer": {...} or null, "sent_at": "2026-11-27T16:20:00Z"}
//
// where order and customer are the JSON encodings of o2c.Order and o2c.Customer (amounts as
// strings), and the headers
//
//	Content-Type:    application/json
//	Idempotency-Key: o2c-order-42
//	X-O2C-Timestamp: 1795796400
//	X-O2C-Signature: sha256=<hex HMAC-SHA256(secret, "1795796400" + "." + body)>
//
// Every try of one order carries the same Idempotency-Key; the timestamp, sent_at and so the
// signature are those of the try.
//
// Issued invoices and bank payments, when o2c is set to tell the ERP about them, are posted the
// same way, signed and retried alike, with an "event" saying what each is:
//
//	{"idempotency_key": "o2c-invoice-9", "event": "invoice_issued", "invoice": {...}, "customer": {...},
//	 "file": {"name": "F2026-000009.pdf", "content_type": "application/pdf", "content": "<base64>"}, "sent_at": ...}
//	{"idempotency_key": "o2c-payment-3", "event": "payment_applied" (or "payment_reversed"),
//	 "allocation": {...}, "bank_transaction": {...}, "sent_at": ...}
//
// # Verifying a request
//
// The receiver reads the raw body (before any JSON decoding), computes
// HMAC-SHA256 over the timestamp header, a ".", and the body, with the shared secret, and compares
// it in constant time with the hex after "sha256=". It refuses a timestamp more than a few minutes
// from its own clock, so that a captured request cannot be replayed later. Verify does all of
// this:
//
//	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
//	if err == nil {
//		err = webhook.Verify(secret, r.Header.Get("X-O2C-Timestamp"), body,
//			r.Header.Get("X-O2C-Signature"), time.Now(), 5*time.Minute)
//	}
//	if err != nil {
//		http.Error(w, "bad signature", http.StatusUnauthorized) // o2c sends the order to review
//		return
//	}
//
// The receiver then makes the post idempotent by the Idempotency-Key: a key it has seen before
// changes nothing, and the answer repeats the first one's reference (or is a 409).
//
// # Answers
//
//   - 2xx: the order is taken. A JSON body with "ref" (or else "id") gives the ERP's reference,
//     which o2c records on the order; without one, the idempotency key is the reference.
//   - 409 Conflict: the receiver has this idempotency key already; o2c counts it as taken.
//   - 408, 425, 429, 5xx, or no answer (a network error, a timeout): o2c tries again after an
//     exponential backoff with jitter, or after Retry-After (seconds or an HTTP date) when the
//     answer has one, up to a cap. When the tries of one post are used up, PostOrder fails with
//     o2c.CodeUnavailable, and the post job runs again later; when the job's attempts are used up,
//     the order goes to review with the last answer as its cause.
//   - any other status (400, 401, 404, 422, a redirect...): the ERP refuses the order for good.
//     PostOrder fails with o2c.CodeInvalid, and the order goes to review at once with the status
//     and the start of the answer's body.
package webhook
