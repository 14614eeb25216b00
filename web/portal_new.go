package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
)

// New order: the customer searches the catalogue (htmx asks /new/products as they type), adds
// articles as lines (htmx appends /new/line), and sends the form, which PlaceOrder checks and
// receives. Without JavaScript the search and the lines do not work; the upload does.

type portalNewData struct {
	FormID   string
	PONumber string
	Delivery string // YYYY-MM-DD
	ShipTo   string
	ShipTos  []o2c.ShipTo
	Lines    []portalLine
	Today    string
	Faults   map[string]string
	Error    string
}

// portalLine is one line of the form: the article as the customer sees it, and the quantity typed.
type portalLine struct {
	app.PortalProduct
	Qty   string
	Fault string
}

// defaultQty is the smallest quantity an article may be ordered in: a multiple of its pack size,
// at least its minimum.
func defaultQty(pr app.PortalProduct) decimal.Decimal {
	step := decimal.NewFromInt(1)
	if pr.PackSize != nil && pr.PackSize.Sign() > 0 {
		step = *pr.PackSize
	}
	q := step
	if pr.MinOrderQty != nil {
		for q.LessThan(*pr.MinOrderQty) {
			q = q.Add(step)
		}
	}
	return q
}

func (p *portal) newOrderPage(w http.ResponseWriter, r *http.Request) {
	d := portalNewData{FormID: app.NewFormID()}
	if err := p.fillNew(r, &d); err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "new", portalPage{Title: "New order", Nav: "new", Data: d})
}

// fillNew adds what the form offers: the customer's delivery addresses and today.
func (p *portal) fillNew(r *http.Request, d *portalNewData) error {
	shipTos, err := p.svc.ShipTos(r.Context(), portalUser(r))
	if err != nil {
		return err
	}
	d.ShipTos, d.Today = shipTos, cal.DateIn(p.svc.Now(), p.loc).String()
	return nil
}

type portalProducts struct {
	Q        string
	Products []app.PortalProduct
}

// productSearch answers the type-ahead with the articles that match, priced for the customer.
func (p *portal) productSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 100 {
		q = q[:100]
	}
	list, err := p.svc.SearchProducts(r.Context(), portalUser(r), q, 20)
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "products", portalPage{Data: portalProducts{Q: q, Products: list}})
}

// orderLine answers "add" with a new line of the form for one article, and "remove" with nothing
// (htmx deletes the line).
func (p *portal) orderLine(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("remove") == "1" {
		w.WriteHeader(http.StatusOK)
		return
	}
	pr, err := p.svc.Product(r.Context(), portalUser(r), r.URL.Query().Get("sku"))
	if err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, http.StatusOK, "line", portalPage{Data: portalLine{PortalProduct: pr, Qty: defaultQty(pr).String()}})
}

// placeOrder sends the form to PlaceOrder: on success to the new order's page, else back to the
// form with each fault by its field.
func (p *portal) placeOrder(w http.ResponseWriter, r *http.Request) {
	u := portalUser(r)
	d := portalNewData{FormID: r.PostFormValue("form_id"), PONumber: strings.TrimSpace(r.PostFormValue("po_number")),
		Delivery: r.PostFormValue("requested_delivery_date"), ShipTo: r.PostFormValue("ship_to"), Faults: map[string]string{}}
	pp := app.PlaceOrderParams{PONumber: d.PONumber, ShipToID: d.ShipTo, FormID: d.FormID}
	if d.Delivery != "" {
		day, err := cal.Parse(d.Delivery)
		if err != nil {
			d.Faults["requested_delivery_date"] = "enter a date"
		}
		pp.RequestedDeliveryDate = day
	}
	skus, qtys := r.PostForm["sku"], r.PostForm["qty"]
	for i, sku := range skus {
		l := portalLine{PortalProduct: app.PortalProduct{SKU: sku}}
		if i < len(qtys) {
			l.Qty = strings.TrimSpace(qtys[i])
		}
		if pr, err := p.svc.Product(r.Context(), u, sku); err == nil {
			l.PortalProduct = pr
		}
		q, err := decimal.NewFromString(l.Qty)
		if err != nil {
			d.Faults[fmt.Sprintf("lines[%d].quantity", i)] = "enter a number"
		}
		pp.Lines = append(pp.Lines, app.PortalLine{SKU: sku, Quantity: q})
		d.Lines = append(d.Lines, l)
	}
	var orders []*o2c.Order
	var err error
	if len(d.Faults) == 0 {
		orders, err = p.svc.PlaceOrder(r.Context(), u, pp)
	}
	if err == nil && len(d.Faults) == 0 {
		http.Redirect(w, r, fmt.Sprintf("%s/orders/%d?placed=1", portalPrefix, orders[0].ID), http.StatusSeeOther)
		return
	}
	if err != nil && o2c.ErrorCode(err) != o2c.CodeInvalid {
		p.fail(w, r, err)
		return
	}
	for k, v := range faultMap(err) {
		d.Faults[k] = v
	}
	for i := range d.Lines {
		if f := d.Faults[fmt.Sprintf("lines[%d].quantity", i)] + d.Faults[fmt.Sprintf("lines[%d].sku", i)]; f != "" {
			d.Lines[i].Fault = f
		}
	}
	d.Error = "Please check the order: " + strings.TrimSuffix(firstFault(d.Faults), ".")
	if err := p.fillNew(r, &d); err != nil {
		p.fail(w, r, err)
		return
	}
	p.render(w, r, http.StatusUnprocessableEntity, "new", portalPage{Title: "New order", Nav: "new", Data: d})
}

// firstFault is one fault of a form, for the message at its top.
func firstFault(faults map[string]string) string {
	for _, k := range []string{"lines", "po_number", "requested_delivery_date", "ship_to"} {
		if f := faults[k]; f != "" {
			return f
		}
	}
	for _, f := range faults {
		return f
	}
	return ""
}
