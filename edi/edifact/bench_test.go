package edifact

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// largeInterchange is one interchange of realistic EANCOM orders, each with 20 lines, repeated
// to about 10 MB, one segment a line as most senders write them.
var largeInterchange = sync.OnceValue(func() []byte {
	const target = 10 << 20
	var b strings.Builder
	b.WriteString("UNA:+.? '\r\nUNB+UNOC:3+5412345000013:14+5498765000019:14+240105:1200+BENCH1++ORDERS'\r\n")
	n := 0
	for b.Len() < target {
		n++
		segs := []string{
			fmt.Sprintf("BGM+220+PO-%07d+9", n),
			"DTM+137:20240105:102", "DTM+2:20240112:102",
			"FTX+DEL+++Deliver to gate 4?: ring twice", "RFF+CR:CONTRACT-2024-17",
			"NAD+BY+5412345000013::9++Buyer NV+Kerkstraat 1+Gent++9000+BE", "RFF+VA:BE0123456789",
			"NAD+DP+5412345000020::9++Warehouse Gent+Dok 3+Gent++9000+BE", "NAD+SU+5498765000019::9",
			"CUX+2:EUR:9",
		}
		for l := 1; l <= 20; l++ {
			segs = append(segs,
				fmt.Sprintf("LIN+%d++54123456%05d:EN", l, l),
				fmt.Sprintf("PIA+1+ART-%04d:SA+B-%04d:BP", l, l),
				"IMD+F++:::Widget, blue 40x250 g:in carton of 12",
				fmt.Sprintf("QTY+21:%d:PCE", l*3),
				"PRI+AAA:12.50::NTP:1:PCE",
				fmt.Sprintf("MOA+203:%d.50", l*37))
		}
		segs = append(segs, "UNS+S", "MOA+79:9487.50", "CNT+2:20")
		fmt.Fprintf(&b, "UNH+%d+ORDERS:D:96A:UN:EAN008'\r\n", n)
		for _, s := range segs {
			b.WriteString(s + "'\r\n")
		}
		fmt.Fprintf(&b, "UNT+%d+%d'\r\n", len(segs)+2, n)
	}
	fmt.Fprintf(&b, "UNZ+%d+BENCH1'\r\n", n)
	return []byte(b.String())
})

func BenchmarkParse(b *testing.B) {
	in := largeInterchange()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOrders maps the orders of the large interchange, after parsing it once.
func BenchmarkOrders(b *testing.B) {
	in := largeInterchange()
	ic, err := Parse(in)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Orders(ic); err != nil {
			b.Fatal(err)
		}
	}
}
