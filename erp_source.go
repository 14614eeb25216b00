package o2c

import (
	"context"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// StockSource is an ERPConnector that also reports the stock of products, which then overrides
// the master data's Product.StockQty for the INSUFFICIENT_STOCK check. It is optional: the app
// asks the configured connector whether it implements it.
type StockSource interface {
	// StockLevels returns the quantity available now of each product whose code (our SKU) is in
	// codes, in the product's unit. A code the ERP does not know is absent from the map. It returns
	// CodeUnavailable when the ERP cannot be reached and CodeUnauthorized when it refuses o2c.
	StockLevels(ctx context.Context, codes []string) (map[string]decimal.Decimal, error)
}

// ShipmentSource is an ERPConnector that also reports how far the goods of a posted order have
// gone, so that o2c marks the order shipped without a delivery note. It is optional, like StockSource.
type ShipmentSource interface {
	// ShipmentState reads the state of the order the ERP acknowledged as ref (ERPAck.Ref). It
	// returns CodeNotFound when the ERP has no such order and CodeUnavailable when it cannot be
	// reached.
	ShipmentState(ctx context.Context, ref string) (ERPShipment, error)
}

// ERPShipment is how far the goods of a posted order have gone, as the ERP sees it.
type ERPShipment struct {
	Shipped   bool     // goods left, fully or in part (at least one shipment is done)
	Done      bool     // the ERP closed the order: everything shipped, and invoiced and paid
	ShippedOn cal.Date // when the last shipment done left; zero when unknown or nothing left
	Note      string   // the ERP's own account, for the order's history: "Tryton sale 12: shipment 7 done"
}

// SyncShipmentsJob reads the shipment state of posted orders back from the ERP. The queue runs it
// periodically when the ERP is a ShipmentSource.
type SyncShipmentsJob struct{}

// Kind implements JobArgs.
func (SyncShipmentsJob) Kind() string { return "sync_shipments" }
