package verify_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/gs1"
	"github.com/o2c-project/o2c/verify"
)

// Sizes the benchmark index is built at: the scale verify must keep up with.
const (
	benchProducts  = 100_000
	benchCustomers = 10_000
)

// syllables make pseudo-words, so that the generated catalogue has a large vocabulary as real
// ones do, rather than a few words repeated 100,000 times.
var syllables = strings.Fields("ka lo mi ra tu ve sen dor pal fin gro bel mar tis ven col ber nor qua lin " +
	"sto pre vax zen hol tri mon dex ful rin cap por sal tek vid lum arc bri")

func pseudoWord(r *rand.Rand, parts int) string {
	var b strings.Builder
	for range parts {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	return b.String()
}

func gtin13(n int) string {
	body := fmt.Sprintf("%012d", 400000000000+n)
	check, _ := gs1.CheckDigit(body)
	return body + string(check)
}

// benchMasterData generates a catalogue of 100k products and 10k customers, the same every run.
func benchMasterData() *o2c.MasterData {
	r := rand.New(rand.NewPCG(1, 2))
	kinds := strings.Fields("pen pencil marker folder binder stapler paper envelope notebook tape scissors ruler " +
		"cable charger mouse keyboard monitor lamp chair desk shelf box label toner cartridge battery")
	colors := strings.Fields("blue red black green white yellow grey orange purple pink")
	brands := make([]string, 2000)
	for i := range brands {
		brands[i] = pseudoWord(r, 2+r.IntN(2))
	}
	m := &o2c.MasterData{}
	for i := range benchProducts {
		desc := fmt.Sprintf("%s %s %s %s %d", brands[r.IntN(len(brands))], kinds[r.IntN(len(kinds))],
			colors[r.IntN(len(colors))], pseudoWord(r, 3), 10*(1+r.IntN(50)))
		m.Products = append(m.Products, o2c.Product{
			SKU: fmt.Sprintf("SKU-%06d", i), GTIN: gtin13(i), Description: desc, Unit: "C62",
			UnitPrice: dec(fmt.Sprintf("%d.%02d", 1+r.IntN(200), r.IntN(100))), Currency: "EUR", VATRate: dec("20"),
			StockQty: dec("100000"), MinOrderQty: dec("1"), PackSize: dec("1"),
		})
	}
	forms := []string{"GmbH", "SARL", "SAS", "Ltd", "S.L.", "NV", "BV", "AG"}
	countries := []string{"DE", "FR", "FR", "GB", "ES", "BE", "NL", "DE"}
	for i := range benchCustomers {
		name := pseudoWord(r, 2) + " " + pseudoWord(r, 3)
		id := fmt.Sprintf("CU%05d", i)
		f := i % len(forms)
		m.Customers = append(m.Customers, o2c.Customer{
			ID: id, Name: name + " " + forms[f], VATID: fmt.Sprintf("%s%09d", countries[f], 100000000+i),
			GLN: gtin13(900000 + i), Email: fmt.Sprintf("orders@%s%d.example", strings.ReplaceAll(name, " ", "-"), i),
			Street: fmt.Sprintf("%d %s street", 1+r.IntN(200), pseudoWord(r, 2)), PostalCode: fmt.Sprintf("%05d", r.IntN(99999)),
			City: pseudoWord(r, 2), Country: countries[f], Currency: "EUR", CreditLimit: dec("1000000"),
		})
		m.ShipTos = append(m.ShipTos, o2c.ShipTo{CustomerID: id, AddressID: "D1", Name: "Warehouse",
			Street: fmt.Sprintf("%d %s road", 1+r.IntN(200), pseudoWord(r, 2)), PostalCode: fmt.Sprintf("%05d", r.IntN(99999)),
			City: pseudoWord(r, 2), Country: countries[f]})
		for k := range 5 {
			sku := fmt.Sprintf("SKU-%06d", r.IntN(benchProducts))
			m.CustomerItems = append(m.CustomerItems, o2c.CustomerItem{CustomerID: id, CustomerSKU: fmt.Sprintf("C%d-%d", i, k), SKU: sku})
			m.CustomerPrices = append(m.CustomerPrices, o2c.CustomerPrice{CustomerID: id, SKU: sku,
				UnitPrice: decimal.RequireFromString("9.99"), ValidFrom: cal.MustParse("2026-01-01")})
		}
	}
	return m
}

var benchIndex = sync.OnceValues(func() (*o2c.MasterData, *verify.Index) {
	m := benchMasterData()
	return m, verify.NewIndex(m)
})

// benchDraft is a 5-line order found by VAT id: lines by our SKU, the customer's code, GTIN-14,
// our SKU, and one by description with a typo.
func benchDraft(m *o2c.MasterData, byName bool) *o2c.OrderDraft {
	cu := m.Customers[4242]
	p := m.Products[77777]
	desc := strings.Replace(p.Description, "e", "", 1) // a typo
	buyer := &o2c.Party{Name: cu.Name, VATID: cu.VATID, Street: cu.Street, PostalCode: cu.PostalCode, City: cu.City, Country: cu.Country}
	if byName {
		buyer.VATID = ""
	}
	return &o2c.OrderDraft{
		DocumentType: o2c.DocPurchaseOrder, PONumber: "PO-BENCH-1", Currency: "EUR",
		OrderDate: cal.MustParse("2026-11-20"), RequestedDeliveryDate: cal.MustParse("2026-12-10"),
		Buyer: buyer,
		Lines: []o2c.DraftLine{
			{LineNo: 1, SupplierSKU: "SKU-000123", Quantity: dec("10"), UnitPrice: m.Products[123].UnitPrice},
			{LineNo: 2, BuyerSKU: "C4242-0", Quantity: dec("5")},
			{LineNo: 3, GTIN: "0" + gtin13(55555), Quantity: dec("2")},
			{LineNo: 4, SupplierSKU: "sku-099999", Quantity: dec("1")},
			{LineNo: 5, Description: desc, Quantity: dec("3")},
		},
	}
}

func BenchmarkNewIndex(b *testing.B) {
	m, _ := benchIndex()
	for b.Loop() {
		verify.NewIndex(m)
	}
}

func BenchmarkVerify(b *testing.B) {
	m, idx := benchIndex()
	for _, bc := range []struct {
		name           string
		byName, noDesc bool
	}{
		{"customer=vat_id/lines=4ids+1description", false, false},
		{"customer=name/lines=4ids+1description", true, false},
		{"customer=vat_id/lines=4ids", false, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			d := benchDraft(m, bc.byName)
			if bc.noDesc {
				d.Lines = d.Lines[:4]
			}
			in := verify.Input{Draft: d, Today: today, Now: now}
			led := &sliceLedger{}
			rules := verify.DefaultRules()
			v, err := verify.Verify(context.Background(), idx, led, in, rules)
			if err != nil {
				b.Fatal(err)
			}
			if v.CustomerID != "CU04242" || (!bc.noDesc && v.Lines[4].SKU != "SKU-077777") {
				b.Fatalf("bench order resolved to customer %q (%+v)", v.CustomerID, v.Anomalies)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := verify.Verify(context.Background(), idx, led, in, rules); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("parallel", func(b *testing.B) {
		in := verify.Input{Draft: benchDraft(m, false), Today: today, Now: now}
		rules := verify.DefaultRules()
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			led := &sliceLedger{}
			for pb.Next() {
				if _, err := verify.Verify(context.Background(), idx, led, in, rules); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}
