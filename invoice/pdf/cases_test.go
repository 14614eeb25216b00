package pdf

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/invoice"
)

// The table of invoices of package invoice's tests (copied from invoice/cases_test.go), which
// TestCasesJSON writes to testdata/cases for the tests of facturx and cmd/o2c. Each case is a
// function so that no case shares slices with another.

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func dp(s string) *decimal.Decimal {
	v := d(s)
	return &v
}

func sellerFR() invoice.Party {
	return invoice.Party{
		Name:        "Ateliers Durand SAS",
		TradingName: "Durand Outillage",
		IDs:         []invoice.Identifier{{Scheme: invoice.SchemeSIRET, Value: "73282932000074"}, {Scheme: invoice.SchemeGLN, Value: "5790000435968"}},
		LegalID:     invoice.Identifier{Scheme: invoice.SchemeSIREN, Value: "732829320"},
		VATID:       "FR44732829320",
		LegalInfo:   "SAS au capital de 100 000 EUR, RCS Lyon 732 829 320",
		Endpoint:    invoice.Identifier{Scheme: "0009", Value: "73282932000074"},
		Address:     invoice.Address{Line1: "12 rue des Forges", Line2: "ZI Nord", City: "Lyon", PostCode: "69007", Country: "FR"},
		Contact:     invoice.Contact{Name: "Service facturation", Phone: "+33 4 72 00 00 00", Email: "factures@durand.example"},
	}
}

func buyerDE() invoice.Party {
	return invoice.Party{
		Name:     "Müller Maschinenbau GmbH",
		IDs:      []invoice.Identifier{{Scheme: invoice.SchemeGLN, Value: "7300010000001"}},
		VATID:    "DE123456789",
		Endpoint: invoice.Identifier{Scheme: "0088", Value: "7300010000001"},
		Address:  invoice.Address{Line1: "Industriestraße 5", City: "Stuttgart", PostCode: "70173", Country: "DE"},
		Contact:  invoice.Contact{Email: "einkauf@mueller.example"},
	}
}

// germanParties makes inv a German domestic invoice, which Peppol's DE rules check further.
func germanParties(inv *invoice.Invoice) {
	inv.Seller = invoice.Party{Name: "Schmidt Handel GmbH", VATID: "DE811234567", LegalID: invoice.Identifier{Value: "HRB 12345"},
		Endpoint: invoice.Identifier{Scheme: "0088", Value: "4000001000005"},
		Address:  invoice.Address{Line1: "Hauptstraße 1", City: "Berlin", PostCode: "10115", Country: "DE"},
		Contact:  invoice.Contact{Name: "Buchhaltung", Phone: "+49 30 123456", Email: "rechnung@schmidt.example"}}
	inv.Buyer = buyerDE()
	inv.Notes = nil
	inv.Payment.IBAN = "DE89370400440532013000"
	inv.Payment.BIC = "COBADEFFXXX"
}

func buyerFR() invoice.Party {
	return invoice.Party{
		Name:     "Boulangerie Martin SARL",
		IDs:      []invoice.Identifier{{Scheme: invoice.SchemeSIRET, Value: "40483304800022"}},
		LegalID:  invoice.Identifier{Scheme: invoice.SchemeSIREN, Value: "404833048"},
		VATID:    "FR83404833048",
		Endpoint: invoice.Identifier{Scheme: "0009", Value: "40483304800022"},
		Address:  invoice.Address{Line1: "3 place du Marché", City: "Grenoble", PostCode: "38000", Country: "FR"},
	}
}

func buyerUS() invoice.Party {
	return invoice.Party{
		Name:     "Acme Tools Inc.",
		Endpoint: invoice.Identifier{Scheme: "0088", Value: "4006381333931"},
		Address:  invoice.Address{Line1: "100 Main Street", City: "Springfield", PostCode: "62701", Subdivision: "IL", Country: "US"},
	}
}

func line(id, name, qty, unit, price string, cat invoice.Category, rate string) invoice.Line {
	return invoice.Line{ID: id, Name: name, Quantity: d(qty), Unit: unit, NetPrice: d(price), VAT: invoice.VAT{Category: cat, Rate: d(rate)}}
}

// baseInvoice is a French domestic invoice with one standard-rated line.
func baseInvoice(number string) invoice.Invoice {
	return invoice.Invoice{
		Number:         number,
		Type:           invoice.TypeInvoice,
		IssueDate:      cal.MustParse("2026-11-27"),
		DueDate:        cal.MustParse("2026-12-27"),
		Currency:       "EUR",
		BuyerReference: "SERVICE-ACHATS",
		PurchaseOrder:  "PO-4711",
		SalesOrder:     "SO-2026-0815",
		Notes:          []invoice.Note{{SubjectCode: "ABL", Text: "Indemnité forfaitaire pour frais de recouvrement : 40 EUR."}},
		Seller:         sellerFR(),
		Buyer:          buyerFR(),
		Payment: invoice.Payment{MeansCode: "58", MeansText: "SEPA credit transfer", Reference: number, IBAN: "FR7630006000011234567890189",
			AccountName: "Ateliers Durand", BIC: "AGRIFRPP", Terms: "30 jours net. Pas d'escompte. Pénalités de retard : 3 fois le taux d'intérêt légal."},
		Lines: []invoice.Line{line("1", "Clé dynamométrique 40-200 Nm", "2", "C62", "189.90", invoice.CategoryStandard, "20")},
	}
}

type testCase struct {
	name    string
	inv     invoice.Invoice
	profile invoice.Profile // CII profile; EN 16931 when empty
}

// testCases returns the table: at least 30 invoices covering the invoice.VAT categories, rates,
// allowances and charges, credit notes, currencies and a 500-line invoice.
func testCases() []testCase {
	var cs []testCase
	addCase := func(name string, f func(inv *invoice.Invoice)) {
		inv := baseInvoice(fmt.Sprintf("F2026-%06d", len(cs)+1))
		f(&inv)
		cs = append(cs, testCase{name: name, inv: inv})
	}
	addCase("s20-one-line", func(inv *invoice.Invoice) {})
	addCase("fr-four-rates", func(inv *invoice.Invoice) {
		inv.Lines = []invoice.Line{
			line("1", "Perceuse", "1", "C62", "149.00", invoice.CategoryStandard, "20"),
			line("2", "Travaux de rénovation", "7.5", "HUR", "48.00", invoice.CategoryStandard, "10"),
			line("3", "Farine T65", "25", "KGM", "1.37", invoice.CategoryStandard, "5.5"),
			line("4", "Journal professionnel", "3", "C62", "4.90", invoice.CategoryStandard, "2.1"),
		}
	})
	addCase("de-19-and-7", func(inv *invoice.Invoice) {
		germanParties(inv)
		inv.Lines = []invoice.Line{
			line("1", "Schraubenset", "10", "C62", "12.99", invoice.CategoryStandard, "19"),
			line("2", "Fachbuch", "2", "C62", "39.95", invoice.CategoryStandard, "7"),
		}
	})
	addCase("line-allowance-amount", func(inv *invoice.Invoice) {
		inv.Lines[0].Charges = []invoice.LineCharge{{Amount: d("15.00"), Reason: "Remise fidélité", ReasonCode: "95"}}
	})
	addCase("line-allowance-percent", func(inv *invoice.Invoice) {
		inv.Lines[0].Charges = []invoice.LineCharge{{Percent: dp("12.5"), Reason: "Remise quantitative", ReasonCode: "95"}}
	})
	addCase("line-charge-amount", func(inv *invoice.Invoice) {
		inv.Lines[0].Charges = []invoice.LineCharge{{Charge: true, Amount: d("8.50"), Reason: "Emballage spécial", ReasonCode: "ABL"}}
	})
	addCase("line-allowance-and-charge-percent", func(inv *invoice.Invoice) {
		inv.Lines = append(inv.Lines, line("2", "Coffret", "3", "C62", "33.33", invoice.CategoryStandard, "20"))
		inv.Lines[1].Charges = []invoice.LineCharge{
			{Percent: dp("7"), Base: dp("99.99"), Reason: "Remise", ReasonCode: "95"},
			{Charge: true, Percent: dp("2.5"), Base: dp("99.99"), Reason: "Manutention", ReasonCode: "ABL"},
		}
	})
	addCase("doc-allowance-amount", func(inv *invoice.Invoice) {
		inv.Charges = []invoice.Charge{{Amount: d("20.00"), Reason: "Remise commerciale", ReasonCode: "95", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: d("20")}}}
	})
	addCase("doc-charge-freight", func(inv *invoice.Invoice) {
		inv.Charges = []invoice.Charge{{Charge: true, Amount: d("25.00"), Reason: "Frais de port", ReasonCode: "FC", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: d("20")}}}
	})
	addCase("doc-allowance-percent", func(inv *invoice.Invoice) {
		inv.Lines = append(inv.Lines, line("2", "Embouts", "13", "C62", "3.17", invoice.CategoryStandard, "20"))
		inv.Charges = []invoice.Charge{{Percent: dp("3"), Reason: "Escompte", ReasonCode: "95", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: d("20")}}}
	})
	addCase("doc-allowance-charge-two-rates", func(inv *invoice.Invoice) {
		inv.Lines = append(inv.Lines, line("2", "Livre technique", "4", "C62", "27.50", invoice.CategoryStandard, "5.5"))
		inv.Charges = []invoice.Charge{
			{Amount: d("10.00"), Reason: "Remise", ReasonCode: "95", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: d("20")}},
			{Amount: d("5.00"), Reason: "Remise", ReasonCode: "95", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: d("5.5")}},
			{Charge: true, Amount: d("12.00"), Reason: "Livraison express", ReasonCode: "FC", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: d("20")}},
		}
	})
	addCase("gross-price-discount", func(inv *invoice.Invoice) {
		inv.Lines[0].GrossPrice = dp("210.00")
	})
	addCase("base-quantity-per-100", func(inv *invoice.Invoice) {
		inv.Lines = []invoice.Line{line("1", "Vis inox M4", "2350", "C62", "7.49", invoice.CategoryStandard, "20")}
		inv.Lines[0].BaseQuantity = dp("100")
	})
	addCase("reverse-charge-ae", func(inv *invoice.Invoice) {
		inv.Buyer = buyerFR()
		inv.Lines = []invoice.Line{line("1", "Travaux de sous-traitance BTP", "35", "HUR", "52.00", invoice.CategoryReverseCharge, "0")}
		inv.Lines[0].VAT.ExemptionReason = "Autoliquidation"
		inv.Lines[0].VAT.ExemptionCode = "VATEX-EU-AE"
	})
	addCase("intra-community-k", func(inv *invoice.Invoice) {
		inv.Buyer = buyerDE()
		inv.Delivery = invoice.Delivery{PartyName: "Müller Werk 2", Date: cal.MustParse("2026-11-20"),
			Address: invoice.Address{Line1: "Werkstraße 9", City: "Esslingen", PostCode: "73728", Country: "DE"}}
		inv.Lines = []invoice.Line{line("1", "Étau d'établi", "4", "C62", "310.00", invoice.CategoryIntraCommunity, "0"),
			line("2", "Mors de rechange", "8", "C62", "22.40", invoice.CategoryIntraCommunity, "0")}
		inv.Lines[0].VAT.ExemptionReason = "Exonération de TVA, article 262 ter I du CGI"
		inv.Lines[0].VAT.ExemptionCode = "VATEX-EU-IC"
	})
	addCase("export-g", func(inv *invoice.Invoice) {
		inv.Buyer = buyerUS()
		inv.Lines = []invoice.Line{line("1", "Machine à cintrer", "1", "C62", "12500.00", invoice.CategoryExport, "0")}
		inv.Lines[0].VAT.ExemptionReason = "Exonération de TVA, article 262 I du CGI (exportation)"
		inv.Lines[0].VAT.ExemptionCode = "VATEX-EU-G"
	})
	addCase("exempt-e-reason-text", func(inv *invoice.Invoice) {
		inv.Lines = []invoice.Line{line("1", "Formation professionnelle", "14", "HUR", "85.00", invoice.CategoryExempt, "0")}
		inv.Lines[0].VAT.ExemptionReason = "Exonération de TVA, article 261-4-4° du CGI"
	})
	addCase("exempt-e-vatex-code", func(inv *invoice.Invoice) {
		inv.Lines = []invoice.Line{line("1", "Cours de langue", "10", "HUR", "60.00", invoice.CategoryExempt, "0")}
		inv.Lines[0].VAT.ExemptionCode = "VATEX-EU-132-1I"
		inv.Lines[0].VAT.ExemptionReason = "Enseignement scolaire ou universitaire"
	})
	addCase("zero-rated-z", func(inv *invoice.Invoice) {
		inv.Lines = []invoice.Line{line("1", "Livres scolaires", "30", "C62", "12.00", invoice.CategoryZero, "0")}
	})
	addCase("not-subject-o", func(inv *invoice.Invoice) {
		inv.Seller.VATID = ""
		inv.Buyer.VATID = ""
		inv.Lines = []invoice.Line{line("1", "Débours : frais de dossier", "1", "C62", "35.00", invoice.CategoryNotSubject, "0")}
		inv.Lines[0].VAT.ExemptionReason = "Non soumis à la TVA"
		inv.Lines[0].VAT.ExemptionCode = "VATEX-EU-O"
	})
	addCase("mixed-s-z-e", func(inv *invoice.Invoice) {
		inv.Lines = append(inv.Lines,
			line("2", "Manuel", "2", "C62", "18.00", invoice.CategoryZero, "0"),
			line("3", "Formation", "3", "HUR", "70.00", invoice.CategoryExempt, "0"))
		inv.Lines[2].VAT.ExemptionReason = "Exonération de TVA, article 261-4-4° du CGI"
		inv.Charges = []invoice.Charge{{Charge: true, Amount: d("9.90"), Reason: "Frais de port", ReasonCode: "FC", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: d("20")}}}
	})
	addCase("credit-note-381", func(inv *invoice.Invoice) {
		inv.Type = invoice.TypeCreditNote
		inv.Preceding = []invoice.DocumentRef{{Number: "F2026-000001", IssueDate: cal.MustParse("2026-11-27")}}
		inv.Lines = []invoice.Line{line("1", "Retour clé dynamométrique", "1", "C62", "189.90", invoice.CategoryStandard, "20")}
		inv.Payment.Terms = "Avoir imputable sur la prochaine facture."
	})
	addCase("credit-note-with-charges", func(inv *invoice.Invoice) {
		inv.Type = invoice.TypeCreditNote
		inv.Preceding = []invoice.DocumentRef{{Number: "F2026-000008"}}
		inv.Lines = append(inv.Lines, line("2", "Mors", "2", "C62", "22.40", invoice.CategoryStandard, "20"))
		inv.Lines[0].Charges = []invoice.LineCharge{{Percent: dp("10"), Reason: "Geste commercial", ReasonCode: "95"}}
		inv.Charges = []invoice.Charge{{Charge: true, Amount: d("25.00"), Reason: "Frais de port remboursés", ReasonCode: "FC", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: d("20")}}}
	})
	addCase("credit-note-reverse-charge", func(inv *invoice.Invoice) {
		inv.Type = invoice.TypeCreditNote
		inv.Preceding = []invoice.DocumentRef{{Number: "F2026-000014", IssueDate: cal.MustParse("2026-11-27")}}
		inv.Lines = []invoice.Line{line("1", "Heures non effectuées", "5", "HUR", "52.00", invoice.CategoryReverseCharge, "0")}
		inv.Lines[0].VAT.ExemptionReason = "Autoliquidation"
		inv.Lines[0].VAT.ExemptionCode = "VATEX-EU-AE"
	})
	addCase("corrected-invoice-384", func(inv *invoice.Invoice) {
		germanParties(inv) // Peppol allows 384 only between German organisations (P0112)
		inv.Type = invoice.TypeCorrected
		inv.Preceding = []invoice.DocumentRef{{Number: "F2026-000002", IssueDate: cal.MustParse("2026-11-27")}}
	})
	addCase("usd-all", func(inv *invoice.Invoice) {
		inv.Currency = "USD"
		inv.Buyer = buyerUS()
		inv.Payment = invoice.Payment{MeansCode: "30", IBAN: "FR7630006000011234567890189", BIC: "AGRIFRPP", Terms: "Net 45 days"}
		inv.Lines = []invoice.Line{line("1", "Press brake tooling", "6", "C62", "845.25", invoice.CategoryExport, "0"),
			line("2", "Spare punches", "40", "C62", "12.125", invoice.CategoryExport, "0")}
		inv.Lines[0].VAT.ExemptionReason = "Export outside the EU"
		inv.Lines[0].VAT.ExemptionCode = "VATEX-EU-G"
		inv.Charges = []invoice.Charge{{Charge: true, Amount: d("350.00"), Reason: "Air freight", ReasonCode: "FC", VAT: invoice.VAT{Category: invoice.CategoryExport, Rate: d("0")}}}
	})
	addCase("usd-with-vat-in-eur", func(inv *invoice.Invoice) {
		inv.Currency = "USD"
		inv.TaxCurrency = "EUR"
		inv.TaxExchangeRate = d("0.9215")
		inv.Buyer = buyerUS()
		inv.Lines = []invoice.Line{line("1", "On-site training in Lyon", "3", "DAY", "1250.00", invoice.CategoryStandard, "20")}
	})
	addCase("jpy-no-decimals", func(inv *invoice.Invoice) {
		inv.Currency = "JPY"
		inv.Lines = []invoice.Line{line("1", "Lime", "3", "C62", "1234", invoice.CategoryStandard, "20"),
			line("2", "Râpe", "7", "C62", "999", invoice.CategoryStandard, "10")}
	})
	addCase("prepaid", func(inv *invoice.Invoice) {
		inv.Totals.Prepaid = d("100.00")
	})
	addCase("rounding-amount", func(inv *invoice.Invoice) {
		inv.Lines = []invoice.Line{line("1", "Pièce", "3", "C62", "3.33", invoice.CategoryStandard, "20")}
		inv.Totals.Rounding = d("0.01") // 11.99 -> 12.00
	})
	addCase("delivery-address-gln", func(inv *invoice.Invoice) {
		inv.Delivery = invoice.Delivery{PartyName: "Entrepôt Martin", LocationID: invoice.Identifier{Scheme: invoice.SchemeGLN, Value: "5790000435968"}, Date: cal.MustParse("2026-11-25"),
			Address: invoice.Address{Line1: "Zone logistique 4", Line3: "Quai 12", City: "Échirolles", PostCode: "38130", Country: "FR"}}
	})
	addCase("periods", func(inv *invoice.Invoice) {
		inv.Period = invoice.Period{Start: cal.MustParse("2026-11-01"), End: cal.MustParse("2026-11-30")}
		inv.Lines = []invoice.Line{line("1", "Location machine", "1", "MON", "450.00", invoice.CategoryStandard, "20"),
			line("2", "Maintenance", "2.5", "HUR", "65.00", invoice.CategoryStandard, "20")}
		inv.Lines[0].Period = invoice.Period{Start: cal.MustParse("2026-11-01"), End: cal.MustParse("2026-11-30")}
		inv.Lines[1].Period = invoice.Period{Start: cal.MustParse("2026-11-12"), End: cal.MustParse("2026-11-12")}
	})
	addCase("negative-return-line", func(inv *invoice.Invoice) {
		inv.Lines = append(inv.Lines, line("2", "Retour palette consignée", "-2", "XPX", "15.00", invoice.CategoryStandard, "20"))
	})
	addCase("odd-prices-rounding", func(inv *invoice.Invoice) {
		inv.Lines = []invoice.Line{
			line("1", "Rondelle", "7", "C62", "0.3333", invoice.CategoryStandard, "20"),
			line("2", "Câble", "12.75", "MTR", "1.115", invoice.CategoryStandard, "20"),
			line("3", "Huile", "0.375", "LTR", "19.99", invoice.CategoryStandard, "5.5"),
		}
		inv.Lines[0].OrderLineRef = "10"
		inv.Lines[0].StandardID = invoice.Identifier{Scheme: invoice.SchemeGTIN, Value: "4006381333931"}
		inv.Lines[0].SellerItemID = "RON-4"
		inv.Lines[0].BuyerItemID = "B-77"
		inv.Lines[0].Description = "Rondelle plate M4 zinguée"
		inv.Lines[0].Note = "Lot 2026-47"
	})
	addCase("payment-terms-no-due-date", func(inv *invoice.Invoice) {
		inv.DueDate = cal.Date{}
		inv.TaxPointDate = cal.MustParse("2026-11-26")
		inv.ContractRef = "CT-2026-01"
	})
	addCase("500-lines", func(inv *invoice.Invoice) {
		inv.Lines = nil
		rates := []string{"20", "10", "5.5"}
		for i := range 500 {
			l := line(fmt.Sprint(i+1), fmt.Sprintf("Article %03d", i+1), fmt.Sprint(1+i%9), "C62",
				fmt.Sprintf("%d.%02d", 3+i%47, (i*37)%100), invoice.CategoryStandard, rates[i%3])
			if i%10 == 0 {
				l.Charges = []invoice.LineCharge{{Percent: dp("5"), Reason: "Remise", ReasonCode: "95"}}
			}
			inv.Lines = append(inv.Lines, l)
		}
		inv.Charges = []invoice.Charge{{Charge: true, Amount: d("49.00"), Reason: "Frais de port", ReasonCode: "FC", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: d("20")}}}
	})
	basic := baseInvoice("F2026-B00001")
	basic.Lines[0].Charges = []invoice.LineCharge{{Amount: d("5.00"), Reason: "Remise", ReasonCode: "95"}}
	cs = append(cs, testCase{name: "profile-basic", inv: basic, profile: invoice.ProfileBasic})
	ext := baseInvoice("F2026-X00001")
	ext.Charges = []invoice.Charge{{Charge: true, Amount: d("25.00"), Reason: "Frais de port", ReasonCode: "FC", VAT: invoice.VAT{Category: invoice.CategoryStandard, Rate: d("20")}}}
	cs = append(cs, testCase{name: "profile-extended", inv: ext, profile: invoice.ProfileExtended})
	return cs
}
