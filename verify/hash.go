package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// contentHash fingerprints what an order asks for: the customer and, per product and unit, the
// total quantity. Line order, line splits ("5 + 5" for "10") and how a product was identified do
// not change it, so an order sent twice through two channels hashes alike. A line whose product
// is unknown counts by the customer's code, else by its description words.
func contentHash(customerID string, lines []o2c.OrderLine) string {
	type key struct{ item, unit string }
	qty := make(map[key]decimal.Decimal, len(lines))
	for _, l := range lines {
		k := key{"sku:" + l.SKU, l.Unit}
		switch {
		case l.SKU != "":
		case l.BuyerSKU != "":
			k.item = "buyer_sku:" + normSKU(l.BuyerSKU)
		default:
			k.item = "description:" + strings.Join(descriptionWords(l.Description), " ")
		}
		qty[k] = qty[k].Add(l.Quantity)
	}
	rows := make([]string, 0, len(qty))
	for k, q := range qty {
		rows = append(rows, k.item+"\x1f"+canonicalDecimal(q)+"\x1f"+k.unit)
	}
	slices.Sort(rows)
	h := sha256.New()
	h.Write([]byte("customer:" + customerID + "\n"))
	for _, r := range rows {
		h.Write([]byte(r + "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// canonicalDecimal writes a number without trailing zeros ("10.00" -> "10"), whatever
// decimal.TrimTrailingZeros says, so that equal quantities always hash alike.
func canonicalDecimal(d decimal.Decimal) string {
	s := d.StringFixed(max(0, -d.Exponent()))
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
