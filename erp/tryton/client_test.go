package tryton_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/erp/tryton"
)

// These tests need no trytond: a stand-in server answers the login and then what each case says,
// for the answers a healthy test server never gives.

// fakeTryton answers common.db.login and get_preferences, then every other call with status and body.
func fakeTryton(t *testing.T, status int, body string) *tryton.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var req struct {
			Method string `json:"method"`
		}
		if err := json.Unmarshal(raw, &req); err != nil || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "bad request", http.StatusInternalServerError)
			return
		}
		switch req.Method {
		case "common.db.login":
			_, _ = io.WriteString(w, `{"id":1,"result":[1,"key"]}`)
		case "model.res.user.get_preferences":
			_, _ = io.WriteString(w, `{"id":1,"result":{"company":1,"language":"en"}}`)
		default:
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := tryton.NewClient(tryton.Config{URL: srv.URL, DB: "o2c", User: "admin", Password: "secret"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCallErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		status  int
		body    string
		code    o2c.Code
		message string
	}{
		{"HTTP503", http.StatusServiceUnavailable, "busy", o2c.CodeUnavailable, ""},
		{"HTTP500", http.StatusInternalServerError, "<html>", o2c.CodeUnavailable, ""},
		{"HTTP429", http.StatusTooManyRequests, "", o2c.CodeUnavailable, ""},
		{"UserError", 200, `{"id":1,"error":["UserError",["The value for field \"Product\" in \"Sale Line\" is not valid according to its domain.","",null]]}`,
			o2c.CodeInvalid, `The value for field "Product" in "Sale Line" is not valid according to its domain.`},
		{"UserWarning", 200, `{"id":1,"error":["UserWarning",["duplicated_chart.1","A chart of accounts already exists.",""]]}`,
			o2c.CodeInvalid, "A chart of accounts already exists."},
		{"ConcurrencyException", 200, `{"id":1,"error":["ConcurrencyException","Records were modified in the meanwhile"]}`,
			o2c.CodeUnavailable, ""},
		{"UnknownField", 200, `{"id":1,"error":["'main_company'",""]}`, o2c.CodeInternal, ""},
		{"Unauthorized", http.StatusUnauthorized, "", o2c.CodeUnauthorized, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := fakeTryton(t, tc.status, tc.body)
			err := c.Call(context.Background(), "sale.sale", "search", nil, []any{}, 0, nil, nil)
			if got := o2c.ErrorCode(err); got != tc.code {
				t.Fatalf("code = %s (%v), want %s", got, err, tc.code)
			}
			if tc.message != "" && o2c.ErrorMessage(err) != tc.message {
				t.Fatalf("message = %q, want %q", o2c.ErrorMessage(err), tc.message)
			}
		})
	}
}

func TestValues(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{`{"__class__":"Decimal","decimal":"10.0000"}`, "10.0000"},
		{`{"__class__":"Decimal","decimal":"25.50"}`, "25.50"},
		{`3.0`, "3.0"},
		{`"0.1"`, "0.1"},
		{`null`, "0"},
	} {
		var d tryton.Decimal
		if err := json.Unmarshal([]byte(tc.in), &d); err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if d.String() != tc.want {
			t.Fatalf("%s read as %s, want %s", tc.in, d, tc.want)
		}
	}
	for _, bad := range []string{`{"__class__":"date","year":2026}`, `"ten"`, `true`} {
		var d tryton.Decimal
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Fatalf("%s read as %s, want an error", bad, d)
		}
	}
	out, err := json.Marshal(map[string]any{"price": tryton.Decimal{Decimal: dec("12.50")}, "qty": tryton.Float{Decimal: dec("3")}, "half": tryton.Float{Decimal: dec("0.5")}})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"half":0.5,"price":{"__class__":"Decimal","decimal":"12.50"},"qty":3.0}`; string(out) != want {
		t.Fatalf("marshal = %s, want %s", out, want)
	}
	var dt tryton.Date
	if err := json.Unmarshal([]byte(`{"__class__":"date","year":2026,"month":11,"day":27}`), &dt); err != nil || dt.String() != "2026-11-27" {
		t.Fatalf("date = %s, %v", dt, err)
	}
	var b struct{ A, B, C tryton.Bool }
	if err := json.Unmarshal([]byte(`{"A":1,"B":true,"C":0}`), &b); err != nil || !bool(b.A) || !bool(b.B) || bool(b.C) {
		t.Fatalf("booleans = %+v, %v", b, err)
	}
}
