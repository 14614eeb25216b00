package ubl

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

// order wraps body in an Order root with the usual prefixes.
func order(body string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="` + nsDocBase + `Order-2" xmlns:cac="` + nsCAC + `" xmlns:cbc="` + nsCBC + `">` + body + `</Order>`)
}

// line is an order line with a quantity and a price.
func line(id, qty, unit, price, base, baseUnit string) string {
	s := `<cac:OrderLine><cac:LineItem><cbc:ID>` + id + `</cbc:ID><cbc:Quantity unitCode="` + unit + `">` + qty + `</cbc:Quantity>`
	if price != "" {
		s += `<cac:Price><cbc:PriceAmount currencyID="EUR">` + price + `</cbc:PriceAmount>`
		if base != "" {
			s += `<cbc:BaseQuantity unitCode="` + baseUnit + `">` + base + `</cbc:BaseQuantity>`
		}
		s += `</cac:Price>`
	}
	return s + `<cac:Item><cbc:Name>Widget</cbc:Name></cac:Item></cac:LineItem></cac:OrderLine>`
}

// field reads a field of the draft's JSON by a slash path: "lines/0/unit_price",
// "confidence/lines[0].unit_price". It returns "" for a field that is absent.
func field(t *testing.T, d *o2c.OrderDraft, path string) string {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	for _, k := range strings.Split(path, "/") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			i, err := strconv.Atoi(k)
			if err != nil || i >= len(x) {
				return ""
			}
			v = x[i]
		default:
			return ""
		}
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func TestParseOrderMapping(t *testing.T) {
	t.Parallel()
	const eur = `<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>`
	for _, tc := range []struct {
		name string
		doc  []byte
		want map[string]string // field path -> value ("" = absent)
	}{
		{"BaseQuantityDividesExactly", order(eur + line("1", "20", "C62", "12.50", "10", "C62")),
			map[string]string{"lines/0/unit_price": "1.25", "confidence": ""}},
		{"BaseQuantityKeepsScale", order(eur + line("1", "20", "C62", "100.00", "10", "C62")),
			map[string]string{"lines/0/unit_price": "10.00"}},
		{"BaseQuantityEndsPastSixPlaces", order(eur + line("1", "20", "C62", "1", "128", "C62")),
			map[string]string{"lines/0/unit_price": "0.007813"}},
		{"BaseQuantityRepeatingDecimal", order(eur + line("1", "3", "C62", "10.00", "3", "C62")),
			map[string]string{"lines/0/unit_price": "3.333333"}},
		{"BaseQuantityOne", order(eur + line("1", "3", "C62", "10.000", "1.00", "C62")),
			map[string]string{"lines/0/unit_price": "10.000"}},
		{"BaseQuantityInAnotherUnit", order(eur + line("1", "3", "C62", "10", "2", "KGM")),
			map[string]string{"lines/0/unit_price": "5", "confidence/lines[0].unit_price": "0.5"}},
		{"AmountInAnotherCurrency", order(eur + `<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID>
			<cbc:LineExtensionAmount currencyID="USD">5</cbc:LineExtensionAmount></cac:LineItem></cac:OrderLine>`),
			map[string]string{"lines/0/line_total": "5", "confidence/lines[0].line_total": "0.5", "currency": "EUR"}},
		{"CurrencyFromAmounts", order(line("1", "3", "C62", "10", "", "")),
			map[string]string{"currency": "EUR"}},
		{"NoCurrencyWhenAmountsDisagree", order(line("1", "3", "C62", "10", "", "") + `<cac:OrderLine><cac:LineItem>
			<cbc:ID>2</cbc:ID><cbc:LineExtensionAmount currencyID="SEK">5</cbc:LineExtensionAmount></cac:LineItem></cac:OrderLine>`),
			map[string]string{"currency": "", "confidence": ""}},
		{"GrossIsPayableWithoutTaxInclusive", order(eur + `<cac:AnticipatedMonetaryTotal>
			<cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
			<cbc:PayableAmount currencyID="EUR">120.00</cbc:PayableAmount></cac:AnticipatedMonetaryTotal>`),
			map[string]string{"totals/net": "100.00", "totals/gross": "120.00", "totals/tax": ""}},
		{"TaxTotalsAdd", order(eur + `<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">10.00</cbc:TaxAmount></cac:TaxTotal>
			<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">2.50</cbc:TaxAmount></cac:TaxTotal>`),
			map[string]string{"totals/tax": "12.50"}},
		{"TaxTotalInOrderCurrencyAmongOthers", order(eur + `<cac:TaxTotal><cbc:TaxAmount currencyID="SEK">100</cbc:TaxAmount></cac:TaxTotal>
			<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">9.10</cbc:TaxAmount></cac:TaxTotal>`),
			map[string]string{"totals/tax": "9.10", "confidence": ""}},
		{"RequestedEndDateAlone", order(`<cac:Delivery><cac:RequestedDeliveryPeriod><cbc:EndDate>2026-05-09</cbc:EndDate>
			</cac:RequestedDeliveryPeriod></cac:Delivery>`),
			map[string]string{"requested_delivery_date": "2026-05-09"}},
		{"RequestedBeforePromised", order(`<cac:Delivery><cac:PromisedDeliveryPeriod><cbc:StartDate>2026-05-01</cbc:StartDate>
			</cac:PromisedDeliveryPeriod></cac:Delivery><cac:Delivery><cac:RequestedDeliveryPeriod>
			<cbc:StartDate>2026-05-03</cbc:StartDate></cac:RequestedDeliveryPeriod></cac:Delivery>`),
			map[string]string{"requested_delivery_date": "2026-05-03"}},
		{"LatestDeliveryDate", order(`<cac:Delivery><cbc:LatestDeliveryDate>2026-06-30</cbc:LatestDeliveryDate></cac:Delivery>`),
			map[string]string{"requested_delivery_date": "2026-06-30"}},
		{"DatesWithZones", order(`<cbc:IssueDate>2026-04-30+02:00</cbc:IssueDate><cac:Delivery><cac:RequestedDeliveryPeriod>
			<cbc:StartDate>2026-05-01Z</cbc:StartDate></cac:RequestedDeliveryPeriod></cac:Delivery>`),
			map[string]string{"order_date": "2026-04-30", "requested_delivery_date": "2026-05-01"}},
		{"DateOfEveryLine", order(strings.Repeat(`<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cac:Delivery>
			<cac:RequestedDeliveryPeriod><cbc:StartDate>2026-07-01</cbc:StartDate></cac:RequestedDeliveryPeriod>
			</cac:Delivery></cac:LineItem></cac:OrderLine>`, 2)),
			map[string]string{"requested_delivery_date": "2026-07-01"}},
		{"NoDateWhenOneLineHasNone", order(`<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cac:Delivery>
			<cac:RequestedDeliveryPeriod><cbc:StartDate>2026-07-01</cbc:StartDate></cac:RequestedDeliveryPeriod>
			</cac:Delivery></cac:LineItem></cac:OrderLine>` + line("2", "1", "C62", "", "", "")),
			map[string]string{"requested_delivery_date": ""}},
		{"GTINByScheme", order(`<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cac:Item>
			<cac:StandardItemIdentification><cbc:ID schemeID="ZZZ">4006381333931</cbc:ID></cac:StandardItemIdentification>
			<cac:StandardItemIdentification><cbc:ID schemeID="0160">4006381333932</cbc:ID></cac:StandardItemIdentification>
			</cac:Item></cac:LineItem></cac:OrderLine>`),
			map[string]string{"lines/0/gtin": "4006381333932"}},
		{"GTINWithoutSchemeNeedsCheckDigit", order(`<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cac:Item>
			<cac:StandardItemIdentification><cbc:ID>4006381333932</cbc:ID></cac:StandardItemIdentification>
			<cac:StandardItemIdentification><cbc:ID>4006381333931</cbc:ID></cac:StandardItemIdentification>
			</cac:Item></cac:LineItem></cac:OrderLine>`),
			map[string]string{"lines/0/gtin": "4006381333931"}},
		{"LineNumbers", order(line("007", "1", "C62", "", "", "") + line("A1", "1", "C62", "", "", "") +
			line("0", "1", "C62", "", "", "") + line("1000000000", "1", "C62", "", "", "")),
			map[string]string{"lines/0/line_no": "7", "lines/1/line_no": "", "lines/2/line_no": "", "lines/3/line_no": ""}},
		{"Description", order(`<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cac:Item>
			<cbc:Description>Red
			  paint</cbc:Description><cbc:Description>falu red</cbc:Description><cbc:Name>Falu red</cbc:Name>
			</cac:Item></cac:LineItem></cac:OrderLine>`),
			map[string]string{"lines/0/description": "Falu red - Red paint"}},
		{"PrefixesAreNotNames", []byte(`<o:Order xmlns:o="` + nsDocBase + `Order-2" xmlns:a="` + nsCAC + `"
			xmlns:b="` + nsCBC + `" xmlns:cbc="urn:example:not-ubl"><cbc:ID>decoy</cbc:ID><b:ID>PO-9</b:ID>
			<a:OrderLine><a:LineItem><ID xmlns="` + nsCBC + `">3</ID></a:LineItem></a:OrderLine></o:Order>`),
			map[string]string{"po_number": "PO-9", "lines/0/line_no": "3"}},
		{"ExtensionsAndAttachmentsSkipped", order(`<ext:UBLExtensions xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2">
			<ext:UBLExtension><ext:ExtensionContent><cbc:ID>ext</cbc:ID></ext:ExtensionContent></ext:UBLExtension></ext:UBLExtensions>
			<cbc:ID>PO-1</cbc:ID><cbc:ID>PO-2</cbc:ID><cac:AdditionalDocumentReference><cbc:ID>doc</cbc:ID><cac:Attachment>
			<cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf">` + strings.Repeat("QUJD", 1000) + `</cbc:EmbeddedDocumentBinaryObject>
			</cac:Attachment></cac:AdditionalDocumentReference>`),
			map[string]string{"po_number": "PO-1"}},
		{"NotesAndAllowances", order(eur + `<cbc:Note>Deliver to gate 4.
Ring twice.</cbc:Note><cbc:Note>Urgent</cbc:Note>
			<cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:AllowanceChargeReasonCode>FC</cbc:AllowanceChargeReasonCode>
			<cbc:Amount currencyID="EUR">25.00</cbc:Amount></cac:AllowanceCharge>
			<cac:AllowanceCharge><cbc:ChargeIndicator>false</cbc:ChargeIndicator><cbc:Amount currencyID="EUR">5</cbc:Amount></cac:AllowanceCharge>`),
			map[string]string{"notes": "Deliver to gate 4.\nRing twice.\nUrgent\nCharge: FC (25.00 EUR)\nAllowance (5 EUR)"}},
		{"BuyerParty", order(`<cac:BuyerCustomerParty><cac:Party>
			<cbc:EndpointID schemeID="0088">7300010000002</cbc:EndpointID>
			<cac:PartyIdentification><cbc:ID schemeID="GLN">7300010000001</cbc:ID></cac:PartyIdentification>
			<cac:PartyName><cbc:Name>  Hospital
			   North </cbc:Name></cac:PartyName>
			<cac:PostalAddress><cbc:StreetName>Avon Way</cbc:StreetName><cbc:BuildingNumber>56A</cbc:BuildingNumber>
			<cbc:CityName>Bridgtow</cbc:CityName><cbc:PostalZone>ZZ99 1ZZ</cbc:PostalZone>
			<cac:Country><cbc:IdentificationCode>GB</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
			<cac:PartyTaxScheme><cbc:CompanyID>IT123</cbc:CompanyID><cac:TaxScheme><cbc:ID>FC</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
			<cac:PartyTaxScheme><cbc:CompanyID>GB123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
			<cac:Contact><cbc:ElectronicMail>buyer@example.org</cbc:ElectronicMail></cac:Contact></cac:Party></cac:BuyerCustomerParty>`),
			map[string]string{"buyer/name": "Hospital North", "buyer/gln": "7300010000001", "buyer/vat_id": "GB123456789",
				"buyer/street": "Avon Way 56A", "buyer/city": "Bridgtow", "buyer/postal_code": "ZZ99 1ZZ", "buyer/country": "GB",
				"buyer/email": "buyer@example.org", "source/sender": "0088:7300010000002"}},
		{"SenderIsBuyerNameWithoutEndpoint", order(`<cac:BuyerCustomerParty><cac:Party><cac:PartyLegalEntity>
			<cbc:RegistrationName>Acme SA</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:BuyerCustomerParty>`),
			map[string]string{"buyer/name": "Acme SA", "source/sender": "Acme SA"}},
		{"ShipToFromDeliveryPartyAndLocation", order(`<cac:Delivery><cac:DeliveryLocation><cbc:ID schemeID="0088">5790000435968</cbc:ID>
			<cbc:Name>Dock B</cbc:Name></cac:DeliveryLocation><cac:DeliveryParty><cac:PostalAddress>
			<cbc:StreetName>Quay 1</cbc:StreetName><cbc:CityName>Aarhus</cbc:CityName><cac:Country><cbc:IdentificationCode>DK</cbc:IdentificationCode></cac:Country>
			</cac:PostalAddress></cac:DeliveryParty></cac:Delivery>`),
			map[string]string{"ship_to/name": "Dock B", "ship_to/gln": "5790000435968", "ship_to/street": "Quay 1",
				"ship_to/city": "Aarhus", "ship_to/country": "DK"}},
		{"NoPartiesNoTotals", order(line("1", "1", "C62", "", "", "")),
			map[string]string{"buyer": "", "ship_to": "", "bill_to": "", "totals": "", "source/sender": ""}},
		{"StatusIgnoredInAnOrder", order(`<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cbc:LineStatusCode>Cancelled</cbc:LineStatusCode>
			</cac:LineItem></cac:OrderLine>`),
			map[string]string{"lines/0/line_no": "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := ParseOrder(tc.doc)
			if err != nil {
				t.Fatalf("ParseOrder: %v", err)
			}
			for path, want := range tc.want {
				if got := field(t, d, path); got != want {
					t.Errorf("%s = %q, want %q", path, got, want)
				}
			}
		})
	}
}

func TestParseOrderChangeDeletesLines(t *testing.T) {
	t.Parallel()
	doc := []byte(`<OrderChange xmlns="` + nsDocBase + `OrderChange-2" xmlns:cac="` + nsCAC + `" xmlns:cbc="` + nsCBC + `">
		<cbc:ID>CH-1</cbc:ID><cac:OrderReference><cbc:ID>PO-1</cbc:ID></cac:OrderReference>
		<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cbc:LineStatusCode>Cancelled</cbc:LineStatusCode></cac:LineItem></cac:OrderLine>
		<cac:OrderLine><cac:LineItem><cbc:ID>2</cbc:ID><cbc:LineStatusCode>2</cbc:LineStatusCode></cac:LineItem></cac:OrderLine>
		<cac:OrderLine><cac:LineItem><cbc:ID>3</cbc:ID><cbc:LineStatusCode>1</cbc:LineStatusCode></cac:LineItem></cac:OrderLine>
		</OrderChange>`)
	d, err := ParseOrder(doc)
	if err != nil {
		t.Fatal(err)
	}
	if d.DocumentType != o2c.DocOrderChange || d.PONumber != "PO-1" || len(d.Lines) != 1 || d.Lines[0].LineNo != 3 {
		t.Fatalf("got %s %q with lines %+v, want order_change PO-1 with line 3 alone", d.DocumentType, d.PONumber, d.Lines)
	}
}

func TestParseOrderFaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		doc   []byte
		rule  string
		path  string
		words string
	}{
		{"QuantityNotDecimal", order(line("1", "ten", "C62", "", "", "")), RuleDecimal, "$.lines[0].quantity", `cbc:Quantity "ten" on line 2`},
		{"QuantityWithExponent", order(line("1", "1e3", "C62", "", "", "")), RuleDecimal, "$.lines[0].quantity", "not a decimal"},
		{"QuantityWithComma", order(line("1", "1,5", "C62", "", "", "")), RuleDecimal, "$.lines[0].quantity", "not a decimal"},
		{"QuantityTooLong", order(line("1", strings.Repeat("9", 41), "C62", "", "", "")), RuleDecimal, "$.lines[0].quantity", "not a decimal"},
		{"PriceEmpty", order(line("1", "1", "C62", " ", "", "")), RuleDecimal, "$.lines[0].unit_price", "cbc:PriceAmount"},
		{"BaseQuantityZero", order(line("1", "1", "C62", "5", "0", "C62")), RuleDecimal, "$.lines[0].unit_price", "must be > 0"},
		{"IssueDateImpossible", order(`<cbc:IssueDate>2026-02-30</cbc:IssueDate>`), RuleDate, "$.order_date", `"2026-02-30"`},
		{"IssueDateWithTime", order(`<cbc:IssueDate>2026-02-03T10:00:00</cbc:IssueDate>`), RuleDate, "$.order_date", "YYYY-MM-DD"},
		{"DeliveryDateBad", order(`<cac:Delivery><cac:RequestedDeliveryPeriod><cbc:StartDate>15.07.2026</cbc:StartDate>
			</cac:RequestedDeliveryPeriod></cac:Delivery>`), RuleDate, "$.requested_delivery_date", "15.07.2026"},
		{"ChargeAmountBad", order(`<cac:AllowanceCharge><cbc:ChargeIndicator>true</cbc:ChargeIndicator><cbc:Amount>x</cbc:Amount>
			</cac:AllowanceCharge>`), RuleDecimal, "$.notes", "cac:AllowanceCharge/cbc:Amount"},
		{"LineWithoutLineItem", order(`<cac:OrderLine><cbc:Note>?</cbc:Note></cac:OrderLine>`), RuleStructure, "$.lines", "no cac:LineItem"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := ParseOrder(tc.doc)
			if d != nil || o2c.ErrorCode(err) != o2c.CodeInvalid {
				t.Fatalf("got %v, %v; want a CodeInvalid error", d, err)
			}
			f := o2c.ErrorFaults(err)
			if len(f) != 1 || f[0].Rule != tc.rule || f[0].Path != tc.path || !strings.Contains(f[0].Message, tc.words) {
				t.Fatalf("faults %+v, want one %s at %s saying %q", f, tc.rule, tc.path, tc.words)
			}
		})
	}
}

func TestParseOrderFaultsAreCapped(t *testing.T) {
	t.Parallel()
	_, err := ParseOrder(order(strings.Repeat(line("1", "x", "C62", "", "", ""), 500)))
	if n := len(o2c.ErrorFaults(err)); n != maxFaults {
		t.Fatalf("%d faults, want the cap %d", n, maxFaults)
	}
}

func TestParseDecimal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"12.50", "12.50"}, {" 7 ", "7"}, {"+1.5", "1.5"}, {".5", "0.5"}, {"5.", "5"}, {"-0.10", "-0.10"},
		{"0", "0"}, {"007", "7"},
		{"", "!"}, {".", "!"}, {"+", "!"}, {"-", "!"}, {"1e3", "!"}, {"1,5", "!"}, {"1 000", "!"}, {"--1", "!"},
		{"1.2.3", "!"}, {"0x10", "!"}, {"NaN", "!"}, {"Infinity", "!"}, {"١٢", "!"}, {strings.Repeat("1", 41), "!"},
	} {
		got := "!"
		if d, ok := parseDecimal(tc.in); ok {
			got = d.String()
		}
		if got != tc.want {
			t.Errorf("parseDecimal(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"2026-03-01", "2026-03-01"}, {" 2026-03-01 ", "2026-03-01"}, {"2026-03-01Z", "2026-03-01"},
		{"2026-03-01+14:00", "2026-03-01"}, {"2026-03-01-05:30", "2026-03-01"},
		{"2026-02-29", "!"}, {"2026-3-1", "!"}, {"20260301", "!"}, {"2026-03-01+15:00", "!"}, {"2026-03-01T00:00", "!"},
		{"2026-03-01+0100", "!"}, {"", "!"}, {"-2026-03-01", "!"},
	} {
		got := "!"
		if d, ok := parseDate(tc.in); ok {
			got = d.String()
		}
		if got != tc.want {
			t.Errorf("parseDate(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}
