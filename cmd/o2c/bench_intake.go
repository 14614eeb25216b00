package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// ordersPerInterchange is how many ORDERS messages each benchmark interchange carries.
const ordersPerInterchange = 100

// dropInterchanges writes n EDIFACT interchanges of clean orders into the watched folder, each
// written aside and renamed in, as an EDI gateway delivers files.
func dropInterchanges(inbox string, md *o2c.MasterData, n int, today cal.Date) error {
	var buyers []o2c.Customer
	for _, c := range md.Customers {
		if c.GLN != "" && c.Currency == "EUR" {
			buyers = append(buyers, c)
		}
	}
	if len(buyers) == 0 {
		return fmt.Errorf("the bench master data has no EUR customer with a GLN")
	}
	for i := range n {
		var b strings.Builder
		ref := fmt.Sprintf("B%d", i+1)
		fmt.Fprintf(&b, "UNA:+.? 'UNB+UNOC:3+%s:14+4012345000009:14+%s:1000+%s'", buyers[0].GLN,
			strings.ReplaceAll(today.String(), "-", "")[2:], ref)
		for k := range ordersPerInterchange {
			c := buyers[(i*ordersPerInterchange+k)%len(buyers)]
			segs := []string{
				fmt.Sprintf("UNH+%d+ORDERS:D:96A:UN:EAN008", k+1),
				fmt.Sprintf("BGM+220+EDI-%s-%04d+9", ref, k),
				"DTM+137:" + strings.ReplaceAll(today.String(), "-", "") + ":102",
				"DTM+2:" + strings.ReplaceAll(today.AddDays(14).String(), "-", "") + ":102",
				"NAD+BY+" + c.GLN + "::9",
				"CUX+2:EUR:9",
			}
			for j := range 3 {
				p := md.Products[((i*ordersPerInterchange+k)*3+j*7)%len(md.Products)]
				qty := cleanQuantity(p, int64(1+(k+j)%5))
				segs = append(segs, fmt.Sprintf("LIN+%d", j+1), "PIA+5+"+p.SKU+":SA", "QTY+21:"+qty.String())
			}
			segs = append(segs, "UNS+S", "CNT+2:3")
			segs = append(segs, fmt.Sprintf("UNT+%d+%d", len(segs)+1, k+1))
			for _, s := range segs {
				b.WriteString(s)
				b.WriteString("'")
			}
		}
		fmt.Fprintf(&b, "UNZ+%d+%s'", ordersPerInterchange, ref)
		tmp := filepath.Join(inbox, fmt.Sprintf(".ORDERS_%s.edi", ref))
		if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, filepath.Join(inbox, fmt.Sprintf("ORDERS_%s.edi", ref))); err != nil {
			return err
		}
	}
	return nil
}
