package tryton

import (
	"context"
	"fmt"
	"math/big"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// StockLevels implements o2c.StockSource: the quantity of each product whose code is in codes that
// the first warehouse (its locations included) can still give, in the product's default unit. That
// is the quantity on hand, less what confirmed sales will take and no more than what is forecast
// (the smaller of Tryton's quantity and forecast_quantity, never below zero): the stock a new
// order can count on.
// Services and consumables, whose stock Tryton does not keep, are absent from the map, as are codes
// Tryton does not know; several variants with one code are added up.
func (c *Connector) StockLevels(ctx context.Context, codes []string) (map[string]decimal.Decimal, error) {
	levels := map[string]decimal.Decimal{}
	if len(codes) == 0 {
		return levels, nil
	}
	wh, err := c.mainWarehouse(ctx)
	if err != nil {
		return nil, err
	}
	var found []struct {
		Code     string `json:"code"`
		Quantity Float  `json:"quantity"`
		Forecast Float  `json:"forecast_quantity"`
	}
	// Without "locations" in the context Tryton answers 0 whatever the stock.
	if err := c.Client.CallWith(ctx, map[string]any{"locations": []int64{wh}}, "product.product", "search_read", &found,
		[]any{[]any{"code", "in", codes}, []any{"template.type", "!=", "service"}, []any{"template.consumable", "=", false}},
		0, nil, nil, []string{"code", "quantity", "forecast_quantity"}); err != nil {
		return nil, fmt.Errorf("read tryton stock levels: %w", err)
	}
	for _, p := range found {
		// A forecast below zero (sales promised more than there is) leaves nothing, not less.
		levels[p.Code] = levels[p.Code].Add(decimal.Max(decimal.Zero, decimal.Min(p.Quantity.Decimal, p.Forecast.Decimal)))
	}
	for code, q := range levels {
		levels[code] = plain(q)
	}
	return levels, nil
}

// plain drops a quantity's trailing zeros: Tryton writes 3 as 3.0, and o2c's messages say 3.
func plain(d decimal.Decimal) decimal.Decimal {
	c, e := d.Coefficient(), d.Exponent()
	ten := big.NewInt(10)
	for e < 0 {
		q, r := new(big.Int).QuoRem(c, ten, new(big.Int))
		if r.Sign() != 0 {
			break
		}
		c, e = q, e+1
	}
	return decimal.NewFromBigInt(c, e)
}

// mainWarehouse is the first location of type warehouse.
func (c *Connector) mainWarehouse(ctx context.Context) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.warehouse != 0 {
		return c.warehouse, nil
	}
	var ids []int64
	if err := c.Client.Call(ctx, "stock.location", "search", &ids, []any{[]any{"type", "=", "warehouse"}}, 0, 1, [][]string{{"id", "ASC"}}); err != nil {
		return 0, fmt.Errorf("find tryton warehouse: %w", err)
	}
	if len(ids) == 0 {
		return 0, o2c.Errorf(o2c.CodeInvalid, "Tryton has no warehouse")
	}
	c.warehouse = ids[0]
	return c.warehouse, nil
}

// SaleStatus is how far a sale posted to Tryton has gone.
type SaleStatus struct {
	Number        string     `json:"number"`         // the sale's number, the ERPAck's Ref
	State         string     `json:"state"`          // draft, quotation, confirmed, processing, done or cancelled
	ShipmentState string     `json:"shipment_state"` // none, waiting, sent or exception
	InvoiceState  string     `json:"invoice_state"`  // none, waiting, paid or exception
	Shipments     []Shipment `json:"shipments"`      // customer shipments, in id order
}

// Shipped reports whether all the goods of the sale have left (every shipment done).
func (s SaleStatus) Shipped() bool { return s.ShipmentState == "sent" }

// Shipment is one customer shipment of a sale.
type Shipment struct {
	Number        string   `json:"number"`
	State         string   `json:"state"`                   // draft, waiting, assigned, picked, packed, done or cancelled
	EffectiveDate cal.Date `json:"effective_date,omitzero"` // when it was done
}

// SaleState reads the state of the sale whose number is ref, and of its shipments.
// It returns CodeNotFound when Tryton has no such sale.
func (c *Connector) SaleState(ctx context.Context, ref string) (SaleStatus, error) {
	var found []sale
	if err := c.Client.Call(ctx, "sale.sale", "search_read", &found, []any{[]any{"number", "=", ref}},
		0, 1, nil, saleFields); err != nil {
		return SaleStatus{}, fmt.Errorf("find tryton sale %s: %w", ref, err)
	}
	if len(found) == 0 {
		return SaleStatus{}, o2c.Errorf(o2c.CodeNotFound, "Tryton has no sale %s", ref)
	}
	s := found[0]
	st := SaleStatus{Number: s.number(), State: s.State, ShipmentState: s.ShipmentState, InvoiceState: s.InvoiceState}
	if len(s.Shipments) == 0 {
		return st, nil
	}
	var shipments []struct {
		ID            int64   `json:"id"`
		Number        *string `json:"number"`
		State         string  `json:"state"`
		EffectiveDate Date    `json:"effective_date"`
	}
	if err := c.Client.Call(ctx, "stock.shipment.out", "read", &shipments, s.Shipments, []string{"number", "state", "effective_date"}); err != nil {
		return SaleStatus{}, fmt.Errorf("read shipments of tryton sale %s: %w", ref, err)
	}
	for _, sh := range shipments {
		n := ""
		if sh.Number != nil {
			n = *sh.Number
		}
		st.Shipments = append(st.Shipments, Shipment{Number: n, State: sh.State, EffectiveDate: sh.EffectiveDate.Date})
	}
	return st, nil
}
