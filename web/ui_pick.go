package web

import (
	"net/http"
	"strings"

	"github.com/o2c-project/o2c/cal"
)

// The type-ahead pickers of the review screen: htmx fills a <datalist> with what matches what the
// person typed, so that the browser's own suggestion list does the rest without script.

// pickLimit is how many suggestions a picker offers.
const pickLimit = 12

// pickOption is one suggestion: the value put in the field and what the person reads.
type pickOption struct{ Value, Label string }

// typed is what the person typed in the field that asked: q, or the value of the one field sent.
func typed(r *http.Request) string {
	q := r.URL.Query()
	if v := q.Get("q"); v != "" {
		return strings.TrimSpace(v)
	}
	for k, vs := range q {
		if k != "customer" && len(vs) > 0 {
			return strings.TrimSpace(vs[0])
		}
	}
	return ""
}

// pickCustomers suggests customers by id, name, VAT id, e-mail or city.
func (u *ui) pickCustomers(w http.ResponseWriter, r *http.Request) {
	found, err := u.md.Customers(r.Context(), typed(r), 0, pickLimit)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	opts := make([]pickOption, 0, len(found.Items))
	for _, c := range found.Items {
		label := c.Name
		if c.City != "" {
			label += " · " + c.City
		}
		if c.VATID != "" {
			label += " · " + c.VATID
		}
		opts = append(opts, pickOption{c.ID, label})
	}
	u.renderBlock(w, r, "pick", "options", opts)
}

// pickProducts suggests products by SKU, GTIN or description, with the price the order's
// customer pays when it has one agreed, else the list price.
func (u *ui) pickProducts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	found, err := u.md.Products(ctx, typed(r), 0, pickLimit)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	agreed := map[string]string{}
	if id := r.URL.Query().Get("customer"); id != "" {
		if c, err := u.md.CustomerDetail(ctx, id); err == nil {
			today := u.today()
			for _, p := range c.CustomerPrices {
				if p.Covers(today) {
					agreed[p.SKU] = formatMoney(p.UnitPrice, c.Currency) + " agreed"
				}
			}
		}
	}
	opts := make([]pickOption, 0, len(found.Items))
	for _, p := range found.Items {
		label := p.Description
		if a, ok := agreed[p.SKU]; ok {
			label += " · " + a
		} else if p.UnitPrice != nil {
			label += " · " + formatMoney(*p.UnitPrice, p.Currency)
		}
		if p.Unit != "" {
			label += " / " + p.Unit
		}
		opts = append(opts, pickOption{p.SKU, label})
	}
	u.renderBlock(w, r, "pick", "options", opts)
}

// today is the company's date.
func (u *ui) today() cal.Date { return cal.DateIn(u.orders.Now(), u.loc) }
