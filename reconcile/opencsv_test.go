package reconcile_test

import (
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/reconcile"
)

const openHeader = "invoice_number,customer_id,customer_name,issue_date,due_date,currency,amount_due\n"

func TestReadOpenItems(t *testing.T) {
	t.Parallel()
	items, err := reconcile.ReadOpenItems([]byte("\xEF\xBB\xBFInvoice_Number,customer_id,customer_name,issue_date,due_date,currency,amount_due,discount_percent,discount_until,reference\n" +
		"F-1,C1,\"Becker, Logistik\",2026-03-01,2026-03-31,eur,100.50,2,2026-03-10,PO-1\n\nF-2,C2,Hoffmann,,2026-04-30,CHF,7,,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 {
		t.Fatalf("%d items", len(items))
	}
	a, b := items[0], items[1]
	if a.Number != "F-1" || a.CustomerName != "Becker, Logistik" || a.Currency != "EUR" || a.AmountDue.String() != "100.50" ||
		a.DueDate.String() != "2026-03-31" || a.Reference != "PO-1" || a.Discount == nil || a.Discount.Percent.String() != "2" || a.Discount.Until.String() != "2026-03-10" {
		t.Errorf("first item %+v", a)
	}
	if b.Number != "F-2" || !b.IssueDate.IsZero() || b.Discount != nil || b.AmountDue.String() != "7" || b.Currency != "CHF" {
		t.Errorf("second item %+v", b)
	}
	for _, c := range []struct{ name, data, want string }{
		{"Empty", "", "line 1: the file is empty"},
		{"MissingColumn", "invoice_number,customer_id\nF-1,C1\n", "lacks column(s) customer_name, issue_date"},
		{"NoRows", openHeader, "lists no open item"},
		{"BadAmount", openHeader + "F-1,C1,B,2026-01-01,2026-02-01,EUR,\"1,5\"\n", `line 2, amount_due: "1,5" is no decimal`},
		{"NegativeAmount", openHeader + "F-1,C1,B,2026-01-01,2026-02-01,EUR,-3\n", "line 2, amount_due: the amount due -3 is not positive"},
		{"TooManyDecimals", openHeader + "F-1,C1,B,2026-01-01,2026-02-01,EUR,1.123456\n", "more than 4 decimals"},
		{"BadDate", openHeader + "F-1,C1,B,2026-01-01,2026-02-30,EUR,1\n", "line 2, due_date"},
		{"BadCurrency", openHeader + "F-1,C1,B,2026-01-01,2026-02-01,EURO,1\n", "line 2, currency"},
		{"NoNumber", openHeader + ",C1,B,2026-01-01,2026-02-01,EUR,1\n", "line 2, invoice_number: the invoice number is empty"},
		{"HalfDiscount", strings.TrimSuffix(openHeader, "\n") + ",discount_percent\nF-1,C1,B,2026-01-01,2026-02-01,EUR,1,2\n", "come together"},
		{"BadQuote", openHeader + "F-1,\"C1,B\n", "line 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := reconcile.ReadOpenItems([]byte(c.data))
			if o2c.ErrorCode(err) != o2c.CodeInvalid || !strings.Contains(o2c.ErrorMessage(err), c.want) {
				t.Fatalf("error %v (%q), want CodeInvalid saying %q", err, o2c.ErrorMessage(err), c.want)
			}
		})
	}
}

// FuzzReadOpenItems: any bytes either read into valid items or give a CodeInvalid error; never a
// panic, never both.
func FuzzReadOpenItems(f *testing.F) {
	f.Add([]byte(openHeader + "F2026-000123,C1,Becker GmbH,2026-03-01,2026-03-31,EUR,100.50\n"))
	f.Add([]byte("amount_due,currency,due_date,issue_date,customer_name,customer_id,invoice_number,reference,discount_percent,discount_until\n" +
		"7,JPY,2026-01-01,,\"A \"\"B\"\"\",C,N,PO,3,2026-01-01\n"))
	f.Add([]byte(openHeader + "x,y,z,2026-13-01,2026-02-01,EUR,1e3\n"))
	f.Add([]byte("\xEF\xBB\xBF" + openHeader + "\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := reconcile.ReadOpenItems(data)
		if err != nil {
			if items != nil || o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("items %v with error %v", items, err)
			}
			return
		}
		for _, it := range items {
			if it.Number == "" || it.CustomerID == "" || !it.AmountDue.IsPositive() || it.DueDate.IsZero() || len(it.Currency) != 3 {
				t.Fatalf("accepted an invalid item %+v", it)
			}
		}
		if _, err := reconcile.Reconcile(items, nil, reconcile.Knowledge{}, reconcile.DefaultOptions()); err != nil {
			t.Fatalf("accepted items the engine refuses: %v", err)
		}
	})
}
