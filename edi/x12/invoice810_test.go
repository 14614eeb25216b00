package x12_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/edi/x12"
	"github.com/o2c-project/o2c/invoice"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func invLine(id, name, qty, unit, price string, cat invoice.Category, rate string) invoice.Line {
	return invoice.Line{ID: id, Name: name, Quantity: dec(qty), Unit: unit, NetPrice: dec(price),
		VAT: invoice.VAT{Category: cat, Rate: dec(rate)}}
}

// invoice810Base is an invoice from a French seller to an American buyer, both with GLNs.
func invoice810Base() invoice.Invoice {
	inv := invoice.Invoice{
		Number: "F2026-000123", Type: invoice.TypeInvoice,
		IssueDate: cal.MustParse("2026-11-27"), DueDate: cal.MustParse("2026-12-27"), Currency: "USD",
		PurchaseOrder: "PO-4711", SalesOrder: "SO-2026-0815",
		Notes: []invoice.Note{{Text: "Thank you for your order."}},
		Seller: invoice.Party{Name: "Ateliers Durand SAS", IDs: []invoice.Identifier{{Scheme: invoice.SchemeGLN, Value: "5790000435968"}},
			VATID:   "FR44732829320",
			Address: invoice.Address{Line1: "12 rue des Forges", Line2: "ZI Nord", City: "Lyon", PostCode: "69007", Country: "FR"},
			Contact: invoice.Contact{Name: "Billing", Phone: "+33 4 72 00 00 00", Email: "billing@durand.example"}},
		Buyer: invoice.Party{Name: "Acme Tools Inc.", IDs: []invoice.Identifier{{Scheme: invoice.SchemeGLN, Value: "0614141000012"}},
			Address: invoice.Address{Line1: "100 Main Street", City: "Springfield", PostCode: "62701", Subdivision: "IL", Country: "US"}},
		Payment: invoice.Payment{MeansCode: "30", IBAN: "FR7630006000011234567890189", BIC: "AGRIFRPP", Terms: "Net 30 days"},
		Lines:   []invoice.Line{invLine("1", "Press brake tooling", "6", "C62", "845.25", invoice.CategoryExport, "0")},
	}
	inv.Lines[0].VAT.ExemptionReason = "Export outside the EU"
	return inv
}

var invoice810Cases = []struct {
	name  string
	inv   func() invoice.Invoice
	early *x12.EarlyPayment
}{
	{name: "invoice_two_rates", early: &x12.EarlyPayment{Percent: dec("2"), Days: 10}, inv: func() invoice.Invoice {
		inv := invoice810Base()
		inv.Currency = "EUR"
		inv.Buyer = invoice.Party{Name: "Boulangerie Martin SARL", VATID: "FR83404833048",
			IDs:     []invoice.Identifier{{Scheme: invoice.SchemeGLN, Value: "3020000000005"}},
			Address: invoice.Address{Line1: "3 place du Marché", City: "Grenoble", PostCode: "38000", Country: "FR"}}
		inv.Delivery = invoice.Delivery{PartyName: "Entrepôt Martin", Date: cal.MustParse("2026-11-25"),
			LocationID: invoice.Identifier{Scheme: invoice.SchemeGLN, Value: "3020000000012"},
			Address:    invoice.Address{Line1: "Zone logistique 4", City: "Échirolles", PostCode: "38130", Country: "FR"}}
		l1 := invLine("1", "Clé dynamométrique 40-200 Nm", "2", "C62", "189.90", invoice.CategoryStandard, "20")
		l1.StandardID = invoice.Identifier{Scheme: invoice.SchemeGTIN, Value: "4006381333931"}
		l1.SellerItemID, l1.BuyerItemID = "CLE-40", "B-77"
		l1.Charges = []invoice.LineCharge{{Percent: decp("5"), Reason: "Remise fidélité", ReasonCode: "95"}}
		l2 := invLine("2", "Vis inox M4 (le cent)", "2350", "C62", "7.49", invoice.CategoryStandard, "5.5")
		l2.BaseQuantity = decp("100")
		inv.Lines = []invoice.Line{l1, l2}
		inv.Charges = []invoice.Charge{
			{Amount: dec("10.00"), Reason: "Remise commerciale", ReasonCode: "95", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: dec("20")}},
			{Charge: true, Amount: dec("25.00"), Reason: "Frais de port", ReasonCode: "FC", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: dec("20")}},
		}
		return inv
	}},
	{name: "credit_note", inv: func() invoice.Invoice {
		inv := invoice810Base()
		inv.Number, inv.Type = "CN2026-000007", invoice.TypeCreditNote
		inv.Preceding = []invoice.DocumentRef{{Number: "F2026-000123", IssueDate: cal.MustParse("2026-11-27")}}
		return inv
	}},
	{name: "usd_export", inv: func() invoice.Invoice {
		inv := invoice810Base()
		inv.Lines = append(inv.Lines, invLine("2", "Spare punches", "40", "EA", "12.125", invoice.CategoryExport, "0"))
		inv.Lines[0].VAT.ExemptionCode = "VATEX-EU-G"
		inv.Charges = []invoice.Charge{{Charge: true, Amount: dec("350.00"), Reason: "Air freight", ReasonCode: "FC",
			VAT: invoice.VAT{Category: invoice.CategoryExport, Rate: dec("0")}}}
		return inv
	}},
}

func decp(s string) *decimal.Decimal {
	v := dec(s)
	return &v
}

func calculated(t *testing.T, in invoice.Invoice) invoice.Invoice {
	t.Helper()
	inv, err := invoice.Calculate(in)
	if err != nil {
		t.Fatalf("Calculate: %v %+v", err, o2c.ErrorFaults(err))
	}
	return inv
}

func params810(inv invoice.Invoice) x12.InvoiceParams {
	return x12.InvoiceParams{SenderQual: "14", SenderID: "5790000435968", ReceiverQual: "14", ReceiverID: "0614141000012",
		SenderCode: "DURAND", ReceiverCode: "ACME", Invoice: inv, OrderDate: cal.MustParse("2026-11-20")}
}

// golden810 compares b with testdata/810/name, or rewrites it with -update.
func golden810(t *testing.T, name string, b []byte) {
	t.Helper()
	path := filepath.Join("testdata", "810", name)
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Fatalf("%s differs from the golden file:\n got %q\nwant %q", name, b, want)
	}
}

func TestWrite810(t *testing.T) {
	t.Parallel()
	for _, c := range invoice810Cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			inv := calculated(t, c.inv())
			p := params810(inv)
			p.EarlyPayment = c.early
			ctl := fixedControl()
			ctl.Separators = x12.Separators{Element: '*', Component: '>', Segment: '~', LineBreak: true}
			out, err := x12.Write810(p, ctl)
			if err != nil {
				t.Fatalf("Write810: %v %+v", err, o2c.ErrorFaults(err))
			}
			golden810(t, c.name+".x12", out)
			check810(t, out, inv)
		})
	}
}

// check810 reads an 810 back with our own parser (which checks SE, GE and IEA) and compares
// what it states with the invoice.
func check810(t *testing.T, b []byte, inv invoice.Invoice) {
	t.Helper()
	ic, err := x12.Parse(b)
	if err != nil {
		t.Fatalf("the 810 does not parse: %v\n%s", err, b)
	}
	if len(ic.Groups) != 1 || ic.Groups[0].FunctionalID != "IN" || len(ic.Groups[0].Sets) != 1 || ic.Groups[0].Sets[0].ID != "810" {
		t.Fatalf("810 envelope = %+v", ic)
	}
	segs := ic.Groups[0].Sets[0].Segments
	big := segs[0]
	credit := ""
	if inv.Type == invoice.TypeCreditNote {
		credit = "CR"
	}
	if got, want := strings.Join([]string{big.ID, big.Element(1), big.Element(2), big.Element(4), big.Element(7)}, " "),
		"BIG 20261127 "+inv.Number+" "+inv.PurchaseOrder+" "+credit; got != want {
		t.Fatalf("BIG = %q, want %q", got, want)
	}
	var it1, txi []string
	summary, tds, ctt := false, "", ""
	for _, s := range segs {
		switch s.ID {
		case "IT1":
			it1 = append(it1, s.Element(2)+" "+norm(dec(s.Element(4))))
		case "TDS":
			summary, tds = true, s.Element(1)
		case "TXI":
			if summary && s.Element(2) != "" {
				txi = append(txi, s.Element(3)+" "+s.Element(2)+" "+s.Element(8))
			}
		case "CTT":
			ctt = s.Element(1)
		case "N1":
			if s.Element(1) == "SE" && (s.Element(3) != "UL" || s.Element(4) != inv.Seller.GLN()) {
				t.Fatalf("N1 SE = %+v, want the seller's GLN with UL", s)
			}
		}
	}
	if want := inv.Totals.TaxInclusive.Shift(2).String(); tds != want {
		t.Fatalf("TDS01 = %s, want %s (the total with VAT in cents)", tds, want)
	}
	if ctt != itoa(len(inv.Lines)) {
		t.Fatalf("CTT01 = %s for %d lines", ctt, len(inv.Lines))
	}
	var wantIT1, wantTXI []string
	taxSum := decimal.Zero
	for _, l := range inv.Lines {
		price := l.NetPrice
		if l.BaseQuantity != nil {
			price = price.Div(*l.BaseQuantity)
		}
		wantIT1 = append(wantIT1, l.Quantity.String()+" "+norm(price))
	}
	for _, v := range inv.VATBreakdown {
		wantTXI = append(wantTXI, v.Rate.String()+" "+v.TaxAmount.StringFixed(2)+" "+v.TaxableAmount.StringFixed(2))
		taxSum = taxSum.Add(v.TaxAmount)
	}
	if got, want := strings.Join(it1, ", "), strings.Join(wantIT1, ", "); got != want {
		t.Fatalf("IT1 quantity and price = %s, want %s", got, want)
	}
	if got, want := strings.Join(txi, ", "), strings.Join(wantTXI, ", "); got != want {
		t.Fatalf("summary TXI = %s, want %s", got, want)
	}
	if !taxSum.Equal(inv.Totals.TaxTotal) {
		t.Fatalf("the TXI sum to %s, the VAT total is %s", taxSum, inv.Totals.TaxTotal)
	}
}

func TestWrite810Errors(t *testing.T) {
	t.Parallel()
	valid := calculated(t, invoice810Base())
	if _, err := x12.Write810(params810(valid), fixedControl()); err != nil {
		t.Fatalf("Write810: %v", err)
	}
	t.Run("ErrSeparatorInName", func(t *testing.T) {
		t.Parallel()
		inv := valid
		inv.Seller.Name = "Durand*Fils"
		b, err := x12.Write810(params810(inv), fixedControl())
		if b != nil {
			t.Fatalf("wrote %q", b)
		}
		wantFault(t, err, o2c.CodeInvalid, x12.RuleWrite, "N102", "holds the separator '*'")
	})
	t.Run("ErrInvalidInvoice", func(t *testing.T) {
		t.Parallel()
		inv := valid
		inv.Lines = nil
		b, err := x12.Write810(params810(inv), fixedControl())
		if b != nil || o2c.ErrorCode(err) != o2c.CodeInvalid {
			t.Fatalf("Write810 = %q, %v; want CodeInvalid", b, err)
		}
	})
}

// norm writes d without trailing zeros in its decimals, so that equal values compare equal.
func norm(d decimal.Decimal) string {
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }
