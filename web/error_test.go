package web

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

func TestError(t *testing.T) {
	t.Parallel()
	secret := "pq: password authentication failed for user o2c at 10.0.0.7"
	tests := []struct {
		name    string
		err     error
		status  int
		code    o2c.Code
		message string
		faults  int
	}{
		{"Invalid", o2c.Invalid(o2c.Fault{Rule: "R", Path: "$.x", Message: "bad"}), 422, o2c.CodeInvalid, "$.x: bad", 1},
		{"NotFound", o2c.Errorf(o2c.CodeNotFound, "order 7 does not exist"), 404, o2c.CodeNotFound, "order 7 does not exist", 0},
		{"Conflict", fmt.Errorf("save order: %w", o2c.Errorf(o2c.CodeConflict, "changed")), 409, o2c.CodeConflict, "changed", 0},
		{"Unauthorized", o2c.Errorf(o2c.CodeUnauthorized, "no key"), 401, o2c.CodeUnauthorized, "no key", 0},
		{"TooLarge", o2c.Errorf(o2c.CodeTooLarge, "too big"), 413, o2c.CodeTooLarge, "too big", 0},
		{"Unavailable", o2c.Errorf(o2c.CodeUnavailable, "ERP down"), 503, o2c.CodeUnavailable, "ERP down", 0},
		{"Internal", o2c.Errorf(o2c.CodeInternal, "%s", secret), 500, o2c.CodeInternal, internalMessage, 0},
		{"PlainError", errors.New(secret), 500, o2c.CodeInternal, internalMessage, 0},
		{"UnknownCode", o2c.Errorf(o2c.Code("novel"), "%s", secret), 500, o2c.CodeInternal, internalMessage, 0},
		{"BodyTooLarge", fmt.Errorf("read body: %w", &http.MaxBytesError{Limit: 10}), 413, o2c.CodeTooLarge, "the request body is larger than the limit of 10 bytes", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			log := &syncBuffer{}
			info := &requestInfo{id: "req-1", log: slog.New(slog.NewTextHandler(log, nil)).With("request_id", "req-1")}
			r := httptest.NewRequest("GET", "/api/v1/x", nil)
			r = r.WithContext(context.WithValue(r.Context(), infoKey{}, info))
			rec := httptest.NewRecorder()
			Error(rec, r, tt.err)
			e := expectError(t, rec, tt.status, tt.code, "")
			if e.Message != tt.message || len(e.Faults) != tt.faults {
				t.Fatalf("body %+v, want message %q and %d faults", e, tt.message, tt.faults)
			}
			if strings.Contains(rec.Body.String(), "10.0.0.7") {
				t.Fatalf("an internal error reached the client: %s", rec.Body)
			}
			logged := strings.Contains(log.String(), "10.0.0.7") && strings.Contains(log.String(), "req-1")
			if logged != (tt.status == 500) {
				t.Fatalf("internal error logged with its request: %v, want %v; log %q", logged, tt.status == 500, log)
			}
		})
	}
}

func TestMiddleware(t *testing.T) {
	t.Parallel()

	t.Run("PanicBecomes500", func(t *testing.T) {
		t.Parallel()
		log := &syncBuffer{}
		s := &server{log: slog.New(slog.NewJSONHandler(log, nil)), maxBody: 100}
		h := s.serveHTTP(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("nil map write in handler") }))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/boom", nil))
		e := expectError(t, rec, http.StatusInternalServerError, o2c.CodeInternal, "")
		if e.Message != internalMessage || strings.Contains(rec.Body.String(), "nil map") {
			t.Fatalf("panic answer %s, want only %q", rec.Body, internalMessage)
		}
		if !strings.Contains(log.String(), "nil map write in handler") || !strings.Contains(log.String(), "goroutine") {
			t.Fatalf("panic not logged with its stack: %s", log)
		}
		if !strings.Contains(log.String(), `"status":500`) {
			t.Fatalf("access log does not record the 500: %s", log)
		}
	})

	t.Run("PanicAfterAnswerBegan", func(t *testing.T) {
		t.Parallel()
		log := &syncBuffer{}
		s := &server{log: slog.New(slog.NewJSONHandler(log, nil)), maxBody: 100}
		h := s.serveHTTP(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusOK)
			panic("late")
		}))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/late", nil))
		if rec.Code != http.StatusOK || !strings.Contains(log.String(), "panic after the response began") {
			t.Fatalf("status %d log %s, want the begun answer kept and the panic logged", rec.Code, log)
		}
	})

	b := setup(t)

	t.Run("RequestIDAndHeaders", func(t *testing.T) {
		t.Parallel()
		rec := b.do(request{method: "GET", path: "/api/v1/orders", role: "reader", header: map[string]string{"X-Request-ID": "abc-123"}})
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d", rec.Code)
		}
		want := map[string]string{"X-Request-ID": "abc-123", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
			"Content-Type": "application/json"}
		for k, v := range want {
			if got := rec.Header().Get(k); got != v {
				t.Errorf("header %s = %q, want %q", k, got, v)
			}
		}
		if !strings.Contains(rec.Header().Get("Content-Security-Policy"), "default-src 'none'") {
			t.Errorf("no restrictive CSP on an API answer: %v", rec.Header())
		}
	})

	t.Run("RequestIDMadeWhenOddOrMissing", func(t *testing.T) {
		t.Parallel()
		for _, given := range []string{"", "has spaces and <script>", strings.Repeat("x", 100)} {
			rec := b.do(request{method: "GET", path: "/healthz", header: map[string]string{"X-Request-ID": given}})
			if id := rec.Header().Get("X-Request-ID"); id == "" || id == given || len(id) > 64 {
				t.Errorf("request id %q for a given %q, want a fresh plain one", id, given)
			}
		}
	})

	t.Run("AccessLog", func(t *testing.T) {
		t.Parallel()
		b.do(request{method: "GET", path: "/api/v1/stats", role: "reader", header: map[string]string{"X-Request-ID": "log-line-1"}})
		found := false
		sc := bufio.NewScanner(strings.NewReader(b.log.String()))
		for sc.Scan() {
			var line map[string]any
			if json.Unmarshal(sc.Bytes(), &line) != nil || line["request_id"] != "log-line-1" || line["msg"] != "http request" {
				continue
			}
			found = true
			if line["status"] != float64(200) || line["method"] != "GET" || line["path"] != "/api/v1/stats" || line["actor"] != "api:reader" {
				t.Fatalf("access log line %v, want status, method, path and actor", line)
			}
			if _, ok := line["duration_ms"]; !ok {
				t.Fatalf("access log line %v has no duration", line)
			}
		}
		if !found {
			t.Fatalf("no access log line for the request: %s", b.log)
		}
	})

	t.Run("UnknownRoute", func(t *testing.T) {
		t.Parallel()
		expectError(t, b.do(request{method: "GET", path: "/api/v1/no-such-route", role: "admin"}), http.StatusNotFound, o2c.CodeNotFound, "")
	})

	t.Run("WrongMethod", func(t *testing.T) {
		t.Parallel()
		rec := b.do(request{method: "DELETE", path: "/api/v1/orders", role: "admin"})
		expectError(t, rec, http.StatusMethodNotAllowed, o2c.CodeInvalid, "")
		if allow := rec.Header().Get("Allow"); allow != "GET, POST" {
			t.Fatalf("Allow %q, want GET, POST", allow)
		}
	})
}
