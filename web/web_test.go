package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// now is the clock of every test store: one instant, so that audit times are known.
var now = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// bundle is one API over a fresh SQLite database, with a key per role.
type bundle struct {
	t       *testing.T
	handler http.Handler
	store   o2c.Store
	orders  *app.Orders
	md      *app.MasterData
	keys    *app.Keys
	log     *syncBuffer
	secrets map[string]string // role -> secret
}

// Roles, each an API key of that name with these scopes.
var roles = map[string][]o2c.Scope{
	"writer":   {o2c.ScopeOrdersWrite},
	"reader":   {o2c.ScopeOrdersRead},
	"reviewer": {o2c.ScopeOrdersReview, o2c.ScopeOrdersRead},
	"mdreader": {o2c.ScopeMasterDataRead},
	"mdwriter": {o2c.ScopeMasterDataWrite, o2c.ScopeMasterDataRead},
	"admin":    {o2c.ScopeAdmin},
	"writer2":  {o2c.ScopeOrdersWrite},
}

type option func(*Config)

func maxBody(n int64) option { return func(c *Config) { c.MaxBodyBytes = n } }

func setup(t *testing.T, opts ...option) *bundle {
	t.Helper()
	store := sqlite.MustOpenTest(t, sqlstore.Options{Enqueue: sqlstore.DiscardJobs, Now: func() time.Time { return now }})
	log := &syncBuffer{}
	orders := app.NewOrders(store, nil)
	orders.Now = func() time.Time { return now }
	orders.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	b := &bundle{t: t, store: store, orders: orders, md: &app.MasterData{Store: store}, keys: &app.Keys{Store: store},
		log: log, secrets: map[string]string{}}
	cfg := Config{Orders: b.orders, MasterData: b.md, Keys: b.keys, Version: "test",
		Log: slog.New(slog.NewJSONHandler(log, nil))}
	for _, o := range opts {
		o(&cfg)
	}
	b.handler = New(cfg)
	for role, scopes := range roles {
		secret, _, err := b.keys.Create(context.Background(), role, scopes, "test")
		if err != nil {
			t.Fatalf("create key %s: %v", role, err)
		}
		b.secrets[role] = secret
	}
	return b
}

// request is one call to the API; role "" sends no key.
type request struct {
	method, path, role string
	body               string
	contentType        string // default application/json when there is a body
	header             map[string]string
}

func (b *bundle) do(r request) *httptest.ResponseRecorder {
	b.t.Helper()
	var body io.Reader = http.NoBody
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req := httptest.NewRequest(r.method, r.path, body)
	if r.body != "" {
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
	} else if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if r.role != "" {
		secret, ok := b.secrets[r.role]
		if !ok {
			secret = r.role // a literal secret
		}
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	b.handler.ServeHTTP(rec, req)
	return rec
}

// call does a request, checks its status and decodes its JSON body into out (when not nil).
func (b *bundle) call(r request, wantStatus int, out any) {
	b.t.Helper()
	rec := b.do(r)
	if rec.Code != wantStatus {
		b.t.Fatalf("%s %s: status %d, want %d; body %s", r.method, r.path, rec.Code, wantStatus, rec.Body)
	}
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			b.t.Fatalf("%s %s: decode %s: %v", r.method, r.path, rec.Body, err)
		}
	}
}

// errorBody is the error JSON as a client reads it.
type errorBody struct {
	Code    string      `json:"code"`
	Message string      `json:"message"`
	Faults  []o2c.Fault `json:"faults"`
}

// problemOf decodes an error answer and checks its shape: a code, a message, a faults array.
func problemOf(t *testing.T, rec *httptest.ResponseRecorder) errorBody {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("error content type %q, want application/json; body %s", ct, rec.Body)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &raw); err != nil {
		t.Fatalf("error body is not a JSON object: %s", rec.Body)
	}
	for _, k := range []string{"code", "message", "faults"} {
		if _, ok := raw[k]; !ok {
			t.Fatalf("error body lacks %q: %s", k, rec.Body)
		}
	}
	if len(raw) != 3 {
		t.Fatalf("error body has other fields than code, message, faults: %s", rec.Body)
	}
	var e errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil {
		t.Fatalf("decode error body: %v", err)
	}
	if e.Message == "" {
		t.Fatalf("error without a message: %s", rec.Body)
	}
	return e
}

// hasFault reports whether an error names path in one of its faults.
func (e errorBody) hasFault(path string) bool {
	for _, f := range e.Faults {
		if f.Path == path {
			return true
		}
	}
	return false
}

// expectError checks an error answer's status, code and, when path is set, a fault at path.
func expectError(t *testing.T, rec *httptest.ResponseRecorder, status int, code o2c.Code, path string) errorBody {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	e := problemOf(t, rec)
	if e.Code != string(code) {
		t.Fatalf("code %q, want %q; body %s", e.Code, code, rec.Body)
	}
	if path != "" && !e.hasFault(path) {
		t.Fatalf("no fault at %s; body %s", path, rec.Body)
	}
	return e
}

// orderCount is how many orders the store holds.
func (b *bundle) orderCount() int {
	b.t.Helper()
	st, err := b.orders.Stats(context.Background())
	if err != nil {
		b.t.Fatalf("stats: %v", err)
	}
	return st.Total
}

// order is a canonical order with one line; the buyer is unknown to master data unless given.
func order(po string, extra ...string) string {
	fields := []string{`"document_type":"purchase_order"`, fmt.Sprintf(`"po_number":%q`, po), `"currency":"EUR"`,
		`"buyer":{"name":"Nobody We Know SARL"}`,
		`"lines":[{"line_no":1,"supplier_sku":"SKU-1","quantity":"2","unit":"C62","unit_price":"10.50"}]`}
	fields = append(fields, extra...)
	return "{" + strings.Join(fields, ",") + "}"
}

type submitted struct {
	DocumentID int64 `json:"document_id"`
	Orders     []struct {
		ID       int64  `json:"id"`
		Status   string `json:"status"`
		PONumber string `json:"po_number"`
		Version  int64  `json:"version"`
	} `json:"orders"`
	Created bool `json:"created"`
}

// submit posts a body as the writer and returns the answer, which must be 202.
func (b *bundle) submit(body string) submitted {
	b.t.Helper()
	var out submitted
	b.call(request{method: "POST", path: "/api/v1/orders", role: "writer", body: body}, http.StatusAccepted, &out)
	return out
}

// inReview submits an order, verified on receipt: its buyer is unknown, so it waits for review.
func (b *bundle) inReview(po string) *o2c.Order {
	b.t.Helper()
	s := b.submit(order(po))
	id := s.Orders[0].ID
	o, err := b.orders.Order(context.Background(), id)
	if err != nil {
		b.t.Fatalf("read order %d: %v", id, err)
	}
	if o.Status != o2c.OrderNeedsReview {
		b.t.Fatalf("order %d is %s after receipt, want needs_review", id, o.Status)
	}
	return o
}

// syncBuffer is a log sink that tests read while handlers write.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
