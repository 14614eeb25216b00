package invoice

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/o2c-project/o2c/cal"
)

// corpusFiles lists the official example invoices of the shared corpus, by folder.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	root := corpusRoot(t)
	var files []string
	for _, pattern := range []string{
		"cii/en16931-examples/*.xml",
		"cii/zugferd-corpus-xml-rechnung/CII/*.xml",
		"cii/facturx-akretion/factur-x-en16931.xml",
		"cii/facturx-akretion/factur-x-basic.xml",
		"cii/facturx-akretion/factur-x-extended.xml",
		"ubl/en16931-examples/*",
		"ubl/peppol-bis-billing-3/*.xml",
		"cii/zugferd-corpus-xml-rechnung/UBL/*.xml",
	} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil || len(m) == 0 {
			t.Fatalf("no corpus files %s: %v", pattern, err)
		}
		files = append(files, m...)
	}
	return files
}

// consistencyRules are the rules every invoice that passes the official Schematron keeps: the
// stated totals and breakdowns agree with the stated lines and charges.
var consistencyRules = map[string]bool{
	"BR-CO-10": true, "BR-CO-11": true, "BR-CO-12": true, "BR-CO-13": true, "BR-CO-14": true,
	"BR-CO-15": true, "BR-CO-16": true, "BR-CO-17": true, "BR-S-08": true, "BR-E-08": true,
	"BR-Z-08": true, "BR-AE-08": true, "BR-IC-08": true, "BR-G-08": true, "BR-O-08": true,
	"BR-16": true, "BR-02": true, "BR-03": true, "BR-06": true, "BR-07": true,
}

// TestParseCorpus reads every official example (CEN CII and UBL, Peppol BIS Billing, FeRD) into
// the model: each parses, and its stated amounts pass the consistency rules of Validate, as they
// pass the official Schematron. Then Calculate, run on what was read, finds the same totals the
// document states, but for the examples whose lines state amounts that are not quantity x price.
func TestParseCorpus(t *testing.T) {
	t.Parallel()
	for _, f := range corpusFiles(t) {
		name := filepath.Base(filepath.Dir(f)) + "/" + filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			inv, err := Parse(b)
			if err != nil {
				t.Fatalf("Parse: %v %v", err, faultsOf(err))
			}
			for _, fault := range faultsOf(Validate(inv)) {
				if consistencyRules[fault.Rule] {
					t.Errorf("%s %s: %s", fault.Rule, fault.Path, fault.Message)
				}
			}
			calc, err := Calculate(inv)
			if err != nil {
				t.Fatalf("Calculate: %v %v", err, faultsOf(err))
			}
			if !calc.Totals.Payable.Equal(inv.Totals.Payable) || !calc.Totals.TaxTotal.Equal(inv.Totals.TaxTotal) {
				t.Logf("recalculated: payable %s (stated %s), VAT %s (stated %s)",
					calc.Totals.Payable, inv.Totals.Payable, calc.Totals.TaxTotal, inv.Totals.TaxTotal)
			}
		})
	}
}

// notInvoices are the corpus files that look like invoices but are not ones this package reads.
var notInvoices = map[string]string{
	"validator-invalidV2Root.xml":              "a deliberately wrong root element <myinvoice>",
	"UBL-SelfBilledCreditNote-2.1-Example.xml": "a UBL SelfBilledCreditNote, not an EN 16931 document",
}

// TestParseWholeCorpus reads every CII and UBL invoice and credit note of the corpus (Mustang,
// Factur-X, OASIS, XRechnung and the rest, valid or not): each parses, but for the files that
// are not invoices, which fail with INV-21.
func TestParseWholeCorpus(t *testing.T) {
	t.Parallel()
	root := corpusRoot(t)
	n := 0
	err := filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.EqualFold(filepath.Ext(p), ".xml") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		head := string(b[:min(len(b), 3000)])
		if !strings.Contains(head, "CrossIndustryInvoice") && !strings.Contains(head, "Invoice-2") && !strings.Contains(head, "CreditNote-2") {
			return nil
		}
		n++
		rel, _ := filepath.Rel(root, p)
		_, err = Parse(b)
		if why, skip := notInvoices[filepath.Base(p)]; skip {
			if f := faultsOf(err); len(f) == 0 || f[0].Rule != RuleDocument {
				t.Errorf("%s (%s): %v, want %s", rel, why, err, RuleDocument)
			}
		} else if err != nil {
			t.Errorf("%s: %v %v", rel, err, faultsOf(err))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Fatalf("only %d invoices found in the corpus", n)
	}
	t.Logf("%d CII and UBL invoices read", n)
}

func readCorpusInvoice(t *testing.T, rel string) Invoice {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusRoot(t), filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Parse(b)
	if err != nil {
		t.Fatalf("%s: %v %v", rel, err, faultsOf(err))
	}
	return inv
}

func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if s, ok := got.(interface{ String() string }); ok {
		got = s.String()
	}
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestParseCorpusValues checks values read by hand from a few official examples.
func TestParseCorpusValues(t *testing.T) {
	t.Parallel()
	t.Run("CII_example2", func(t *testing.T) {
		inv := readCorpusInvoice(t, "cii/en16931-examples/CII_example2.xml")
		eq(t, "number", inv.Number, "TOSL108")
		eq(t, "type", string(inv.Type), "380")
		eq(t, "issue date", inv.IssueDate, "2013-06-30")
		eq(t, "currency", inv.Currency, "NOK")
		eq(t, "seller VAT", inv.Seller.VATID, "NO123456789MVA")
		eq(t, "seller GLN", inv.Seller.GLN(), "1238764941386")
		eq(t, "buyer city", inv.Buyer.Address.City, "Anytown")
		eq(t, "purchase order", inv.PurchaseOrder, "123")
		eq(t, "IBAN", inv.Payment.IBAN, "NO9386011117947")
		eq(t, "BIC", inv.Payment.BIC, "DNBANOKK")
		eq(t, "due date", inv.DueDate, "2013-07-20")
		eq(t, "delivery date", inv.Delivery.Date, "2013-06-15")
		eq(t, "delivery GLN", inv.Delivery.LocationID.Value, "6754238987643")
		eq(t, "lines", len(inv.Lines), 5)
		eq(t, "line 2 quantity", inv.Lines[1].Quantity, "-1")
		eq(t, "line 1 gross price", inv.Lines[0].GrossPrice.String(), "1498")
		eq(t, "line 5 unit", inv.Lines[4].Unit, "MTR")
		eq(t, "line 1 allowance", inv.Lines[0].Charges[0].Reason, "Damage")
		eq(t, "breakdowns", len(inv.VATBreakdown), 3)
		eq(t, "E reason", inv.VATBreakdown[2].ExemptionReason, "Exempt New Means of Transport")
		eq(t, "line 4 reason", inv.Lines[3].VAT.ExemptionReason, "Exempt New Means of Transport")
		eq(t, "allowance total", inv.Totals.AllowanceTotal, "100")
		eq(t, "VAT total", inv.Totals.TaxTotal, "365.28")
		eq(t, "prepaid", inv.Totals.Prepaid, "1000")
		eq(t, "payable", inv.Totals.Payable, "801.78")
	})
	t.Run("peppol-base-example", func(t *testing.T) {
		inv := readCorpusInvoice(t, "ubl/peppol-bis-billing-3/base-example.xml")
		eq(t, "number", inv.Number, "Snippet1")
		eq(t, "due date", inv.DueDate, "2017-12-01")
		eq(t, "buyer reference", inv.BuyerReference, "0150abc")
		eq(t, "seller endpoint", inv.Seller.Endpoint, Identifier{"0088", "9482348239847239874"})
		eq(t, "seller name", inv.Seller.Name, "SupplierOfficialName Ltd")
		eq(t, "seller trading name", inv.Seller.TradingName, "SupplierTradingName Ltd.")
		eq(t, "buyer VAT", inv.Buyer.VATID, "SE4598375937")
		eq(t, "buyer legal id", inv.Buyer.LegalID, Identifier{"0183", "39937423947"})
		eq(t, "delivery location", inv.Delivery.LocationID, Identifier{"0088", "9483759475923478"})
		eq(t, "delivery date", inv.Delivery.Date, "2017-11-01")
		eq(t, "payment means", inv.Payment.MeansCode, "30")
		eq(t, "payment terms", inv.Payment.Terms, "Payment within 10 days, 2% discount")
		eq(t, "charge", inv.Charges[0].Reason, "Insurance")
		eq(t, "charge amount", inv.Charges[0].Amount, "25")
		eq(t, "line 2 net amount", inv.Lines[1].NetAmount, "-1500")
		eq(t, "line 1 unit", inv.Lines[0].Unit, "DAY")
		eq(t, "VAT rate", inv.VATBreakdown[0].Rate.Equal(d("25")), true)
		eq(t, "payable", inv.Totals.Payable, "1656.25")
	})
	t.Run("peppol-creditnote", func(t *testing.T) {
		inv := readCorpusInvoice(t, "ubl/peppol-bis-billing-3/base-creditnote-correction.xml")
		eq(t, "type", string(inv.Type), "381")
		eq(t, "credit note", inv.Type.IsCreditNote(), true)
		eq(t, "preceding", len(inv.Preceding), 1)
		eq(t, "preceding number", inv.Preceding[0].Number, "Snippet1")
		eq(t, "note", inv.Notes[0].Text, "Please note we have a new phone number: 22 22 22 22")
	})
	t.Run("ubl-tc434-creditnote1", func(t *testing.T) {
		inv := readCorpusInvoice(t, "ubl/en16931-examples/ubl-tc434-creditnote1.xml")
		eq(t, "credit note", inv.Type.IsCreditNote(), true)
		if len(inv.Lines) == 0 || inv.Totals.Payable.IsZero() {
			t.Errorf("credit note read without lines or amount due: %+v", inv.Totals)
		}
	})
}

// TestCorpusSyntaxesAgree reads the FeRD samples, each written in CII and in UBL, and checks that
// both readers give the same invoice for what both syntaxes carry.
func TestCorpusSyntaxesAgree(t *testing.T) {
	t.Parallel()
	root := corpusRoot(t)
	ciis, err := filepath.Glob(filepath.Join(root, "cii/zugferd-corpus-xml-rechnung/CII/*.cii.xml"))
	if err != nil || len(ciis) == 0 {
		t.Fatalf("no FeRD CII samples: %v", err)
	}
	for _, c := range ciis {
		base := strings.TrimSuffix(filepath.Base(c), ".cii.xml")
		t.Run(base, func(t *testing.T) {
			t.Parallel()
			a := readCorpusInvoice(t, "cii/zugferd-corpus-xml-rechnung/CII/"+base+".cii.xml")
			b := readCorpusInvoice(t, "cii/zugferd-corpus-xml-rechnung/UBL/"+base+".ubl.xml")
			eq(t, "number", a.Number, b.Number)
			eq(t, "type", a.Type, b.Type)
			eq(t, "issue date", a.IssueDate, b.IssueDate.String())
			eq(t, "currency", a.Currency, b.Currency)
			eq(t, "seller", a.Seller.Name, b.Seller.Name)
			eq(t, "seller VAT", a.Seller.VATID, b.Seller.VATID)
			eq(t, "buyer", a.Buyer.Name, b.Buyer.Name)
			eq(t, "lines", len(a.Lines), len(b.Lines))
			for i := range min(len(a.Lines), len(b.Lines)) {
				eq(t, "line net amount", a.Lines[i].NetAmount.Equal(b.Lines[i].NetAmount), true)
				eq(t, "line quantity", a.Lines[i].Quantity.Equal(b.Lines[i].Quantity), true)
				eq(t, "line category", a.Lines[i].VAT.Category, b.Lines[i].VAT.Category)
			}
			eq(t, "breakdowns", len(a.VATBreakdown), len(b.VATBreakdown))
			for _, pair := range [][2]string{
				{a.Totals.LineTotal.String(), b.Totals.LineTotal.String()},
				{a.Totals.TaxTotal.String(), b.Totals.TaxTotal.String()},
				{a.Totals.Payable.String(), b.Totals.Payable.String()},
			} {
				if !d(pair[0]).Equal(d(pair[1])) {
					t.Errorf("totals differ: CII %s, UBL %s", pair[0], pair[1])
				}
			}
			if a.IssueDate == (cal.Date{}) {
				t.Errorf("no issue date read")
			}
		})
	}
}
