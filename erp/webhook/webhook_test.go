package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/erp/webhook"
)

const secret = "s3cret-shared-with-the-erp"

// clock is the connector's fixed clock: timestamps and sent_at are known in advance.
var clock = time.Date(2026, 11, 27, 16, 20, 0, 0, time.UTC)

func testPost() o2c.ERPPost {
	return o2c.ERPPost{IdempotencyKey: "o2c-order-7",
		Order: &o2c.Order{ID: 7, PONumber: "PO-1", CustomerID: "C1", Currency: "EUR", Lines: []o2c.OrderLine{{
			LineNo: 1, SKU: "BEV-1001", Quantity: decimal.RequireFromString("2"), Unit: "C62",
			UnitPrice: decimal.RequireFromString("12.50"), LineTotal: decimal.RequireFromString("25.00"),
		}}},
		Customer: &o2c.Customer{ID: "C1", Name: "Épicerie Fine SARL", Country: "FR"},
	}
}

// received is one request as the receiver saw it.
type received struct {
	At     time.Time // by the real clock, to measure waits
	Header http.Header
	Body   []byte
}

// receiver is a webhook endpoint that records every request and answers the n-th (from 1) with
// answer.
type receiver struct {
	*httptest.Server
	mu  sync.Mutex
	got []received
}

func newReceiver(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) *receiver {
	t.Helper()
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body bytes.Buffer
		if _, err := body.ReadFrom(r.Body); err != nil {
			t.Errorf("receiver: read body: %v", err)
		}
		rc.mu.Lock()
		rc.got = append(rc.got, received{At: time.Now(), Header: r.Header.Clone(), Body: body.Bytes()})
		n := len(rc.got)
		rc.mu.Unlock()
		answer(n, w, r)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// status answers every request with code and body.
func status(code int, body string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(code)
		fmt.Fprint(w, body)
	}
}

// setup returns a connector to url with a fixed clock and millisecond backoffs; edit may change
// its configuration.
func setup(t *testing.T, url string, edit func(*webhook.Config)) *webhook.Connector {
	t.Helper()
	cfg := webhook.Config{URL: url, Secret: secret, Backoff: time.Millisecond, Timeout: 5 * time.Second,
		Now: func() time.Time { return clock }}
	if edit != nil {
		edit(&cfg)
	}
	c, err := webhook.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// postWithin runs PostOrder and fails the test if it has not returned within d.
func postWithin(t *testing.T, d time.Duration, ctx context.Context, c *webhook.Connector) (o2c.ERPAck, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops a post that runs on, so that the receiver can close
	type result struct {
		ack o2c.ERPAck
		err error
	}
	done := make(chan result, 1)
	go func() {
		ack, err := c.PostOrder(ctx, testPost())
		done <- result{ack, err}
	}()
	select {
	case r := <-done:
		return r.ack, r.err
	case <-time.After(d):
		t.Fatalf("PostOrder has not returned after %s", d)
		return o2c.ERPAck{}, nil
	}
}

func TestRetriesThenSuccess(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch n {
		case 1:
			http.Error(w, "warming up", http.StatusServiceUnavailable)
		case 2:
			http.Error(w, "slow down", http.StatusTooManyRequests)
		default:
			w.WriteHeader(http.StatusOK)
			fmt.Fprint(w, `{"id": 77, "status": "created"}`)
		}
	})
	tick := clock
	c := setup(t, rc.URL, func(c *webhook.Config) {
		c.Now = func() time.Time { tick = tick.Add(time.Second); return tick } // one try after another
	})
	ack, err := c.PostOrder(t.Context(), testPost())
	if err != nil {
		t.Fatal(err)
	}
	if ack.Ref != "77" {
		t.Fatalf("ack ref = %q, want the receiver's id 77", ack.Ref)
	}
	reqs := rc.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	for i, r := range reqs {
		if got := r.Header.Get("Idempotency-Key"); got != "o2c-order-7" {
			t.Fatalf("try %d: Idempotency-Key = %q", i+1, got)
		}
		if err := webhook.Verify(secret, r.Header.Get("X-O2C-Timestamp"), r.Body, r.Header.Get("X-O2C-Signature"), tick, time.Minute); err != nil {
			t.Fatalf("try %d does not verify: %v", i+1, err)
		}
	}
	if reqs[0].Header.Get("X-O2C-Timestamp") == reqs[2].Header.Get("X-O2C-Timestamp") {
		t.Fatal("every try carries the first try's timestamp; each try must be signed when sent")
	}
}

func TestNetworkErrorIsRetried(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n < 3 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			conn.Close() // no answer at all
			return
		}
		fmt.Fprint(w, `{"ref": "R-3"}`)
	})
	ack, err := setup(t, rc.URL, nil).PostOrder(t.Context(), testPost())
	if err != nil || ack.Ref != "R-3" {
		t.Fatalf("PostOrder = %+v, %v; want R-3 on the third try", ack, err)
	}
	if n := len(rc.requests()); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		retryAfter string
		maxWait    time.Duration
		min, max   time.Duration // of the gap between the two tries
	}{
		{"Seconds", "1", 5 * time.Second, time.Second, 4 * time.Second},
		{"SecondsCapped", "3600", 300 * time.Millisecond, 300 * time.Millisecond, 3 * time.Second},
		{"HTTPDateCapped", clock.Add(time.Hour).Format(http.TimeFormat), 300 * time.Millisecond, 300 * time.Millisecond, 3 * time.Second},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					w.Header().Set("Retry-After", tc.retryAfter)
					http.Error(w, "busy", http.StatusServiceUnavailable)
					return
				}
				w.WriteHeader(http.StatusAccepted)
			})
			// The backoff alone would wait 1 ms: a longer gap is Retry-After's.
			c := setup(t, rc.URL, func(c *webhook.Config) { c.MaxWait = tc.maxWait })
			if _, err := postWithin(t, 10*time.Second, t.Context(), c); err != nil {
				t.Fatal(err)
			}
			reqs := rc.requests()
			if len(reqs) != 2 {
				t.Fatalf("%d requests, want 2", len(reqs))
			}
			if gap := reqs[1].At.Sub(reqs[0].At); gap < tc.min || gap > tc.max {
				t.Fatalf("second try %s after the first, want %s to %s", gap, tc.min, tc.max)
			}
		})
	}
}

func TestRefusalIsInvalidAndNotRetried(t *testing.T) {
	t.Parallel()
	for _, code := range []int{400, 401, 403, 404, 410, 422, 301} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			rc := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Location", "/elsewhere")
				w.WriteHeader(code)
				fmt.Fprint(w, "order 7:\n  customer C1\tis blocked\n"+strings.Repeat("x", 100<<10))
			})
			_, err := postWithin(t, 10*time.Second, t.Context(), setup(t, rc.URL, nil))
			if o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("err = %v, want CodeInvalid", err)
			}
			msg := o2c.ErrorMessage(err)
			if want := fmt.Sprintf("%d %s: order 7: customer C1 is blocked xx", code, http.StatusText(code)); !strings.Contains(msg, want) {
				t.Fatalf("message %q does not say %q", msg, want)
			}
			if len(msg) > 400 {
				t.Fatalf("message of %d bytes quotes too much of the answer", len(msg))
			}
			if n := len(rc.requests()); n != 1 {
				t.Fatalf("%d requests, want 1: a refusal is final", n)
			}
		})
	}
}

func TestPersistentFailureIsUnavailable(t *testing.T) {
	t.Parallel()
	for _, code := range []int{408, 425, 429, 500, 502, 503, 504} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			rc := newReceiver(t, status(code, "ERP in maintenance until 18:00"))
			_, err := setup(t, rc.URL, func(c *webhook.Config) { c.Tries = 4 }).PostOrder(t.Context(), testPost())
			if o2c.ErrorCode(err) != o2c.CodeUnavailable {
				t.Fatalf("err = %v, want CodeUnavailable", err)
			}
			if want := fmt.Sprintf("after 4 tries: %d %s: ERP in maintenance until 18:00", code, http.StatusText(code)); !strings.Contains(o2c.ErrorMessage(err), want) {
				t.Fatalf("message %q does not say %q", o2c.ErrorMessage(err), want)
			}
			if n := len(rc.requests()); n != 4 {
				t.Fatalf("%d requests, want 4", n)
			}
		})
	}
}

func TestConflictAndAckReferences(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		code int
		body string
		ref  string
	}{
		{"ConflictWithRef", 409, `{"ref": "ERP-SO-1001"}`, "ERP-SO-1001"},
		{"ConflictEmpty", 409, ``, "o2c-order-7"},
		{"OKRefBeforeID", 200, `{"id": "I-1", "ref": "R-1"}`, "R-1"},
		{"OKNumericID", 200, `{"id": 1234567890123}`, "1234567890123"},
		{"OKEmptyRefThenID", 200, `{"ref": "", "id": "I-2"}`, "I-2"},
		{"OKNotJSON", 200, `thanks`, "o2c-order-7"},
		{"NoContent", 204, ``, "o2c-order-7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rc := newReceiver(t, status(tc.code, tc.body))
			ack, err := setup(t, rc.URL, nil).PostOrder(t.Context(), testPost())
			if err != nil {
				t.Fatal(err)
			}
			if ack.Ref != tc.ref {
				t.Fatalf("ack ref = %q, want %q", ack.Ref, tc.ref)
			}
			if !strings.HasPrefix(ack.Message, strconv.Itoa(tc.code)) {
				t.Fatalf("ack message = %q, want the status", ack.Message)
			}
			if n := len(rc.requests()); n != 1 {
				t.Fatalf("%d requests, want 1", n)
			}
		})
	}
}

func TestSlowServerTimesOut(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	rc := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		select { // hang until the client gives up (or the test ends)
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) }) // before the server's Close, which waits for handlers
	c := setup(t, rc.URL, func(c *webhook.Config) { c.Timeout, c.Tries = 100*time.Millisecond, 2 })
	_, err := postWithin(t, 10*time.Second, t.Context(), c)
	if o2c.ErrorCode(err) != o2c.CodeUnavailable || !strings.Contains(o2c.ErrorMessage(err), "no answer within 100ms") {
		t.Fatalf("err = %v, want CodeUnavailable saying there was no answer in time", err)
	}
	if n := len(rc.requests()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
}

// An endless answer is read no further than the cap: the post is taken, its reference unread.
func TestEndlessAnswerIsCutShort(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"ref": "R-1", "note": "`)
		chunk := bytes.Repeat([]byte("a"), 32<<10)
		for {
			if _, err := w.Write(chunk); err != nil {
				return // the client hung up
			}
		}
	})
	// Past the cap, the connector stops reading; were it to read on, only the timeout would stop it.
	c := setup(t, rc.URL, func(c *webhook.Config) { c.Timeout = time.Minute })
	ack, err := postWithin(t, 10*time.Second, t.Context(), c)
	if err != nil || ack.Ref != "o2c-order-7" {
		t.Fatalf("PostOrder = %+v, %v; want the key as reference", ack, err)
	}
}

// signal is a log destination that says when something was logged: here, a retry about to wait.
type signal chan struct{}

func (s signal) Write(p []byte) (int, error) {
	select {
	case s <- struct{}{}:
	default:
	}
	return len(p), nil
}

func TestCancelDuringBackoffReturnsPromptly(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(http.StatusServiceUnavailable, "down"))
	waiting := make(signal, 1)
	c := setup(t, rc.URL, func(c *webhook.Config) {
		c.Backoff, c.MaxWait = time.Hour, time.Hour
		c.Log = slog.New(slog.NewTextHandler(waiting, nil))
	})
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-waiting // logged just before the wait
		cancel()
	}()
	_, err := postWithin(t, 10*time.Second, ctx, c)
	if !errors.Is(err, context.Canceled) || o2c.ErrorCode(err) != o2c.CodeUnavailable {
		t.Fatalf("err = %v, want context.Canceled and CodeUnavailable", err)
	}
	if n := len(rc.requests()); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}

// A wait that would outlast the job's deadline is not begun: the queue's retry takes over.
func TestWaitPastTheDeadlineIsNotBegun(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, status(http.StatusServiceUnavailable, "down"))
	c := setup(t, rc.URL, func(c *webhook.Config) { c.Backoff, c.MaxWait = time.Hour, time.Hour })
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	start := time.Now()
	_, err := postWithin(t, 10*time.Second, ctx, c)
	if o2c.ErrorCode(err) != o2c.CodeUnavailable || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want CodeUnavailable before the deadline", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("PostOrder took %s", d)
	}
}

func TestNewRefuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, url, secret, says string
	}{
		{"ErrNoURL", "", secret, "not an http"},
		{"ErrFTP", "ftp://user:hunter2@erp.example.com/in", secret, "not an http"},
		{"ErrNoScheme", "erp.example.com/hook", secret, "not an http"},
		{"ErrNoHost", "https:///hook", secret, "not an http"},
		{"ErrNoSecret", "https://erp.example.com/hook", "", "secret is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := webhook.New(webhook.Config{URL: tc.url, Secret: tc.secret})
			if err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Fatalf("New = %v, want an error saying %q", err, tc.says)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("the error shows the URL's password: %v", err)
			}
		})
	}
	if _, err := webhook.New(webhook.Config{URL: "http://127.0.0.1:8081/o2c", Secret: secret}); err != nil {
		t.Fatalf("a plain http URL with a secret: %v", err)
	}
}
