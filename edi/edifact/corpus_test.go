package edifact

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

// corpusDir holds the public EDIFACT files written by others (shared/corpus/public/edifact, beside
// the repository). The tests need it: a missing corpus fails them rather than skipping.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "public", "edifact")

func readCorpus(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name)) //nolint:gosec // a file of the public corpus, named by the test
	if err != nil {
		t.Fatalf("read the public corpus (shared/corpus beside the repository): %v", err)
	}
	return b
}

// corpusCase is what a person reads in a corpus file: its interchanges and messages, whether a
// strict parse accepts it, and for an order file the orders, their lines and some values.
type corpusCase struct {
	file         string
	interchanges int
	messages     []string // message types, in order, across interchanges
	strictErr    string   // what a strict Parse's error says, when the file breaks the syntax rules
	problems     []SyntaxCode
	lines        []int  // lines of each order; nil for a file without orders
	ordersErr    string // what Orders says instead, when it refuses
	check        func(t *testing.T, all []*Interchange, drafts []o2c.OrderDraft)
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

var corpusCases = []corpusCase{
	{
		file: "bots-plugins/ORDERS_D96A_EAN008_comscript.edi", interchanges: 1, messages: []string{"ORDERS"}, lines: []int{1},
		check: func(t *testing.T, _ []*Interchange, d []o2c.OrderDraft) {
			eq(t, "source.sender", d[0].Source.Sender, "PARTNER0")
			eq(t, "po_number", d[0].PONumber, "COMMTEST1-1")
			eq(t, "order_date", d[0].OrderDate.String(), "2005-08-19")
			eq(t, "lines[0].gtin", d[0].Lines[0].GTIN, "2000100873151")
			eqDec(t, "lines[0].quantity", d[0].Lines[0].Quantity, "1")
			if d[0].Buyer != nil {
				t.Fatalf("buyer = %+v, want none: PARTNER1 is no GLN", d[0].Buyer)
			}
		},
	},
	{
		file: "bots-plugins/ORDERS_D96A_EAN008_csvdemo.edi", interchanges: 1, messages: repeat("ORDERS", 4), lines: []int{4, 2, 1, 1},
		check: func(t *testing.T, _ []*Interchange, d []o2c.OrderDraft) {
			eq(t, "[0].po_number", d[0].PONumber, "BGMREF")
			eq(t, "[0].requested_delivery_date (DTM 2 first)", d[0].RequestedDeliveryDate.String(), "1997-08-30")
			eq(t, "[0].ship_to.gln", d[0].ShipTo.GLN, "8712345002206")
			eq(t, "[0].bill_to.gln", d[0].BillTo.GLN, "8799999000000")
			eq(t, "[0].lines[3].gtin", d[0].Lines[3].GTIN, "8712345002206")
			eqDec(t, "[0].lines[3].quantity", d[0].Lines[3].Quantity, "1.00")
			eq(t, "[1].requested_delivery_date (DTM 64)", d[1].RequestedDeliveryDate.String(), "2005-08-29")
			eqDec(t, "[3].lines[0].quantity", d[3].Lines[0].Quantity, "9")
		},
	},
	{
		file: "bots-plugins/ORDERS_D96A_EAN008_interchange_many.edi", interchanges: 24, messages: repeat("ORDERS", 24),
		lines: []int{3, 3, 3, 3, 3, 3, 3, 3, 0, 3, 3, 3, 1, 1, 3, 3, 3, 6, 3, 3, 3, 3, 3, 1},
		check: func(t *testing.T, all []*Interchange, d []o2c.OrderDraft) {
			eq(t, "[0] control reference", all[0].ControlRef, "I1L0401010000T")
			eq(t, "[0].po_number", d[0].PONumber, "123")
			eq(t, "[0].buyer.gln", d[0].Buyer.GLN, "8799999000000")
			eq(t, "[0].order_date (203)", d[0].OrderDate.String(), "1997-09-11")
			eq(t, "[0].lines[0].gtin", d[0].Lines[0].GTIN, "8712345004002")
			eqDec(t, "[0].lines[0].quantity", d[0].Lines[0].Quantity, "50")
			eq(t, "[9].currency", d[9].Currency, "NLG")
			eq(t, "[9].ship_to.name", d[9].ShipTo.Name, "NAAM")
			eq(t, "[9].ship_to.street", d[9].ShipTo.Street, "STRAAT")
			eq(t, "[9].ship_to.city", d[9].ShipTo.City, "PLAATS")
			eq(t, "[9].ship_to.postal_code", d[9].ShipTo.PostalCode, "6114GM")
			eqDec(t, "[9].lines[1].line_total", d[9].Lines[1].LineTotal, "1")
			eqDec(t, "[9].lines[2].quantity", d[9].Lines[2].Quantity, "123456789012")
			if d[9].Lines[1].UnitPrice != nil {
				t.Fatalf("[9].lines[1].unit_price = %s, want none: PRI INV is no net or gross price", d[9].Lines[1].UnitPrice)
			}
			eq(t, "[15].lines[0].line_no", itoa(d[15].Lines[0].LineNo), "9")
			eq(t, "[17].lines[0].gtin (EAN-8)", d[17].Lines[0].GTIN, "87123456")
			eq(t, "[17].lines[1].gtin (GTIN-14)", d[17].Lines[1].GTIN, "48712345002006")
			eq(t, "[23].po_number", d[23].PONumber, "T")
		},
	},
	{
		file: "bots-plugins/ORDERS_D96A_EAN008_order01.edi", interchanges: 2, messages: repeat("ORDERS", 3), lines: []int{1, 1, 4},
		check: func(t *testing.T, all []*Interchange, d []o2c.OrderDraft) {
			eq(t, "[1] control reference", all[1].ControlRef, "T0000000004-2")
			eq(t, "[2].source.sender", d[2].Source.Sender, "8712345678906")
			eq(t, "[2].lines[3].gtin", d[2].Lines[3].GTIN, "2000100873182")
			eqDec(t, "[2].lines[3].quantity", d[2].Lines[3].Quantity, "10000")
		},
	},
	{
		// Wrapped at 80 columns inside a segment: DTM+137:200508<LF>19:102.
		file: "bots-plugins/ORDERS_D96A_EAN008_order02.edi", interchanges: 1, messages: []string{"ORDERS"}, lines: []int{1},
		check: func(t *testing.T, _ []*Interchange, d []o2c.OrderDraft) {
			eq(t, "po_number", d[0].PONumber, "ORDT0000000015")
			eq(t, "order_date", d[0].OrderDate.String(), "2005-08-19")
		},
	},
	{
		file: "bots-plugins/ORDERS_D96A_EAN008_order03.edi", interchanges: 1, messages: []string{"ORDERS"}, lines: []int{1},
		check: func(t *testing.T, _ []*Interchange, d []o2c.OrderDraft) {
			eq(t, "po_number", d[0].PONumber, "ORDT0000000001")
		},
	},
	{
		file: "bots-plugins/ORDERS_D96A_EAN008_orders02_multi.edi", interchanges: 1, messages: repeat("ORDERS", 2), lines: []int{4, 1},
		check: func(t *testing.T, _ []*Interchange, d []o2c.OrderDraft) {
			// RFF+ON inside the supplier's NAD group is the supplier's reference, not the order number.
			eq(t, "[0].po_number", d[0].PONumber, "1-4500094289")
			eq(t, "[0].requested_delivery_date", d[0].RequestedDeliveryDate.String(), "2005-08-29")
			eq(t, "[1].ship_to.gln", d[1].ShipTo.GLN, "8712345678901")
		},
	},
	{
		file: "bots-plugins/ORDERS_D96A_EAN008_sapdemo.edi", interchanges: 1, messages: repeat("ORDERS", 12),
		lines: []int{2, 1, 1, 1, 3, 1, 2, 3, 1, 1, 1, 1},
		check: func(t *testing.T, _ []*Interchange, d []o2c.OrderDraft) {
			eq(t, "[0].po_number", d[0].PONumber, "4200000064")
			eq(t, "[0].requested_delivery_date", d[0].RequestedDeliveryDate.String(), "2007-10-12")
			eq(t, "[0].lines[0].line_no", itoa(d[0].Lines[0].LineNo), "10")
			eq(t, "[0].lines[0].buyer_sku (LIN IN)", d[0].Lines[0].BuyerSKU, "10000029")
			eqDec(t, "[0].lines[0].quantity", d[0].Lines[0].Quantity, "13.000")
			eq(t, "[4].lines[2].buyer_sku", d[4].Lines[2].BuyerSKU, "9600001")
			if d[0].Buyer != nil {
				t.Fatalf("buyer = %+v, want none: 0001 is no GLN", d[0].Buyer)
			}
		},
	},
	{
		file: "edireader/ORDERS_D01B_EAN008_UNOE_lorem.edi", interchanges: 1, messages: []string{"ORDERS"},
		ordersErr: `segment 112 (LIN) of message "000001": line number "Loremx" is not a whole number`,
		check: func(t *testing.T, all []*Interchange, _ []o2c.OrderDraft) {
			eq(t, "charset", all[0].Syntax.Charset, "ISO-8859-5")
			eq(t, "BGM 1004 in Cyrillic", all[0].Messages[0].Segments[0].Value(1, 0), "Лорем ипсу")
		},
	},
	{
		file: "edireader/ORDRSP_D01B_EAN008_UNOC_lorem.edi", interchanges: 1, messages: []string{"ORDRSP"},
		ordersErr: "holds no ORDERS message, only: ORDRSP",
		check: func(t *testing.T, all []*Interchange, _ []o2c.OrderDraft) {
			eq(t, "charset", all[0].Syntax.Charset, "ISO-8859-1")
			eq(t, "BGM 1004 in Latin-1", all[0].Messages[0].Segments[0].Value(1, 0), "Lörém ïpsü")
		},
	},
	{
		file: "oca-edi/ORDERS_D96A_no_PRI_segments.edi", interchanges: 1, messages: []string{"ORDERS"}, lines: []int{3},
		strictErr: `segment 23 (UNT) at byte 566: message "000011956901" has 21 segments (UNH and UNT included) but its UNT counts 267`,
		problems:  []SyntaxCode{SyntaxCountMismatch},
		check: func(t *testing.T, _ []*Interchange, d []o2c.OrderDraft) {
			eq(t, "po_number", d[0].PONumber, "COM-004017")
			eq(t, "requested_delivery_date", d[0].RequestedDeliveryDate.String(), "2023-03-21")
			if d[0].Buyer != nil {
				t.Fatalf("buyer = %+v, want none: ids of code lists 91 and 92 are no GLN", d[0].Buyer)
			}
			eq(t, "ship_to.name", d[0].ShipTo.Name, "PartyName1")
			eq(t, "ship_to.postal_code", d[0].ShipTo.PostalCode, "1964")
			eq(t, "lines[0].gtin", d[0].Lines[0].GTIN, "9783898307529")
			eq(t, "lines[0].supplier_sku (PIA SA)", d[0].Lines[0].SupplierSKU, "7076")
			eq(t, "lines[0].buyer_sku (PIA BP)", d[0].Lines[0].BuyerSKU, "30007")
			eqDec(t, "lines[0].quantity", d[0].Lines[0].Quantity, "8")
			eq(t, "lines[0].unit, as written", d[0].Lines[0].Unit, "6")
			eq(t, "lines[2].supplier_sku", d[0].Lines[2].SupplierSKU, "7056")
		},
	},
	{
		file: "oca-edi/ORDERS_D96A_no_ean_in_LIN.edi", interchanges: 1, messages: []string{"ORDERS"}, lines: []int{5},
		check: func(t *testing.T, all []*Interchange, d []o2c.OrderDraft) {
			eq(t, "note", strings.Join(all[0].Notes, "|"), "the interchange declares UNOC but its text is valid UTF-8: read as UTF-8")
			eq(t, "order_date", d[0].OrderDate.String(), "2023-03-20")
			eq(t, "requested_delivery_date", d[0].RequestedDeliveryDate.String(), "2023-03-22")
			eq(t, "currency", d[0].Currency, "EUR")
			eq(t, "bill_to.name", d[0].BillTo.Name, "Suppliér1")
			eq(t, "bill_to.country", d[0].BillTo.Country, "CH")
			eq(t, "lines[0].supplier_sku", d[0].Lines[0].SupplierSKU, "1276")
			eq(t, "lines[0].buyer_sku (PIA IN)", d[0].Lines[0].BuyerSKU, "31136")
			eq(t, "lines[0].gtin", d[0].Lines[0].GTIN, "")
			eq(t, "lines[0].description", d[0].Lines[0].Description, "Product1; Product1 description")
			eqDec(t, "lines[0].quantity", d[0].Lines[0].Quantity, "12")
			eq(t, "lines[0].unit", d[0].Lines[0].Unit, "BOU")
			eqDec(t, "lines[0].unit_price (AAB)", d[0].Lines[0].UnitPrice, "5.22")
			eq(t, "lines[2].supplier_sku", d[0].Lines[2].SupplierSKU, "98891 75")
			eqDec(t, "lines[2].unit_price", d[0].Lines[2].UnitPrice, "51.03")
			eqDec(t, "totals.net (MOA 125)", d[0].Totals.Net, "247.98")
		},
	},
	{
		file: "oca-edi/Retail_EDIFACT_ORDERS_sample1.edi", interchanges: 1, messages: []string{"ORDERS"}, lines: []int{3},
		check: func(t *testing.T, _ []*Interchange, d []o2c.OrderDraft) {
			eq(t, "po_number", d[0].PONumber, "1AA1TEST")
			eq(t, "requested_delivery_date", d[0].RequestedDeliveryDate.String(), "2023-06-06")
			eq(t, "currency", d[0].Currency, "EUR")
			eq(t, "buyer.gln", d[0].Buyer.GLN, "5450534000017")
			eq(t, "ship_to.gln", d[0].ShipTo.GLN, "5450534008617")
			eq(t, "ship_to.country", d[0].ShipTo.Country, "GB")
			eq(t, "bill_to.name", d[0].BillTo.Name, "AMAZON EU SARL")
			eq(t, "bill_to.vat_id (RFF VA)", d[0].BillTo.VATID, "LU20260743")
			eq(t, "bill_to.street", d[0].BillTo.Street, "38 Avenue J.F. Kennedy")
			eq(t, "bill_to.city", d[0].BillTo.City, "Luxembourg")
			eq(t, "bill_to.postal_code", d[0].BillTo.PostalCode, "1855")
			eq(t, "bill_to.country", d[0].BillTo.Country, "LU")
			eqDec(t, "lines[0].quantity", d[0].Lines[0].Quantity, "5")
			eqDec(t, "lines[0].unit_price", d[0].Lines[0].UnitPrice, "27.5")
			eqDec(t, "lines[2].unit_price", d[0].Lines[2].UnitPrice, "3.85")
		},
	},
	{
		file: "php-edifact/ORDERS_D01B_EAN010_large_latin1.edi", interchanges: 1, messages: []string{"ORDERS"}, lines: []int{146},
		check: func(t *testing.T, all []*Interchange, d []o2c.OrderDraft) {
			// The corpus copy was once read as UTF-8 and written back: its umlauts are U+FFFD now.
			eq(t, "charset", all[0].Syntax.Charset, "UTF-8")
			eq(t, "buyer.name (A?+A released)", d[0].Buyer.Name, "A+A K\uFFFDlte GmbH")
			eq(t, "buyer.gln", d[0].Buyer.GLN, "4250159300001")
			eq(t, "ship_to.gln", d[0].ShipTo.GLN, "4250159399005")
			eq(t, "ship_to.postal_code", d[0].ShipTo.PostalCode, "46149")
			eq(t, "lines[0].supplier_sku (LIN SA)", d[0].Lines[0].SupplierSKU, "1001")
			eq(t, "lines[0].buyer_sku", d[0].Lines[0].BuyerSKU, "6001001")
			eq(t, "lines[0].description", d[0].Lines[0].Description, "Butter 40x250g Alu")
			eq(t, "lines[0].unit", d[0].Lines[0].Unit, "GBND")
			eq(t, "lines[17].description ('*' is data before syntax 4)", d[0].Lines[17].Description,
				"H-Vollmilch 3,5%  **Marke** 1l Tertra mit Drehverschluss")
			eq(t, "lines[86].description (?: released)", d[0].Lines[86].Description,
				"H\uFFFDhnersuppe Konzentrat ohne Einlage f Sup 1:10 und So\uFFFD 1:6")
			eq(t, "lines[145].supplier_sku", d[0].Lines[145].SupplierSKU, "983253")
			eqDec(t, "lines[145].quantity", d[0].Lines[145].Quantity, "2")
		},
	},
	{
		file:      "php-edifact/ORDERS_D01B_EAN010_large_latin1_ESCAPE_ERROR.edi",
		strictErr: `segment 85 (IMD) at byte 2316: release character '?' before '*' in element 3: only a service character may be released`,
	},
	{
		file: "pydifact/ORDERS_D96A_EAN008_UNA_comma.edi", interchanges: 1, messages: []string{"ORDERS"}, lines: []int{2},
		strictErr: `segment 19 (end of input) at byte 367: the input ends before the UNZ of interchange "807"`,
		problems:  []SyntaxCode{SyntaxMissing},
		check: func(t *testing.T, all []*Interchange, d []o2c.OrderDraft) {
			eq(t, "decimal mark", string(all[0].Syntax.Delims.Decimal), ",")
			eq(t, "syntax version", all[0].Syntax.Version, "4")
			eq(t, "source.sender", d[0].Source.Sender, "12345678")
			eq(t, "po_number", d[0].PONumber, "801715918011")
			eq(t, "buyer.gln", d[0].Buyer.GLN, "8711576000012")
			eq(t, "lines[1].gtin", d[0].Lines[1].GTIN, "5020436373108")
			eqDec(t, "lines[1].quantity", d[0].Lines[1].Quantity, "8")
		},
	},
	{
		file: "staedi/ORDERS_D96B_EAN008_with_UNG.edi", interchanges: 1, messages: []string{"ORDERS"}, lines: []int{1},
		strictErr: `segment 20 (UNT) at byte 545: message "1" has 18 segments (UNH and UNT included) but its UNT counts 21`,
		problems:  []SyntaxCode{SyntaxCountMismatch},
		check: func(t *testing.T, all []*Interchange, d []o2c.OrderDraft) {
			g := all[0].Groups
			if len(g) != 1 || g[0].ID != "ORDERS" || g[0].Ref != "1" || all[0].Messages[0].Group != "1" {
				t.Fatalf("groups = %+v, message group %q; want one ORDERS group 1 holding the message", g, all[0].Messages[0].Group)
			}
			eq(t, "message release", all[0].Messages[0].Release, "96B")
			eq(t, "buyer.gln", d[0].Buyer.GLN, "5400110000009")
			eq(t, "lines[0].gtin", d[0].Lines[0].GTIN, "5400111864181")
			eq(t, "lines[0].buyer_sku", d[0].Lines[0].BuyerSKU, "8641800")
			eq(t, "lines[0].description (IMD F only)", d[0].Lines[0].Description, "0.7066 EURO")
			eqDec(t, "lines[0].quantity (QTY 21, not 59)", d[0].Lines[0].Quantity, "288")
			eqDec(t, "lines[0].unit_price", d[0].Lines[0].UnitPrice, "12.80")
			eq(t, "notes", d[0].Notes, "THIS IS AN EXAMPLE OF EDIFACT FILE.")
		},
	},
	{
		file: "php-edifact/DESADV_D96A.edi", interchanges: 1, messages: []string{"DESADV"},
		ordersErr: `interchange "1" holds no ORDERS message, only: DESADV`,
		check: func(t *testing.T, all []*Interchange, _ []o2c.OrderDraft) {
			eq(t, "message version, as written", all[0].Messages[0].Version, "0")
		},
	},
	{file: "bots-plugins/INVOIC_D96A_EAN008_invoic01.edi", interchanges: 1, messages: repeat("INVOIC", 2), ordersErr: "only: INVOIC, INVOIC"},
	{file: "bots-plugins/INVOIC_D96A_EAN008_invoic02.edi", interchanges: 1, messages: repeat("INVOIC", 2), ordersErr: "only: INVOIC"},
	{file: "pydifact/INVOIC_D97A.edi", interchanges: 1, messages: []string{"INVOIC"}, ordersErr: "only: INVOIC"},
	{
		file: "staedi/INVOIC_D93A_UNA.edi", interchanges: 1, messages: []string{"INVOIC"}, ordersErr: "only: INVOIC",
		check: func(t *testing.T, all []*Interchange, _ []o2c.OrderDraft) {
			eq(t, "note", strings.Join(all[0].Notes, "|"), "the interchange declares UNOA but its text is valid UTF-8: read as UTF-8")
			eq(t, "NAD+SE city", all[0].Messages[0].Segments[5].Value(5, 0), "München")
		},
	},
	{file: "staedi/INVOIC_D97B.edi", interchanges: 1, messages: []string{"INVOIC"}, ordersErr: "only: INVOIC"},
	{file: "staedi/INVOIC_D97B_bad.edi", interchanges: 1, messages: []string{"INVOIC"}, ordersErr: "only: INVOIC"},
	{
		file: "edi-net/INVOIC_D01B_EAN011_indented.edi", interchanges: 1, messages: []string{"INVOIC"}, ordersErr: "only: INVOIC",
		strictErr: `segment 104 (UNT) at byte 2662: message "12" has 102 segments (UNH and UNT included) but its UNT counts 13`,
		problems:  []SyntaxCode{SyntaxCountMismatch, SyntaxReferencesDiffer},
		check: func(t *testing.T, all []*Interchange, _ []o2c.OrderDraft) {
			eq(t, "note", strings.Join(all[0].Notes, "|"), "")
			eq(t, "syntax identifier", all[0].Syntax.ID, "IATB")
		},
	},
	{
		file: "edi-net/ORDRSP_D10A_formatted.edi", interchanges: 1, messages: []string{"ORDRSP"}, ordersErr: "only: ORDRSP",
		strictErr: `segment 32 (UNT) at byte 693: message "9IMX20YSP0009" has 30 segments`,
		problems:  []SyntaxCode{SyntaxCountMismatch, SyntaxReferencesDiffer, SyntaxReferencesDiffer},
		check: func(t *testing.T, all []*Interchange, _ []o2c.OrderDraft) {
			eq(t, "COM with a released +", all[0].Messages[0].Segments[13].Value(0, 0), "+49 030 49202 8652")
		},
	},
	{
		file: "edi-net/ORDRSP_D10A_single_line.edi", interchanges: 1, messages: []string{"ORDRSP"}, ordersErr: "only: ORDRSP",
		strictErr: `segment 33 (UNT) at byte 667: message "9IMX20YSP0009" has 31 segments`,
		problems:  []SyntaxCode{SyntaxCountMismatch, SyntaxReferencesDiffer, SyntaxReferencesDiffer},
	},
}

// TestCorpus parses every file of the public corpus, strictly and leniently, and checks what each
// holds: a file that breaks the rules fails strictly with a message that names the segment, and
// a lenient parse lists the problem and reads the orders.
func TestCorpus(t *testing.T) {
	t.Parallel()

	files, err := filepath.Glob(filepath.Join(corpusDir, "*", "*.edi"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no EDIFACT files under %s (the public corpus beside the repository): %v", corpusDir, err)
	}
	cases := map[string]bool{}
	for _, c := range corpusCases {
		cases[c.file] = true
	}
	for _, f := range files {
		rel, _ := filepath.Rel(corpusDir, f)
		if !cases[filepath.ToSlash(rel)] {
			t.Errorf("%s has no case in corpusCases: read it and add one", rel)
		}
	}

	for _, c := range corpusCases {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()

			b := readCorpus(t, c.file)
			all, err := ParseAll(b)
			switch {
			case c.strictErr == "" && err != nil:
				t.Fatalf("ParseAll: %v", err)
			case c.strictErr != "" && err == nil:
				t.Fatalf("ParseAll accepted the file, want an error saying %q", c.strictErr)
			case c.strictErr != "":
				if o2c.ErrorCode(err) != o2c.CodeInvalid || !strings.Contains(o2c.ErrorMessage(err), c.strictErr) {
					t.Fatalf("ParseAll error = %q (%s), want CodeInvalid saying %q", o2c.ErrorMessage(err), o2c.ErrorCode(err), c.strictErr)
				}
				if c.interchanges == 0 { // broken beyond what Lenient accepts
					if _, err := (Parser{Lenient: true}).ParseAll(b); err == nil || !strings.Contains(o2c.ErrorMessage(err), c.strictErr) {
						t.Fatalf("lenient ParseAll error = %v, want %q too", err, c.strictErr)
					}
					return
				}
				if all, err = (Parser{Lenient: true}).ParseAll(b); err != nil {
					t.Fatalf("lenient ParseAll: %v", err)
				}
			}

			var types []string
			var problems []SyntaxCode
			for _, ic := range all {
				for _, m := range ic.Messages {
					types = append(types, m.Type)
				}
				for _, p := range ic.Problems {
					problems = append(problems, p.Code)
				}
			}
			if len(all) != c.interchanges || strings.Join(types, ",") != strings.Join(c.messages, ",") {
				t.Fatalf("%d interchanges with messages %v, want %d with %v", len(all), types, c.interchanges, c.messages)
			}
			if !slices.Equal(problems, c.problems) {
				t.Fatalf("problems %v, want %v", problems, c.problems)
			}

			var drafts []o2c.OrderDraft
			for _, ic := range all {
				d, err := Orders(ic)
				if c.ordersErr != "" {
					if err == nil || !strings.Contains(o2c.ErrorMessage(err)+faultText(err), c.ordersErr) {
						t.Fatalf("Orders error = %v, want one saying %q", err, c.ordersErr)
					}
					continue
				}
				if err != nil {
					t.Fatalf("Orders: %v %v", err, o2c.ErrorFaults(err))
				}
				drafts = append(drafts, d...)
			}
			var lines []int
			for _, d := range drafts {
				lines = append(lines, len(d.Lines))
				if d.Source == nil || d.Source.Channel != o2c.ChannelEDIFACT || d.Confidence != nil {
					t.Fatalf("source %+v, confidence %v: want channel edifact and no confidences", d.Source, d.Confidence)
				}
			}
			if !slices.Equal(lines, c.lines) {
				t.Fatalf("orders with %v lines, want %v", lines, c.lines)
			}
			if c.check != nil {
				c.check(t, all, drafts)
			}
		})
	}
}

func faultText(err error) string {
	var s strings.Builder
	for _, f := range o2c.ErrorFaults(err) {
		s.WriteString(" " + f.Message)
	}
	return s.String()
}
