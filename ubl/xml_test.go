package ubl

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/o2c-project/o2c"
)

func TestParseOrderHostile(t *testing.T) {
	t.Parallel()
	deep := order(`<cac:OrderLine>` + strings.Repeat(`<cac:X>`, 70) + strings.Repeat(`</cac:X>`, 70) + `</cac:OrderLine>`)
	deepSkipped := order(`<cac:Contract>` + strings.Repeat(`<a>`, 100) + strings.Repeat(`</a>`, 100) + `</cac:Contract>`)
	for _, tc := range []struct {
		name  string
		doc   []byte
		code  o2c.Code
		rule  string
		words string
	}{
		{"BillionLaughs", []byte(`<?xml version="1.0"?><!DOCTYPE Order [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
			<Order xmlns="` + nsDocBase + `Order-2"><cbc:ID xmlns:cbc="` + nsCBC + `">&b;</cbc:ID></Order>`),
			o2c.CodeInvalid, RuleDeclaration, "<!DOCTYPE ...> declaration on line 1"},
		{"ExternalEntity", []byte(`<!DOCTYPE Order SYSTEM "file:///etc/passwd"><Order/>`), o2c.CodeInvalid, RuleDeclaration, "refused"},
		{"EntityWithoutDeclaration", order(`<cbc:ID>&xxe;</cbc:ID>`), o2c.CodeInvalid, RuleSyntax, "not well-formed"},
		{"DeclarationInsideRoot", order(`<!ENTITY x "y">`), o2c.CodeInvalid, RuleDeclaration, "<!ENTITY"},
		{"DeepNesting", deep, o2c.CodeInvalid, RuleLimit, "deeper than 64"},
		{"DeepNestingInSkippedElement", deepSkipped, o2c.CodeInvalid, RuleLimit, "deeper than 64"},
		{"TooLarge", make([]byte, MaxSize+1), o2c.CodeTooLarge, "", "the limit is 52428800 bytes (50 MB)"},
		{"Truncated", order(line("1", "1", "C62", "", "", ""))[:200], o2c.CodeInvalid, RuleSyntax, "unexpected EOF"},
		{"EndTagMismatch", order(`<cbc:ID>1</cbc:Note>`), o2c.CodeInvalid, RuleSyntax, "</cbc:Note> on line 2 does not close <cbc:ID>"},
		{"UndeclaredPrefix", order(`<x:ID>1</x:ID>`), o2c.CodeInvalid, RuleSyntax, `prefix "x"`},
		{"SecondRoot", append(order(``), "<Order/>"...), o2c.CodeInvalid, RuleSyntax, "second root"},
		{"TextAfterRoot", append(order(``), "trailing"...), o2c.CodeInvalid, RuleSyntax, "text after the root"},
		{"NotXML", []byte("UNA:+.? 'UNB+UNOC:3+SENDER'"), o2c.CodeInvalid, RuleSyntax, "not XML"},
		{"Empty", nil, o2c.CodeInvalid, RuleSyntax, "no XML element"},
		{"OnlyDeclaration", []byte(`<?xml version="1.0"?>`), o2c.CodeInvalid, RuleSyntax, "no XML element"},
		{"UnsupportedCharset", []byte(`<?xml version="1.0" encoding="Shift_JIS"?><Order/>`), o2c.CodeInvalid, RuleSyntax, `"Shift_JIS" is not supported`},
		{"InvalidUTF8", order("<cbc:ID>\xff\xfe</cbc:ID>"), o2c.CodeInvalid, RuleSyntax, "UTF-8"},
		{"ControlCharacter", order("<cbc:ID>&#1;</cbc:ID>"), o2c.CodeInvalid, RuleSyntax, "not well-formed"},
		{"OrderInAnotherNamespace", []byte(`<Order xmlns="urn:example:orders"><ID>1</ID></Order>`), o2c.CodeInvalid, RuleNotOrder,
			"root element Order is not in the UBL namespace"},
		{"NoNamespace", []byte(`<PurchaseOrder><ID>1</ID></PurchaseOrder>`), o2c.CodeInvalid, RuleNotOrder, "<PurchaseOrder> in no namespace"},
		{"HTML", []byte(`<html><body>Order 1</body></html>`), o2c.CodeInvalid, RuleNotOrder, "<html>"},
		{"WideLine", order(`<cac:OrderLine><cac:LineItem>` + strings.Repeat(`<cbc:X/>`, maxSubtree) + `</cac:LineItem></cac:OrderLine>`),
			o2c.CodeInvalid, RuleLimit, "more than 10000 elements"},
		{"ManyDeliveries", order(strings.Repeat(`<cac:Delivery/>`, maxRepeats+1)), o2c.CodeInvalid, RuleLimit, "more than 1000 cac:Delivery"},
		{"ManyNotes", order(strings.Repeat(`<cbc:Note>n</cbc:Note>`, maxRepeats+1)), o2c.CodeInvalid, RuleLimit, "more than 1000 cbc:Note"},
		{"ManyNamespaces", order(`<cac:Contract ` + manyNamespaces(maxBindings) + `/>`), o2c.CodeInvalid, RuleLimit, "namespace declarations"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := ParseOrder(tc.doc)
			if d != nil || o2c.ErrorCode(err) != tc.code {
				t.Fatalf("got %v, %v; want code %s", d, err, tc.code)
			}
			if rule := faultRule(err); rule != tc.rule {
				t.Fatalf("rule %q, want %q (%v)", rule, tc.rule, err)
			}
			if msg := o2c.ErrorMessage(err); !strings.Contains(msg, tc.words) {
				t.Fatalf("message %q does not say %q", msg, tc.words)
			}
		})
	}
}

func manyNamespaces(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(` xmlns:p` + strconv.Itoa(i) + `="urn:x"`)
	}
	return b.String()
}

func TestParseOrderTooManyLines(t *testing.T) {
	t.Parallel()
	doc := order(strings.Repeat(`<cac:OrderLine><cac:LineItem/></cac:OrderLine>`, maxLines+1))
	if _, err := ParseOrder(doc); o2c.ErrorCode(err) != o2c.CodeTooLarge || !strings.Contains(o2c.ErrorMessage(err), "100000 lines") {
		t.Fatalf("got %v, want CodeTooLarge for more than %d lines", err, maxLines)
	}
}

func TestParseOrderCharsets(t *testing.T) {
	t.Parallel()
	body := `<cbc:ID>PO-1</cbc:ID><cac:BuyerCustomerParty><cac:Party><cac:PartyName><cbc:Name>Café Müller</cbc:Name>
		</cac:PartyName></cac:Party></cac:BuyerCustomerParty>`
	utf8Doc := order(body)
	withDecl := func(enc string, b []byte) []byte {
		return bytes.Replace(b, []byte(`encoding="UTF-8"`), []byte(`encoding="`+enc+`"`), 1)
	}
	latin1 := func(b []byte) []byte { // every rune of the test is below U+0100
		var out []byte
		for _, r := range string(b) {
			out = append(out, byte(r))
		}
		return out
	}
	utf16le := func(b []byte) []byte {
		out := []byte{0xFF, 0xFE}
		for _, u := range utf16.Encode([]rune(string(b))) {
			out = append(out, byte(u), byte(u>>8))
		}
		return out
	}
	for _, tc := range []struct {
		name string
		doc  []byte
	}{
		{"UTF8", utf8Doc},
		{"UTF8WithBOM", append([]byte{0xEF, 0xBB, 0xBF}, utf8Doc...)},
		{"ISO88591", latin1(withDecl("ISO-8859-1", utf8Doc))},
		{"Windows1252", latin1(withDecl("windows-1252", utf8Doc))},
		{"UTF16LittleEndianWithBOM", utf16le(withDecl("UTF-16", utf8Doc))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d, err := ParseOrder(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			if d.PONumber != "PO-1" || d.Buyer == nil || d.Buyer.Name != "Café Müller" {
				t.Fatalf("got PO %q, buyer %+v; want PO-1 and Café Müller", d.PONumber, d.Buyer)
			}
		})
	}
}
