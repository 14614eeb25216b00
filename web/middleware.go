package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"
)

// requestInfo is what the middleware knows of a request and later steps add to: its id, a logger
// that names it, and the actor once a key is authenticated.
type requestInfo struct {
	id    string
	log   *slog.Logger
	actor string // "api:<key name>" after authentication
}

type infoKey struct{}

func infoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(infoKey{}).(*requestInfo)
	return info
}

// requestIDHeader carries the request's id in and out, so that a client's report can be matched
// with our log line.
const requestIDHeader = "X-Request-ID"

// requestID keeps a caller's id when it is short and plain, else makes one.
func requestID(r *http.Request) string {
	if id := r.Header.Get(requestIDHeader); id != "" && len(id) <= 64 && plainID(id) {
		return id
	}
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}

func plainID(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// recorder remembers the status and size of a response for the access log, and whether anything
// was written, so that a panic is answered only while the answer has not begun.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *recorder) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController (huma's read deadlines, flushing) reach the real writer.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// serveHTTP wraps every request: id, security headers, body limit (a body declared larger is
// refused unread, one sent chunked is cut at the limit), panic recovery and one access log line
// with status and duration.
func (s *server) serveHTTP(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID(r)
		info := &requestInfo{id: id, log: s.log.With("request_id", id, "method", r.Method, "path", r.URL.Path)}
		r = r.WithContext(context.WithValue(r.Context(), infoKey{}, info))
		rec := &recorder{ResponseWriter: w}

		h := rec.Header()
		h.Set(requestIDHeader, id)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if strings.HasPrefix(r.URL.Path, apiPrefix) {
			// JSON and stored originals are never pages: nothing in them may run or be framed, and
			// answers that carry orders or secrets are not kept by caches.
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Cache-Control", "no-store")
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(rec, r.Body, s.maxBody)
		}

		defer func() {
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			attrs := []any{"status", status, "duration_ms", float64(time.Since(start).Microseconds()) / 1000, "bytes", rec.bytes}
			if info.actor != "" {
				attrs = append(attrs, "actor", info.actor)
			}
			info.log.InfoContext(r.Context(), "http request", attrs...)
		}()
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { //nolint:errorlint // a sentinel panic value, compared as net/http does
				panic(v)
			}
			err, ok := v.(error)
			if !ok {
				err = fmt.Errorf("%v", v) //nolint:err113 // a panic value made into an error to be logged
			}
			err = fmt.Errorf("panic: %w\n%s", err, debug.Stack())
			if rec.status != 0 {
				// The answer has begun: it cannot be turned into an error any more.
				info.log.ErrorContext(r.Context(), "panic after the response began", "err", err)
				return
			}
			Error(rec, r, err)
		}()
		if r.ContentLength > s.maxBody {
			// The declared size says enough: refused before a byte of the body is read, and net/http
			// closes the connection rather than drain it.
			Error(rec, r, &http.MaxBytesError{Limit: s.maxBody})
			return
		}
		next.ServeHTTP(rec, r)
	})
}
