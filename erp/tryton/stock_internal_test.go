package tryton

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

func TestPlain(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"3.0": "3", "10.50": "10.5", "0.0": "0", "12.345": "12.345", "100": "100", "-2.000": "-2"} {
		if got := plain(decimal.RequireFromString(in)).String(); got != want {
			t.Errorf("plain(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestSaleStatusShipment(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		st            SaleStatus
		shipped, done bool
		on            string
	}{
		{"Waiting", SaleStatus{Number: "1", State: "processing", ShipmentState: "waiting", Shipments: []Shipment{{Number: "1", State: "assigned"}}}, false, false, ""},
		{"Partly", SaleStatus{Number: "2", State: "processing", ShipmentState: "waiting",
			Shipments: []Shipment{{Number: "2", State: "done", EffectiveDate: cal.MustParse("2026-11-26")}, {Number: "3", State: "waiting"}}}, true, false, "2026-11-26"},
		{"Sent", SaleStatus{Number: "3", State: "processing", ShipmentState: "sent",
			Shipments: []Shipment{{Number: "4", State: "done", EffectiveDate: cal.MustParse("2026-11-25")}, {Number: "5", State: "done", EffectiveDate: cal.MustParse("2026-11-27")}}}, true, false, "2026-11-27"},
		{"Done", SaleStatus{Number: "4", State: "done", ShipmentState: "sent", Shipments: []Shipment{{Number: "6", State: "done"}}}, true, true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tc.st.shipment()
			on := ""
			if !got.ShippedOn.IsZero() {
				on = got.ShippedOn.String()
			}
			if got.Shipped != tc.shipped || got.Done != tc.done || on != tc.on || got.Note == "" {
				t.Fatalf("shipment = %+v, want shipped %v, done %v, on %q", got, tc.shipped, tc.done, tc.on)
			}
		})
	}
}
