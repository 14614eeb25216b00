package verify

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/o2c-project/o2c"
)

// documentFields are the canonical order's fields in the order of the schema; anomalies are
// listed in this order, so that a reviewer reads them top to bottom like the document.
var documentFields = []string{"document_type", "source", "po_number", "order_date", "requested_delivery_date",
	"currency", "buyer", "ship_to", "bill_to", "lines", "totals", "notes", "confidence", "delivery"}

var lineFields = []string{"line_no", "buyer_sku", "supplier_sku", "gtin", "description", "quantity", "unit",
	"unit_price", "line_total"}

var totalsFields = []string{"net", "tax", "gross"}

// fieldKey places a field path in document order: top-level field, line index, field within.
type fieldKey struct{ top, index, sub int }

func keyOf(path string) fieldKey {
	head, rest, _ := strings.Cut(path, ".")
	name, idx, hasIdx := strings.Cut(head, "[")
	k := fieldKey{top: rank(documentFields, name), index: -1, sub: -1}
	if hasIdx {
		if n, err := strconv.Atoi(strings.TrimSuffix(idx, "]")); err == nil {
			k.index = n
		}
	}
	if rest != "" {
		sub, _, _ := strings.Cut(rest, ".")
		switch name {
		case "lines":
			k.sub = rank(lineFields, sub)
		case "totals":
			k.sub = rank(totalsFields, sub)
		default:
			k.sub = 0
		}
	}
	return k
}

// rank is the position of name in order, or after all of them when absent.
func rank(order []string, name string) int {
	if i := slices.Index(order, name); i >= 0 {
		return i
	}
	return len(order)
}

// sortAnomalies orders anomalies by field in document order, then by code in the spec's order,
// then by message, so that the same draft always yields the same list.
func sortAnomalies(as []o2c.Anomaly) {
	slices.SortStableFunc(as, func(a, b o2c.Anomaly) int {
		ka, kb := keyOf(a.Field), keyOf(b.Field)
		if c := cmp.Or(cmp.Compare(ka.top, kb.top), cmp.Compare(ka.index, kb.index), cmp.Compare(ka.sub, kb.sub)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Field, b.Field); c != 0 {
			return c
		}
		if c := cmp.Compare(slices.Index(o2c.AnomalyCodes, a.Code), slices.Index(o2c.AnomalyCodes, b.Code)); c != 0 {
			return c
		}
		return cmp.Compare(a.Message, b.Message)
	})
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// fieldWords are the words of field names written for people.
var fieldWords = map[string]string{"po": "PO", "vat": "VAT", "gln": "GLN", "sku": "SKU", "gtin": "GTIN", "id": "id"}

// fieldName writes a field path for a person: "lines[1].unit_price" -> "line 2 unit price",
// "buyer.vat_id" -> "buyer VAT id". Lines are numbered from 1 as on paper.
func fieldName(path string) string {
	var parts []string
	for _, seg := range strings.Split(path, ".") {
		if name, idx, ok := strings.Cut(seg, "["); ok && name == "lines" {
			if n, err := strconv.Atoi(strings.TrimSuffix(idx, "]")); err == nil {
				parts = append(parts, "line "+strconv.Itoa(n+1))
				continue
			}
		}
		ws := strings.Split(seg, "_")
		for i, w := range ws {
			if r, ok := fieldWords[w]; ok {
				ws[i] = r
			}
		}
		parts = append(parts, strings.Join(ws, " "))
	}
	s := strings.Join(parts, " ")
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return path
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
