package invoice

import (
	"slices"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// caseByName returns one invoice of the table.
func caseByName(t *testing.T, name string) Invoice {
	t.Helper()
	for _, c := range testCases() {
		if c.name == name {
			return c.inv
		}
	}
	t.Fatalf("no case %q", name)
	return Invoice{}
}

// TestCalculate checks amounts computed by hand, to the cent.
func TestCalculate(t *testing.T) {
	t.Parallel()
	type breakdown struct{ cat, rate, taxable, tax string }
	tests := []struct {
		name       string
		lineNets   []string
		breakdowns []breakdown
		taxTotal   string
		payable    string
	}{
		// 7.5 x 48 = 360; 25 x 1.37 = 34.25; 5.5% of 34.25 = 1.88375 -> 1.88; 2.1% of 14.70 = 0.3087 -> 0.31.
		{"fr-four-rates", []string{"149.00", "360.00", "34.25", "14.70"},
			[]breakdown{{"S", "20", "149.00", "29.80"}, {"S", "10", "360.00", "36.00"}, {"S", "5.5", "34.25", "1.88"}, {"S", "2.1", "14.70", "0.31"}},
			"67.99", "625.94"},
		// 12.5% of 379.80 = 47.475 -> 47.48, rounded before it is taken off: 332.32.
		{"line-allowance-percent", []string{"332.32"}, []breakdown{{"S", "20", "332.32", "66.46"}}, "66.46", "398.78"},
		// 2350 x 7.49 / 100 = 176.015 -> 176.02 (half away from zero).
		{"base-quantity-per-100", []string{"176.02"}, []breakdown{{"S", "20", "176.02", "35.20"}}, "35.20", "211.22"},
		// 7 x 0.3333 = 2.3331; 12.75 x 1.115 = 14.21625; 0.375 x 19.99 = 7.49625.
		{"odd-prices-rounding", []string{"2.33", "14.22", "7.50"},
			[]breakdown{{"S", "20", "16.55", "3.31"}, {"S", "5.5", "7.50", "0.41"}}, "3.72", "27.77"},
		// 3% of (379.80 + 41.21) = 12.6303 -> 12.63.
		{"doc-allowance-percent", []string{"379.80", "41.21"}, []breakdown{{"S", "20", "408.38", "81.68"}}, "81.68", "490.06"},
		// JPY has no minor unit: 20% of 3702 = 740.4 -> 740; 10% of 6993 = 699.3 -> 699.
		{"jpy-no-decimals", []string{"3702", "6993"}, []breakdown{{"S", "20", "3702", "740"}, {"S", "10", "6993", "699"}}, "1439", "12134"},
		// Document allowances of 10 (20%) and 5 (5.5%), a charge of 12 (20%).
		{"doc-allowance-charge-two-rates", []string{"379.80", "110.00"},
			[]breakdown{{"S", "20", "381.80", "76.36"}, {"S", "5.5", "105.00", "5.78"}}, "82.14", "568.94"},
		// A return line: -2 x 15 = -30.
		{"negative-return-line", []string{"379.80", "-30.00"}, []breakdown{{"S", "20", "349.80", "69.96"}}, "69.96", "419.76"},
		// Prepaid 100 comes off the amount due.
		{"prepaid", []string{"379.80"}, []breakdown{{"S", "20", "379.80", "75.96"}}, "75.96", "355.76"},
		// 3 x 3.33 = 9.99, VAT 2.00, total 11.99, rounded up by 0.01.
		{"rounding-amount", []string{"9.99"}, []breakdown{{"S", "20", "9.99", "2.00"}}, "2.00", "12.00"},
		// Exempt and zero-rated breakdowns carry no VAT; the exemption reason is the line's.
		{"mixed-s-z-e", []string{"379.80", "36.00", "210.00"},
			[]breakdown{{"S", "20", "389.70", "77.94"}, {"Z", "0", "36.00", "0.00"}, {"E", "0", "210.00", "0.00"}}, "77.94", "713.64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv, err := Calculate(caseByName(t, tt.name))
			if err != nil {
				t.Fatalf("Calculate: %v %v", err, faultsOf(err))
			}
			if err := Validate(inv); err != nil {
				t.Fatalf("Validate: %v %v", err, faultsOf(err))
			}
			var nets []string
			for _, l := range inv.Lines {
				nets = append(nets, l.NetAmount.String())
			}
			if !slices.Equal(nets, tt.lineNets) {
				t.Errorf("line net amounts %v, want %v", nets, tt.lineNets)
			}
			var got []breakdown
			for _, b := range inv.VATBreakdown {
				got = append(got, breakdown{string(b.Category), b.Rate.String(), b.TaxableAmount.String(), b.TaxAmount.String()})
			}
			if !slices.Equal(got, tt.breakdowns) {
				t.Errorf("breakdowns %v, want %v", got, tt.breakdowns)
			}
			if inv.Totals.TaxTotal.String() != tt.taxTotal || inv.Totals.Payable.String() != tt.payable {
				t.Errorf("VAT %s, payable %s; want %s, %s", inv.Totals.TaxTotal, inv.Totals.Payable, tt.taxTotal, tt.payable)
			}
		})
	}
}

// TestCalculateTaxCurrency converts the VAT total into the VAT accounting currency (BT-111).
func TestCalculateTaxCurrency(t *testing.T) {
	t.Parallel()
	inv, err := Calculate(caseByName(t, "usd-with-vat-in-eur"))
	if err != nil {
		t.Fatal(err)
	}
	// 3 x 1250 = 3750 USD, VAT 750.00 USD x 0.9215 = 691.125 -> 691.13 EUR.
	if got := inv.Totals.TaxTotalInTaxCur.String(); got != "691.13" {
		t.Fatalf("VAT in EUR = %s, want 691.13", got)
	}
}

// TestCalculateRoundsHalfAwayFromZero checks the rounding of negative amounts.
func TestCalculateRoundsHalfAwayFromZero(t *testing.T) {
	t.Parallel()
	inv := baseInvoice("R1")
	inv.Lines = []Line{line("1", "a", "-1", "C62", "0.005", CategoryStandard, "20"), line("2", "b", "1", "C62", "0.015", CategoryStandard, "20")}
	got, err := Calculate(inv)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := got.Lines[0].NetAmount.String(), got.Lines[1].NetAmount.String(); a != "-0.01" || b != "0.02" {
		t.Fatalf("net amounts %s and %s, want -0.01 and 0.02", a, b)
	}
}

// TestCalculateDoesNotChangeInput: Calculate works on a copy.
func TestCalculateDoesNotChangeInput(t *testing.T) {
	t.Parallel()
	in := caseByName(t, "line-allowance-percent")
	if _, err := Calculate(in); err != nil {
		t.Fatal(err)
	}
	if !in.Lines[0].NetAmount.IsZero() || !in.Lines[0].Charges[0].Amount.IsZero() {
		t.Fatalf("Calculate changed its input: %+v", in.Lines[0])
	}
}

// TestValidateFaults breaks one rule at a time and expects its rule id.
func TestValidateFaults(t *testing.T) {
	t.Parallel()
	reason := func(inv *Invoice, r, code string) {
		inv.Lines[0].VAT.ExemptionReason, inv.Lines[0].VAT.ExemptionCode = r, code
	}
	tests := []struct {
		name   string
		rule   string
		mutate func(inv *Invoice)
	}{
		{"ErrNumberMissing", "BR-02", func(inv *Invoice) { inv.Number = "" }},
		{"ErrIssueDateMissing", "BR-03", func(inv *Invoice) { inv.IssueDate = cal.Date{} }},
		{"ErrTypeUnknown", "BR-04", func(inv *Invoice) { inv.Type = "999" }},
		{"ErrCurrencyUnknown", "BR-CL-04", func(inv *Invoice) { inv.Currency = "EURO" }},
		{"ErrSellerCountryMissing", "BR-09", func(inv *Invoice) { inv.Seller.Address.Country = "" }},
		{"ErrBuyerNameMissing", "BR-07", func(inv *Invoice) { inv.Buyer.Name = "" }},
		{"ErrNoLines", "BR-16", func(inv *Invoice) { inv.Lines = nil }},
		{"ErrUnitMissing", "BR-23", func(inv *Invoice) { inv.Lines[0].Unit = "" }},
		{"ErrUnitMalformed", RuleUnit, func(inv *Invoice) { inv.Lines[0].Unit = "pieces" }},
		{"ErrItemNameMissing", "BR-25", func(inv *Invoice) { inv.Lines[0].Name = "" }},
		{"ErrNetPriceNegative", "BR-27", func(inv *Invoice) { inv.Lines[0].NetPrice = d("-1") }},
		{"ErrLineIDDuplicate", RuleLineID, func(inv *Invoice) { inv.Lines = append(inv.Lines, inv.Lines[0]) }},
		{"ErrBaseQuantityZero", RuleBaseQuantity, func(inv *Invoice) { inv.Lines[0].BaseQuantity = dp("0") }},
		{"ErrCategoryMissing", "BR-CO-04", func(inv *Invoice) { inv.Lines[0].VAT.Category = "" }},
		{"ErrStandardRateZero", "BR-S-05", func(inv *Invoice) { inv.Lines[0].VAT.Rate = d("0") }},
		{"ErrStandardWithReason", "BR-S-10", func(inv *Invoice) { reason(inv, "exempt", "") }},
		{"ErrStandardNoSellerVAT", "BR-S-02", func(inv *Invoice) { inv.Seller.VATID = "" }},
		{"ErrZeroRatedWithRate", "BR-Z-05", func(inv *Invoice) { inv.Lines[0].VAT = VAT{Category: CategoryZero, Rate: d("5")} }},
		{"ErrZeroRatedWithReason", "BR-Z-10", func(inv *Invoice) { inv.Lines[0].VAT = VAT{Category: CategoryZero, ExemptionReason: "x"} }},
		{"ErrExemptWithoutReason", "BR-E-10", func(inv *Invoice) { inv.Lines[0].VAT = VAT{Category: CategoryExempt} }},
		{"ErrReverseChargeWithoutReason", "BR-AE-10", func(inv *Invoice) { inv.Lines[0].VAT = VAT{Category: CategoryReverseCharge} }},
		{"ErrReverseChargeWithoutBuyerID", "BR-AE-02", func(inv *Invoice) {
			inv.Lines[0].VAT = VAT{Category: CategoryReverseCharge, ExemptionCode: "VATEX-EU-AE"}
			inv.Buyer.VATID, inv.Buyer.LegalID = "", Identifier{}
		}},
		{"ErrIntraCommunityWithoutBuyerVAT", "BR-IC-02", func(inv *Invoice) {
			inv.Lines[0].VAT = VAT{Category: CategoryIntraCommunity, ExemptionCode: "VATEX-EU-IC"}
			inv.Buyer.VATID = ""
		}},
		{"ErrIntraCommunityWithoutDeliveryDate", "BR-IC-11", func(inv *Invoice) {
			inv.Lines[0].VAT = VAT{Category: CategoryIntraCommunity, ExemptionCode: "VATEX-EU-IC"}
		}},
		{"ErrIntraCommunityWithoutDeliveryCountry", "BR-IC-12", func(inv *Invoice) {
			inv.Lines[0].VAT = VAT{Category: CategoryIntraCommunity, ExemptionCode: "VATEX-EU-IC"}
		}},
		{"ErrExportWithoutReason", "BR-G-10", func(inv *Invoice) { inv.Lines[0].VAT = VAT{Category: CategoryExport} }},
		{"ErrNotSubjectWithSellerVAT", "BR-O-02", func(inv *Invoice) {
			inv.Lines[0].VAT = VAT{Category: CategoryNotSubject, ExemptionCode: "VATEX-EU-O"}
		}},
		{"ErrNotSubjectWithOtherCategory", "BR-O-11", func(inv *Invoice) {
			inv.Seller.VATID, inv.Buyer.VATID = "", ""
			inv.Lines = append(inv.Lines, line("2", "x", "1", "C62", "1", CategoryNotSubject, "0"))
			inv.Lines[1].VAT.ExemptionCode = "VATEX-EU-O"
		}},
		{"ErrConflictingReasons", RuleExemption, func(inv *Invoice) {
			inv.Lines = []Line{line("1", "a", "1", "C62", "1", CategoryExempt, "0"), line("2", "b", "1", "C62", "1", CategoryExempt, "0")}
			inv.Lines[0].VAT.ExemptionReason, inv.Lines[1].VAT.ExemptionReason = "one", "other"
		}},
		{"ErrAllowanceWithoutReason", "BR-33", func(inv *Invoice) {
			inv.Charges = []Charge{{Amount: d("1"), VAT: VAT{Category: CategoryStandard, Rate: d("20")}}}
		}},
		{"ErrChargeWithoutCategory", "BR-37", func(inv *Invoice) { inv.Charges = []Charge{{Charge: true, Amount: d("1"), Reason: "Fret"}} }},
		{"ErrLineAllowanceWithoutReason", "BR-42", func(inv *Invoice) { inv.Lines[0].Charges = []LineCharge{{Amount: d("1")}} }},
		{"ErrCreditNoteWithoutInvoice", RuleCorrection, func(inv *Invoice) { inv.Type = TypeCreditNote }},
		{"ErrCreditTransferWithoutIBAN", "BR-61", func(inv *Invoice) { inv.Payment.IBAN = "" }},
		{"ErrNoDueDateNorTerms", "BR-CO-25", func(inv *Invoice) { inv.DueDate, inv.Payment.Terms = cal.Date{}, "" }},
		{"ErrAllowanceTooManyDecimals", "BR-DEC-01", func(inv *Invoice) {
			inv.Charges = []Charge{{Amount: d("1.005"), Reason: "Remise", VAT: VAT{Category: CategoryStandard, Rate: d("20")}}}
		}},
		{"ErrTaxCurrencyWithoutRate", "BR-53", func(inv *Invoice) { inv.TaxCurrency = "USD" }},
		{"ErrTaxCurrencySame", "PEPPOL-EN16931-R005", func(inv *Invoice) { inv.TaxCurrency = "EUR" }},
		{"ErrVATIDWithoutCountry", "BR-CO-09", func(inv *Invoice) { inv.Buyer.VATID = "404833048" }},
		{"ErrPeriodReversed", "BR-29", func(inv *Invoice) {
			inv.Period = Period{Start: cal.MustParse("2026-11-30"), End: cal.MustParse("2026-11-01")}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv := baseInvoice("F1")
			tt.mutate(&inv)
			faults := calculateAndValidate(inv)
			if !slices.ContainsFunc(faults, func(f o2c.Fault) bool { return f.Rule == tt.rule }) {
				t.Fatalf("no fault %s in %v", tt.rule, faults)
			}
			for _, f := range faults {
				if f.Message == "" || f.Path == "" {
					t.Errorf("fault without path or message: %+v", f)
				}
			}
		})
	}
}

func calculateAndValidate(inv Invoice) []o2c.Fault {
	c, err := Calculate(inv)
	if err != nil {
		return faultsOf(err)
	}
	return faultsOf(Validate(c))
}

// TestValidateStatedTotals tampers with the totals of a calculated invoice: each BR-CO rule
// catches its own.
func TestValidateStatedTotals(t *testing.T) {
	t.Parallel()
	good, err := Calculate(caseByName(t, "doc-allowance-charge-two-rates"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rule   string
		mutate func(inv *Invoice)
	}{
		{"BR-CO-10", func(inv *Invoice) { inv.Totals.LineTotal = inv.Totals.LineTotal.Add(d("0.01")) }},
		{"BR-CO-11", func(inv *Invoice) { inv.Totals.AllowanceTotal = d("0") }},
		{"BR-CO-12", func(inv *Invoice) { inv.Totals.ChargeTotal = d("0") }},
		{"BR-CO-13", func(inv *Invoice) { inv.Totals.TaxExclusive = inv.Totals.TaxExclusive.Add(d("1")) }},
		{"BR-CO-14", func(inv *Invoice) { inv.Totals.TaxTotal = inv.Totals.TaxTotal.Add(d("0.01")) }},
		{"BR-CO-15", func(inv *Invoice) { inv.Totals.TaxInclusive = inv.Totals.TaxInclusive.Add(d("0.01")) }},
		{"BR-CO-16", func(inv *Invoice) { inv.Totals.Payable = inv.Totals.Payable.Add(d("0.01")) }},
		{"BR-CO-17", func(inv *Invoice) {
			inv.VATBreakdown = slices.Clone(inv.VATBreakdown)
			inv.VATBreakdown[0].TaxAmount = inv.VATBreakdown[0].TaxAmount.Add(d("5"))
		}},
		{"BR-S-08", func(inv *Invoice) {
			inv.VATBreakdown = slices.Clone(inv.VATBreakdown)
			inv.VATBreakdown[0].TaxableAmount = inv.VATBreakdown[0].TaxableAmount.Add(d("1"))
		}},
	}
	if err := Validate(good); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			inv := good
			tt.mutate(&inv)
			faults := faultsOf(Validate(inv))
			if !slices.ContainsFunc(faults, func(f o2c.Fault) bool { return f.Rule == tt.rule }) {
				t.Fatalf("no fault %s in %v", tt.rule, faults)
			}
		})
	}
}

// TestWriteUBLPeppolRules: Peppol needs both electronic addresses and a buyer reference or order.
func TestWriteUBLPeppolRules(t *testing.T) {
	t.Parallel()
	inv := baseInvoice("F1")
	inv.Seller.Endpoint, inv.Buyer.Endpoint = Identifier{}, Identifier{}
	inv.BuyerReference, inv.PurchaseOrder = "", ""
	_, err := WriteUBL(inv)
	var rules []string
	for _, f := range faultsOf(err) {
		rules = append(rules, f.Rule)
	}
	want := []string{"PEPPOL-EN16931-R020", "PEPPOL-EN16931-R010", "PEPPOL-EN16931-R003"}
	if !slices.Equal(rules, want) || o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("faults %v (%v), want %v", rules, err, want)
	}
	inv = baseInvoice("F2")
	inv.Notes = append(inv.Notes, Note{Text: "second"})
	inv.Type, inv.Preceding, inv.Payment = TypeCreditNote, []DocumentRef{{Number: "F1"}}, Payment{Terms: "x"}
	_, err = WriteUBL(inv)
	rules = nil
	for _, f := range faultsOf(err) {
		rules = append(rules, f.Rule)
	}
	if want := []string{"PEPPOL-EN16931-R002", RuleCreditNoteDue}; !slices.Equal(rules, want) {
		t.Fatalf("faults %v, want %v", rules, want)
	}
	// CII carries no such rule.
	if _, err := WriteCII(inv, ""); err != nil {
		t.Fatalf("WriteCII: %v %v", err, faultsOf(err))
	}
	if _, err := WriteCII(inv, "urn:unknown"); o2c.ErrorCode(err) != o2c.CodeInvalid {
		t.Fatalf("WriteCII with an unknown profile: %v", err)
	}
}
