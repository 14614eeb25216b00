package confirm

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// manyLines is the French changed confirmation with n lines, some with long descriptions, some
// changed, one rejected: enough for several pages.
func manyLines(t *testing.T, n int) Confirmation {
	t.Helper()
	c := loadCase(t, "changed_fr")
	o := *c.Order
	o.Lines = nil
	total := decimal.Zero
	c.Lines = nil
	for i := 1; i <= n; i++ {
		qty := decimal.NewFromInt(int64(10 * i))
		price := decimal.RequireFromString("3.15").Add(decimal.NewFromInt(int64(i % 7)))
		line := qty.Mul(price).Round(2)
		desc := fmt.Sprintf("Article n°%d, qualité supérieure", i)
		if i%9 == 0 {
			desc += ", conditionnement renforcé pour le transport longue distance, palette filmée"
		}
		o.Lines = append(o.Lines, o2c.OrderLine{LineNo: i, SKU: fmt.Sprintf("ART-%04d", i), Description: desc,
			Quantity: qty, Unit: "C62", UnitPrice: price, LineTotal: line})
		total = total.Add(line)
		if i%25 == 0 {
			ordered := qty.Add(decimal.NewFromInt(5))
			c.Lines = append(c.Lines, LineAnswer{LineNo: i, Status: Changed, Ordered: &ordered, Note: "Reliquat livré en janvier."})
		}
	}
	o.NetTotal = total
	c.Order = &o
	return c
}
