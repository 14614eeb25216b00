package tryton

import (
	"context"
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
)

var (
	_ o2c.StockSource    = (*Connector)(nil)
	_ o2c.ShipmentSource = (*Connector)(nil)
)

// ShipmentState implements o2c.ShipmentSource from the sale whose number is ref: the order is
// shipped once one of its customer shipments is done (Tryton's shipment_state reaches "sent" when
// all are), and done when the sale is done (shipped, and its invoices paid). It returns
// CodeNotFound when Tryton has no such sale.
func (c *Connector) ShipmentState(ctx context.Context, ref string) (o2c.ERPShipment, error) {
	st, err := c.SaleState(ctx, ref)
	if err != nil {
		return o2c.ERPShipment{}, err
	}
	return st.shipment(), nil
}

// shipment is the sale's state as o2c reads it.
func (s SaleStatus) shipment() o2c.ERPShipment {
	out := o2c.ERPShipment{Shipped: s.Shipped(), Done: s.State == "done"}
	var done []string
	for _, sh := range s.Shipments {
		if sh.State != "done" {
			continue
		}
		out.Shipped = true
		d := "shipment " + sh.Number + " done"
		if !sh.EffectiveDate.IsZero() {
			d += " on " + sh.EffectiveDate.String()
			if sh.EffectiveDate.After(out.ShippedOn) {
				out.ShippedOn = sh.EffectiveDate
			}
		}
		done = append(done, d)
	}
	out.Note = fmt.Sprintf("Tryton sale %s is %s, shipment state %s", s.Number, s.State, s.ShipmentState)
	if len(done) > 0 {
		out.Note += fmt.Sprintf(" (%s; %d of %d shipments)", strings.Join(done, ", "), len(done), len(s.Shipments))
	}
	return out
}
