package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

func TestAuthentication(t *testing.T) {
	t.Parallel()
	b := setup(t)
	revokedSecret, revoked, err := b.keys.Create(context.Background(), "retired", []o2c.Scope{o2c.ScopeAdmin}, "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.keys.Revoke(context.Background(), revoked.ID, "test"); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		method string
		path   string
		header map[string]string
		status int
	}{
		{"ErrNoKey", "GET", "/api/v1/orders", nil, http.StatusUnauthorized},
		{"ErrUnknownKey", "GET", "/api/v1/orders", map[string]string{"Authorization": "Bearer o2c_notakey"}, http.StatusUnauthorized},
		{"ErrNotAnO2CKey", "GET", "/api/v1/orders", map[string]string{"Authorization": "Bearer hunter2"}, http.StatusUnauthorized},
		{"ErrRevokedKey", "GET", "/api/v1/orders", map[string]string{"Authorization": "Bearer " + revokedSecret}, http.StatusUnauthorized},
		{"ErrBasicScheme", "GET", "/api/v1/orders", map[string]string{"Authorization": "Basic " + b.secrets["reader"]}, http.StatusUnauthorized},
		{"ErrEmptyBearer", "GET", "/api/v1/orders", map[string]string{"Authorization": "Bearer "}, http.StatusUnauthorized},
		{"ErrScopeMissingRead", "GET", "/api/v1/orders", map[string]string{"Authorization": "Bearer " + b.secrets["writer"]}, http.StatusForbidden},
		{"ErrScopeMissingWrite", "POST", "/api/v1/orders", map[string]string{"Authorization": "Bearer " + b.secrets["reader"]}, http.StatusForbidden},
		{"ErrScopeMissingMasterData", "GET", "/api/v1/customers", map[string]string{"Authorization": "Bearer " + b.secrets["reader"]}, http.StatusForbidden},
		{"ErrScopeMissingMasterDataWrite", "PUT", "/api/v1/customers/C1", map[string]string{"Authorization": "Bearer " + b.secrets["mdreader"]}, http.StatusForbidden},
		{"ErrScopeMissingAdmin", "GET", "/api/v1/keys", map[string]string{"Authorization": "Bearer " + b.secrets["mdwriter"]}, http.StatusForbidden},
		{"BearerOK", "GET", "/api/v1/orders", map[string]string{"Authorization": "Bearer " + b.secrets["reader"]}, http.StatusOK},
		{"BearerSchemeAnyCase", "GET", "/api/v1/orders", map[string]string{"Authorization": "bearer " + b.secrets["reader"]}, http.StatusOK},
		{"XAPIKeyOK", "GET", "/api/v1/orders", map[string]string{"X-API-Key": b.secrets["reader"]}, http.StatusOK},
		{"AdminHoldsEveryScope", "GET", "/api/v1/customers", map[string]string{"X-API-Key": b.secrets["admin"]}, http.StatusOK},
		{"HealthNeedsNoKey", "GET", "/healthz", nil, http.StatusOK},
		{"OpenAPINeedsNoKey", "GET", "/api/v1/openapi.json", nil, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := b.do(request{method: tt.method, path: tt.path, header: tt.header})
			switch tt.status {
			case http.StatusUnauthorized:
				expectError(t, rec, tt.status, o2c.CodeUnauthorized, "")
				if rec.Header().Get("WWW-Authenticate") == "" {
					t.Fatal("401 without WWW-Authenticate")
				}
			case http.StatusForbidden:
				e := expectError(t, rec, tt.status, o2c.CodeUnauthorized, "")
				if !strings.Contains(e.Message, "scope") {
					t.Fatalf("403 message %q does not name the missing scope", e.Message)
				}
			default:
				if rec.Code != tt.status {
					t.Fatalf("status %d, want %d; body %s", rec.Code, tt.status, rec.Body)
				}
			}
		})
	}

	t.Run("ErrNoKeyReadsNoBody", func(t *testing.T) {
		t.Parallel()
		rec := b.do(request{method: "POST", path: "/api/v1/orders", body: order("PO-1")})
		expectError(t, rec, http.StatusUnauthorized, o2c.CodeUnauthorized, "")
		if n := b.orderCount(); n != 0 {
			t.Fatalf("%d orders stored without a key", n)
		}
	})
}

func TestKeys(t *testing.T) {
	t.Parallel()
	b := setup(t)

	var created struct {
		Key struct {
			ID     int64    `json:"id"`
			Name   string   `json:"name"`
			Prefix string   `json:"prefix"`
			Scopes []string `json:"scopes"`
		} `json:"key"`
		Secret string `json:"secret"`
	}
	b.call(request{method: "POST", path: "/api/v1/keys", role: "admin", body: `{"name":"erp-bridge","scopes":["orders:read"]}`},
		http.StatusCreated, &created)
	if created.Key.ID == 0 || created.Key.Name != "erp-bridge" || created.Secret == "" || !strings.HasPrefix(created.Secret, created.Key.Prefix) {
		t.Fatalf("created %+v, want the key and its secret", created)
	}
	b.call(request{method: "GET", path: "/api/v1/orders", role: created.Secret}, http.StatusOK, nil)

	var list []map[string]any
	b.call(request{method: "GET", path: "/api/v1/keys", role: "admin"}, http.StatusOK, &list)
	if len(list) != len(roles)+1 {
		t.Fatalf("%d keys listed, want %d", len(list), len(roles)+1)
	}
	for _, k := range list {
		for _, secretField := range []string{"secret", "hash", "Hash"} {
			if _, ok := k[secretField]; ok {
				t.Fatalf("key list shows %s: %v", secretField, k)
			}
		}
	}

	rec := b.do(request{method: "DELETE", path: "/api/v1/keys/" + itoa(created.Key.ID), role: "admin"})
	if rec.Code != http.StatusNoContent {
		t.Fatalf("revoke: status %d, want 204; body %s", rec.Code, rec.Body)
	}
	expectError(t, b.do(request{method: "GET", path: "/api/v1/orders", role: created.Secret}), http.StatusUnauthorized, o2c.CodeUnauthorized, "")

	bad := []struct {
		name, method, path, role, body string
		status                         int
		code                           o2c.Code
		fault                          string
	}{
		{"ErrUnknownScope", "POST", "/api/v1/keys", "admin", `{"name":"x","scopes":["orders:everything"]}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.scopes[0]"},
		{"ErrNoScopes", "POST", "/api/v1/keys", "admin", `{"name":"x","scopes":[]}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.scopes"},
		{"ErrNoName", "POST", "/api/v1/keys", "admin", `{"scopes":["orders:read"]}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.name"},
		{"ErrDuplicateName", "POST", "/api/v1/keys", "admin", `{"name":"reader","scopes":["orders:read"]}`, http.StatusConflict, o2c.CodeConflict, ""},
		{"ErrNotAdmin", "POST", "/api/v1/keys", "writer", `{"name":"x","scopes":["admin"]}`, http.StatusForbidden, o2c.CodeUnauthorized, ""},
		{"ErrRevokeUnknown", "DELETE", "/api/v1/keys/987654", "admin", "", http.StatusNotFound, o2c.CodeNotFound, ""},
		{"ErrRevokeNotNumber", "DELETE", "/api/v1/keys/reader", "admin", "", http.StatusNotFound, o2c.CodeNotFound, ""},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			expectError(t, b.do(request{method: tt.method, path: tt.path, role: tt.role, body: tt.body}), tt.status, tt.code, tt.fault)
		})
	}
}
