package engine

import (
	"strconv"

	"github.com/o2c-project/o2c"
)

// fieldPaths lists the confidence paths of the fields a draft holds, in the layout engine's
// way: header fields by name, a party whole ("buyer"), a line's fields one by one
// ("lines[2].quantity"), totals and delivery facts by name. Notes, source and document_type
// carry no confidence.
func fieldPaths(d *o2c.OrderDraft) []string {
	var out []string
	add := func(path string, set bool) {
		if set {
			out = append(out, path)
		}
	}
	add("po_number", d.PONumber != "")
	add("order_date", !d.OrderDate.IsZero())
	add("requested_delivery_date", !d.RequestedDeliveryDate.IsZero())
	add("currency", d.Currency != "")
	add("buyer", hasParty(d.Buyer))
	add("ship_to", hasParty(d.ShipTo))
	add("bill_to", hasParty(d.BillTo))
	for i, l := range d.Lines {
		p := "lines[" + strconv.Itoa(i) + "]."
		add(p+"line_no", l.LineNo != 0)
		add(p+"buyer_sku", l.BuyerSKU != "")
		add(p+"supplier_sku", l.SupplierSKU != "")
		add(p+"gtin", l.GTIN != "")
		add(p+"description", l.Description != "")
		add(p+"quantity", l.Quantity != nil)
		add(p+"unit", l.Unit != "")
		add(p+"unit_price", l.UnitPrice != nil)
		add(p+"line_total", l.LineTotal != nil)
	}
	if t := d.Totals; t != nil {
		add("totals.net", t.Net != nil)
		add("totals.tax", t.Tax != nil)
		add("totals.gross", t.Gross != nil)
	}
	if v := d.Delivery; v != nil {
		add("delivery.document_number", v.DocumentNumber != "")
		add("delivery.shipped_date", !v.ShippedDate.IsZero())
		add("delivery.delivered_date", !v.DeliveredDate.IsZero())
		add("delivery.carrier", hasParty(v.Carrier))
		add("delivery.shipper", hasParty(v.Shipper))
		add("delivery.consignee", hasParty(v.Consignee))
		add("delivery.place_of_loading", v.PlaceOfLoading != "")
		add("delivery.place_of_delivery", v.PlaceOfDelivery != "")
		add("delivery.packages", v.Packages != nil)
		add("delivery.gross_weight_kg", v.GrossWeightKg != nil)
		add("delivery.received_signed", v.ReceivedSigned != nil)
		add("delivery.reservations", v.Reservations != "")
	}
	return out
}

// hasParty reports a party with anything written in it.
func hasParty(p *o2c.Party) bool {
	return p != nil && *p != (o2c.Party{})
}
