package web

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

// A bank's CSV mapping saved through the API reads the export it was made for; listing and
// deleting it work, and a reader may not save one.
func TestBankMappingsAPI(t *testing.T) {
	t.Parallel()
	b := setupInvoices(t)
	file, err := os.ReadFile("../bank/testdata/es_mapping.csv")
	if err != nil {
		t.Fatal(err)
	}
	upload := request{method: "POST", path: "/api/v1/bank/statements?filename=movimientos.csv", role: "ar",
		contentType: "application/octet-stream", body: string(file)}
	if rec := b.do(upload); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "csv-mappings") {
		t.Fatalf("an export nobody recognises: %d %s, want 422 pointing to the mappings", rec.Code, rec.Body)
	}

	path := "/api/v1/bank/csv-mappings/" + url.PathEscape("Banco Ejemplo")
	mapping := `{"currency": "EUR", "account": {"iban": "ES9121000418450200051332"}, "columns": [
		{"header": "Fecha operación", "field": "booking_date"}, {"header": "Concepto", "field": "description"},
		{"header": "importe", "field": "amount"}]}`
	expectError(t, b.do(request{method: "PUT", path: path, role: "arreader", body: mapping}), http.StatusForbidden, o2c.CodeUnauthorized, "")
	var saved bankMappingShown
	b.call(request{method: "PUT", path: path, role: "ar", body: mapping}, http.StatusOK, &saved)
	if saved.Name != "Banco Ejemplo" || saved.Mapping.Bank != "Banco Ejemplo" || len(saved.Mapping.Columns) != 3 || saved.UpdatedAt == "" {
		t.Fatalf("saved %+v", saved)
	}
	var rep struct {
		Mapping      string `json:"mapping"`
		Transactions int    `json:"transactions"`
	}
	b.call(upload, http.StatusOK, &rep)
	if rep.Mapping != "Banco Ejemplo" || rep.Transactions != 2 {
		t.Fatalf("import with the mapping: %+v", rep)
	}
	var list bankMappingsOutput
	b.call(request{method: "GET", path: "/api/v1/bank/csv-mappings", role: "arreader"}, http.StatusOK, &list.Body)
	if len(list.Body.Items) != 1 {
		t.Fatalf("list %+v", list.Body.Items)
	}
	if rec := b.do(request{method: "DELETE", path: path, role: "ar"}); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body)
	}
	expectError(t, b.do(request{method: "DELETE", path: path, role: "ar"}), http.StatusNotFound, o2c.CodeNotFound, "")
}
