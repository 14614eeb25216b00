// Package demo makes the demo data of `make demo`: the master data of a B2B food-service and
// hospitality supplier (customers in France, Germany, Belgium, Spain and the UK, a catalogue of
// coffee, tea, dry goods, cleaning supplies, disposables and kitchen equipment) and a day of
// orders, most of which flow straight to the ERP while others stop in review, each built to carry
// a given anomaly.
//
// Everything is deterministic: the same on every call and every machine. Variety comes from a
// fixed-seed PCG generator, read through its specified Uint64 output only, and order dates are
// relative to the day passed in.
package demo

import (
	"math/rand/v2"
	"slices"

	"github.com/o2c-project/o2c"
)

// The generator's seed. Changing it changes every VAT id, GLN and stock level of the demo.
const seed1, seed2 = 0x02c_de30, 20260417

// Order is one demo order: the canonical order as it reaches o2c, and the anomaly codes
// verification must end with.
type Order struct {
	Name   string            // unique, e.g. "clean-fr-bistro-weekly", "price-mismatch-de"
	Sender string            // the e-mail address, EDI sender id or portal user it comes from; may be ""
	Expect []o2c.AnomalyCode // exactly the codes it must end with, in the order of o2c.AnomalyCodes; nil for a clean order
	Draft  o2c.OrderDraft    // the canonical order
}

// MasterData returns the demo master data. It returns a new value on every call, equal to the
// one before.
func MasterData() *o2c.MasterData {
	r := rand.NewPCG(seed1, seed2)
	cs, ss := customers(r)
	ps := products(r)
	return &o2c.MasterData{
		Customers:      cs,
		ShipTos:        ss,
		Products:       ps,
		CustomerItems:  slices.Clone(customerItems),
		CustomerPrices: customerPrices(ps),
	}
}
