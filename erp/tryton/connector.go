package tryton

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/o2c-project/o2c"
)

// Connector posts approved orders to Tryton as sales, quoted and confirmed, so that Tryton plans
// the shipment and drafts the invoice. It implements o2c.ERPConnector.
//
// The order's idempotency key goes into the sale's description, its PO number into the sale's
// reference (the customer's reference, as Tryton means it). A retried post finds the sale by its
// description and carries on from the state it reached, so an order is never sold twice. Two posts
// of the same order at the same instant could both miss and create two sales; the job queue runs
// one post per order at a time.
type Connector struct {
	Client *Client

	uomMu     sync.Mutex
	uoms      map[string]int64 // Tryton unit of measure per Rec. 20 code
	mu        sync.Mutex       // guards category and warehouse
	category  int64            // product category that carries the accounts; 0 until looked up
	warehouse int64            // the first warehouse, where stock is counted; 0 until looked up
}

var _ o2c.ERPConnector = (*Connector)(nil)

// New returns a connector for the Tryton that cfg names; it does not connect yet.
func New(cfg Config) (*Connector, error) {
	c, err := NewClient(cfg)
	if err != nil {
		return nil, err
	}
	return &Connector{Client: c, uoms: map[string]int64{}}, nil
}

// Name implements o2c.ERPConnector.
func (c *Connector) Name() string { return "tryton" }

// Close ends the Tryton session.
func (c *Connector) Close(ctx context.Context) error { return c.Client.Close(ctx) }

// sale is the part of a Tryton sale.sale the connector reads.
type sale struct {
	ID            int64   `json:"id"`
	Number        *string `json:"number"` // null until quoted
	State         string  `json:"state"`
	ShipmentState string  `json:"shipment_state"`
	InvoiceState  string  `json:"invoice_state"`
	Reference     *string `json:"reference"`
	Description   *string `json:"description"`
	Party         int64   `json:"party"`
	Lines         []int64 `json:"lines"`
	Shipments     []int64 `json:"shipments"`
}

func (s sale) number() string {
	if s.Number == nil {
		return ""
	}
	return *s.Number
}

var saleFields = []string{"number", "state", "shipment_state", "invoice_state", "reference", "description", "party", "lines", "shipments"}

// PostOrder implements o2c.ERPConnector: it finds the sale posted under req.IdempotencyKey or
// creates it (with the party and any product Tryton lacks), then quotes, confirms and processes
// it, and answers with the sale's number.
func (c *Connector) PostOrder(ctx context.Context, req o2c.ERPPost) (o2c.ERPAck, error) {
	if req.IdempotencyKey == "" || req.Order == nil {
		return o2c.ERPAck{}, o2c.Errorf(o2c.CodeInvalid, "a post to Tryton needs an order and its idempotency key")
	}
	o := req.Order
	var found []sale
	if err := c.Client.Call(ctx, "sale.sale", "search_read", &found, []any{[]any{"description", "=", req.IdempotencyKey}},
		0, 1, [][]string{{"id", "ASC"}}, saleFields); err != nil {
		return o2c.ERPAck{}, fmt.Errorf("find tryton sale of order %d: %w", o.ID, err)
	}
	existed := len(found) > 0
	var id int64
	if existed {
		id = found[0].ID
	} else {
		var err error
		if id, err = c.createSale(ctx, req); err != nil {
			return o2c.ERPAck{}, err
		}
	}
	s, err := c.confirm(ctx, id)
	if err != nil {
		return o2c.ERPAck{}, fmt.Errorf("confirm tryton sale of order %d: %w", o.ID, err)
	}
	msg := fmt.Sprintf("Tryton sale %s, %s", s.number(), s.State)
	if existed {
		msg += " (posted before)"
	}
	return o2c.ERPAck{Ref: s.number(), Message: msg}, nil
}

// createSale creates the draft sale of req, with its party, addresses and products.
func (c *Connector) createSale(ctx context.Context, req o2c.ERPPost) (int64, error) {
	o := req.Order
	if len(o.Lines) == 0 {
		return 0, o2c.Errorf(o2c.CodeInvalid, "order %d has no lines to post", o.ID)
	}
	for _, l := range o.Lines {
		if l.SKU == "" {
			return 0, o2c.Errorf(o2c.CodeInvalid, "line %d of order %d has no product", l.LineNo, o.ID)
		}
	}
	party, address, err := c.party(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("find or create tryton party of order %d: %w", o.ID, err)
	}
	products := map[string]product{}
	lines := make([]map[string]any, 0, len(o.Lines))
	for _, l := range o.Lines {
		uom, err := c.uom(ctx, l.Unit)
		if err != nil {
			return 0, fmt.Errorf("line %d of order %d: %w", l.LineNo, o.ID, err)
		}
		p, ok := products[l.SKU]
		if !ok {
			if p, err = c.product(ctx, l, uom); err != nil {
				return 0, fmt.Errorf("find or create tryton product %s: %w", l.SKU, err)
			}
			products[l.SKU] = p
		}
		line := map[string]any{"type": "line", "sequence": l.LineNo, "product": p.ID, "unit": uom,
			"quantity": Float{l.Quantity}, "unit_price": Decimal{l.UnitPrice}}
		if d := firstNonEmpty(l.Description, p.Name); d != "" {
			line["description"] = d
		}
		lines = append(lines, line)
	}
	vals := map[string]any{"party": party, "invoice_address": address, "shipment_address": address,
		"description": req.IdempotencyKey, "comment": fmt.Sprintf("Posted by o2c, order %d.", o.ID),
		"lines": []any{[]any{"create", lines}}}
	if o.PONumber != "" {
		vals["reference"] = o.PONumber
	}
	if o.Currency != "" {
		cur, err := c.currency(ctx, o.Currency)
		if err != nil {
			return 0, fmt.Errorf("order %d: %w", o.ID, err)
		}
		vals["currency"] = cur
	}
	var ids []int64
	if err := c.Client.Call(ctx, "sale.sale", "create", &ids, []any{vals}); err != nil {
		return 0, fmt.Errorf("create tryton sale of order %d: %w", o.ID, err)
	}
	if len(ids) != 1 {
		return 0, fmt.Errorf("create tryton sale of order %d: got %d ids", o.ID, len(ids))
	}
	return ids[0], nil
}

// confirm moves the sale on from whatever state it is in to processing. Each button is a no-op
// when the state does not allow it, so the state is read back after each.
func (c *Connector) confirm(ctx context.Context, id int64) (sale, error) {
	s, err := c.readSale(ctx, id)
	if err != nil {
		return sale{}, err
	}
	for range 4 {
		var button string
		switch s.State {
		case "processing", "done":
			return s, nil
		case "draft":
			button = "quote"
		case "quotation":
			button = "confirm"
		case "confirmed":
			// confirm hands processing (shipment, invoice) to a task that runs after the request
			// and logs its errors only; process runs it again and returns them.
			button = "process"
		case "cancelled":
			return s, o2c.Errorf(o2c.CodeInvalid, "Tryton sale %s (id %d) for this order is cancelled", s.number(), id)
		default:
			return s, fmt.Errorf("tryton sale %d is in the unknown state %q", id, s.State)
		}
		if err := c.Client.Call(ctx, "sale.sale", button, nil, []int64{id}); err != nil {
			return s, err
		}
		before := s.State
		if s, err = c.readSale(ctx, id); err != nil {
			return s, err
		}
		if s.State == before {
			return s, fmt.Errorf("tryton sale %d stayed %s after %s", id, s.State, button)
		}
	}
	return s, fmt.Errorf("tryton sale %d did not reach processing (state %s)", id, s.State)
}

func (c *Connector) readSale(ctx context.Context, id int64) (sale, error) {
	var got []sale
	if err := c.Client.Call(ctx, "sale.sale", "read", &got, []int64{id}, saleFields); err != nil {
		return sale{}, fmt.Errorf("read tryton sale %d: %w", id, err)
	}
	if len(got) != 1 {
		return sale{}, o2c.Errorf(o2c.CodeNotFound, "Tryton has no sale %d", id)
	}
	return got[0], nil
}

// party finds the customer's party by code, then by name, or creates it; and returns it with an
// address for invoicing and shipping (a sale cannot be quoted without).
func (c *Connector) party(ctx context.Context, req o2c.ERPPost) (id, address int64, err error) {
	code, name := req.Order.CustomerID, ""
	cust := req.Customer
	if cust != nil {
		code, name = firstNonEmpty(cust.ID, code), cust.Name
	}
	name = firstNonEmpty(name, code)
	if code == "" {
		return 0, 0, o2c.Errorf(o2c.CodeInvalid, "order %d has no customer", req.Order.ID)
	}
	var ids []int64
	for _, domain := range [][]any{{"code", "=", code}, {"name", "=", name}} {
		if err := c.Client.Call(ctx, "party.party", "search", &ids, []any{domain}, 0, 1, [][]string{{"id", "ASC"}}); err != nil {
			return 0, 0, err
		}
		if len(ids) > 0 {
			break
		}
	}
	addr, err := c.addressValues(ctx, cust)
	if err != nil {
		return 0, 0, err
	}
	if len(ids) == 0 {
		vals := map[string]any{"code": code, "name": name, "addresses": []any{[]any{"create", []any{addr}}}}
		if err := c.Client.Call(ctx, "party.party", "create", &ids, []any{vals}); err != nil {
			return 0, 0, err
		}
		if len(ids) != 1 {
			return 0, 0, fmt.Errorf("create party %s: got %d ids", code, len(ids))
		}
	}
	id = ids[0]
	var read []struct {
		Addresses []int64 `json:"addresses"`
	}
	if err := c.Client.Call(ctx, "party.party", "read", &read, []int64{id}, []string{"addresses"}); err != nil {
		return 0, 0, err
	}
	if len(read) == 1 && len(read[0].Addresses) > 0 {
		return id, read[0].Addresses[0], nil
	}
	// A party made in Tryton may have no address (the client adds one, RPC create does not).
	if err := c.Client.Call(ctx, "party.party", "write", nil, []int64{id}, map[string]any{"addresses": []any{[]any{"create", []any{addr}}}}); err != nil {
		return 0, 0, err
	}
	if err := c.Client.Call(ctx, "party.party", "read", &read, []int64{id}, []string{"addresses"}); err != nil {
		return 0, 0, err
	}
	if len(read) != 1 || len(read[0].Addresses) == 0 {
		return 0, 0, fmt.Errorf("tryton party %d still has no address", id)
	}
	return id, read[0].Addresses[0], nil
}

// addressValues is the customer's billing address as Tryton's party.address values; the country
// is set only when Tryton knows it (a new database has no countries until they are imported).
func (c *Connector) addressValues(ctx context.Context, cust *o2c.Customer) (map[string]any, error) {
	vals := map[string]any{}
	if cust == nil {
		return vals, nil
	}
	for k, v := range map[string]string{"street": cust.Street, "postal_code": cust.PostalCode, "city": cust.City} {
		if v != "" {
			vals[k] = v
		}
	}
	if cust.Country != "" {
		var ids []int64
		if err := c.Client.Call(ctx, "country.country", "search", &ids, []any{[]any{"code", "=", strings.ToUpper(cust.Country)}}, 0, 1, nil); err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			vals["country"] = ids[0]
		}
	}
	return vals, nil
}

// product is the part of a Tryton product.product the connector reads.
type product struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

// product finds the product whose code is the line's SKU, or creates it: a salable good, priced
// at the line's unit price, in the line's unit, in the category that carries the accounts.
func (c *Connector) product(ctx context.Context, l o2c.OrderLine, uom int64) (product, error) {
	var found []product
	if err := c.Client.Call(ctx, "product.product", "search_read", &found, []any{[]any{"code", "=", l.SKU}},
		0, 1, [][]string{{"id", "ASC"}}, []string{"code", "name"}); err != nil {
		return product{}, err
	}
	if len(found) > 0 {
		return found[0], nil
	}
	category, err := c.accountCategory(ctx)
	if err != nil {
		return product{}, err
	}
	name := firstNonEmpty(firstLine(l.Description), l.SKU)
	// RPC create runs no on_change: sale_uom and the variant (products) must be given, or the
	// template has no sale unit and no product.product at all.
	vals := map[string]any{"name": name, "code": l.SKU, "type": "goods", "default_uom": uom, "sale_uom": uom,
		"salable": true, "list_price": Decimal{l.UnitPrice}, "products": []any{[]any{"create", []any{map[string]any{}}}}}
	if category != 0 {
		vals["account_category"] = category
	}
	var ids []int64
	if err := c.Client.Call(ctx, "product.template", "create", &ids, []any{vals}); err != nil {
		return product{}, err
	}
	if len(ids) != 1 {
		return product{}, fmt.Errorf("create product template %s: got %d ids", l.SKU, len(ids))
	}
	if err := c.Client.Call(ctx, "product.product", "search_read", &found, []any{[]any{"template", "=", ids[0]}},
		0, 1, nil, []string{"code", "name"}); err != nil {
		return product{}, err
	}
	if len(found) == 0 {
		return product{}, fmt.Errorf("tryton product template %d has no variant", ids[0])
	}
	return found[0], nil
}

// accountCategory is the first product category with accounting, 0 when there is none: a sale
// of such a product is then refused when processed, with Tryton's own message.
func (c *Connector) accountCategory(ctx context.Context) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.category != 0 {
		return c.category, nil
	}
	var ids []int64
	if err := c.Client.Call(ctx, "product.category", "search", &ids, []any{[]any{"accounting", "=", true}}, 0, 1, [][]string{{"id", "ASC"}}); err != nil {
		return 0, err
	}
	if len(ids) > 0 {
		c.category = ids[0]
	}
	return c.category, nil
}

// unitXMLIDs maps UN/ECE Recommendation 20 unit codes to the units of Tryton's product module
// ("" is a piece, as o2c reads an order line without a unit).
var unitXMLIDs = map[string]string{
	"": "uom_unit", "C62": "uom_unit", "H87": "uom_unit", "EA": "uom_unit", "PCE": "uom_unit", "XPP": "uom_unit", "NAR": "uom_unit",
	"KGM": "uom_kilogram", "GRM": "uom_gram", "LBR": "uom_pound", "ONZ": "uom_ounce",
	"MTR": "uom_meter", "CMT": "uom_centimeter", "MMT": "uom_millimeter", "KMT": "uom_kilometer",
	"LTR": "uom_liter", "MTQ": "uom_cubic_meter", "MTK": "uom_square_meter",
	"HUR": "uom_hour", "MIN": "uom_minute", "DAY": "uom_day",
}

var rec20Code = regexp.MustCompile(`^[A-Z0-9]{2,3}$`)

// uom is the Tryton unit of measure for a Rec. 20 unit code. A code Tryton has no unit for (BX,
// CT, PK: packages) gets a unit of its own, named and symbolised by the code, in a category of its
// own: Tryton then never converts it to another unit, so a product kept in pieces and ordered in
// boxes is refused rather than counted one box per piece.
func (c *Connector) uom(ctx context.Context, unit string) (int64, error) {
	code := strings.ToUpper(unit)
	c.uomMu.Lock() // one lookup at a time, so that a unit is created once
	defer c.uomMu.Unlock()
	if id := c.uoms[code]; id != 0 {
		return id, nil
	}
	var id int64
	var err error
	if xmlID, ok := unitXMLIDs[code]; ok {
		id, err = c.xmlID(ctx, "product", xmlID)
	} else if rec20Code.MatchString(code) {
		id, err = c.ownUOM(ctx, code)
	} else {
		return 0, o2c.Errorf(o2c.CodeInvalid, "unit %q is not a UN/ECE Rec. 20 code", unit)
	}
	if err != nil {
		return 0, err
	}
	c.uoms[code] = id
	return id, nil
}

// ownUOM finds or creates the unit whose symbol is the Rec. 20 code.
func (c *Connector) ownUOM(ctx context.Context, code string) (int64, error) {
	var ids []int64
	if err := c.Client.Call(ctx, "product.uom", "search", &ids, []any{[]any{"symbol", "=", code}}, 0, 1, [][]string{{"id", "ASC"}}); err != nil {
		return 0, fmt.Errorf("find tryton unit %s: %w", code, err)
	}
	if len(ids) > 0 {
		return ids[0], nil
	}
	if err := c.Client.Call(ctx, "product.uom.category", "create", &ids, []any{map[string]any{"name": code}}); err != nil {
		return 0, fmt.Errorf("create tryton unit category %s: %w", code, err)
	}
	// Rate, factor, rounding (0.01) and digits (2) take Tryton's defaults.
	if err := c.Client.Call(ctx, "product.uom", "create", &ids, []any{map[string]any{"name": code, "symbol": code, "category": ids[0]}}); err != nil {
		return 0, fmt.Errorf("create tryton unit %s: %w", code, err)
	}
	return ids[0], nil
}

// xmlID is the database id of a record that a module's XML data created.
func (c *Connector) xmlID(ctx context.Context, module, name string) (int64, error) {
	var found []struct {
		DBID int64 `json:"db_id"`
	}
	if err := c.Client.Call(ctx, "ir.model.data", "search_read", &found,
		[]any{[]any{"module", "=", module}, []any{"fs_id", "=", name}}, 0, 1, nil, []string{"db_id"}); err != nil {
		return 0, err
	}
	if len(found) == 0 {
		return 0, fmt.Errorf("tryton has no record %s.%s", module, name)
	}
	return found[0].DBID, nil
}

// currency is the id of the currency with the ISO 4217 code.
func (c *Connector) currency(ctx context.Context, code string) (int64, error) {
	var ids []int64
	if err := c.Client.Call(ctx, "currency.currency", "search", &ids, []any{[]any{"code", "=", strings.ToUpper(code)}}, 0, 1, nil); err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, o2c.Errorf(o2c.CodeInvalid, "Tryton has no currency %s", code)
	}
	return ids[0], nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}
