package bank

import (
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

// balStr writes a balance as a person reads it in the file: "C3236.28 EUR 2011-05-22".
func balStr(b *Balance) string {
	if b == nil {
		return ""
	}
	return fmt.Sprintf("%s%s %s %s", b.Mark, b.Amount, b.Currency, b.Date)
}

// entryStr writes entry i as "D9 2011-05-24": mark, amount and value date; "" when there is none.
func entryStr(es []Entry, i int) string {
	if i < 0 || i >= len(es) {
		return ""
	}
	e := es[i]
	return fmt.Sprintf("%s%s %s", e.Mark, e.Amount, e.ValueDate)
}

func faultRules(fs []o2c.Fault) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return strings.Join(out, ",")
}
