package edifact_test

import (
	"fmt"

	"github.com/o2c-project/o2c/edi/edifact"
)

func ExampleOrders() {
	in := []byte(`UNA:+,? '
UNB+UNOC:3+5412345000013:14+5498765000019:14+240105:1200+IC1'
UNH+1+ORDERS:D:96A:UN:EAN008'
BGM+220+PO-42+9'
DTM+137:20240105:102'
NAD+BY+5412345000013::9++Buyer NV'
LIN+1++5412345678908:EN'
QTY+21:12,5:KGM'
PRI+AAA:9,50'
UNS+S'
UNT+9+1'
UNZ+1+IC1'`)
	ic, err := edifact.Parse(in)
	if err != nil {
		fmt.Println(err)
		return
	}
	drafts, err := edifact.Orders(ic)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := drafts[0]
	fmt.Println(d.PONumber, d.OrderDate, d.Buyer.GLN, d.Buyer.Name)
	for _, l := range d.Lines {
		fmt.Println(l.LineNo, l.GTIN, l.Quantity, l.Unit, l.UnitPrice)
	}
	// Output:
	// PO-42 2024-01-05 5412345000013 Buyer NV
	// 1 5412345678908 12.5 KGM 9.50
}
