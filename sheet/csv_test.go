package sheet_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/sheet"
)

// lines joins rows into file content.
func lines(rows ...string) []byte { return []byte(strings.Join(rows, "\r\n") + "\r\n") }

// latin1 encodes UTF-8 test text as Windows-1252, as an old Windows export writes it.
func latin1(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := charmap.Windows1252.NewEncoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameJSON compares drafts with the JSON they must encode to, as values (key order and spacing do
// not count).
func sameJSON(t *testing.T, got []o2c.OrderDraft, want string) {
	t.Helper()
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("the test's JSON: %v", err)
	}
	if !reflect.DeepEqual(g, w) {
		pretty, _ := json.MarshalIndent(got, "", "  ")
		t.Fatalf("drafts:\n%s\nwant:\n%s", pretty, want)
	}
}

func boolp(b bool) *bool { return &b }

func TestParseCSV(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		in   []byte
		opts sheet.Options
		want string
	}{
		{
			name: "OKHeaderOnRow1English",
			in: lines(
				"Line,Item No.,Description,Qty,Unit,Unit Price,Amount",
				"1,BOLT-10,Hex bolt M10,100,pcs,0.25,25.00",
				"2,NUT-10,\"Hex nut M10, zinc\",100,pcs,0.10,10.00",
			),
			opts: sheet.Options{FileName: "order.csv"},
			want: `[{"document_type":"purchase_order","source":{"channel":"csv","file":"order.csv"},"lines":[
				{"line_no":1,"supplier_sku":"BOLT-10","description":"Hex bolt M10","quantity":"100","unit":"C62","unit_price":"0.25","line_total":"25.00"},
				{"line_no":2,"supplier_sku":"NUT-10","description":"Hex nut M10, zinc","quantity":"100","unit":"C62","unit_price":"0.10","line_total":"10.00"}]}]`,
		},
		{
			name: "OKHeaderOnRow7UnderTitleBlockFrench",
			in: lines(
				"Boulangerie Martin SARL;;;;;",
				"Bon de commande;;;;;",
				"N° de commande : BC-2026-118;;;Date : 02/11/2026;;",
				"Client;Boulangerie Martin;;N° TVA;FR12345678901;",
				"Date de livraison souhaitée;16/11/2026;;Devise;EUR;",
				";;;;;",
				"Réf.;Désignation;Qté;Unité;P.U. HT;Montant HT",
				"FAR-T65;Farine T65 25 kg;12;sac;18,40;220,80",
				"LEV-500;Levure fraîche 500 g;1 000;pce;1,05;1 050,00",
				";Sous-total;;;;1 270,80",
				";;;;Total HT;1 270,80",
				";;;;TVA 5,5 %;69,89",
				";;;;Total TTC;1 340,69",
			),
			want: `[{"document_type":"purchase_order","source":{"channel":"csv"},"po_number":"BC-2026-118",
				"order_date":"2026-11-02","requested_delivery_date":"2026-11-16","currency":"EUR",
				"buyer":{"name":"Boulangerie Martin","vat_id":"FR12345678901"},
				"lines":[
				{"line_no":1,"supplier_sku":"FAR-T65","description":"Farine T65 25 kg","quantity":"12","unit":"sac","unit_price":"18.40","line_total":"220.80"},
				{"line_no":2,"supplier_sku":"LEV-500","description":"Levure fraîche 500 g","quantity":"1000","unit":"C62","unit_price":"1.05","line_total":"1050.00"}],
				"totals":{"net":"1270.80","tax":"69.89","gross":"1340.69"}}]`,
		},
		{
			name: "OKSemicolonDecimalCommaLatin1",
			in: latin1(t, lines(
				"Réf.;Désignation;Qté;PU HT;Montant",
				"\"A;1\";Pâte à tartiner 1,5 kg;3;12,5;37,5",
				"B2;Crème fraîche;1,250;4;5",
			)),
			want: `[{"document_type":"purchase_order","source":{"channel":"csv"},"lines":[
				{"line_no":1,"supplier_sku":"A;1","description":"Pâte à tartiner 1,5 kg","quantity":"3","unit_price":"12.5","line_total":"37.5"},
				{"line_no":2,"supplier_sku":"B2","description":"Crème fraîche","quantity":"1.250","unit_price":"4","line_total":"5"}]}]`,
		},
		{
			name: "OKGermanThousandsDot",
			in: lines(
				"\ufeffBestellung Nr. 4500012345",
				"Bestelldatum: 2. November 2026",
				"Kunde: Müller GmbH",
				"USt-IdNr.: DE123456789",
				"Kundennummer: 10042",
				"",
				"Pos.;Art.-Nr.;Bezeichnung;Menge;ME;Einzelpreis;Gesamtpreis",
				"10;4711;Schraube M4;1.000;Stk;0,05;50,00",
				"20;4712;Mutter M4;2;Karton;1.234,56;2.469,12",
				";;;;;Summe netto;2.519,12",
				";;;;;MwSt. 19 %;478,63",
				";;;;;Gesamtbetrag brutto;2.997,75",
				"Bitte liefern Sie bis 12 Uhr.",
			),
			want: `[{"document_type":"purchase_order","source":{"channel":"csv"},"po_number":"4500012345","order_date":"2026-11-02",
				"buyer":{"name":"Müller GmbH","vat_id":"DE123456789"},
				"lines":[
				{"line_no":10,"supplier_sku":"4711","description":"Schraube M4","quantity":"1000","unit":"C62","unit_price":"0.05","line_total":"50.00"},
				{"line_no":20,"supplier_sku":"4712","description":"Mutter M4","quantity":"2","unit":"CT","unit_price":"1234.56","line_total":"2469.12"}],
				"totals":{"net":"2519.12","tax":"478.63","gross":"2997.75"},
				"notes":"Customer number: 10042\nBitte liefern Sie bis 12 Uhr."}]`,
		},
		{
			name: "OKEnglishThousandsCommaMonthFirst",
			in: lines(
				"PO Number,Order Date,Customer,Item #,Description,Qty,Unit Price,Line Total,Delivery Date",
				"PO-77,11/25/2026,Acme Corp,X-1,Widget,\"1,500\",$1.25,\"$1,875.00\",12/01/2026",
				"PO-77,11/25/2026,Acme Corp,X-2,Gadget,2,\"$1,234.56\",\"$2,469.12\",12/01/2026",
			),
			want: `[{"document_type":"purchase_order","source":{"channel":"csv"},"po_number":"PO-77","order_date":"2026-11-25",
				"requested_delivery_date":"2026-12-01","buyer":{"name":"Acme Corp"},"lines":[
				{"line_no":1,"supplier_sku":"X-1","description":"Widget","quantity":"1500","unit_price":"1.25","line_total":"1875.00"},
				{"line_no":2,"supplier_sku":"X-2","description":"Gadget","quantity":"2","unit_price":"1234.56","line_total":"2469.12"}]}]`,
		},
		{
			name: "OKTwoOrdersSplitByPO",
			in: lines(
				"Bestellnummer\tLiefertermin\tEAN\tMenge\tWährung",
				"B-1\t03.11.2026\t4006381333931\t5\tEUR",
				"B-1\t03.11.2026\t4006381333948\t7\tEUR",
				"B-2\t04.11.2026\t4006381333931\t1\tCHF",
				"\t\t4 006381 333948\t2\t",
				"",
				"B-1\t05.11.2026\t4006381333955\t9\tEUR",
			),
			want: `[{"document_type":"purchase_order","source":{"channel":"csv"},"po_number":"B-1","requested_delivery_date":"2026-11-03","currency":"EUR",
				"lines":[{"line_no":1,"gtin":"4006381333931","quantity":"5"},{"line_no":2,"gtin":"4006381333948","quantity":"7"},
				{"line_no":3,"gtin":"4006381333955","quantity":"9"}],
				"notes":"The lines ask for different delivery dates: 2026-11-03 (lines 1, 2), 2026-11-05 (line 3)"},
				{"document_type":"purchase_order","source":{"channel":"csv"},"po_number":"B-2","requested_delivery_date":"2026-11-04","currency":"CHF",
				"lines":[{"line_no":1,"gtin":"4006381333931","quantity":"1"},{"line_no":2,"gtin":"4006381333948","quantity":"2"}]}]`,
		},
		{
			name: "OKProfileMapsOddHeaders",
			in: lines(
				"Wochenbestellung KW 45",
				"Artikel-Code-Kunde|Wieviel|Kosten/Stk|Wann",
				"K-100|1.250|2,50|03.11.26",
				"K-200|3|10|03.11.26",
			),
			opts: sheet.Options{Profile: &sheet.Profile{Name: "Bäckerei Schmidt", Columns: map[string]string{
				"buyer_sku": "Artikel-Code-Kunde", "quantity": "wieviel", "unit_price": "KOSTEN/STK", "requested_delivery_date": "Wann"}}},
			want: `[{"document_type":"purchase_order","source":{"channel":"csv"},"requested_delivery_date":"2026-11-03","lines":[
				{"line_no":1,"buyer_sku":"K-100","quantity":"1250","unit_price":"2.50"},
				{"line_no":2,"buyer_sku":"K-200","quantity":"3","unit_price":"10"}]}]`,
		},
		{
			name: "OKProfileRowDelimiterAndFormats",
			in: lines(
				"a;b;c",
				"Code;Anzahl Stück;Datum",
				"X;1.234;02/11/2026",
			),
			opts: sheet.Options{Profile: &sheet.Profile{Name: "x", HeaderRow: 2, Delimiter: ";", DecimalComma: boolp(false),
				DateFormat: "MM/DD/YYYY", Columns: map[string]string{"order_date": "Datum"}}},
			want: `[{"document_type":"purchase_order","source":{"channel":"csv"},"order_date":"2026-02-11","lines":[
				{"line_no":1,"supplier_sku":"X","quantity":"1.234"}]}]`,
		},
		{
			name: "OKHeaderLanguageSettlesAndIsNoted",
			in: lines(
				"Réf.;Qté;Date de livraison",
				"A;1.500;02/11/2026",
			),
			want: `[{"document_type":"purchase_order","source":{"channel":"csv"},"requested_delivery_date":"2026-11-02","lines":[
				{"line_no":1,"supplier_sku":"A","quantity":"1500"}],
				"confidence":{"lines[0].quantity":0.95,"requested_delivery_date":0.95}}]`,
		},
		{
			name: "OKLocaleOptionSettlesDates",
			in: lines(
				"Item,Qty,Delivery date",
				"A,1,02/11/2026",
			),
			opts: sheet.Options{Locale: "en-US"},
			want: `[{"document_type":"purchase_order","source":{"channel":"csv"},"requested_delivery_date":"2026-02-11","lines":[
				{"line_no":1,"description":"A","quantity":"1"}]}]`,
		},
		{
			name: "OKExcelSepLineAndQuantityWithUnit",
			in: lines(
				"sep=|",
				"Artikel|Bezeichnung|Menge|Preis (€)",
				"A-1|Kabel|12,5 m|1,20",
				"A-2|Stecker|3 Stk.|0,80",
			),
			want: `[{"document_type":"purchase_order","source":{"channel":"csv"},"currency":"EUR","lines":[
				{"line_no":1,"supplier_sku":"A-1","description":"Kabel","quantity":"12.5","unit":"MTR","unit_price":"1.20"},
				{"line_no":2,"supplier_sku":"A-2","description":"Stecker","quantity":"3","unit":"C62","unit_price":"0.80"}]}]`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := sheet.ParseCSV(tt.in, tt.opts)
			if err != nil {
				t.Fatalf("ParseCSV: %v %+v", err, o2c.ErrorFaults(err))
			}
			sameJSON(t, got, tt.want)
		})
	}
}

func TestParseCSVErrors(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name     string
		in       []byte
		opts     sheet.Options
		code     o2c.Code
		rule     string
		path     string
		contains []string
	}{
		{
			name: "ErrEmpty", in: []byte(" \r\n"), code: o2c.CodeInvalid, rule: sheet.RuleUnreadable, path: "$",
			contains: []string{"empty"},
		},
		{
			name: "ErrNoHeader", in: lines("hello;world", "1;2", "3;4"), code: o2c.CodeInvalid, rule: sheet.RuleNoHeader, path: "$",
			contains: []string{"no header row", "first 30 rows"},
		},
		{
			name: "ErrNoQuantityColumn", in: lines("Commande 12", "Réf.;Désignation;Prix", "A;Vis;1,00"),
			code: o2c.CodeInvalid, rule: sheet.RuleColumns, path: "A2",
			contains: []string{"row 2", `supplier_sku (A "Réf.")`, `description (B "Désignation")`, "no quantity column"},
		},
		{
			name: "ErrNoArticleColumn", in: lines("Qty,Price", "1,2"),
			code: o2c.CodeInvalid, rule: sheet.RuleColumns, path: "A1", contains: []string{"no column for the article"},
		},
		{
			name: "ErrAmbiguousColumns", in: lines("Réf.;Qté;Quantité", "A;1;2"),
			code: o2c.CodeInvalid, rule: sheet.RuleColumns, path: "A1", contains: []string{`quantity: columns B "Qté" and C "Quantité"`},
		},
		{
			name: "ErrQuantityNotANumber", in: lines("Réf.;Désignation;Qté", "A;Vis;10", "B;Écrou;dix"),
			code: o2c.CodeInvalid, rule: sheet.RuleNumber, path: "C3",
			contains: []string{`quantity "dix" in row 3, column C "Qté" is not a number`},
		},
		{
			name: "ErrPriceNotANumberOnSecondFault", in: lines("Ref,Qty,Price", "A,x,1.00", "B,2,abc"),
			code: o2c.CodeInvalid, rule: sheet.RuleNumber, path: "B2",
			contains: []string{`quantity "x" in row 2, column B "Qty"`, "(and 1 more)"},
		},
		{
			name: "ErrAmbiguousNumberNoLocale", in: lines("EAN;Wieviel", "4006381333931;1.234"),
			opts: sheet.Options{Profile: &sheet.Profile{Name: "x", Columns: map[string]string{"quantity": "Wieviel"}}},
			code: o2c.CodeInvalid, rule: sheet.RuleNumber, path: "B2", contains: []string{"may be 1.234 or 1234", "decimal_comma"},
		},
		{
			name: "ErrAmbiguousDateEnglish", in: lines("Item,Qty,Delivery date", "A,1,02/11/2026"),
			code: o2c.CodeInvalid, rule: sheet.RuleDate, path: "C2", contains: []string{"may be 2026-11-02 or 2026-02-11", "date_format"},
		},
		{
			name: "ErrNotADate", in: lines("Item,Qty,Delivery date", "A,1,soon"),
			code: o2c.CodeInvalid, rule: sheet.RuleDate, path: "C2", contains: []string{`delivery date "soon" in row 2, column C "Delivery date" is not a date`},
		},
		{
			name: "ErrTwoCurrenciesInOnePO", in: lines("PO;Article;Qté;Devise", "P1;A;1;EUR", "P1;B;1;CHF"),
			code: o2c.CodeInvalid, rule: sheet.RuleOrder, path: "D3", contains: []string{`purchase order "P1" states two values of its currency`},
		},
		{
			name: "ErrBadCurrency", in: lines("Article;Qté;Devise", "A;1;Dollars"),
			code: o2c.CodeInvalid, rule: sheet.RuleOrder, path: "C2", contains: []string{"ISO 4217"},
		},
		{
			name: "ErrHeaderWithoutLines", in: lines("Article;Qté", ";", "Total;"),
			code: o2c.CodeInvalid, rule: sheet.RuleNoLines, path: "A1", contains: []string{"no order line follows"},
		},
		{
			name: "ErrProfileHeaderMissing", in: lines("Réf.;Qté", "A;1"),
			opts: sheet.Options{Profile: &sheet.Profile{Name: "x", Columns: map[string]string{"buyer_sku": "Artikel-Code-Kunde"}}},
			code: o2c.CodeInvalid, rule: sheet.RuleColumns, path: "A1", contains: []string{`buyer_sku "Artikel-Code-Kunde"`},
		},
		{
			name: "ErrProfileHeaderRowPastEnd", in: lines("Réf.;Qté", "A;1"),
			opts: sheet.Options{Profile: &sheet.Profile{Name: "x", HeaderRow: 9}},
			code: o2c.CodeInvalid, rule: sheet.RuleOptions, path: "$.header_row", contains: []string{"row 9", "2 rows"},
		},
		{
			name: "ErrBadProfile",
			in:   lines("Réf.;Qté", "A;1"),
			opts: sheet.Options{Profile: &sheet.Profile{Name: "x", Delimiter: "::", DateFormat: "DD/MM",
				Columns: map[string]string{"qty": "Menge", "quantity": "Menge", "unit": "MENGE"}}},
			code: o2c.CodeInvalid, rule: sheet.RuleOptions, path: "$.delimiter", contains: []string{"(and 3 more)"},
		},
		{
			name: "ErrBadLocale", in: lines("Réf.;Qté", "A;1"), opts: sheet.Options{Locale: "xx"},
			code: o2c.CodeInvalid, rule: sheet.RuleOptions, path: "$.locale", contains: []string{`"xx"`},
		},
		{
			name: "ErrNotText", in: []byte("PK\x03\x04\x00\x00binary"),
			code: o2c.CodeInvalid, rule: sheet.RuleUnreadable, path: "$", contains: []string{"NUL"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := sheet.ParseCSV(tt.in, tt.opts)
			if err == nil {
				t.Fatalf("ParseCSV = %+v, want an error", got)
			}
			if c := o2c.ErrorCode(err); c != tt.code {
				t.Fatalf("code %q, want %q: %v", c, tt.code, err)
			}
			faults := o2c.ErrorFaults(err)
			if len(faults) == 0 || faults[0].Rule != tt.rule || faults[0].Path != tt.path {
				t.Fatalf("faults %+v, want the first with rule %s at %s", faults, tt.rule, tt.path)
			}
			for _, s := range tt.contains {
				if !strings.Contains(o2c.ErrorMessage(err), s) {
					t.Fatalf("message %q does not say %q", o2c.ErrorMessage(err), s)
				}
			}
		})
	}
}

func TestParseCSVTooLarge(t *testing.T) {
	t.Parallel()

	var b strings.Builder
	b.WriteString("Ref;Qty\n")
	for range 100_001 {
		b.WriteString("A;1\n")
	}
	_, err := sheet.ParseCSV([]byte(b.String()), sheet.Options{})
	if o2c.ErrorCode(err) != o2c.CodeTooLarge {
		t.Fatalf("ParseCSV of 100,002 rows: %v, want CodeTooLarge", err)
	}
}
