package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/o2c-project/o2c"
)

// newClient returns the HTTP client of an engine. It has no timeout of its own (each call's
// context has one) and follows no redirect: a redirect would carry Azure's key header to
// whatever host it names, since Go drops only Authorization and cookies on another host.
func newClient() *http.Client {
	return &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// unavailableError is a CodeUnavailable error that says how long the service asked us to wait.
type unavailableError struct {
	err   *o2c.Error
	after time.Duration
}

func (e *unavailableError) Error() string { return e.err.Error() }
func (e *unavailableError) Unwrap() error { return e.err }

// RetryAfter returns how long the service asked us to wait before trying again (its Retry-After
// or retry-after-ms header), and whether it said. The error's code is CodeUnavailable then.
func RetryAfter(err error) (time.Duration, bool) {
	var u *unavailableError
	if errors.As(err, &u) {
		return u.after, true
	}
	return 0, false
}

// retryAfter reads the wait a response asks for: retry-after-ms (Azure OpenAI), else
// Retry-After in seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if ms, err := strconv.ParseInt(strings.TrimSpace(h.Get("retry-after-ms")), 10, 64); err == nil && ms >= 0 {
		return time.Duration(ms) * time.Millisecond, true
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil && s >= 0 && s < 1<<31 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// call is one HTTP exchange with a service, and what to say of it in errors.
type call struct {
	client   *http.Client
	service  string // "the language model at http://localhost:8080", "Azure Document Intelligence"
	now      func() time.Time
	maxBytes int64 // of the response body
}

// do sends req and returns the response's status, headers and body (at most c.maxBytes). A
// transport failure, or our own deadline, is CodeUnavailable; the caller's own cancellation is
// returned as it is.
func (c call) do(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	resp, err := c.client.Do(req.WithContext(ctx))
	if err != nil {
		return nil, nil, c.transportError(ctx, err)
	}
	defer func() { _ = resp.Body.Close() }() // the body is read whole or abandoned: nothing to report
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBytes+1))
	if err != nil {
		return nil, nil, c.transportError(ctx, err)
	}
	if int64(len(body)) > c.maxBytes {
		return nil, nil, o2c.Errorf(o2c.CodeTooLarge, "the answer of %s is larger than %d bytes", c.service, c.maxBytes)
	}
	return resp, body, nil
}

// transportError sorts a failure to talk to the service.
func (c call) transportError(ctx context.Context, err error) error {
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, errTimeout) {
		return fmt.Errorf("ask %s: %w", c.service, err) // the caller gave up: not the service's fault
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(context.Cause(ctx), errTimeout) {
		return &o2c.Error{Code: o2c.CodeUnavailable, Message: fmt.Sprintf("%s did not answer in time", c.service)}
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err // the URL is in c.service already
	}
	return &o2c.Error{Code: o2c.CodeUnavailable, Message: fmt.Sprintf("%s cannot be reached: %s", c.service, short(err.Error()))}
}

// errTimeout is the cause of an engine's own deadline, told apart from the caller's.
var errTimeout = errors.New("engine timeout")

// withTimeout bounds one extraction by the engine's own timeout.
func withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, d, errTimeout)
}

// statusError sorts a response that is not a success: 408, 429 and 5xx are CodeUnavailable
// (with the wait asked for), 413 CodeTooLarge, 400 and 422 CodeInvalid with the service's
// message, anything else an internal error (a wrong key, model or endpoint).
func (c call) statusError(resp *http.Response, body []byte) error {
	msg := serviceMessage(body)
	said := fmt.Sprintf("%s answered %s", c.service, resp.Status)
	if msg != "" {
		said += ": " + msg
	}
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests || s == http.StatusRequestTimeout || s >= 500:
		e := &o2c.Error{Code: o2c.CodeUnavailable, Message: said}
		if d, ok := retryAfter(resp.Header, c.now()); ok {
			e.Message += fmt.Sprintf(" (retry after %s)", d)
			return &unavailableError{err: e, after: d}
		}
		return e
	case s == http.StatusRequestEntityTooLarge:
		return &o2c.Error{Code: o2c.CodeTooLarge, Message: said}
	case s == http.StatusBadRequest || s == http.StatusUnprocessableEntity:
		return &o2c.Error{Code: o2c.CodeInvalid, Message: said}
	}
	return errors.New(said)
}

// serviceMessage finds the message of an error body: {"error": {"message": ..., "innererror":
// {"message": ...}}} (OpenAI, Azure, llama.cpp, vLLM), {"error": "..."} (Ollama), or the text
// itself.
func serviceMessage(body []byte) string {
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil || len(e.Error) == 0 {
		if utf8.Valid(body) && !bytes.HasPrefix(bytes.TrimSpace(body), []byte("<")) { // not an HTML error page
			return short(strings.TrimSpace(string(body)))
		}
		return ""
	}
	var s string
	if json.Unmarshal(e.Error, &s) == nil {
		return short(s)
	}
	var obj serviceError
	if json.Unmarshal(e.Error, &obj) == nil {
		return obj.String()
	}
	return ""
}

// serviceError is the error object of OpenAI, Azure and the local servers.
type serviceError struct {
	Code       json.RawMessage `json:"code"` // a string (Azure, OpenAI) or a number (llama.cpp)
	Message    string          `json:"message"`
	InnerError *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"innererror"`
}

// String is the message, with the inner error's where it says more ("Invalid request.: The
// file is corrupted or format is unsupported.").
func (e *serviceError) String() string {
	msg := strings.TrimSpace(e.Message)
	if e.InnerError != nil && e.InnerError.Message != "" && e.InnerError.Message != e.Message {
		msg = strings.TrimSuffix(msg, ".") + ": " + strings.TrimSpace(e.InnerError.Message)
	}
	if msg == "" {
		var code string
		if json.Unmarshal(e.Code, &code) == nil {
			msg = code
		}
	}
	return short(msg)
}

// short cuts a service's text for a message: at most 300 characters, on one line.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= 300 {
		return s
	}
	r := []rune(s)
	return string(r[:300]) + "…"
}
