package ubl

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// responseCases reads the inputs testdata/response_*.json.
func responseCases(t *testing.T) map[string]OrderResponse {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "response_*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/response_*.json: %v", err)
	}
	cases := make(map[string]OrderResponse, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		var r OrderResponse
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		cases[strings.TrimSuffix(filepath.Base(f), ".json")] = r
	}
	return cases
}

// TestWriteOrderResponse writes each case to its golden file and reads it back: the round trip
// gives the response that was written.
func TestWriteOrderResponse(t *testing.T) {
	t.Parallel()
	for name, r := range responseCases(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			out, err := WriteOrderResponse(r)
			if err != nil {
				t.Fatal(err)
			}
			again, err := WriteOrderResponse(r)
			if err != nil || !bytes.Equal(out, again) {
				t.Fatalf("a second write differs (%v)", err)
			}
			golden(t, filepath.Join("testdata", "out", name+".xml"), out)
			back, err := ParseOrderResponse(out)
			if err != nil {
				t.Fatalf("ParseOrderResponse: %v", err)
			}
			if got, want := mustJSON(t, back), mustJSON(t, r); got != want {
				t.Fatalf("round trip:\n got %s\nwant %s", got, want)
			}
		})
	}
}

// TestOrderResponseXSD validates every written response against the UBL 2.1 OrderResponse XSD
// with xmllint, and checks that xmllint does reject a broken one.
func TestOrderResponseXSD(t *testing.T) {
	t.Parallel()
	xmllint := tool(t, "xmllint", "apt-get install -y libxml2-utils")
	xsd := filepath.Join(filepath.Dir(corpusDir(t)), "en16931-validation", "ubl-2.1-xsd", "maindoc", "UBL-OrderResponse-2.1.xsd")
	dir := writeResponses(t)
	broken := filepath.Join(dir, "broken.xml")
	good, err := os.ReadFile(filepath.Join(dir, "response_changed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	// IssueDate after OrderResponseCode breaks the schema's sequence.
	bad := bytes.Replace(good, []byte("  <cbc:IssueDate>2026-11-27</cbc:IssueDate>\n"), nil, 1)
	bad = bytes.Replace(bad, []byte("</cbc:OrderResponseCode>\n"), []byte("</cbc:OrderResponseCode>\n  <cbc:IssueDate>2026-11-27</cbc:IssueDate>\n"), 1)
	if err := os.WriteFile(broken, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "response_*.xml"))
	args := append([]string{"--noout", "--nonet", "--schema", xsd}, files...)
	if out, err := exec.Command(xmllint, args...).CombinedOutput(); err != nil || len(files) != len(responseCases(t)) {
		t.Errorf("the responses do not validate: %v\n%s", err, out)
	}
	if out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", xsd, broken).CombinedOutput(); err == nil {
		t.Errorf("xmllint accepts a broken response; the check proves nothing:\n%s", out)
	}
}

// TestOrderResponseSchematron runs the Peppol T76 rules (Saxon-HE, once for all files) on every
// written response: no fatal assert may fail. A response that breaks a rule must fail one.
func TestOrderResponseSchematron(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("Saxon takes seconds; skipped with -short")
	}
	java := tool(t, "java", "apt-get install -y default-jre-headless libsaxonhe-java")
	jar := "/usr/share/java/Saxon-HE.jar"
	if _, err := os.Stat(jar); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Saxon-HE is missing: %v", err)
		}
		t.Skipf("Saxon-HE is missing (%v); apt-get install -y libsaxonhe-java", err)
	}
	xslt := filepath.Join(filepath.Dir(corpusDir(t)), "en16931-validation", "peppol-2026.5", "xslt", "PEPPOLBIS-T76.xslt")
	dir := writeResponses(t)
	good, err := os.ReadFile(filepath.Join(dir, "response_accepted.xml"))
	if err != nil {
		t.Fatal(err)
	}
	// An accepted order (AP) must not carry lines (PEPPOL-T76-R008).
	line := "<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cbc:LineStatusCode>5</cbc:LineStatusCode><cac:Item><cbc:Name>x</cbc:Name>" +
		"</cac:Item></cac:LineItem><cac:OrderLineReference><cbc:LineID>1</cbc:LineID></cac:OrderLineReference></cac:OrderLine>\n</OrderResponse>"
	if err := os.WriteFile(filepath.Join(dir, "broken.xml"), bytes.Replace(good, []byte("</OrderResponse>"), []byte(line), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	svrl := t.TempDir()
	out, err := exec.Command(java, "-cp", jar, "net.sf.saxon.Transform", "-s:"+dir, "-xsl:"+xslt, "-o:"+svrl).CombinedOutput()
	if err != nil {
		t.Fatalf("saxon: %v\n%s", err, out)
	}
	fatal := regexp.MustCompile(`(?s)<svrl:failed-assert[^>]*flag="fatal".*?</svrl:failed-assert>`)
	files, _ := filepath.Glob(filepath.Join(dir, "*.xml"))
	for _, f := range files {
		report, err := os.ReadFile(filepath.Join(svrl, filepath.Base(f)))
		if err != nil {
			t.Fatal(err)
		}
		asserts := fatal.FindAll(report, -1)
		switch {
		case filepath.Base(f) == "broken.xml" && !bytes.Contains(bytes.Join(asserts, nil), []byte("PEPPOL-T76-R008")):
			t.Errorf("the T76 rules do not catch an accepted order with lines; the check proves nothing")
		case filepath.Base(f) != "broken.xml" && len(asserts) > 0:
			t.Errorf("%s fails %d fatal T76 rules:\n%s", filepath.Base(f), len(asserts), bytes.Join(asserts, []byte("\n")))
		}
	}
}

// writeResponses writes every case into a new temporary folder.
func writeResponses(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, r := range responseCases(t) {
		out, err := WriteOrderResponse(r)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".xml"), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// tool finds a command, or skips the test without it, except in CI where it fails.
func tool(t *testing.T, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: %v", name, err)
		}
		t.Skipf("%s is missing; install it: %s", name, install)
	}
	return p
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// validResponse is a conditionally accepted response that WriteOrderResponse takes; the error
// cases below each break one thing of it.
func validResponse() OrderResponse {
	q, p := decimal.RequireFromString("3"), decimal.RequireFromString("9.90")
	return OrderResponse{
		ID: "R1", IssueDate: cal.MustParse("2026-11-27"), Code: ResponseConditionallyAccepted, Currency: "EUR", OrderID: "PO-1",
		Seller: ResponseParty{Endpoint: Identifier{"0088", "5790000435968"}, Name: "Seller"},
		Buyer:  ResponseParty{Endpoint: Identifier{"0088", "7300010000001"}, ID: Identifier{"", "B-1"}},
		Lines: []ResponseLine{
			{LineID: "1", Status: LineChanged, Quantity: &q, Unit: "C62", Price: &p, Name: "Widget", GTIN: "4006381333931"},
			{LineID: "2", Status: LineAccepted, Name: "Gadget"},
		},
	}
}

func TestWriteOrderResponseFaults(t *testing.T) {
	t.Parallel()
	neg, zero := decimal.RequireFromString("-1"), decimal.Zero
	for _, tc := range []struct {
		name   string
		change func(r *OrderResponse)
		rule   string
		path   string
	}{
		{"IDMissing", func(r *OrderResponse) { r.ID = " " }, RuleRequired, "$.id"},
		{"IssueDateMissing", func(r *OrderResponse) { r.IssueDate = cal.Date{} }, RuleRequired, "$.issue_date"},
		{"CodeUnknown", func(r *OrderResponse) { r.Code = "OK" }, RuleCode, "$.code"},
		{"CurrencyLowerCase", func(r *OrderResponse) { r.Currency = "eur" }, RuleCode, "$.currency"},
		{"OrderIDMissing", func(r *OrderResponse) { r.OrderID = "" }, RuleRequired, "$.order_id"},
		{"SellerEndpointSchemeMissing", func(r *OrderResponse) { r.Seller.Endpoint.Scheme = "" }, RuleRequired, "$.seller.endpoint"},
		{"BuyerGLNCheckDigit", func(r *OrderResponse) { r.Buyer.Endpoint.Value = "7300010000002" }, RuleValue, "$.buyer.endpoint.value"},
		{"BuyerNameAndIDMissing", func(r *OrderResponse) { r.Buyer.ID = Identifier{} }, RuleRequired, "$.buyer"},
		{"PeriodBackwards", func(r *OrderResponse) {
			r.PromisedDelivery = Period{cal.MustParse("2026-12-02"), cal.MustParse("2026-12-01")}
		}, RuleValue, "$.promised_delivery.end"},
		{"NoteControlCharacter", func(r *OrderResponse) { r.Note = "bell\a" }, RuleValue, "$.note"},
		{"IDNUL", func(r *OrderResponse) { r.ID = "R\x001" }, RuleValue, "$.id"},
		{"NameInvalidUTF8", func(r *OrderResponse) { r.Lines[1].Name = "\xff" }, RuleValue, "$.lines[1].name"},
		{"ConditionalWithoutLines", func(r *OrderResponse) { r.Lines = nil }, RuleLines, "$.lines"},
		{"AcceptedWithLines", func(r *OrderResponse) { r.Code = ResponseAccepted }, RuleLines, "$.lines"},
		{"RejectedWithLines", func(r *OrderResponse) { r.Code = ResponseRejected }, RuleLines, "$.lines"},
		{"LineIDDuplicate", func(r *OrderResponse) { r.Lines[1].LineID = "1" }, RuleValue, "$.lines[1].line_id"},
		{"LineStatusUnknown", func(r *OrderResponse) { r.Lines[0].Status = "Revised" }, RuleCode, "$.lines[0].status"},
		{"LineNameMissing", func(r *OrderResponse) { r.Lines[1].Name = "" }, RuleRequired, "$.lines[1].name"},
		{"QuantityWithoutUnit", func(r *OrderResponse) { r.Lines[0].Unit = "" }, RuleRequired, "$.lines[0].unit"},
		{"QuantityNegative", func(r *OrderResponse) { r.Lines[0].Quantity = &neg }, RuleValue, "$.lines[0].quantity"},
		{"PriceNegative", func(r *OrderResponse) { r.Lines[0].Price = &neg }, RuleValue, "$.lines[0].price"},
		{"BaseQuantityZero", func(r *OrderResponse) { r.Lines[0].BaseQuantity = &zero }, RuleValue, "$.lines[0].base_quantity"},
		{"BaseQuantityWithoutPrice", func(r *OrderResponse) {
			one := decimal.New(1, 0)
			r.Lines[0].Price, r.Lines[0].BaseQuantity = nil, &one
		}, RuleValue, "$.lines[0].base_quantity"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := validResponse()
			if _, err := WriteOrderResponse(r); err != nil {
				t.Fatalf("the valid response fails: %v", err)
			}
			tc.change(&r)
			out, err := WriteOrderResponse(r)
			if out != nil || o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("got %d bytes, %v; want a CodeInvalid error", len(out), err)
			}
			f := o2c.ErrorFaults(err)
			if len(f) != 1 || f[0].Rule != tc.rule || f[0].Path != tc.path {
				t.Fatalf("faults %+v, want one %s at %s", f, tc.rule, tc.path)
			}
		})
	}
}

func TestWriteOrderResponseNormalisesText(t *testing.T) {
	t.Parallel()
	r := validResponse()
	r.Note = "  Two lines\r\nchanged.  "
	r.Lines[0].Name = " Widget,\t blue "
	out, err := WriteOrderResponse(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseOrderResponse(out)
	if err != nil {
		t.Fatal(err)
	}
	if back.Note != "Two lines\nchanged." || back.Lines[0].Name != "Widget, blue" {
		t.Fatalf("note %q, name %q; want them trimmed, the note's CRLF as LF, the name's spaces collapsed", back.Note, back.Lines[0].Name)
	}
}

// corpusResponses lists the order responses of the corpus with values read from the files.
var corpusResponses = []struct {
	file                        string
	id, code, orderID, currency string
	statuses                    []string // of each line, in order
}{
	{"peppol-ordering/order-response/OrderResponse_Example.xml", "101", "CA", "11233", "EUR", []string{"3", "5", "3"}},
	{"peppol-ordering/order-response/OrderResponseAdvanced_Example.xml", "101", "CA", "11233", "EUR", []string{"3", "5"}},
	{"peppol-ordering/order-response/UC1_Order_response.xml", "101", "CA", "1", "EUR", []string{"5", "7", "3"}},
	{"peppol-ordering/order-response/UC2_Order_response.xml", "101", "CA", "1", "EUR", []string{"5", "5"}},
	{"peppol-ordering/order-response/UC3_Order_response.xml", "4552", "RE", "5", "EUR", nil},
	{"peppol-ordering/order-response/UC4_Order_response.xml", "4552", "CA", "5", "EUR", []string{"3"}},
	{"peppol-ordering/order-response/UC5_Order_response.xml", "101", "AP", "5", "SEK", nil},
	{"peppol-ordering/advanced-ordering/advanced_ordering_sc1/OrderResponse_sc1.xml", "Response-1", "CA", "Order-1", "EUR", []string{"3", "3"}},
	{"peppol-ordering/advanced-ordering/advanced_ordering_sc2/OrderResponse_sc2.xml", "Response-2", "AP", "Order-1", "EUR", nil},
	{"peppol-ordering/advanced-ordering/advanced_ordering_sc3/OrderResponse_sc3.xml", "Response-3", "CA", "Order-1", "EUR", []string{"3", "5"}},
	{"peppol-ordering/advanced-ordering/advanced_ordering_sc4/OrderResponse_sc4.xml", "Response-4", "AP", "Order-1", "EUR", nil},
	{"peppol-ordering/advanced-ordering/advanced_ordering_sc5/OrderResponse_sc5.xml", "Response-4", "RE", "Order-1", "EUR", nil},
	{"peppol-ordering/other/OrderAgreement_Example.xml", "0263bf48-9a55-4d15-adf5-2c2921036d1c", "", "11233", "EUR", []string{"", ""}},
	{"oasis-ubl-ordering/UBL-OrderResponse-2.1-Example.xml", "7", "", "34", "SEK", []string{"NoStatus", "Disputed"}},
	{"oasis-ubl-ordering/UBL-OrderResponseSimple-2.1-Example.xml", "7", "AP", "34", "", nil},
	{"oasis-ubl-ordering/UBL-OrderResponseSimple-2.0-Example.xml", "66890-9-09", "AP", "AEG012345", "", nil},
	{"oasis-ubl-ordering/CENBII-AcceptOrder-maximal.xml", "66890-9-09", "AP", "AEG012345", "", nil},
	{"oasis-ubl-ordering/CENBII-AcceptOrder-minimal.xml", "66890-9-09", "AP", "AEG012345", "", nil},
	{"oasis-ubl-ordering/CENBII-RejectOrder-maximal.xml", "66890-9-09", "RE", "AEG012345", "", nil},
	{"oasis-ubl-ordering/CENBII-RejectOrder-minimal.xml", "66890-9-09", "RE", "AEG012345", "", nil},
}

// TestParseOrderResponseCorpus reads every order response of the corpus; those that are valid
// Peppol T76 responses are written again and read back equal.
func TestParseOrderResponseCorpus(t *testing.T) {
	t.Parallel()
	for _, tc := range corpusResponses {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			t.Parallel()
			r, err := ParseOrderResponse(readCorpus(t, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var statuses []string
			for _, l := range r.Lines {
				statuses = append(statuses, string(l.Status))
			}
			if r.ID != tc.id || string(r.Code) != tc.code || r.OrderID != tc.orderID || r.Currency != tc.currency ||
				strings.Join(statuses, ",") != strings.Join(tc.statuses, ",") {
				t.Fatalf("got %q %q order %q %q lines %v; want %q %q order %q %q lines %v",
					r.ID, r.Code, r.OrderID, r.Currency, statuses, tc.id, tc.code, tc.orderID, tc.currency, tc.statuses)
			}
			if !strings.HasPrefix(tc.file, "peppol-ordering/order-response/") {
				return
			}
			out, err := WriteOrderResponse(*r)
			if err != nil {
				t.Fatalf("a Peppol example does not write again: %v", err)
			}
			back, err := ParseOrderResponse(out)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := mustJSON(t, back), mustJSON(t, r); got != want {
				t.Fatalf("round trip:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func TestParseOrderResponseDetails(t *testing.T) {
	t.Parallel()
	r, err := ParseOrderResponse(readCorpus(t, "peppol-ordering/order-response/UC4_Order_response.xml"))
	if err != nil {
		t.Fatal(err)
	}
	l := r.Lines[0]
	if got := strings.Join([]string{l.LineID, dec(l.Quantity), l.Unit, dec(l.Price), dec(l.BaseQuantity), l.Name, l.SupplierSKU,
		l.GTIN, l.PromisedDelivery.Start.String(), l.PromisedDelivery.End.String(), r.Seller.Endpoint.Scheme, r.Seller.Endpoint.Value,
		r.Buyer.ID.Value, r.PromisedDelivery.Start.String()}, "|"); got !=
		"1|500|NAR|0.9|10|Snow shovel|SN-33|09876543211234|2013-07-15|2013-07-16|0192|987654325|7300010000001|2013-07-15" {
		t.Fatalf("got %s", got)
	}
	if _, err := ParseOrderResponse(readCorpus(t, "peppol-ordering/order/UC1_Order.xml")); faultRule(err) != RuleNotOrder ||
		o2c.ErrorMessage(err) != "the document is a UBL Order, not an order response" {
		t.Fatalf("an order read as a response: %v", err)
	}
}
