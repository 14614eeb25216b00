package verify_test

import (
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

func TestVerifyProduct(t *testing.T) {
	t.Parallel()
	matched := func(sku, by string) func(t *testing.T, v *o2c.Verification) {
		return func(t *testing.T, v *o2c.Verification) {
			t.Helper()
			if l := v.Lines[0]; l.SKU != sku || l.MatchedBy != by {
				t.Fatalf("line matched %q by %q (score %.2f), want %q by %q", l.SKU, l.MatchedBy, l.MatchScore, sku, by)
			}
		}
	}
	onlyGTIN := func(g string) func(d *o2c.OrderDraft) {
		return func(d *o2c.OrderDraft) {
			d.Lines[0].SupplierSKU, d.Lines[0].Description, d.Lines[0].GTIN = "", "", g
		}
	}
	marker := func(g string) func(d *o2c.OrderDraft) {
		return func(d *o2c.OrderDraft) {
			d.Lines[0] = o2c.DraftLine{GTIN: g, Quantity: dec("2"), UnitPrice: dec("6.00")}
			d.Totals = nil
		}
	}
	runCases(t, []draftCase{
		{name: "supplier_sku= p-100 ", edit: func(d *o2c.OrderDraft) { d.Lines[0].SupplierSKU = " p-100 " }, codes: "", check: matched("P-100", "sku")},
		{name: "supplier_sku=P100", edit: func(d *o2c.OrderDraft) { d.Lines[0].SupplierSKU = "P100" }, codes: "", check: matched("P-100", "sku")},
		{name: "buyer_sku=dup-pen-b", edit: func(d *o2c.OrderDraft) {
			d.Lines[0].SupplierSKU, d.Lines[0].BuyerSKU = "", "dup-pen-b"
		}, codes: "", check: matched("P-100", "customer_item")},
		{name: "gtin=4006381333931", edit: onlyGTIN("4006381333931"), codes: "", check: matched("P-100", "gtin")},
		{name: "gtin=04006381333931", edit: onlyGTIN("04006381333931"), codes: "", check: matched("P-100", "gtin")},
		{name: "gtin=036000291452 (UPC-A)", edit: marker("036000291452"), codes: "", check: matched("P-600", "gtin")},
		{name: "gtin=0036000291452 (GTIN-13)", edit: marker("0036000291452"), codes: "", check: matched("P-600", "gtin")},
		{name: "gtin=00036000291452 (GTIN-14)", edit: marker("00036000291452"), codes: "", check: matched("P-600", "gtin")},
		{name: "UNKNOWN_PRODUCT/gtin=4006381333932 check digit", edit: onlyGTIN("4006381333932"),
			codes: "UNKNOWN_PRODUCT", field: "lines[0].gtin", check: wantMessage("check digit")},
		{name: "description=Ballpoint pen blue", edit: func(d *o2c.OrderDraft) { d.Lines[0].SupplierSKU = "" },
			codes: "", check: matched("P-100", "description")},
		{name: "description=Blue ballpoint pen", edit: func(d *o2c.OrderDraft) {
			d.Lines[0].SupplierSKU, d.Lines[0].Description = "", "Blue ballpoint pen"
		}, codes: "", check: matched("P-100", "description")},
		{name: "description=Balpoint pen bleu (typos)", edit: func(d *o2c.OrderDraft) {
			d.Lines[0].SupplierSKU, d.Lines[0].Description = "", "Balpoint pen bleu"
		}, codes: "LOW_CONFIDENCE", field: "lines[0].description", check: matched("P-100", "description")},
		{name: "description=Copy paper A4 80g typo", edit: func(d *o2c.OrderDraft) {
			d.Lines[0] = o2c.DraftLine{Description: "Copy papr A4 80 g, 500 sheets", Quantity: dec("10"), UnitPrice: dec("4.20")}
			d.Totals = nil
		}, codes: "", check: matched("P-200", "description")},
		{name: "UNKNOWN_PRODUCT/description=Ballpoint pen (ambiguous)", edit: func(d *o2c.OrderDraft) {
			d.Lines[0].SupplierSKU, d.Lines[0].Description = "", "Ballpoint pen"
		}, codes: "UNKNOWN_PRODUCT", field: "lines[0].description", check: wantMessage("P-100", "P-101", "P-102")},
		{name: "UNKNOWN_PRODUCT/description=Garden hose", edit: func(d *o2c.OrderDraft) {
			d.Lines[0].SupplierSKU, d.Lines[0].Description = "", "Garden hose 20 m"
		}, codes: "UNKNOWN_PRODUCT", field: "lines[0].description"},
		{name: "UNKNOWN_PRODUCT/supplier_sku=P-100 gtin=P-600", edit: func(d *o2c.OrderDraft) { d.Lines[0].GTIN = "036000291452" },
			codes: "UNKNOWN_PRODUCT", field: "lines[0]", check: wantMessage("P-100", "P-600")},
		{name: "UNKNOWN_PRODUCT/supplier_sku=X-999", edit: func(d *o2c.OrderDraft) {
			d.Lines[0].SupplierSKU, d.Lines[0].Description = "X-999", ""
		}, codes: "UNKNOWN_PRODUCT", field: "lines[0].supplier_sku", check: wantMessage("X-999")},
		{name: "supplier_sku=X-999 description=Ballpoint pen blue", edit: func(d *o2c.OrderDraft) { d.Lines[0].SupplierSKU = "X-999" },
			codes: "", check: matched("P-100", "description")},
		{name: "UNKNOWN_PRODUCT/buyer_sku=NOPE", edit: func(d *o2c.OrderDraft) {
			d.Lines[0].SupplierSKU, d.Lines[0].BuyerSKU, d.Lines[0].Description = "", "NOPE", ""
		}, codes: "UNKNOWN_PRODUCT", field: "lines[0].buyer_sku", check: wantMessage("item list")},
	})
}

func TestVerifyPrice(t *testing.T) {
	t.Parallel()
	price := func(p, total string) func(d *o2c.OrderDraft) {
		return func(d *o2c.OrderDraft) {
			d.Lines[0].UnitPrice, d.Lines[0].LineTotal, d.Totals = dec(p), dec(total), nil
		}
	}
	charged := func(p string) func(t *testing.T, v *o2c.Verification) {
		return func(t *testing.T, v *o2c.Verification) {
			t.Helper()
			if got := v.Lines[0].UnitPrice.String(); got != p {
				t.Fatalf("unit price charged = %s, want %s", got, p)
			}
		}
	}
	runCases(t, []draftCase{
		{name: "unit_price=0.452 within 0.5%", edit: price("0.452", "45.20"), codes: "", check: charged("0.45")},
		{name: "unit_price=0.46 within 0.01", edit: price("0.46", "46.00"), codes: "", check: charged("0.45")},
		{name: "PRICE_MISMATCH/unit_price=0.47", edit: price("0.47", "47.00"), codes: "PRICE_MISMATCH", field: "lines[0].unit_price",
			check: func(t *testing.T, v *o2c.Verification) {
				charged("0.45")(t, v)
				wantMessage("line 1 (SKU P-100): unit price 0.47 EUR differs from the agreed price 0.45 EUR (customer price valid 2026-01-01..2026-12-31) by 4.44%, tolerance 0.5%")(t, v)
			}},
		{name: "PRICE_MISMATCH/order_date=2025-06-01 agreed 0.48", edit: func(d *o2c.OrderDraft) {
			d.OrderDate = cal.MustParse("2025-06-01")
		}, codes: "PRICE_MISMATCH", check: wantMessage("0.48 EUR", "2025-01-01..2025-12-31")},
		{name: "unit_price=nil takes agreed", edit: func(d *o2c.OrderDraft) { d.Lines[0].UnitPrice, d.Lines[0].LineTotal = nil, nil },
			codes: "", check: charged("0.45")},
		{name: "PRICE_MISMATCH/list price 12.90 vs 14.00", edit: func(d *o2c.OrderDraft) {
			d.Lines[0] = o2c.DraftLine{SupplierSKU: "P-300", Quantity: dec("1"), UnitPrice: dec("14.00")}
			d.Totals = nil
		}, codes: "PRICE_MISMATCH", check: wantMessage("list price")},
		{name: "PRICE_MISMATCH/no price anywhere", edit: func(d *o2c.OrderDraft) {
			d.Lines[0] = o2c.DraftLine{SupplierSKU: "P-700", Quantity: dec("1")}
			d.Totals = nil
		}, codes: "PRICE_MISMATCH"},
		{name: "PRICE_MISMATCH/list price in USD", edit: func(d *o2c.OrderDraft) {
			d.Lines[0] = o2c.DraftLine{SupplierSKU: "P-800", Quantity: dec("1"), UnitPrice: dec("189.00")}
			d.Totals = nil
		}, codes: "PRICE_MISMATCH", check: wantMessage("USD")},
	})
}

func TestVerifyQuantityAndStock(t *testing.T) {
	t.Parallel()
	qty := func(q string) func(d *o2c.OrderDraft) {
		return func(d *o2c.OrderDraft) { d.Lines[0].Quantity, d.Lines[0].LineTotal, d.Totals = dec(q), nil, nil }
	}
	stapler := func(qs ...string) func(d *o2c.OrderDraft) {
		return func(d *o2c.OrderDraft) {
			d.Lines, d.Totals = nil, nil
			for _, q := range qs {
				d.Lines = append(d.Lines, o2c.DraftLine{SupplierSKU: "P-300", Quantity: dec(q)})
			}
		}
	}
	runCases(t, []draftCase{
		{name: "QUANTITY_RULE/quantity=0", edit: qty("0"), codes: "QUANTITY_RULE", field: "lines[0].quantity"},
		{name: "QUANTITY_RULE/quantity=-10", edit: qty("-10"), codes: "QUANTITY_RULE", field: "lines[0].quantity"},
		{name: "QUANTITY_RULE/quantity=5 moq 10 pack 10", edit: qty("5"), codes: "QUANTITY_RULE,QUANTITY_RULE",
			check: wantMessage("minimum order quantity 10")},
		{name: "QUANTITY_RULE/quantity=105 pack 10", edit: qty("105"), codes: "QUANTITY_RULE", check: wantMessage("100 or 110")},
		{name: "quantity=110 pack 10", edit: qty("110"), codes: ""},
		{name: "quantity=10 moq 10", edit: qty("10"), codes: ""},
		{name: "quantity=100.000 pack 10", edit: qty("100.000"), codes: ""},
		{name: "QUANTITY_RULE/unit=XBX", edit: func(d *o2c.OrderDraft) { d.Lines[0].Unit = "XBX" }, codes: "QUANTITY_RULE", field: "lines[0].unit"},
		{name: "unit=PCE is C62", edit: func(d *o2c.OrderDraft) { d.Lines[0].Unit = "PCE" }, codes: ""},
		{name: "stock=5 quantity=5", edit: stapler("5"), codes: ""},
		{name: "INSUFFICIENT_STOCK/stock=5 quantity=6", edit: stapler("6"), codes: "INSUFFICIENT_STOCK", field: "lines[0].quantity",
			check: wantMessage("6", "5 in stock")},
		{name: "INSUFFICIENT_STOCK/stock=5 quantity=3+3", edit: stapler("3", "3"), codes: "INSUFFICIENT_STOCK", field: "lines[1].quantity",
			check: wantMessage("plus 3 on earlier lines")},
	})
}

func TestVerifyTotals(t *testing.T) {
	t.Parallel()
	twoRates := func(d *o2c.OrderDraft) {
		// 100 pens at 0.45 (20%) and 3 kg coffee at 15.00 (5.5%): tax 9.00 + 2.475 -> 2.48.
		d.Lines = append(d.Lines, o2c.DraftLine{LineNo: 2, SupplierSKU: "P-400", Quantity: dec("3"), Unit: "KGM", UnitPrice: dec("15.00"), LineTotal: dec("45.00")})
		d.Totals = &o2c.Totals{Net: dec("90.00"), Tax: dec("11.48"), Gross: dec("101.48")}
	}
	runCases(t, []draftCase{
		{name: "two VAT rates add up", edit: twoRates, codes: ""},
		{name: "TOTALS_MISMATCH/line_total=46.00", edit: func(d *o2c.OrderDraft) { d.Lines[0].LineTotal = dec("46.00") },
			codes: "TOTALS_MISMATCH,TOTALS_MISMATCH", field: "lines[0].line_total", check: wantMessage("46.00 EUR", "45.00 EUR")},
		{name: "line_total=45.01 within 0.01", edit: func(d *o2c.OrderDraft) {
			d.Lines[0].LineTotal, d.Totals.Net, d.Totals.Gross = dec("45.01"), dec("45.01"), dec("54.01")
		}, codes: ""},
		{name: "TOTALS_MISMATCH/net=50.00", edit: func(d *o2c.OrderDraft) { d.Totals.Net, d.Totals.Gross = dec("50.00"), dec("59.00") },
			codes: "TOTALS_MISMATCH", field: "totals.net"},
		{name: "TOTALS_MISMATCH/tax=9.90", edit: func(d *o2c.OrderDraft) { d.Totals.Tax, d.Totals.Gross = dec("9.90"), dec("54.90") },
			codes: "TOTALS_MISMATCH", field: "totals.tax", check: wantMessage("20% of 45.00 EUR = 9.00 EUR")},
		{name: "TOTALS_MISMATCH/gross=55.00", edit: func(d *o2c.OrderDraft) { d.Totals.Gross = dec("55.00") },
			codes: "TOTALS_MISMATCH", field: "totals.gross"},
		{name: "gross only", edit: func(d *o2c.OrderDraft) { d.Totals = &o2c.Totals{Gross: dec("54.00")} }, codes: ""},
		{name: "TOTALS_MISMATCH/two rates tax=11.50", edit: func(d *o2c.OrderDraft) {
			twoRates(d)
			d.Totals.Tax, d.Totals.Gross = dec("11.50"), dec("101.50")
		}, codes: "TOTALS_MISMATCH", field: "totals.tax"},
	})
}
