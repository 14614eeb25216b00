package edifact

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
)

// The invoices written in these tests are built here and calculated, as the app does before it
// writes one; their golden outputs are testdata/invoic/<case>.edi.

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decp(s string) *decimal.Decimal {
	v := dec(s)
	return &v
}

func invLine(id, name, qty, unit, price string, cat invoice.Category, rate string) invoice.Line {
	return invoice.Line{ID: id, Name: name, Quantity: dec(qty), Unit: unit, NetPrice: dec(price),
		VAT: invoice.VAT{Category: cat, Rate: dec(rate)}}
}

// invoicBase is a French invoice between two parties with GLNs; the seller's name holds every
// service character.
func invoicBase() invoice.Invoice {
	return invoice.Invoice{
		Number: "F2026-000123", Type: invoice.TypeInvoice,
		IssueDate: cal.MustParse("2026-11-27"), DueDate: cal.MustParse("2026-12-27"), Currency: "EUR",
		PurchaseOrder: "PO-4711", SalesOrder: "SO-2026-0815",
		Notes: []invoice.Note{{SubjectCode: "ABL", Text: "Indemnité forfaitaire pour frais de recouvrement : 40 EUR."}},
		Seller: invoice.Party{
			Name: "Durand & Fils 'Outils' + Co: 100% ?", IDs: []invoice.Identifier{{Scheme: invoice.SchemeGLN, Value: "5790000435968"}},
			LegalID: invoice.Identifier{Scheme: invoice.SchemeSIREN, Value: "732829320"}, VATID: "FR44732829320",
			LegalInfo: "SAS au capital de 100 000 EUR, RCS Lyon 732 829 320",
			Address:   invoice.Address{Line1: "12 rue des Forges", Line2: "ZI Nord", City: "Lyon", PostCode: "69007", Country: "FR"},
			Contact:   invoice.Contact{Name: "Service facturation", Phone: "+33 4 72 00 00 00", Email: "factures@durand.example"},
		},
		Buyer: invoice.Party{
			Name: "Boulangerie Martin SARL", IDs: []invoice.Identifier{{Scheme: invoice.SchemeGLN, Value: "3020000000005"}},
			VATID:   "FR83404833048",
			Address: invoice.Address{Line1: "3 place du Marché", City: "Grenoble", PostCode: "38000", Country: "FR"},
		},
		Payment: invoice.Payment{MeansCode: "58", Reference: "F2026-000123", IBAN: "FR7630006000011234567890189",
			AccountName: "Durand & Fils", BIC: "AGRIFRPP", Terms: "30 jours net. Escompte 2 % à 10 jours."},
		Lines: []invoice.Line{invLine("1", "Clé dynamométrique 40-200 Nm", "2", "C62", "189.90", invoice.CategoryStandard, "20")},
	}
}

type invoicCase struct {
	name  string
	inv   func() invoice.Invoice
	early *EarlyPayment
}

var invoicCases = []invoicCase{
	{name: "invoice_two_rates", early: &EarlyPayment{Percent: dec("2"), Days: 10}, inv: func() invoice.Invoice {
		inv := invoicBase()
		inv.Period = invoice.Period{Start: cal.MustParse("2026-11-01"), End: cal.MustParse("2026-11-30")}
		inv.Delivery = invoice.Delivery{PartyName: "Entrepôt Martin", Date: cal.MustParse("2026-11-25"),
			LocationID: invoice.Identifier{Scheme: invoice.SchemeGLN, Value: "3020000000012"},
			Address:    invoice.Address{Line1: "Zone logistique 4", City: "Échirolles", PostCode: "38130", Country: "FR"}}
		inv.Lines[0].StandardID = invoice.Identifier{Scheme: invoice.SchemeGTIN, Value: "4006381333931"}
		inv.Lines[0].SellerItemID, inv.Lines[0].BuyerItemID, inv.Lines[0].OrderLineRef = "CLE-40", "B-77", "10"
		inv.Lines[0].GrossPrice = decp("210.00")
		inv.Lines[0].Charges = []invoice.LineCharge{{Percent: decp("5"), Reason: "Remise fidélité", ReasonCode: "95"}}
		l := invLine("2", "Vis inox M4 (le cent)", "2350", "C62", "7.49", invoice.CategoryStandard, "5.5")
		l.BaseQuantity, l.Note = decp("100"), "Lot 2026-47"
		inv.Lines = append(inv.Lines, l)
		inv.Charges = []invoice.Charge{
			{Amount: dec("10.00"), Reason: "Remise commerciale", ReasonCode: "95", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: dec("20")}},
			{Charge: true, Amount: dec("25.00"), Reason: "Frais de port", ReasonCode: "FC", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: dec("20")}},
		}
		return inv
	}},
	{name: "credit_note", inv: func() invoice.Invoice {
		inv := invoicBase()
		inv.Number, inv.Type = "AV2026-000007", invoice.TypeCreditNote
		inv.Preceding = []invoice.DocumentRef{{Number: "F2026-000123", IssueDate: cal.MustParse("2026-11-27")}}
		inv.Lines[0].Name = "Retour clé dynamométrique"
		inv.Lines[0].Quantity = dec("1")
		inv.Payment.Terms = "Avoir imputable sur la prochaine facture."
		return inv
	}},
	{name: "reverse_charge", inv: func() invoice.Invoice {
		inv := invoicBase()
		inv.Buyer = invoice.Party{Name: "Müller Maschinenbau GmbH", VATID: "DE123456789",
			IDs:     []invoice.Identifier{{Scheme: invoice.SchemeGLN, Value: "4000001000005"}},
			Address: invoice.Address{Line1: "Industriestraße 5", City: "Stuttgart", PostCode: "70173", Country: "DE"}}
		inv.Lines = []invoice.Line{invLine("1", "Montage sur site", "35", "HUR", "52.00", invoice.CategoryReverseCharge, "0")}
		inv.Lines[0].VAT.ExemptionReason = "Autoliquidation, article 196 de la directive 2006/112/CE"
		inv.Lines[0].VAT.ExemptionCode = "VATEX-EU-AE"
		return inv
	}},
	{name: "usd_export", inv: func() invoice.Invoice {
		inv := invoicBase()
		inv.Currency = "USD"
		inv.Buyer = invoice.Party{Name: "Acme Tools Inc.",
			Address: invoice.Address{Line1: "100 Main Street", City: "Springfield", PostCode: "62701", Subdivision: "IL", Country: "US"}}
		inv.Payment = invoice.Payment{MeansCode: "30", IBAN: "FR7630006000011234567890189", BIC: "AGRIFRPP", Terms: "Net 45 days"}
		inv.DueDate = cal.MustParse("2027-01-11")
		inv.Lines = []invoice.Line{invLine("1", "Press brake tooling", "6", "C62", "845.25", invoice.CategoryExport, "0"),
			invLine("A-2", "Spare punches", "40", "C62", "12.125", invoice.CategoryExport, "0")}
		inv.Lines[0].VAT.ExemptionReason = "Export outside the EU"
		inv.Lines[0].VAT.ExemptionCode = "VATEX-EU-G"
		inv.Charges = []invoice.Charge{{Charge: true, Amount: dec("350.00"), Reason: "Air freight", ReasonCode: "FC",
			VAT: invoice.VAT{Category: invoice.CategoryExport, Rate: dec("0")}}}
		return inv
	}},
}

func invoicEnvelope() Envelope {
	return Envelope{Sender: Partner{ID: "5790000435968", Qualifier: "14"}, Recipient: Partner{ID: "3020000000005", Qualifier: "14"},
		Prepared: time.Date(2026, 11, 27, 18, 30, 0, 0, time.FixedZone("CET", 3600)), ControlRef: "INV000123", MessageRef: "1"}
}

func calculated(t *testing.T, in invoice.Invoice) invoice.Invoice {
	t.Helper()
	inv, err := invoice.Calculate(in)
	if err != nil {
		t.Fatalf("Calculate: %v %+v", err, o2c.ErrorFaults(err))
	}
	return inv
}

// goldenInvoic compares got with testdata/invoic/name, or rewrites it with -update.
func goldenInvoic(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "invoic", name)
	if *update {
		if err := os.WriteFile(path, got, 0o600); err != nil { //nolint:gosec // a golden file of testdata
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path) //nolint:gosec // a golden file of testdata
	if err != nil {
		t.Fatalf("read golden file (run go test -update to write it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("output differs from %s (run go test -update and review the diff):\n%s", path, got)
	}
}

func TestWriteINVOIC(t *testing.T) {
	t.Parallel()

	for _, c := range invoicCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()

			inv := calculated(t, c.inv())
			p := InvoiceParams{Envelope: invoicEnvelope(), Invoice: inv, OrderDate: cal.MustParse("2026-11-20"), EarlyPayment: c.early}
			out, err := WriteINVOIC(p)
			if err != nil {
				t.Fatalf("WriteINVOIC: %v %+v", err, o2c.ErrorFaults(err))
			}
			goldenInvoic(t, c.name+".edi", out)
			if again, _ := WriteINVOIC(p); !bytes.Equal(again, out) {
				t.Fatal("a second WriteINVOIC differs")
			}
			checkINVOIC(t, out, inv)
		})
	}
}

// checkINVOIC reads an INVOIC back with our own parser, strictly (so UNT, UNZ and the release
// characters are right), and compares what it states with the invoice.
func checkINVOIC(t *testing.T, out []byte, inv invoice.Invoice) {
	t.Helper()
	ic, err := Parse(out)
	if err != nil {
		t.Fatalf("Parse(INVOIC): %v\n%s", err, out)
	}
	m := ic.Messages[0]
	eq(t, "message", m.Type+":"+m.Version+":"+m.Release+":"+m.Agency+":"+m.Association, "INVOIC:D:96A:UN:EAN008")
	unt := string(out[bytes.LastIndex(out, []byte("UNT+")):])
	eq(t, "UNT", strings.TrimSpace(unt[:strings.IndexByte(unt, '\n')]), "UNT+"+itoa(len(m.Segments)+2)+"+1'")
	eq(t, "BGM", m.Segments[0].Value(0, 0)+" "+m.Segments[0].Value(1, 0), string(inv.Type)+" "+inv.Number)

	places := int32(2)
	lineSum := decimal.Zero
	summary := map[string]string{}
	var taxes []string
	inSummary, lines := false, 0
	for i, s := range m.Segments {
		switch {
		case s.Tag == "UNS":
			inSummary = true
		case s.Tag == "LIN":
			lines++
		case s.Tag == "MOA" && s.Value(0, 0) == "203":
			lineSum = lineSum.Add(dec(s.Value(0, 1)))
		case s.Tag == "NAD" && s.Value(0, 0) == "SE":
			eq(t, "seller name", strings.Join(m.Segments[i].Elements[3], ""), inv.Seller.Name)
		case inSummary && s.Tag == "MOA" && s.Value(0, 2) == "":
			if _, dup := summary[s.Value(0, 0)]; !dup {
				summary[s.Value(0, 0)] = s.Value(0, 1)
			}
		case inSummary && s.Tag == "TAX":
			taxes = append(taxes, s.Value(5, 0)+"/"+s.Value(4, 3)+" "+m.Segments[i+1].Value(0, 0)+":"+m.Segments[i+1].Value(0, 1)+
				" "+m.Segments[i+2].Value(0, 0)+":"+m.Segments[i+2].Value(0, 1))
		case s.Tag == "CNT":
			eq(t, "CNT", s.Value(0, 0)+":"+s.Value(0, 1), "2:"+itoa(len(inv.Lines)))
		}
	}
	eq(t, "lines", itoa(lines), itoa(len(inv.Lines)))
	tot := inv.Totals
	eq(t, "sum of MOA 203", lineSum.StringFixed(places), tot.LineTotal.StringFixed(places))
	for q, want := range map[string]decimal.Decimal{"77": tot.TaxInclusive, "79": tot.LineTotal, "125": tot.TaxExclusive,
		"176": tot.TaxTotal, "9": tot.Payable} {
		eq(t, "summary MOA "+q, summary[q], want.StringFixed(places))
	}
	for q, want := range map[string]decimal.Decimal{"260": tot.AllowanceTotal, "259": tot.ChargeTotal} {
		if got, ok := summary[q]; ok || !want.IsZero() {
			eq(t, "summary MOA "+q, got, want.StringFixed(places))
		}
	}
	var want []string
	for _, v := range inv.VATBreakdown {
		rate := v.Rate.String()
		if v.Category == invoice.CategoryNotSubject {
			rate = ""
		}
		want = append(want, string(v.Category)+"/"+rate+" 125:"+v.TaxableAmount.StringFixed(places)+" 124:"+v.TaxAmount.StringFixed(places))
	}
	eq(t, "VAT breakdown", strings.Join(taxes, ", "), strings.Join(want, ", "))
}

// TestWriteINVOICCases checks what each case is about, beyond the totals.
func TestWriteINVOICCases(t *testing.T) {
	t.Parallel()

	write := func(t *testing.T, in invoice.Invoice) (string, *Message) {
		t.Helper()
		out, err := WriteINVOIC(InvoiceParams{Envelope: invoicEnvelope(), Invoice: calculated(t, in)})
		if err != nil {
			t.Fatalf("WriteINVOIC: %v", err)
		}
		ic, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		return string(out), &ic.Messages[0]
	}
	find := func(m *Message, tag, q string) *Segment {
		for i := range m.Segments {
			if m.Segments[i].Tag == tag && m.Segments[i].Value(0, 0) == q {
				return &m.Segments[i]
			}
		}
		return nil
	}
	tests := []struct {
		name  string
		edit  func(inv *invoice.Invoice)
		check func(t *testing.T, out string, m *Message)
	}{
		{"EscapesServiceCharacters", func(*invoice.Invoice) {}, func(t *testing.T, out string, _ *Message) {
			if !strings.Contains(out, "NAD+SE+5790000435968::9+SAS au capital de 100 000 EUR, RCS :Lyon 732 829 320+Durand & Fils ?'Outils?' ?+ Co?: 100% ??") {
				t.Fatalf("the seller's NAD is not released as it should be:\n%s", out)
			}
		}},
		{"CreditNoteNamesInvoice", func(inv *invoice.Invoice) {
			inv.Type = invoice.TypeCreditNote
			inv.Preceding = []invoice.DocumentRef{{Number: "F2026-000001", IssueDate: cal.MustParse("2026-10-02")}}
		}, func(t *testing.T, _ string, m *Message) {
			eq(t, "BGM", m.Segments[0].Value(0, 0), "381")
			rff := find(m, "RFF", "IV")
			if rff == nil {
				t.Fatal("no RFF IV")
			}
			eq(t, "RFF IV", rff.Value(0, 1), "F2026-000001")
			eq(t, "its date", find(m, "DTM", "171").Value(0, 1), "20261002")
		}},
		{"ReverseChargeReason", func(inv *invoice.Invoice) {
			inv.Lines[0].VAT = invoice.VAT{Category: invoice.CategoryReverseCharge, Rate: dec("0"), ExemptionReason: "Autoliquidation", ExemptionCode: "VATEX-EU-AE"}
		}, func(t *testing.T, _ string, m *Message) {
			ftx := find(m, "FTX", "TXD")
			if ftx == nil {
				t.Fatal("no FTX TXD")
			}
			eq(t, "FTX TXD", ftx.Value(2, 0)+" "+ftx.Value(3, 0)+" "+ftx.Value(3, 1), "AE VATEX-EU-AE Autoliquidation")
			eq(t, "TAX", find(m, "TAX", "7").Value(5, 0), "AE")
		}},
		{"LongNameSplit", func(inv *invoice.Invoice) {
			inv.Lines[0].Name = strings.Repeat("Clé à molette chromée ", 6)
		}, func(t *testing.T, _ string, m *Message) {
			var got string
			for _, s := range m.Segments {
				if s.Tag == "IMD" {
					got += strings.Join(s.Elements[2][3:], "")
				}
			}
			eq(t, "IMD text", got, strings.TrimSpace(strings.Repeat("Clé à molette chromée ", 6))+" ")
		}},
		{"TwoRates", func(inv *invoice.Invoice) {
			inv.Lines = append(inv.Lines, invLine("2", "Livre technique", "4", "C62", "27.50", invoice.CategoryStandard, "5.5"))
		}, func(t *testing.T, _ string, m *Message) {
			n := 0
			after := false
			for _, s := range m.Segments {
				after = after || s.Tag == "UNS"
				if after && s.Tag == "TAX" {
					n++
				}
			}
			eq(t, "summary TAX groups", itoa(n), "2")
		}},
		{"JPYNoDecimals", func(inv *invoice.Invoice) {
			inv.Currency = "JPY"
			inv.Lines[0].NetPrice = dec("1234")
		}, func(t *testing.T, _ string, m *Message) {
			eq(t, "MOA 77", find(m, "MOA", "77").Value(0, 1), "2962") // 2 x 1234 = 2468, + 20 % = 2961.6
			eq(t, "CUX", find(m, "CUX", "2").Value(0, 1), "JPY")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			inv := invoicBase()
			tt.edit(&inv)
			out, m := write(t, inv)
			tt.check(t, out, m)
		})
	}
}

func TestWriteINVOICRefusesInvalid(t *testing.T) {
	t.Parallel()

	inv := calculated(t, invoicBase())
	inv.Totals.Payable = inv.Totals.Payable.Add(dec("1")) // stated totals that do not add up
	inv.Seller.Name = ""
	out, err := WriteINVOIC(InvoiceParams{Envelope: invoicEnvelope(), Invoice: inv})
	if out != nil || o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("WriteINVOIC = %q, %v; want CodeInvalid", out, err)
	}
	rules := map[string]bool{}
	for _, f := range o2c.ErrorFaults(err) {
		rules[f.Rule] = true
	}
	if !rules["BR-06"] || !rules["BR-CO-16"] {
		t.Fatalf("faults %+v lack BR-06 (seller name) and BR-CO-16 (payable)", o2c.ErrorFaults(err))
	}
}
