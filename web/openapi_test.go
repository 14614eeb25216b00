package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// apiRoutes is every operation the API promises; the document must list each of them.
var apiRoutes = []struct{ method, path, scope string }{
	{"POST", "/api/v1/orders", "orders:write"},
	{"POST", "/api/v1/documents", "orders:write"},
	{"GET", "/api/v1/orders", "orders:read"},
	{"GET", "/api/v1/orders/{id}", "orders:read"},
	{"GET", "/api/v1/orders/{id}/history", "orders:read"},
	{"GET", "/api/v1/orders/{id}/document", "orders:read"},
	{"POST", "/api/v1/orders/{id}/approve", "orders:review"},
	{"POST", "/api/v1/orders/{id}/reject", "orders:review"},
	{"POST", "/api/v1/orders/{id}/correct", "orders:review"},
	{"GET", "/api/v1/stats", "orders:read"},
	{"GET", "/api/v1/customers", "masterdata:read"},
	{"GET", "/api/v1/customers/{id}", "masterdata:read"},
	{"PUT", "/api/v1/customers/{id}", "masterdata:write"},
	{"GET", "/api/v1/products", "masterdata:read"},
	{"GET", "/api/v1/products/{sku}", "masterdata:read"},
	{"PUT", "/api/v1/products/{sku}", "masterdata:write"},
	{"POST", "/api/v1/ship-to", "masterdata:write"},
	{"POST", "/api/v1/customer-items", "masterdata:write"},
	{"POST", "/api/v1/customer-prices", "masterdata:write"},
	{"POST", "/api/v1/masterdata/import", "masterdata:write"},
	{"GET", "/api/v1/keys", "admin"},
	{"POST", "/api/v1/keys", "admin"},
	{"DELETE", "/api/v1/keys/{id}", "admin"},
	{"GET", "/api/v1/customers/{id}/sheet-profile", "masterdata:read"},
	{"PUT", "/api/v1/customers/{id}/sheet-profile", "masterdata:write"},
	{"DELETE", "/api/v1/customers/{id}/sheet-profile", "masterdata:write"},
	{"GET", "/api/v1/sheet-profiles", "masterdata:read"},
	{"GET", "/api/v1/sheet-profiles/fields", "masterdata:read"},
	{"GET", "/api/v1/archive", "orders:read"},
	{"GET", "/api/v1/archive/{sha256}", "orders:read"},
	{"GET", "/api/v1/archive/{sha256}/content", "orders:read"},
	{"POST", "/api/v1/archive/export", "orders:read"},
	{"GET", "/api/v1/archive/verify", "admin"},
	{"GET", "/api/v1/alert-rules", "admin"},
	{"POST", "/api/v1/alert-rules", "admin"},
	{"GET", "/api/v1/alert-rules/{id}", "admin"},
	{"PUT", "/api/v1/alert-rules/{id}", "admin"},
	{"DELETE", "/api/v1/alert-rules/{id}", "admin"},
	{"POST", "/api/v1/alert-rules/{id}/test", "admin"},
	{"GET", "/api/v1/invoices", "invoices:read"},
	{"POST", "/api/v1/invoices", "invoices:write"},
	{"GET", "/api/v1/invoices/{id}", "invoices:read"},
	{"GET", "/api/v1/invoices/{id}/history", "invoices:read"},
	{"GET", "/api/v1/invoices/{id}/download", "invoices:read"},
	{"POST", "/api/v1/invoices/{id}/issue", "invoices:write"},
	{"POST", "/api/v1/invoices/{id}/credit", "invoices:write"},
	{"POST", "/api/v1/invoices/{id}/send", "invoices:write"},
	{"GET", "/api/v1/customers/{id}/invoicing", "invoices:read"},
	{"GET", "/api/v1/customers/{id}/statement", "invoices:read"},
	{"PUT", "/api/v1/customers/{id}/invoicing", "invoices:write"},
	{"POST", "/api/v1/bank/statements", "invoices:write"},
	{"GET", "/api/v1/bank/csv-mappings", "invoices:read"},
	{"PUT", "/api/v1/bank/csv-mappings/{name}", "invoices:write"},
	{"DELETE", "/api/v1/bank/csv-mappings/{name}", "invoices:write"},
	{"GET", "/api/v1/bank/statements", "invoices:read"},
	{"GET", "/api/v1/bank/statements/{id}", "invoices:read"},
	{"GET", "/api/v1/bank/transactions", "invoices:read"},
	{"POST", "/api/v1/bank/transactions/{id}/apply", "invoices:write"},
	{"POST", "/api/v1/bank/transactions/{id}/reverse", "invoices:write"},
	{"POST", "/api/v1/bank/transactions/{id}/ignore", "invoices:write"},
	{"GET", "/api/v1/disputes", "invoices:read"},
	{"POST", "/api/v1/disputes", "invoices:write"},
	{"GET", "/api/v1/disputes/{id}", "invoices:read"},
	{"GET", "/api/v1/disputes/{id}/history", "invoices:read"},
	{"POST", "/api/v1/disputes/{id}/comments", "invoices:write"},
	{"POST", "/api/v1/disputes/{id}/documents", "invoices:write"},
	{"POST", "/api/v1/disputes/{id}/assign", "invoices:write"},
	{"POST", "/api/v1/disputes/{id}/resolve", "invoices:write"},
	{"POST", "/api/v1/disputes/{id}/confirm", "invoices:write"},
	{"POST", "/api/v1/disputes/{id}/dismiss", "invoices:write"},
	{"GET", "/api/v1/reminders", "invoices:read"},
	{"POST", "/api/v1/reminders/run", "invoices:write"},
}

type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Info    struct {
		Title   string `json:"title"`
		Version string `json:"version"`
	} `json:"info"`
	Paths      map[string]map[string]openAPIOperation `json:"paths"`
	Components struct {
		Schemas         map[string]schemaJSON      `json:"schemas"`
		SecuritySchemes map[string]json.RawMessage `json:"securitySchemes"`
	} `json:"components"`
}

type openAPIOperation struct {
	OperationID string                     `json:"operationId"`
	Description string                     `json:"description"`
	Security    []map[string][]string      `json:"security"`
	Responses   map[string]json.RawMessage `json:"responses"`
	RequestBody *struct {
		Content map[string]struct{ Schema schemaJSON }
	} `json:"requestBody"`
}

type schemaJSON struct {
	Ref        string                `json:"$ref"`
	Type       any                   `json:"type"`
	Pattern    string                `json:"pattern"`
	Format     string                `json:"format"`
	Enum       []string              `json:"enum"`
	OneOf      []schemaJSON          `json:"oneOf"`
	Properties map[string]schemaJSON `json:"properties"`
	Required   []string              `json:"required"`
}

func TestOpenAPI(t *testing.T) {
	t.Parallel()
	b := setup(t)
	rec := b.do(request{method: "GET", path: "/api/v1/openapi.json"})
	if rec.Code != http.StatusOK {
		t.Fatalf("openapi.json: status %d", rec.Code)
	}
	var doc openAPIDoc
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || doc.Info.Version != "test" || doc.Info.Title == "" {
		t.Fatalf("document openapi %q info %+v, want OpenAPI 3.x with our title and version", doc.OpenAPI, doc.Info)
	}

	t.Run("EveryRoute", func(t *testing.T) {
		t.Parallel()
		listed := 0
		for _, item := range doc.Paths {
			listed += len(item)
		}
		if listed != len(apiRoutes) {
			t.Errorf("the document lists %d operations, the API promises %d", listed, len(apiRoutes))
		}
		for _, r := range apiRoutes {
			op, ok := doc.Paths[r.path][strings.ToLower(r.method)]
			if !ok {
				t.Errorf("the document lacks %s %s", r.method, r.path)
				continue
			}
			if op.OperationID == "" || len(op.Security) == 0 || !strings.Contains(op.Description, "`"+r.scope+"`") {
				t.Errorf("%s %s: id %q security %v description %q, want an id, security and scope %s", r.method, r.path, op.OperationID, op.Security, op.Description, r.scope)
			}
			for _, status := range []string{"401", "403"} {
				if _, ok := op.Responses[status]; !ok {
					t.Errorf("%s %s does not document %s", r.method, r.path, status)
				}
			}
		}
		if len(doc.Components.SecuritySchemes) != 2 {
			t.Errorf("security schemes %v, want bearer and apiKey", doc.Components.SecuritySchemes)
		}
	})

	t.Run("EveryRouteIsServed", func(t *testing.T) {
		t.Parallel()
		for _, r := range apiRoutes {
			path := strings.NewReplacer("{id}", "1", "{sku}", "X").Replace(r.path)
			rec := b.do(request{method: r.method, path: path})
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("%s %s without a key: status %d, want 401 (the route exists and is protected)", r.method, path, rec.Code)
			}
		}
	})

	t.Run("DecimalsAndDatesAreStrings", func(t *testing.T) {
		t.Parallel()
		s := doc.Components.Schemas
		for _, c := range []struct{ schema, field string }{
			{"DraftLine", "quantity"}, {"DraftLine", "unit_price"}, {"Totals", "gross"}, {"Order", "net_total"},
			{"OrderLine", "line_total"}, {"Product", "unit_price"}, {"Customer", "credit_limit"}, {"CustomerPrice", "unit_price"},
		} {
			f := s[c.schema].Properties[c.field]
			if f.Type != "string" || f.Pattern != decimalPattern {
				t.Errorf("%s.%s is %+v, want a string with pattern %s", c.schema, c.field, f, decimalPattern)
			}
		}
		for _, c := range []struct{ schema, field string }{{"OrderDraft", "order_date"}, {"CustomerPrice", "valid_from"}} {
			if f := s[c.schema].Properties[c.field]; f.Format != "date" || !typeIncludes(f.Type, "string") {
				t.Errorf("%s.%s is %+v, want a date string", c.schema, c.field, f)
			}
		}
		if f := s["Order"].Properties["status"]; !slices.Contains(f.Enum, "needs_review") {
			t.Errorf("Order.status %+v, want the statuses as an enum", f)
		}
		if f := s["OrderDraft"].Properties["document_type"]; !slices.Contains(f.Enum, "purchase_order") {
			t.Errorf("OrderDraft.document_type %+v, want the document types as an enum", f)
		}
	})

	t.Run("OrderBodiesAreDescribed", func(t *testing.T) {
		t.Parallel()
		submit := doc.Paths["/api/v1/orders"]["post"].RequestBody
		if submit == nil || len(submit.Content["application/json"].Schema.OneOf) != 2 ||
			submit.Content["application/json"].Schema.OneOf[0].Ref != "#/components/schemas/OrderDraft" {
			t.Fatalf("submit body %+v, want an OrderDraft or an array of them", submit)
		}
		correct := doc.Components.Schemas["CorrectBody"]
		if correct.Properties["draft"].Ref != "#/components/schemas/OrderDraft" || !slices.Contains(correct.Required, "version") {
			t.Fatalf("correction body %+v, want version and an OrderDraft", correct)
		}
		if imp := doc.Paths["/api/v1/masterdata/import"]["post"].RequestBody; imp == nil || len(imp.Content) != 2 {
			t.Fatalf("import body %+v, want multipart and JSON", imp)
		}
	})

	t.Run("ErrorBody", func(t *testing.T) {
		t.Parallel()
		p := doc.Components.Schemas["Problem"]
		for _, f := range []string{"code", "message", "faults"} {
			if !slices.Contains(p.Required, f) {
				t.Errorf("error schema %+v does not require %s", p, f)
			}
		}
	})
}

func typeIncludes(t any, want string) bool {
	switch v := t.(type) {
	case string:
		return v == want
	case []any:
		return slices.Contains(v, any(want))
	}
	return false
}
