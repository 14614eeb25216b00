package extract_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/extract"
)

// goodFiles lists the valid canonical orders of testdata.
func goodFiles(t testing.TB) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no testdata/*.json: %v", err)
	}
	return names
}

func marshal(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDecodeJSONRoundTrip(t *testing.T) {
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
				t.Fatalf("DecodeJSON: %v %+v", err, o2c.ErrorFaults(err))
			}
			first := marshal(t, drafts)
			again, err := extract.DecodeJSON([]byte(first))
			if err != nil {
				t.Fatalf("re-decoding %s: %v %+v", first, err, o2c.ErrorFaults(err))
			}
			if second := marshal(t, again); second != first {
				t.Fatalf("round trip changed the drafts:\nfirst  %s\nsecond %s", first, second)
			}
		})
	}
}

func TestDecodeJSONValues(t *testing.T) {
	t.Parallel()

	drafts, err := extract.DecodeJSON([]byte(`[
		{"document_type":"purchase_order","lines":[{"quantity":12.50,"unit_price":"0.123456789012345678901234567890"}]},
		{"document_type":"purchase_order","lines":[{"quantity":"12.50","line_no":-3}],"confidence":{"po_number":0.5}}]`))
	if err != nil {
		t.Fatalf("DecodeJSON: %v %+v", err, o2c.ErrorFaults(err))
	}
	if len(drafts) != 2 {
		t.Fatalf("got %d drafts, want 2", len(drafts))
	}
	bare, quoted := drafts[0].Lines[0].Quantity, drafts[1].Lines[0].Quantity
	if !bare.Equal(*quoted) || bare.String() != "12.50" {
		t.Fatalf("bare 12.50 = %s, quoted \"12.50\" = %s; want both 12.50 (the scale is kept)", bare, quoted)
	}
	if got := drafts[0].Lines[0].UnitPrice.String(); got != "0.123456789012345678901234567890" {
		t.Fatalf("long decimal = %s; a float64 would have lost digits", got)
	}
	if drafts[1].Lines[0].LineNo != -3 || drafts[1].Confidence["po_number"] != 0.5 {
		t.Fatalf("line_no, confidence = %d, %v", drafts[1].Lines[0].LineNo, drafts[1].Confidence)
	}
	if drafts[0].Lines == nil || drafts[0].Confidence != nil {
		t.Fatal("lines should be non-nil and an absent confidence nil")
	}
}

// order wraps fields into an otherwise valid order object.
func order(fields string) string {
	if fields != "" {
		fields = "," + fields
	}
	return `{"document_type":"purchase_order","lines":[{"quantity":"1"}]` + fields + `}`
}

// line makes an order whose one line holds fields.
func line(fields string) string {
	return `{"document_type":"purchase_order","lines":[{` + fields + `}]}`
}

func TestDecodeJSONRejects(t *testing.T) {
	t.Parallel()

	deep := strings.Repeat("[", 40) + strings.Repeat("]", 40)
	manyLines := `{"document_type":"purchase_order","lines":[` + strings.TrimSuffix(strings.Repeat("{},", 10_001), ",") + `]}`
	for _, tc := range []struct {
		in   string
		path string
		rule string
	}{
		{`{"document_type":"purchase_order","lines":[],"notes":"caf` + "\xe9" + `"}`, "$", extract.RuleUTF8},
		{`{"document_type":`, "$.document_type", extract.RuleSyntax},
		{`{"document_type":"purchase_order","lines":[{"quantity":"1"},]}`, "$.lines[1]", extract.RuleSyntax},
		{"\xEF\xBB\xBF" + order(""), "$", extract.RuleSyntax},
		{order("") + ` {}`, "$", extract.RuleTrailing},
		{order("") + `x`, "$", extract.RuleTrailing},
		{order(`"colour":"red"`), "$.colour", extract.RuleUnknown},
		{order(`"PO_Number":"x"`), "$.PO_Number", extract.RuleUnknown},
		{order(`"poNumber":"x"`), "$.poNumber", extract.RuleUnknown},
		{order(`"a b":1`), `$["a b"]`, extract.RuleUnknown},
		{line(`"quantity":"1","colour":"red"`), "$.lines[0].colour", extract.RuleUnknown},
		{order(`"buyer":{"name":"A","fax":"1"}`), "$.buyer.fax", extract.RuleUnknown},
		{order(`"delivery":{"carrier":{"Name":"A"}}`), "$.delivery.carrier.Name", extract.RuleUnknown},
		{order(`"po_number":"1","po_number":"2"`), "$.po_number", extract.RuleDuplicate},
		{`{"document_type":"purchase_order","document_type":"invoice","lines":[]}`, "$.document_type", extract.RuleDuplicate},
		{order(`"buyer":{"name":"A","name":"B"}`), "$.buyer.name", extract.RuleDuplicate},
		{line(`"quantity":"1","quantity":"100"`), "$.lines[0].quantity", extract.RuleDuplicate},
		{order(`"confidence":{"po_number":0.1,"po_number":0.9}`), "$.confidence.po_number", extract.RuleDuplicate},
		{order(`"po_number":123`), "$.po_number", extract.RuleType},
		{order(`"po_number":["PO-1"]`), "$.po_number", extract.RuleType},
		{order(`"buyer":"Acme"`), "$.buyer", extract.RuleType},
		{order(`"source":null`), "$.source", extract.RuleType},
		{order(`"source":{"file":null}`), "$.source.file", extract.RuleType},
		{order(`"totals":[]`), "$.totals", extract.RuleType},
		{order(`"confidence":{"po_number":"0.9"}`), "$.confidence.po_number", extract.RuleType},
		{order(`"confidence":{"po_number":1e400}`), "$.confidence.po_number", extract.RuleType},
		{order(`"delivery":{"received_signed":"yes"}`), "$.delivery.received_signed", extract.RuleType},
		{`{"document_type":null,"lines":[]}`, "$.document_type", extract.RuleType},
		{`{"document_type":"purchase_order","lines":null}`, "$.lines", extract.RuleType},
		{`{"document_type":"purchase_order","lines":{}}`, "$.lines", extract.RuleType},
		{`{"document_type":"purchase_order","lines":[{},"x"]}`, "$.lines[1]", extract.RuleType},
		{line(`"quantity":true`), "$.lines[0].quantity", extract.RuleType},
		{line(`"quantity":{"value":"1"}`), "$.lines[0].quantity", extract.RuleType},
		{line(`"line_no":"1"`), "$.lines[0].line_no", extract.RuleType},
		{`"purchase_order"`, "$", extract.RuleType},
		{`[{"document_type":"other","lines":[]},7]`, "$[1]", extract.RuleType},
		{line(`"unit_price":"12,50"`), "$.lines[0].unit_price", extract.RuleDecimal},
		{line(`"unit_price":"1e5"`), "$.lines[0].unit_price", extract.RuleDecimal},
		{line(`"unit_price":1e5`), "$.lines[0].unit_price", extract.RuleDecimal},
		{line(`"unit_price":1.5E-3`), "$.lines[0].unit_price", extract.RuleDecimal},
		{line(`"quantity":"abc"`), "$.lines[0].quantity", extract.RuleDecimal},
		{line(`"quantity":".5"`), "$.lines[0].quantity", extract.RuleDecimal},
		{line(`"quantity":"5."`), "$.lines[0].quantity", extract.RuleDecimal},
		{line(`"quantity":"+5"`), "$.lines[0].quantity", extract.RuleDecimal},
		{line(`"quantity":" 5"`), "$.lines[0].quantity", extract.RuleDecimal},
		{line(`"quantity":""`), "$.lines[0].quantity", extract.RuleDecimal},
		{line(`"quantity":"` + strings.Repeat("9", 41) + `"`), "$.lines[0].quantity", extract.RuleDecimal},
		{order(`"totals":{"gross":"1 000.00"}`), "$.totals.gross", extract.RuleDecimal},
		{order(`"delivery":{"gross_weight_kg":"12kg"}`), "$.delivery.gross_weight_kg", extract.RuleDecimal},
		{order(`"order_date":"2026-02-30"`), "$.order_date", extract.RuleDate},
		{order(`"order_date":"20/11/2026"`), "$.order_date", extract.RuleDate},
		{order(`"requested_delivery_date":""`), "$.requested_delivery_date", extract.RuleDate},
		{order(`"delivery":{"shipped_date":"2026-11-28T10:00:00Z"}`), "$.delivery.shipped_date", extract.RuleDate},
		{order(`"order_date":20261120`), "$.order_date", extract.RuleType},
		{line(`"line_no":1.5`), "$.lines[0].line_no", extract.RuleInteger},
		{line(`"line_no":1e2`), "$.lines[0].line_no", extract.RuleInteger},
		{line(`"line_no":12345678901234567890`), "$.lines[0].line_no", extract.RuleInteger},
		{`{"lines":[]}`, "$.document_type", extract.RuleRequired},
		{`{"document_type":"purchase_order"}`, "$.lines", extract.RuleRequired},
		{`[{"document_type":"other","lines":[]},{"document_type":"other"}]`, "$[1].lines", extract.RuleRequired},
		{`[]`, "$", extract.RuleRequired},
		{order(`"x":` + deep), "$.x" + strings.Repeat("[0]", 31), extract.RuleLimit},
		{manyLines, "$.lines[10000]", extract.RuleLimit},
	} {
		name := tc.in
		if len(name) > 100 {
			name = name[:100] + "…"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			drafts, err := extract.DecodeJSON([]byte(tc.in))
			if drafts != nil || o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("DecodeJSON = %v, %v; want a CodeInvalid error", drafts, err)
			}
			faults := o2c.ErrorFaults(err)
			for _, f := range faults {
				if f.Path == tc.path && f.Rule == tc.rule {
					return
				}
			}
			t.Fatalf("faults %+v\nwant one with path %s and rule %s", faults, tc.path, tc.rule)
		})
	}
}

func TestDecodeJSONReportsEveryFault(t *testing.T) {
	t.Parallel()

	_, err := extract.DecodeJSON([]byte(`{"document_type":"purchase_order","po_number":7,
		"lines":[{"quantity":"1,5"},{"unit_price":"x","Quantity":"2"}],"order_date":"tomorrow"}`))
	var got []string
	for _, f := range o2c.ErrorFaults(err) {
		got = append(got, f.Rule+" "+f.Path)
	}
	want := []string{"JSON-06 $.po_number", "JSON-07 $.lines[0].quantity", "JSON-07 $.lines[1].unit_price",
		"JSON-04 $.lines[1].Quantity", "JSON-08 $.order_date"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("faults:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if msg := o2c.ErrorFaults(err)[3].Message; !strings.Contains(msg, `did you mean "quantity"`) {
		t.Fatalf("unknown field message = %q, want a hint", msg)
	}
}

func TestDecodeJSONStopsAfter100Faults(t *testing.T) {
	t.Parallel()

	var fields []string
	for i := range 150 {
		fields = append(fields, fmt.Sprintf(`"f%d":1`, i))
	}
	_, err := extract.DecodeJSON([]byte(order(strings.Join(fields, ","))))
	faults := o2c.ErrorFaults(err)
	if len(faults) != 101 || faults[100].Rule != extract.RuleLimit {
		t.Fatalf("got %d faults, last %+v; want 100 and a limit fault", len(faults), faults[len(faults)-1])
	}
}
