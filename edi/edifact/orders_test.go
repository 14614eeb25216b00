package edifact

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

// interchange wraps message bodies (segments separated by ') in UNB, UNH...UNT and UNZ, with
// right counts. A body that starts with "type " names its message type (default ORDERS).
func interchange(una string, bodies ...string) []byte {
	var b strings.Builder
	b.WriteString(una)
	b.WriteString("UNB+UNOC:3+5412345000013:14+5498765000019:14+240105:1200+IC1'\n")
	for i, body := range bodies {
		typ := "ORDERS"
		if t, rest, ok := strings.Cut(body, " "); ok && len(t) == 6 {
			typ, body = t, rest
		}
		segs := strings.Split(strings.TrimSuffix(body, "'"), "'")
		fmt.Fprintf(&b, "UNH+%d+%s:D:96A:UN:EAN008'\n", i+1, typ)
		for _, s := range segs {
			b.WriteString(s + "'\n")
		}
		fmt.Fprintf(&b, "UNT+%d+%d'\n", len(segs)+2, i+1)
	}
	fmt.Fprintf(&b, "UNZ+%d+IC1'\n", len(bodies))
	return []byte(b.String())
}

func mustOrders(t *testing.T, b []byte) []o2c.OrderDraft {
	t.Helper()
	ic, err := Parse(b)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	d, err := Orders(ic)
	if err != nil {
		t.Fatalf("Orders: %v %v", err, o2c.ErrorFaults(err))
	}
	return d
}

func TestOrderMapsEverySegment(t *testing.T) {
	t.Parallel()

	b := interchange("UNA:+,? '\n",
		"BGM+220+PO-77+9'DTM+137:20240105:102'DTM+2:20240110-20240112:718'DTM+171:20231201:102'"+
			"FTX+AAI+++Deliver to dock 3:before noon'RFF+ON:NOT-THE-PO'"+
			"NAD+BY+5412345000013::9++Buyer NV+Kerkstraat 1:Bus 2+Gent++9000+BE'RFF+VA:BE0123456789'CTA+PD+:J. Peeters'"+
			"NAD+DP+5412345000020::9'NAD+IV+BUYER-HQ::92++Buyer HQ'RFF+VA:BE0999999999'"+
			"NAD+SU+5498765000019::9'RFF+VA:NL000'NAD+ST+5412345000037::9'CUX+2:EUR:9'"+
			"LIN+1++5412345678908:EN'PIA+1+ART-1:SA+B-1:BP'IMD+C++CU::9'IMD+F++:::Widget:blue'QTY+59:6'QTY+21:12,5:KGM'"+
			"PRI+AAB:10,00'PRI+AAA:9,50::NTP:10:KGM'PRI+AAB:11'MOA+203:118,75'FTX+AAI+++fragile'"+
			"LIN+2++:EN'PIA+5+SKU-2:SA'QTY+21:3:PCE'PRI+AAA:4'"+
			"UNS+S'MOA+79:130,75'MOA+128:158,21'MOA+124:27,46'CNT+2:2'")
	d := mustOrders(t, b)
	got, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"document_type":"purchase_order","source":{"channel":"edifact","sender":"5412345000013"},` +
		`"po_number":"PO-77","order_date":"2024-01-05","requested_delivery_date":"2024-01-10","currency":"EUR",` +
		`"buyer":{"name":"Buyer NV","vat_id":"BE0123456789","gln":"5412345000013","street":"Kerkstraat 1, Bus 2","postal_code":"9000","city":"Gent","country":"BE"},` +
		`"ship_to":{"gln":"5412345000020"},"bill_to":{"name":"Buyer HQ","vat_id":"BE0999999999"},` +
		`"lines":[{"line_no":1,"buyer_sku":"B-1","supplier_sku":"ART-1","gtin":"5412345678908","description":"Widget blue","quantity":"12.5","unit":"KGM","unit_price":"0.950000","line_total":"118.75"},` +
		`{"line_no":2,"supplier_sku":"SKU-2","quantity":"3","unit":"C62","unit_price":"4"}],` +
		`"totals":{"net":"130.75","tax":"27.46","gross":"158.21"},"notes":"Deliver to dock 3 before noon\nline 1: fragile"}]`
	if string(got) != want {
		t.Fatalf("drafts\n%s\nwant\n%s", got, want)
	}
}

func TestOrderDocumentType(t *testing.T) {
	t.Parallel()

	tests := []struct {
		body string
		want o2c.DocumentType
	}{
		{"BGM+220+X+9'", o2c.DocPurchaseOrder},
		{"BGM+105+X+9'", o2c.DocPurchaseOrder},
		{"BGM+226+X+9'", o2c.DocPurchaseOrder},
		{"BGM+50E+X+9+NA'", o2c.DocPurchaseOrder},
		{"BGM+230+X+9'", o2c.DocOrderChange},
		{"BGM+220+X+4'", o2c.DocOrderChange},
		{"BGM+220+X+5'", o2c.DocOrderChange},
		{"BGM+220+X+1'", o2c.DocOrderChange},
		{"ORDCHG BGM+220+X+9'", o2c.DocOrderChange},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			t.Parallel()

			d := mustOrders(t, interchange("", tt.body))
			if d[0].DocumentType != tt.want || d[0].PONumber != "X" {
				t.Fatalf("document type %s, po %q; want %s, X", d[0].DocumentType, d[0].PONumber, tt.want)
			}
		})
	}
}

func TestOrderPONumberFromRFF(t *testing.T) {
	t.Parallel()

	d := mustOrders(t, interchange("", "BGM+220'RFF+ON:PO-9'"))
	eq(t, "po_number", d[0].PONumber, "PO-9")
}

func TestOrderDates(t *testing.T) {
	t.Parallel()

	tests := []struct {
		dtm, want string
	}{
		{"DTM+137:20240229:102'", "2024-02-29"},
		{"DTM+137:202402291530:203'", "2024-02-29"},
		{"DTM+137:20240229153000:204'", "2024-02-29"},
		{"DTM+137:240229:101'", "2024-02-29"},
		{"DTM+137:991231:101'", "1999-12-31"},
		{"DTM+137:2402291530:201'", "2024-02-29"},
		{"DTM+137:20240229-20240301:718'", "2024-02-29"},
		{"DTM+137:202402290800-202403011800:719'", "2024-02-29"},
		{"DTM+137:20240229'", "2024-02-29"},
		{"DTM+4:20240228:102'DTM+137:20240229:102'", "2024-02-29"},
		{"DTM+4:20240228:102'", "2024-02-28"},
	}
	for _, tt := range tests {
		t.Run(tt.dtm, func(t *testing.T) {
			t.Parallel()

			d := mustOrders(t, interchange("", "BGM+220+X+9'"+tt.dtm))
			eq(t, "order_date", d[0].OrderDate.String(), tt.want)
		})
	}
}

func TestOrderRequestedDeliveryDatePrecedence(t *testing.T) {
	t.Parallel()

	tests := []struct {
		dtm, want string
	}{
		{"DTM+63:20240120:102'DTM+64:20240115:102'DTM+2:20240110:102'", "2024-01-10"},
		{"DTM+63:20240120:102'DTM+64:20240115:102'", "2024-01-15"},
		{"DTM+69:20240125:102'DTM+63:20240120:102'", "2024-01-20"},
		{"DTM+69:20240125:102'", "2024-01-25"},
		{"DTM+10:20240125:102'", ""},
	}
	for _, tt := range tests {
		t.Run(tt.dtm, func(t *testing.T) {
			t.Parallel()

			d := mustOrders(t, interchange("", "BGM+220+X+9'"+tt.dtm+"LIN+1'DTM+2:20250101:102'"))
			eq(t, "requested_delivery_date", d[0].RequestedDeliveryDate.String(), tt.want)
		})
	}
}

func TestOrderFaults(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name, body, rule, path, want string
	}{
		{"Quantity", "LIN+1'QTY+21:12A'", RuleNumber, ".lines[0].quantity", `segment 4 (QTY) of message "1": quantity "12A" is not a number`},
		{"Exponent", "LIN+1'QTY+21:1e3'", RuleNumber, ".lines[0].quantity", `quantity "1e3" is not a number`},
		{"Price", "LIN+1'PRI+AAA:$1.179'", RuleNumber, ".lines[0].unit_price", `price "$1.179" is not a number`},
		{"PriceBasis", "LIN+1'PRI+AAA:5::NTP:0'", RulePriceBasis, ".lines[0].unit_price", "the price basis quantity is 0: it must be more than 0"},
		{"LineAmount", "LIN+1'MOA+203:12,3,4'", RuleNumber, ".lines[0].line_total", `line amount "12,3,4" is not a number`},
		{"Total", "UNS+S'MOA+79:TEST'", RuleNumber, ".totals", `amount "TEST" is not a number`},
		{"Date", "DTM+137:19991332:102'", RuleDate, ".order_date", `segment 3 (DTM) of message "1": date "19991332" is not a date in format 102`},
		{"DateLength", "DTM+2:199708301200:102'", RuleDate, ".requested_delivery_date", `date "199708301200" is not a date in format 102`},
		{"DateFormat", "DTM+2:W12:616'", RuleDate, ".requested_delivery_date", `date "W12" has format "616", which o2c does not read as a date`},
		{"Range", "DTM+2:20240101/20240102:718'", RuleDate, ".requested_delivery_date", `date "20240101/20240102" is not a date in format 718`},
		{"LineNumber", "LIN+A1'", RuleLineNo, ".lines[0].line_no", `line number "A1" is not a whole number`},
		{"LineCount", "LIN+1'UNS+S'CNT+2:3'", RuleLineCount, ".lines", `CNT of message "1": CNT counts 3 lines but the message has 1`},
		{"LineCountNotANumber", "LIN+1'UNS+S'CNT+2:x'", RuleNumber, ".lines", `count of lines "x" is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			ic, err := Parse(interchange("", "BGM+220+X+9'"+tt.body))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			_, err = Orders(ic)
			f := o2c.ErrorFaults(err)
			if o2c.ErrorCode(err) != o2c.CodeInvalid || len(f) != 1 {
				t.Fatalf("Orders error %v with faults %v, want CodeInvalid with one fault", err, f)
			}
			if f[0].Rule != tt.rule || f[0].Path != "$[0]"+tt.path || !strings.Contains(f[0].Message, tt.want) {
				t.Fatalf("fault %+v, want %s at $[0]%s saying %q", f[0], tt.rule, tt.path, tt.want)
			}
			_, err = Order(ic, &ic.Messages[0])
			if f := o2c.ErrorFaults(err); len(f) != 1 || f[0].Path != "$"+tt.path {
				t.Fatalf("Order faults %v, want one at $%s", f, tt.path)
			}
		})
	}
}

func TestOrdersSkipsOtherMessages(t *testing.T) {
	t.Parallel()

	d := mustOrders(t, interchange("", "INVOIC BGM+380+INV1+9'", "BGM+220+PO1+9'", "DESADV BGM+351+D1+9'"))
	if len(d) != 1 || d[0].PONumber != "PO1" {
		t.Fatalf("drafts %+v, want the one order PO1", d)
	}

	ic, err := Parse(interchange("", "INVOIC BGM+380+INV1+9'", "DESADV BGM+351+D1+9'"))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	_, err = Orders(ic)
	if o2c.ErrorCode(err) != o2c.CodeInvalid || o2c.ErrorMessage(err) != `interchange "IC1" holds no ORDERS message, only: INVOIC, DESADV` {
		t.Fatalf("error %v", err)
	}
	if _, err := Order(ic, &ic.Messages[0]); o2c.ErrorMessage(err) != `message "1" is INVOIC, not an ORDERS message` {
		t.Fatalf("Order error %v", err)
	}
}

func TestOrderUnits(t *testing.T) {
	t.Parallel()

	tests := []struct{ unit, want string }{
		{"PCE", "C62"}, {"EA", "C62"}, {"PCS", "C62"}, {"STK", "C62"}, {"C62", "C62"}, {"H87", "H87"},
		{"KGM", "KGM"}, {"KGS", "KGM"}, {"LTR", "LTR"}, {"MTR", "MTR"}, {"GBND", "GBND"}, {"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.unit, func(t *testing.T) {
			t.Parallel()

			d := mustOrders(t, interchange("", "BGM+220+X+9'LIN+1'QTY+21:1:"+tt.unit+"'"))
			eq(t, "unit", d[0].Lines[0].Unit, tt.want)
		})
	}
}

func TestParseNumber(t *testing.T) {
	t.Parallel()

	tests := []struct{ in, want string }{
		{"1", "1"}, {"12.50", "12.50"}, {"12,50", "12.50"}, {"-2", "-2"}, {".5", "0.5"}, {",5", "0.5"}, {"-.5", "-0.5"},
		{"5.", "5"}, {"007", "7"},
		{"", ""}, {"-", ""}, {"+1", ""}, {"1e3", ""}, {"1.2.3", ""}, {"1 000", ""}, {"--1", ""}, {".", ""}, {"0x10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()

			d, ok := parseNumber(tt.in)
			if ok != (tt.want != "") || ok && d.String() != tt.want {
				t.Fatalf("parseNumber(%q) = %s, %v; want %q", tt.in, d.String(), ok, tt.want)
			}
		})
	}
}

// TestOrderNamesAQuantityQualifierItDoesNotRead: a line whose only quantity has another qualifier
// than 21 (ordered) has no quantity, and the notes say why; a line with 21 beside others has none.
func TestOrderNamesAQuantityQualifierItDoesNotRead(t *testing.T) {
	t.Parallel()
	d := mustOrders(t, interchange("", "BGM+220+X+9'LIN+1'QTY+999:5'LIN+2'QTY+21:3'QTY+59:6'"))
	if d[0].Lines[0].Quantity != nil || d[0].Lines[1].Quantity == nil {
		t.Fatalf("quantities %v and %v, want none and 3", d[0].Lines[0].Quantity, d[0].Lines[1].Quantity)
	}
	want := "line 1: no ordered quantity (QTY 21); QTY qualifier 999 is not one o2c reads as ordered"
	if d[0].Notes != want {
		t.Fatalf("notes %q, want %q", d[0].Notes, want)
	}
}
