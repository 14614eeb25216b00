package app_test

import (
	"os"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/bank"
)

// A CSV export whose headers nobody recognises is refused with what to do; once a person saved a
// mapping of that bank's columns, the same file imports, and the report names the mapping.
func TestPaymentsSavedCSVMapping(t *testing.T) {
	t.Parallel()
	file, err := os.ReadFile("../bank/testdata/es_mapping.csv")
	if err != nil {
		t.Fatal(err)
	}
	onEngines(t, func(t *testing.T, c *cash) {
		_, err := c.pay.Import(t.Context(), "movimientos.csv", file, "user:ana")
		if o2c.ErrorCode(err) != o2c.CodeInvalid || !strings.Contains(o2c.ErrorMessage(err), "csv-mappings") {
			t.Fatalf("import without a mapping: %v, want CodeInvalid saying to save a mapping", err)
		}
		if _, err := c.pay.SaveCSVMapping(t.Context(), bank.CSVMapping{Bank: " "}, "user:ana"); o2c.ErrorCode(err) != o2c.CodeInvalid {
			t.Errorf("a mapping without a name: %v, want CodeInvalid", err)
		}
		m := bank.CSVMapping{Bank: "Banco Ejemplo", Currency: "EUR", Account: bank.Account{IBAN: "ES9121000418450200051332"},
			Columns: []bank.CSVColumn{{Header: "Fecha operación", Field: bank.FieldBookingDate},
				{Header: "Concepto", Field: bank.FieldDescription}, {Header: "importe", Field: bank.FieldAmount}}}
		if _, err := c.pay.SaveCSVMapping(t.Context(), m, "user:ana"); err != nil {
			t.Fatal(err)
		}
		rep, err := c.pay.Import(t.Context(), "movimientos.csv", file, "user:ana")
		if err != nil || rep.Mapping != "Banco Ejemplo" || rep.Statements != 1 || rep.Transactions != 2 {
			t.Fatalf("import with the saved mapping: %+v %v", rep, err)
		}
		if list, err := c.pay.CSVMappings(t.Context()); err != nil || len(list) != 1 || list[0].UpdatedBy != "user:ana" {
			t.Fatalf("mappings %+v %v", list, err)
		}
		if err := c.pay.DeleteCSVMapping(t.Context(), "Banco Ejemplo", "user:ana"); err != nil {
			t.Fatal(err)
		}
		if err := c.pay.DeleteCSVMapping(t.Context(), "Banco Ejemplo", "user:ana"); o2c.ErrorCode(err) != o2c.CodeNotFound {
			t.Errorf("deleting twice: %v", err)
		}
	})
}
