package web

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

const (
	customersCSV = "customer_id,name,vat_id,country,currency,payment_terms_days,credit_limit\n" +
		"C001,Dupont & Fils SARL,FR40303265045,FR,EUR,30,50000.00\n" +
		"C002,Müller GmbH,,DE,EUR,45,\n"
	productsCSV = "sku,description,unit,unit_price,currency,vat_rate\n" +
		"PEN-BLUE,Ballpoint pen blue,C62,0.45,EUR,20\n" +
		"PAPER-A4,Copy paper A4,PK,4.99,EUR,5.5\n"
	pricesCSV = "customer_id,sku,unit_price,valid_from,valid_to\n" +
		"C001,PEN-BLUE,0.40,2026-01-01,2026-06-30\n"
)

// masterData returns everything the store holds, to compare before and after a refused change.
func (b *bundle) masterData() *o2c.MasterData {
	b.t.Helper()
	m, err := b.store.LoadMasterData(context.Background())
	if err != nil {
		b.t.Fatalf("load master data: %v", err)
	}
	return m
}

// multipartBody builds a multipart/form-data body of files in the field "file".
func multipartBody(t *testing.T, field string, files map[string]string) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for name, content := range files {
		part, err := w.CreateFormFile(field, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := part.Write([]byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), w.FormDataContentType()
}

func jsonFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"files": files})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type importReport struct {
	Files []struct {
		File     string `json:"file"`
		Rows     int    `json:"rows"`
		Inserted int    `json:"inserted"`
		Updated  int    `json:"updated"`
	} `json:"files"`
}

func (r importReport) rows(file string) (rows, inserted, updated int) {
	for _, f := range r.Files {
		if f.File == file {
			return f.Rows, f.Inserted, f.Updated
		}
	}
	return -1, -1, -1
}

func TestImport(t *testing.T) {
	t.Parallel()

	t.Run("Multipart", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		body, ct := multipartBody(t, "file", map[string]string{"customers.csv": customersCSV, "products.csv": productsCSV, "customer_prices.csv": pricesCSV})
		var r importReport
		b.call(request{method: "POST", path: "/api/v1/masterdata/import", role: "mdwriter", body: body, contentType: ct}, http.StatusOK, &r)
		if rows, ins, _ := r.rows("customers.csv"); rows != 2 || ins != 2 {
			t.Fatalf("report %+v, want 2 customers inserted", r)
		}
		if rows, ins, _ := r.rows("customer_prices.csv"); rows != 1 || ins != 1 {
			t.Fatalf("report %+v, want 1 price inserted", r)
		}
		if m := b.masterData(); len(m.Customers) != 2 || len(m.Products) != 2 || len(m.CustomerPrices) != 1 {
			t.Fatalf("store holds %d customers, %d products, %d prices; want 2, 2, 1", len(m.Customers), len(m.Products), len(m.CustomerPrices))
		}
		// Loading again updates by key.
		b.call(request{method: "POST", path: "/api/v1/masterdata/import", role: "mdwriter", body: body, contentType: ct}, http.StatusOK, &r)
		if _, ins, upd := r.rows("customers.csv"); ins != 0 || upd != 2 {
			t.Fatalf("second import %+v, want 2 customers updated", r)
		}
	})

	t.Run("JSON", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		var r importReport
		b.call(request{method: "POST", path: "/api/v1/masterdata/import", role: "mdwriter",
			body: jsonFiles(t, map[string]string{"customers.csv": customersCSV})}, http.StatusOK, &r)
		if rows, ins, _ := r.rows("customers.csv"); rows != 2 || ins != 2 {
			t.Fatalf("report %+v, want 2 customers inserted", r)
		}
	})

	badProducts := "sku,description,unit_price,currency\n" +
		"PEN-BLUE,Ballpoint pen,0.45,EUR\n" +
		"PAPER-A4,Copy paper,\"4,99\",EURO\n"
	bad := []struct {
		name        string
		body        func(t *testing.T) (string, string)
		status      int
		faultPaths  []string
		wantMessage string
	}{
		{"ErrBadRowsMultipart", func(t *testing.T) (string, string) {
			return multipartBody(t, "file", map[string]string{"customers.csv": customersCSV, "products.csv": badProducts})
		}, http.StatusUnprocessableEntity, []string{"products.csv:3:unit_price", "products.csv:3:currency"}, ""},
		{"ErrBadRowsJSON", func(t *testing.T) (string, string) {
			return jsonFiles(t, map[string]string{"customers.csv": customersCSV, "products.csv": badProducts}), "application/json"
		}, http.StatusUnprocessableEntity, []string{"products.csv:3:unit_price", "products.csv:3:currency"}, ""},
		{"ErrPriceOfUnknownProduct", func(t *testing.T) (string, string) {
			return jsonFiles(t, map[string]string{"customers.csv": customersCSV, "customer_prices.csv": pricesCSV}), "application/json"
		}, http.StatusUnprocessableEntity, []string{"customer_prices.csv:2:sku"}, ""},
		{"ErrUnknownFileName", func(t *testing.T) (string, string) {
			return multipartBody(t, "file", map[string]string{"customers.csv": customersCSV, "customer.csv": customersCSV})
		}, http.StatusUnprocessableEntity, []string{"form.file"}, ""},
		{"ErrUnknownFileNameJSON", func(t *testing.T) (string, string) {
			return jsonFiles(t, map[string]string{"clients.csv": customersCSV}), "application/json"
		}, http.StatusUnprocessableEntity, []string{`$.files["clients.csv"]`}, ""},
		{"ErrWrongField", func(t *testing.T) (string, string) {
			return multipartBody(t, "upload", map[string]string{"customers.csv": customersCSV})
		}, http.StatusUnprocessableEntity, []string{"form.upload"}, ""},
		{"ErrNoFiles", func(t *testing.T) (string, string) { return jsonFiles(t, map[string]string{}), "application/json" },
			http.StatusUnprocessableEntity, []string{"$.files"}, ""},
		{"ErrCSVNotString", func(t *testing.T) (string, string) {
			return `{"files":{"customers.csv":42}}`, "application/json"
		}, http.StatusUnprocessableEntity, []string{`$.files["customers.csv"]`}, ""},
		{"ErrUnknownJSONField", func(t *testing.T) (string, string) {
			return `{"files":{"customers.csv":"x"},"mode":"replace"}`, "application/json"
		}, http.StatusUnprocessableEntity, []string{"$.mode"}, ""},
		{"ErrCSVAsText", func(t *testing.T) (string, string) { return customersCSV, "text/csv" },
			http.StatusUnsupportedMediaType, []string{"header.Content-Type"}, ""},
		{"ErrMultipartWithoutBoundary", func(t *testing.T) (string, string) { return "--x--", "multipart/form-data" },
			http.StatusBadRequest, []string{"header.Content-Type"}, ""},
	}
	b := setup(t)
	var seed importReport
	b.call(request{method: "POST", path: "/api/v1/masterdata/import", role: "mdwriter",
		body: jsonFiles(t, map[string]string{"customers.csv": "customer_id,name\nC900,Already Here Ltd\n"})}, http.StatusOK, &seed)
	before := b.masterData()
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body, ct := tt.body(t)
			rec := b.do(request{method: "POST", path: "/api/v1/masterdata/import", role: "mdwriter", body: body, contentType: ct})
			e := expectError(t, rec, tt.status, o2c.CodeInvalid, "")
			for _, p := range tt.faultPaths {
				if !e.hasFault(p) {
					t.Fatalf("no fault at %s: %+v", p, e.Faults)
				}
			}
			if after := b.masterData(); !reflect.DeepEqual(before, after) {
				t.Fatalf("a refused import changed the store:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}

func TestMasterDataRecords(t *testing.T) {
	t.Parallel()

	t.Run("PutCustomer", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		var got map[string]any
		b.call(request{method: "PUT", path: "/api/v1/customers/C100", role: "mdwriter",
			body: `{"name":"Acme SA","country":"fr","currency":"eur","payment_terms_days":30,"credit_limit":"1000.00"}`}, http.StatusCreated, &got)
		if got["customer_id"] != "C100" || got["country"] != "FR" || got["currency"] != "EUR" || !sameDecimal(got["credit_limit"], "1000") {
			t.Fatalf("stored customer %v, want C100 with codes upper-cased and the credit limit as a string", got)
		}
		b.call(request{method: "PUT", path: "/api/v1/customers/C100", role: "mdwriter",
			body: `{"customer_id":"C100","name":"Acme SAS"}`}, http.StatusOK, &got)
		c, err := b.md.Customer(context.Background(), "C100")
		if err != nil || c.Name != "Acme SAS" {
			t.Fatalf("customer after update %+v (%v), want the new name", c, err)
		}
		var detail struct {
			ID     string `json:"customer_id"`
			Name   string `json:"name"`
			ShipTo []any  `json:"ship_to"`
		}
		b.call(request{method: "GET", path: "/api/v1/customers/C100", role: "mdreader"}, http.StatusOK, &detail)
		if detail.ID != "C100" || detail.Name != "Acme SAS" || detail.ShipTo == nil {
			t.Fatalf("detail %+v, want the customer with its (empty) addresses", detail)
		}
	})

	t.Run("PutProductAndList", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.call(request{method: "PUT", path: "/api/v1/products/PEN-BLUE", role: "mdwriter",
			body: `{"description":"Ballpoint pen, blue","unit_price":"0.45","currency":"EUR","pack_size":"10"}`}, http.StatusCreated, nil)
		b.call(request{method: "PUT", path: "/api/v1/products/PAPER-A4", role: "mdwriter",
			body: `{"description":"Copy paper","unit_price":"4.990"}`}, http.StatusCreated, nil)
		var p map[string]any
		b.call(request{method: "GET", path: "/api/v1/products/PEN-BLUE", role: "mdreader"}, http.StatusOK, &p)
		if p["sku"] != "PEN-BLUE" || !sameDecimal(p["unit_price"], "0.45") {
			t.Fatalf("product %v, want PEN-BLUE at 0.45", p)
		}
		var page struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
			Limit int              `json:"limit"`
		}
		b.call(request{method: "GET", path: "/api/v1/products?q=paper&limit=10", role: "mdreader"}, http.StatusOK, &page)
		if page.Total != 1 || len(page.Items) != 1 || page.Items[0]["sku"] != "PAPER-A4" || page.Limit != 10 {
			t.Fatalf("search for paper %+v, want PAPER-A4 alone", page)
		}
		expectError(t, b.do(request{method: "GET", path: "/api/v1/products/NOPE", role: "mdreader"}), http.StatusNotFound, o2c.CodeNotFound, "")
		expectError(t, b.do(request{method: "GET", path: "/api/v1/customers/NOPE", role: "mdreader"}), http.StatusNotFound, o2c.CodeNotFound, "")
	})

	t.Run("UpsertManyAndReferences", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		b.call(request{method: "PUT", path: "/api/v1/customers/C1", role: "mdwriter", body: `{"name":"One"}`}, http.StatusCreated, nil)
		b.call(request{method: "PUT", path: "/api/v1/products/P1", role: "mdwriter", body: `{"description":"Thing"}`}, http.StatusCreated, nil)
		var r importReport
		b.call(request{method: "POST", path: "/api/v1/ship-to", role: "mdwriter",
			body: `[{"customer_id":"C1","address_id":"MAIN","city":"Lyon","country":"FR"},{"customer_id":"C1","address_id":"WH","country":"BE"}]`}, http.StatusOK, &r)
		if rows, ins, _ := r.rows("ship_to.csv"); rows != 2 || ins != 2 {
			t.Fatalf("report %+v, want 2 addresses inserted", r)
		}
		b.call(request{method: "POST", path: "/api/v1/customer-items", role: "mdwriter",
			body: `{"customer_id":"C1","customer_sku":"THEIR-1","sku":"P1"}`}, http.StatusOK, &r)
		b.call(request{method: "POST", path: "/api/v1/customer-prices", role: "mdwriter",
			body: `{"customer_id":"C1","sku":"P1","unit_price":"9.90","valid_from":"2026-01-01"}`}, http.StatusOK, &r)
		m := b.masterData()
		if len(m.ShipTos) != 2 || len(m.CustomerItems) != 1 || len(m.CustomerPrices) != 1 || !m.CustomerPrices[0].UnitPrice.Equal(decimal.RequireFromString("9.90")) {
			t.Fatalf("store %+v, want 2 addresses, 1 item, 1 price of 9.90", m)
		}
	})

	bad := []struct {
		name, method, path, body string
		status                   int
		fault                    string
	}{
		{"ErrCustomerIDMismatch", "PUT", "/api/v1/customers/C1", `{"customer_id":"C2","name":"X"}`, http.StatusUnprocessableEntity, "$.customer_id"},
		{"ErrCustomerNameMissing", "PUT", "/api/v1/customers/C1", `{"country":"FR"}`, http.StatusUnprocessableEntity, "$.name"},
		{"ErrCustomerNameBlank", "PUT", "/api/v1/customers/C1", `{"name":"  "}`, http.StatusUnprocessableEntity, "$.name"},
		{"ErrCurrencyUnknown", "PUT", "/api/v1/customers/C1", `{"name":"X","currency":"EURO"}`, http.StatusUnprocessableEntity, "$.currency"},
		{"ErrCountryNotISO", "PUT", "/api/v1/customers/C1", `{"name":"X","country":"France"}`, http.StatusUnprocessableEntity, "$.country"},
		{"ErrCreditLimitNegative", "PUT", "/api/v1/customers/C1", `{"name":"X","credit_limit":"-1"}`, http.StatusUnprocessableEntity, "$.credit_limit"},
		{"ErrCreditLimitNumber", "PUT", "/api/v1/customers/C1", `{"name":"X","credit_limit":100}`, http.StatusUnprocessableEntity, "$.credit_limit"},
		{"ErrCreditLimitDecimalComma", "PUT", "/api/v1/customers/C1", `{"name":"X","credit_limit":"1,5"}`, http.StatusUnprocessableEntity, "$.credit_limit"},
		{"ErrPaymentTermsNegative", "PUT", "/api/v1/customers/C1", `{"name":"X","payment_terms_days":-3}`, http.StatusUnprocessableEntity, "$.payment_terms_days"},
		{"ErrCustomerUnknownField", "PUT", "/api/v1/customers/C1", `{"name":"X","rating":"AAA"}`, http.StatusUnprocessableEntity, "$.rating"},
		{"ErrCustomerInvalidUTF8", "PUT", "/api/v1/customers/C1", "{\"name\":\"Caf\xe9\"}", http.StatusUnprocessableEntity, "$.name"},
		{"ErrCustomerMalformed", "PUT", "/api/v1/customers/C1", `{"name":`, http.StatusBadRequest, "$"},
		{"ErrSKUMismatch", "PUT", "/api/v1/products/P1", `{"sku":"P2","description":"X"}`, http.StatusUnprocessableEntity, "$.sku"},
		{"ErrPriceNegative", "PUT", "/api/v1/products/P1", `{"description":"X","unit_price":"-0.01"}`, http.StatusUnprocessableEntity, "$.unit_price"},
		{"ErrPackSizeZero", "PUT", "/api/v1/products/P1", `{"description":"X","pack_size":"0"}`, http.StatusUnprocessableEntity, "$.pack_size"},
		{"ErrVATRateAbsurd", "PUT", "/api/v1/products/P1", `{"description":"X","vat_rate":"250"}`, http.StatusUnprocessableEntity, "$.vat_rate"},
		{"ErrShipToAddressMissing", "POST", "/api/v1/ship-to", `{"customer_id":"C1"}`, http.StatusUnprocessableEntity, "$.address_id"},
		{"ErrShipToCountryInArray", "POST", "/api/v1/ship-to", `[{"customer_id":"C1","address_id":"A"},{"customer_id":"C1","address_id":"B","country":"XX"}]`, http.StatusUnprocessableEntity, "$[1].country"},
		{"ErrShipToTwice", "POST", "/api/v1/ship-to", `[{"customer_id":"C1","address_id":"A"},{"customer_id":"C1","address_id":"A"}]`, http.StatusUnprocessableEntity, "$[1].customer_id"},
		{"ErrShipToUnknownCustomer", "POST", "/api/v1/ship-to", `{"customer_id":"C404","address_id":"A"}`, http.StatusUnprocessableEntity, "$.customer_id"},
		{"ErrShipToUnknownCustomerInArray", "POST", "/api/v1/ship-to", `[{"customer_id":"C1","address_id":"A"},{"customer_id":"C404","address_id":"A"}]`, http.StatusUnprocessableEntity, "$[1].customer_id"},
		{"ErrPriceOfUnknownProduct", "POST", "/api/v1/customer-prices", `{"customer_id":"C1","sku":"P404","unit_price":"1","valid_from":"2026-02-01"}`, http.StatusUnprocessableEntity, "$.sku"},
		{"ErrShipToEmptyArray", "POST", "/api/v1/ship-to", `[]`, http.StatusUnprocessableEntity, "$"},
		{"ErrItemSKUMissing", "POST", "/api/v1/customer-items", `{"customer_id":"C1","customer_sku":"X"}`, http.StatusUnprocessableEntity, "$.sku"},
		{"ErrPriceValidToBeforeFrom", "POST", "/api/v1/customer-prices", `{"customer_id":"C1","sku":"P1","unit_price":"1","valid_from":"2026-02-01","valid_to":"2026-01-01"}`, http.StatusUnprocessableEntity, "$.valid_to"},
		{"ErrPriceDateImpossible", "POST", "/api/v1/customer-prices", `{"customer_id":"C1","sku":"P1","unit_price":"1","valid_from":"2026-02-30"}`, http.StatusUnprocessableEntity, "$.valid_from"},
		{"ErrPriceMissing", "POST", "/api/v1/customer-prices", `{"customer_id":"C1","sku":"P1","valid_from":"2026-02-01"}`, http.StatusUnprocessableEntity, "$.unit_price"},
	}
	b := setup(t)
	b.call(request{method: "PUT", path: "/api/v1/customers/C1", role: "mdwriter", body: `{"name":"One"}`}, http.StatusCreated, nil)
	b.call(request{method: "PUT", path: "/api/v1/products/P1", role: "mdwriter", body: `{"description":"Thing"}`}, http.StatusCreated, nil)
	before := b.masterData()
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := b.do(request{method: tt.method, path: tt.path, role: "mdwriter", body: tt.body})
			expectError(t, rec, tt.status, o2c.CodeInvalid, tt.fault)
			if after := b.masterData(); !reflect.DeepEqual(before, after) {
				t.Fatalf("a refused change altered the store:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}

// sameDecimal reports whether a JSON value is a decimal string equal to want.
func sameDecimal(v any, want string) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	d, err := decimal.NewFromString(s)
	return err == nil && d.Equal(decimal.RequireFromString(want))
}
