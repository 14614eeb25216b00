package extract_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
)

func TestCheckDraftAcceptsGoodOrders(t *testing.T) {
	t.Parallel()

	for _, name := range goodFiles(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			t.Parallel()
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			drafts, err := extract.DecodeJSON(b)
			if err != nil {
				t.Fatal(err)
			}
			for i := range drafts {
				if faults := extract.CheckDraft(&drafts[i]); len(faults) > 0 {
					t.Fatalf("draft %d: %+v", i, faults)
				}
			}
		})
	}
}

// Missing business facts are for verification to report as anomalies, not faults.
func TestCheckDraftIgnoresMissingBusinessFields(t *testing.T) {
	t.Parallel()

	d := o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, Lines: []o2c.DraftLine{{}}}
	if faults := extract.CheckDraft(&d); len(faults) > 0 {
		t.Fatalf("faults = %+v, want none", faults)
	}
}

func dp(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

func TestCheckDraftRejects(t *testing.T) {
	t.Parallel()

	for _, tc := range []struct {
		name   string
		change func(d *o2c.OrderDraft)
		path   string
		rule   string
	}{
		{"DocumentType=", func(d *o2c.OrderDraft) { d.DocumentType = "" }, "$.document_type", extract.RuleDocumentType},
		{"DocumentType=PurchaseOrder", func(d *o2c.OrderDraft) { d.DocumentType = "PurchaseOrder" }, "$.document_type", extract.RuleDocumentType},
		{"Channel=fax", func(d *o2c.OrderDraft) { d.Source = &o2c.Source{Channel: "fax"} }, "$.source.channel", extract.RuleChannel},
		{"Currency=eur", func(d *o2c.OrderDraft) { d.Currency = "eur" }, "$.currency", extract.RuleCurrency},
		{"Currency=EURO", func(d *o2c.OrderDraft) { d.Currency = "EURO" }, "$.currency", extract.RuleCurrency},
		{"Currency=ZZZ", func(d *o2c.OrderDraft) { d.Currency = "ZZZ" }, "$.currency", extract.RuleCurrency},
		{"Buyer.Country=fr", func(d *o2c.OrderDraft) { d.Buyer = &o2c.Party{Country: "fr"} }, "$.buyer.country", extract.RuleCountry},
		{"ShipTo.Country=UK", func(d *o2c.OrderDraft) { d.ShipTo = &o2c.Party{Country: "UK"} }, "$.ship_to.country", extract.RuleCountry},
		{"BillTo.Country=FRA", func(d *o2c.OrderDraft) { d.BillTo = &o2c.Party{Country: "FRA"} }, "$.bill_to.country", extract.RuleCountry},
		{"Carrier.Country=XX", func(d *o2c.OrderDraft) { d.Delivery = &o2c.Delivery{Carrier: &o2c.Party{Country: "XX"}} }, "$.delivery.carrier.country", extract.RuleCountry},
		{"Lines=none", func(d *o2c.OrderDraft) { d.Lines = nil }, "$.lines", extract.RuleNoLines},
		{"OrderChange/Lines=[]", func(d *o2c.OrderDraft) { d.DocumentType = o2c.DocOrderChange; d.Lines = []o2c.DraftLine{} }, "$.lines", extract.RuleNoLines},
		{"LineNo=-1", func(d *o2c.OrderDraft) { d.Lines[0].LineNo = -1 }, "$.lines[0].line_no", extract.RuleLineNo},
		{"LineNo=1e9", func(d *o2c.OrderDraft) { d.Lines[0].LineNo = 1_000_000_000 }, "$.lines[0].line_no", extract.RuleLineNo},
		{"LineNo=1,1", func(d *o2c.OrderDraft) { d.Lines = append(d.Lines, o2c.DraftLine{LineNo: 1}) }, "$.lines[1].line_no", extract.RuleLineNo},
		{"Quantity=0", func(d *o2c.OrderDraft) { d.Lines[0].Quantity = dp("0") }, "$.lines[0].quantity", extract.RuleQuantity},
		{"Quantity=-2", func(d *o2c.OrderDraft) { d.Lines[0].Quantity = dp("-2") }, "$.lines[0].quantity", extract.RuleQuantity},
		{"Quantity=1e9", func(d *o2c.OrderDraft) { d.Lines[0].Quantity = dp("1000000000") }, "$.lines[0].quantity", extract.RuleQuantity},
		{"Quantity=0.0000001", func(d *o2c.OrderDraft) { d.Lines[0].Quantity = dp("0.0000001") }, "$.lines[0].quantity", extract.RuleQuantity},
		{"UnitPrice=-0.01", func(d *o2c.OrderDraft) { d.Lines[0].UnitPrice = dp("-0.01") }, "$.lines[0].unit_price", extract.RulePrice},
		{"UnitPrice=1e12", func(d *o2c.OrderDraft) { d.Lines[0].UnitPrice = dp("1000000000000") }, "$.lines[0].unit_price", extract.RulePrice},
		{"LineTotal=1.1234567", func(d *o2c.OrderDraft) { d.Lines[0].LineTotal = dp("1.1234567") }, "$.lines[0].line_total", extract.RulePrice},
		{"Totals.Net=-1", func(d *o2c.OrderDraft) { d.Totals = &o2c.Totals{Net: dp("-1")} }, "$.totals.net", extract.RuleTotals},
		{"Totals.Tax=0.0000001", func(d *o2c.OrderDraft) { d.Totals = &o2c.Totals{Tax: dp("0.0000001")} }, "$.totals.tax", extract.RuleTotals},
		{"Totals.Gross=1e12", func(d *o2c.OrderDraft) { d.Totals = &o2c.Totals{Gross: dp("1000000000000")} }, "$.totals.gross", extract.RuleTotals},
		{"Packages=-1", func(d *o2c.OrderDraft) { d.Delivery = &o2c.Delivery{Packages: dp("-1")} }, "$.delivery.packages", extract.RuleMeasure},
		{"GrossWeightKg=1e9", func(d *o2c.OrderDraft) { d.Delivery = &o2c.Delivery{GrossWeightKg: dp("1000000000")} }, "$.delivery.gross_weight_kg", extract.RuleMeasure},
		{"Confidence[po_number]=1.01", func(d *o2c.OrderDraft) { d.Confidence = map[string]float64{"po_number": 1.01} }, "$.confidence.po_number", extract.RuleConfidence},
		{"Confidence[po_number]=-0.1", func(d *o2c.OrderDraft) { d.Confidence = map[string]float64{"po_number": -0.1} }, "$.confidence.po_number", extract.RuleConfidence},
		{"Confidence[po_number]=NaN", func(d *o2c.OrderDraft) { d.Confidence = map[string]float64{"po_number": math.NaN()} }, "$.confidence.po_number", extract.RuleConfidence},
		{"Confidence[PO Number]", func(d *o2c.OrderDraft) { d.Confidence = map[string]float64{"PO Number": 0.5} }, `$.confidence["PO Number"]`, extract.RuleConfidence},
		{"Confidence[lines[x].quantity]", func(d *o2c.OrderDraft) { d.Confidence = map[string]float64{"lines[x].quantity": 0.5} }, `$.confidence["lines[x].quantity"]`, extract.RuleConfidence},
		{"Confidence[$.po_number]", func(d *o2c.OrderDraft) { d.Confidence = map[string]float64{"$.po_number": 0.5} }, `$.confidence["$.po_number"]`, extract.RuleConfidence},
		{"PONumber=1001chars", func(d *o2c.OrderDraft) { d.PONumber = strings.Repeat("9", 1001) }, "$.po_number", extract.RuleText},
		{"PONumber=NUL", func(d *o2c.OrderDraft) { d.PONumber = "PO\x00" }, "$.po_number", extract.RuleText},
		{"Description=InvalidUTF8", func(d *o2c.OrderDraft) { d.Lines[0].Description = "caf\xe9" }, "$.lines[0].description", extract.RuleText},
		{"Buyer.Name=ESC", func(d *o2c.OrderDraft) { d.Buyer = &o2c.Party{Name: "A\x1b[31m"} }, "$.buyer.name", extract.RuleText},
		{"Source.Sender=1001chars", func(d *o2c.OrderDraft) { d.Source = &o2c.Source{Sender: strings.Repeat("é", 1001)} }, "$.source.sender", extract.RuleText},
		{"Notes=10001chars", func(d *o2c.OrderDraft) { d.Notes = strings.Repeat("n", 10_001) }, "$.notes", extract.RuleText},
		{"Reservations=DEL", func(d *o2c.OrderDraft) { d.Delivery = &o2c.Delivery{Reservations: "dented\x7f"} }, "$.delivery.reservations", extract.RuleText},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, Currency: "EUR",
				Lines: []o2c.DraftLine{{LineNo: 1, Quantity: dp("1"), UnitPrice: dp("2.50"), LineTotal: dp("2.50")}}}
			tc.change(&d)
			faults := extract.CheckDraft(&d)
			if len(faults) != 1 || faults[0].Path != tc.path || faults[0].Rule != tc.rule || faults[0].Message == "" {
				t.Fatalf("faults %+v\nwant one with path %s and rule %s", faults, tc.path, tc.rule)
			}
		})
	}
}

func TestCheckDraftAllowsLongNotesAndZeroPrices(t *testing.T) {
	t.Parallel()

	d := o2c.OrderDraft{DocumentType: o2c.DocPurchaseOrder, Notes: strings.Repeat("n", 9_997) + "\r\n\t",
		Lines: []o2c.DraftLine{{Quantity: dp("0.000001"), UnitPrice: dp("0"), LineTotal: dp("999999999999.999999")}}}
	if faults := extract.CheckDraft(&d); len(faults) > 0 {
		t.Fatalf("faults = %+v, want none", faults)
	}
}
