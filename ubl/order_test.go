package ubl

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// wantLine is what a corpus file says of one line; "" means the line states nothing there.
type wantLine struct {
	no                         int
	qty, unit, price, total    string
	supplierSKU, buyerSKU, gtn string
}

// corpusOrders lists every Order and OrderChange of the public corpus with values read from the
// files by hand (not by this parser).
var corpusOrders = []struct {
	file                         string
	typ                          o2c.DocumentType
	po, date, delivery, currency string
	buyerName, buyerGLN, sender  string
	totals                       [3]string // net, tax, gross
	lines                        []wantLine
}{
	{
		file: "peppol-ordering/order/Order_Example.xml", typ: o2c.DocPurchaseOrder,
		po: "34", date: "2018-09-01", delivery: "2012-10-10", currency: "NOK",
		buyerName: "Helseforetak", buyerGLN: "7300010000001", sender: "0192:987654325",
		totals: [3]string{"6525.00", "100.00", "6372.50"},
		lines: []wantLine{
			{1, "120", "EA", "50.000", "6300.00", "121212", "123456", "7560000012345"},
			{2, "15", "EA", "15.000", "225.00", "SItemNo011", "", ""},
		},
	},
	{
		file: "peppol-ordering/order/UC1_Order.xml", typ: o2c.DocPurchaseOrder,
		po: "1", date: "2013-07-01", delivery: "2013-07-15", currency: "EUR",
		buyerName: "City Hospital", buyerGLN: "7300010000001", sender: "0088:7300010000001",
		totals: [3]string{"115", "28.75", "143.75"},
		lines: []wantLine{
			{1, "10", "NAR", "4", "40", "SN-33", "", "05704066204093"},
			{2, "5", "NAR", "6", "30", "SN-34", "", "08722700575887"},
			{3, "15", "NAR", "3", "45", "SN-35", "", "08722700577584"},
		},
	},
	{
		file: "peppol-ordering/order/UC2_Order.xml", typ: o2c.DocPurchaseOrder,
		po: "1", date: "2013-07-01", delivery: "2013-07-15", currency: "EUR",
		buyerName: "City Hospital", buyerGLN: "7300010000001", sender: "0088:7300010000001",
		totals: [3]string{"700.00", "175.00", "875.00"},
		lines: []wantLine{
			{1, "10", "NAR", "40", "400", "", "", ""},
			{2, "50", "NAR", "6", "300", "", "", ""},
		},
	},
	{
		file: "peppol-ordering/order/UC3_Order.xml", typ: o2c.DocPurchaseOrder,
		po: "5", date: "2013-07-01", delivery: "2013-07-15", currency: "EUR",
		buyerName: "City Hospital", buyerGLN: "7300010000001", sender: "0088:7300010000001",
		totals: [3]string{"400", "0", "400"},
		lines:  []wantLine{{1, "1", "DAY", "400", "400", "", "", ""}},
	},
	{
		file: "peppol-ordering/advanced-ordering/advanced_ordering_sc1/Order_sc1.xml", typ: o2c.DocPurchaseOrder,
		po: "Order-1", date: "2022-02-01", delivery: "2022-02-15", currency: "EUR",
		buyerName: "City Hospital 345433", buyerGLN: "7300010000001", sender: "0088:7300010000001",
		totals: [3]string{"700", "140", "840"},
		lines: []wantLine{
			{1, "10", "NAR", "40", "400", "", "", ""},
			{2, "50", "NAR", "6", "300", "", "", ""},
		},
	},
	{
		file: "peppol-ordering/advanced-ordering/advanced_ordering_sc1/OrderChange_sc1.xml", typ: o2c.DocOrderChange,
		po: "Order-1", date: "2022-02-01", delivery: "2013-07-15", currency: "EUR",
		buyerName: "City Hospital", buyerGLN: "7300010000001", sender: "0088:7300010000001",
		totals: [3]string{"500", "100", "600"},
		lines: []wantLine{
			{1, "5", "NAR", "40", "200", "", "", ""},
			{2, "50", "NAR", "6", "300", "", "", ""},
		},
	},
	{
		// Line 2 has status 2 (deleted): the change leaves one line.
		file: "peppol-ordering/advanced-ordering/advanced_ordering_sc2/OrderChange_sc2.xml", typ: o2c.DocOrderChange,
		po: "Order-1", date: "2022-02-05", delivery: "2013-07-15", currency: "EUR",
		buyerName: "City Hospital", buyerGLN: "7300010000001", sender: "0088:7300010000001",
		totals: [3]string{"500", "100", "600"},
		lines:  []wantLine{{1, "5", "NAR", "40", "200", "", "", ""}},
	},
	{
		file: "peppol-ordering/advanced-ordering/advanced_ordering_sc3/OrderChange_sc3.xml", typ: o2c.DocOrderChange,
		po: "Order-1", date: "2022-02-10", delivery: "", currency: "EUR",
		buyerName: "City Hospital", buyerGLN: "7300010000001", sender: "0088:7300010000001",
		totals: [3]string{"500", "100", "600"},
		lines: []wantLine{
			{1, "5", "NAR", "40", "200", "", "", ""},
			{2, "50", "NAR", "6", "300", "", "", ""},
		},
	},
	{
		file: "peppol-ordering/other/OrderChange_Example.xml", typ: o2c.DocOrderChange,
		po: "Order-1", date: "2022-02-01", delivery: "2013-07-15", currency: "EUR",
		buyerName: "City Hospital", buyerGLN: "7300010000001", sender: "0088:7300010000001",
		totals: [3]string{"500", "100", "600"},
		lines: []wantLine{
			{1, "5", "NAR", "40", "200", "", "", ""},
			{2, "50", "NAR", "6", "300", "", "", ""},
		},
	},
	{
		// The EndpointID GLN 7300072311115 has a wrong check digit; PartyIdentification's is right.
		// GTIN 1234567890123 has a wrong check digit too, but its scheme says GTIN: kept as written.
		file: "oasis-ubl-ordering/UBL-Order-2.1-Example.xml", typ: o2c.DocPurchaseOrder,
		po: "34", date: "2010-01-20", delivery: "2010-02-10", currency: "SEK",
		buyerName: "Johnssons byggvaror", buyerGLN: "7300070011115", sender: "GLN:7300072311115",
		totals: [3]string{"6225", "100", "6225"},
		lines: []wantLine{
			{1, "120", "LTR", "50", "6000", "SItemNo001", "", "1234567890123"},
			{2, "15", "C62", "15", "225", "SItemNo011", "", "123452340123"},
		},
	},
	{
		file: "oasis-ubl-ordering/BII03_Order_example_01.xml", typ: o2c.DocPurchaseOrder,
		po: "34", date: "2010-01-20", delivery: "2010-02-10", currency: "SEK",
		buyerName: "Johnssons byggvaror", buyerGLN: "7300070011115", sender: "ZZZ:mailto:a@b.se",
		totals: [3]string{"6225", "100", "6225"},
		lines: []wantLine{
			{1, "120", "LTR", "50", "6000", "SItemNo001", "", "1234567890123"},
			{2, "15", "C62", "15", "225", "SItemNo011", "", "123452340123"},
		},
	},
	{
		// No DocumentCurrencyCode: every amount says GBP. The delivery date has a time of its own.
		file: "oasis-ubl-ordering/UBL-Order-2.0-Example.xml", typ: o2c.DocPurchaseOrder,
		po: "AEG012345", date: "2005-06-20", delivery: "2005-06-29", currency: "GBP",
		buyerName: "IYT Corporation", sender: "IYT Corporation",
		totals: [3]string{"100.00", "", "100.00"},
		lines:  []wantLine{{1, "100", "KGM", "100.00", "100.00", "17589683", "6578489", ""}},
	},
	{
		file: "oasis-ubl-ordering/UBL-Order-2.0-Example-International.xml", typ: o2c.DocPurchaseOrder,
		po: "AEG012345", date: "2005-06-20", delivery: "2005-06-29", currency: "USD",
		buyerName: "IYT Corporation", sender: "IYT Corporation",
		totals: [3]string{"1000.00", "", "1000.00"},
		lines:  []wantLine{{1, "100", "KGM", "10.00", "1000.00", "17589683", "6578489", ""}},
	},
	{
		// The requested date comes from the only line; the currency from its amounts.
		file: "oasis-ubl-ordering/UBL-OrderChange-2.1-Example.xml", typ: o2c.DocOrderChange,
		po: "34", date: "2010-01-21", delivery: "2010-02-10", currency: "SEK",
		buyerName: "Johnssons byggvaror", buyerGLN: "7300070011115", sender: "GLN:7300072311115",
		lines: []wantLine{{1, "240", "LTR", "50", "12000", "SItemNo001", "", "1234567890123"}},
	},
	{
		// A template full of "xxx": amounts in AED and HUF in a EUR order; 1 EUR per 10 units.
		file: "oasis-ubl-ordering/CENBII-Order-maximal.xml", typ: o2c.DocPurchaseOrder,
		po: "PM10405461", date: "2010-03-12", delivery: "2022-01-01", currency: "EUR",
		buyerName: "Laajasalon ta:n hammashoitola", sender: "xxxschemeID:xxx",
		totals: [3]string{"20", "10", "30"},
		lines: []wantLine{
			{1, "10", "KPO", "0.1", "10", "19598", "", ""},
			{2, "10", "KPO", "0.1", "10", "19598", "", ""},
		},
	},
	{
		// An empty cbc:ID, and a line whose ID is no number.
		file: "oasis-ubl-ordering/CENBII-Order-minimal.xml", typ: o2c.DocPurchaseOrder,
		date:  "2010-01-01",
		lines: []wantLine{{0, "10", "", "", "", "", "", ""}},
	},
}

func TestParseOrderCorpus(t *testing.T) {
	t.Parallel()
	for _, tc := range corpusOrders {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			t.Parallel()
			d, err := ParseOrder(readCorpus(t, tc.file))
			if err != nil {
				t.Fatalf("ParseOrder: %v", err)
			}
			for _, f := range []struct{ name, got, want string }{
				{"document_type", string(d.DocumentType), string(tc.typ)},
				{"po_number", d.PONumber, tc.po},
				{"order_date", d.OrderDate.String(), tc.date},
				{"requested_delivery_date", d.RequestedDeliveryDate.String(), tc.delivery},
				{"currency", d.Currency, tc.currency},
				{"buyer.name", partyName(d.Buyer), tc.buyerName},
				{"buyer.gln", glnOf(d.Buyer), tc.buyerGLN},
				{"source.channel", string(d.Source.Channel), "ubl"},
				{"source.sender", d.Source.Sender, tc.sender},
				{"totals.net", totalsField(d.Totals, 0), tc.totals[0]},
				{"totals.tax", totalsField(d.Totals, 1), tc.totals[1]},
				{"totals.gross", totalsField(d.Totals, 2), tc.totals[2]},
			} {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
				}
			}
			if len(d.Lines) != len(tc.lines) {
				t.Fatalf("%d lines, want %d", len(d.Lines), len(tc.lines))
			}
			for i, w := range tc.lines {
				l := d.Lines[i]
				got := wantLine{l.LineNo, dec(l.Quantity), l.Unit, dec(l.UnitPrice), dec(l.LineTotal), l.SupplierSKU, l.BuyerSKU, l.GTIN}
				if got != w {
					t.Errorf("line %d = %+v, want %+v", i, got, w)
				}
			}
		})
	}
}

// TestParseOrderCorpusComplete finds every UBL and CII document of the corpus by its root
// element (read here with encoding/xml alone): each Order and OrderChange must be in the table
// above, a cancellation must say it is one, and every other document must be "not an order".
func TestParseOrderCorpusComplete(t *testing.T) {
	t.Parallel()
	root := filepath.Dir(corpusDir(t))
	listed := make(map[string]bool)
	for _, tc := range corpusOrders {
		listed[filepath.FromSlash(tc.file)] = true
	}
	found := 0
	for _, sub := range []string{"ubl", "cii"} {
		err := filepath.WalkDir(filepath.Join(root, sub), func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.EqualFold(filepath.Ext(path), ".xml") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(filepath.Join(root, "ubl"), path)
			name := rootName(b)
			_, err = ParseOrder(b)
			switch {
			case name == xml.Name{Space: nsDocBase + "Order-2", Local: "Order"} ||
				name == xml.Name{Space: nsDocBase + "OrderChange-2", Local: "OrderChange"}:
				found++
				if !listed[rel] {
					t.Errorf("%s: an order the table does not list", rel)
				}
				if err != nil {
					t.Errorf("%s: %v", rel, err)
				}
			case name.Local == "OrderCancellation":
				if rule := faultRule(err); rule != RuleCancellation || !strings.Contains(o2c.ErrorMessage(err), "cancellation") {
					t.Errorf("%s: got %v (rule %s), want a cancellation error", rel, err, rule)
				}
			default:
				if rule := faultRule(err); rule != RuleNotOrder || o2c.ErrorCode(err) != o2c.CodeInvalid ||
					!strings.Contains(o2c.ErrorMessage(err), "not") {
					t.Errorf("%s: got %v (rule %s), want a not-an-order error", rel, err, rule)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if found != len(corpusOrders) {
		t.Fatalf("found %d orders in the corpus, the table lists %d", found, len(corpusOrders))
	}
}

func TestParseOrderNotOrderMessages(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ file, want string }{
		{"invoices-misc/UBL-Invoice-2.1-Example.xml", "the document is a UBL Invoice, not an order"},
		{"peppol-bis-billing-3/base-creditnote-correction.xml", "the document is a UBL CreditNote, not an order"},
		{"peppol-ordering/order-response/UC1_Order_response.xml", "the document is an order response (UBL OrderResponse), not an order"},
		{"oasis-ubl-ordering/UBL-OrderResponseSimple-2.1-Example.xml", "order response (UBL OrderResponseSimple)"},
		{"peppol-ordering/other/OrderCancellation_Example.xml", `order cancellation (UBL OrderCancellation) of order "Order-1"`},
		{"oasis-ubl-ordering/UBL-OrderCancellation-2.1-Example.xml", `of order "34"`},
		{"peppol-despatch-advice/DespatchAdvice_Example.xml", "a UBL DespatchAdvice"},
		{"../cii/order-x/order-x-basic.xml", "not a UBL order: its root element is <SCRDMCCBDACIOMessageStructure>"},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			t.Parallel()
			_, err := ParseOrder(readCorpus(t, tc.file))
			if msg := o2c.ErrorMessage(err); o2c.ErrorCode(err) != o2c.CodeInvalid || !strings.Contains(msg, tc.want) {
				t.Fatalf("got %q (%v), want a CodeInvalid error containing %q", msg, err, tc.want)
			}
		})
	}
}

// TestParseOrderGolden keeps the canonical order of every corpus order as JSON under
// testdata/out/orders, so that a change of the mapping shows as a diff (go test -update).
func TestParseOrderGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range corpusOrders {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			t.Parallel()
			d, err := ParseOrder(readCorpus(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(d, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "out", "orders", strings.TrimSuffix(filepath.Base(tc.file), ".xml")+".json"), append(got, '\n'))
		})
	}
}

// golden compares got with the file at path, or rewrites the file with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs (run go test -update and review the diff):\n%s", path, got)
	}
}

// rootName reads the root element's name with encoding/xml alone.
func rootName(b []byte) xml.Name {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for {
		tok, err := d.Token()
		if err != nil {
			return xml.Name{}
		}
		if s, ok := tok.(xml.StartElement); ok {
			return s.Name
		}
	}
}

func faultRule(err error) string {
	if f := o2c.ErrorFaults(err); len(f) > 0 {
		return f[0].Rule
	}
	return ""
}

func dec(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

func partyName(p *o2c.Party) string {
	if p == nil {
		return ""
	}
	return p.Name
}

func glnOf(p *o2c.Party) string {
	if p == nil {
		return ""
	}
	return p.GLN
}

func totalsField(t *o2c.Totals, i int) string {
	if t == nil {
		return ""
	}
	return dec([]*decimal.Decimal{t.Net, t.Tax, t.Gross}[i])
}
