package demo

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// testToday is a Friday, so that working-day arithmetic crosses a weekend.
var testToday = cal.MustParse("2026-04-17")

func TestDeterminism(t *testing.T) {
	t.Parallel()

	if a, b := MasterData(), MasterData(); !reflect.DeepEqual(a, b) {
		t.Fatal("two calls of MasterData differ")
	}
	if a, b := Orders(testToday), Orders(testToday); !reflect.DeepEqual(a, b) {
		t.Fatal("two calls of Orders differ")
	}

	// Results are the caller's own: changing one does not change the next.
	m, orders := MasterData(), Orders(testToday)
	m.CustomerItems[0].SKU = "changed"
	m.Products[0].UnitPrice = nil
	orders[0].Draft.Confidence["po_number"] = 0
	orders[0].Draft.Lines[0].Quantity = nil
	if !reflect.DeepEqual(MasterData(), MasterData()) || !reflect.DeepEqual(Orders(testToday), Orders(testToday)) ||
		MasterData().CustomerItems[0].SKU == "changed" || Orders(testToday)[0].Draft.Confidence["po_number"] == 0 {
		t.Fatal("changing a result changed the next one")
	}

	dirA, dirB := t.TempDir(), t.TempDir()
	for _, dir := range []string{dirA, dirB} {
		if err := WriteCSV(dir, MasterData()); err != nil {
			t.Fatal(err)
		}
		if err := WriteOrders(filepath.Join(dir, "orders"), Orders(testToday)); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"customers.csv", "ship_to.csv", "products.csv", "customer_items.csv", "customer_prices.csv",
		"orders/01-clean-fr-bistro-weekly.json", "orders/expected.json"} {
		a, errA := os.ReadFile(filepath.Join(dirA, name))
		b, errB := os.ReadFile(filepath.Join(dirB, name))
		if errA != nil || errB != nil {
			t.Fatalf("read %s: %v, %v", name, errA, errB)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("%s differs between two runs", name)
		}
	}
}

// TestMasterDataKeys checks counts, unique keys and references.
func TestMasterDataKeys(t *testing.T) {
	t.Parallel()
	m := MasterData()

	if n := len(m.Customers); n < 25 || n > 35 {
		t.Fatalf("%d customers, want about 30", n)
	}
	if n := len(m.Products); n < 200 {
		t.Fatalf("%d products, want 200 or more", n)
	}
	if n := len(m.CustomerItems); n < 24 {
		t.Fatalf("%d customer items, want a few dozen", n)
	}

	unique := func(what string, keys []string) {
		t.Helper()
		seen := map[string]bool{}
		for _, k := range keys {
			if k == "" {
				continue
			}
			if seen[k] {
				t.Fatalf("%s %q appears twice", what, k)
			}
			seen[k] = true
		}
	}
	var ids, vats, glns, domains, skus, gtins, descs, shipKeys, itemKeys, priceKeys []string
	customers := map[string]o2c.Customer{}
	for _, c := range m.Customers {
		customers[c.ID] = c
		ids = append(ids, c.ID)
		vats = append(vats, c.VATID)
		glns = append(glns, c.GLN)
		domains = append(domains, domainOf(c.Email))
	}
	products := map[string]o2c.Product{}
	for _, p := range m.Products {
		products[p.SKU] = p
		skus = append(skus, p.SKU)
		gtins = append(gtins, p.GTIN)
		descs = append(descs, strings.ToLower(p.Description))
	}
	sites := map[string]int{}
	for _, s := range m.ShipTos {
		if _, ok := customers[s.CustomerID]; !ok {
			t.Fatalf("ship-to %s/%s of unknown customer", s.CustomerID, s.AddressID)
		}
		sites[s.CustomerID]++
		shipKeys = append(shipKeys, s.CustomerID+"/"+s.AddressID)
	}
	for _, c := range m.Customers {
		if n := sites[c.ID]; n < 1 || n > 3 {
			t.Fatalf("customer %s has %d ship-to addresses, want 1 to 3", c.ID, n)
		}
	}
	for _, it := range m.CustomerItems {
		if _, ok := customers[it.CustomerID]; !ok {
			t.Fatalf("customer item %s of unknown customer %s", it.CustomerSKU, it.CustomerID)
		}
		if _, ok := products[it.SKU]; !ok {
			t.Fatalf("customer item %s maps to unknown SKU %s", it.CustomerSKU, it.SKU)
		}
		if _, ok := products[it.CustomerSKU]; ok {
			t.Fatalf("customer code %s is also one of our SKUs", it.CustomerSKU)
		}
		itemKeys = append(itemKeys, it.CustomerID+"/"+it.CustomerSKU)
	}
	for _, p := range m.CustomerPrices {
		if _, ok := customers[p.CustomerID]; !ok {
			t.Fatalf("price of unknown customer %s", p.CustomerID)
		}
		if _, ok := products[p.SKU]; !ok {
			t.Fatalf("price of unknown SKU %s", p.SKU)
		}
		if !p.ValidTo.IsZero() && p.ValidTo.Before(p.ValidFrom) {
			t.Fatalf("price %s/%s ends before it starts", p.CustomerID, p.SKU)
		}
		if p.UnitPrice.Exponent() < -2 || !p.UnitPrice.IsPositive() {
			t.Fatalf("price %s/%s is %s", p.CustomerID, p.SKU, p.UnitPrice)
		}
		priceKeys = append(priceKeys, p.CustomerID+"/"+p.SKU+"/"+p.ValidFrom.String())
	}
	unique("customer id", ids)
	unique("VAT id", vats)
	unique("GLN", glns)
	unique("e-mail domain", domains)
	unique("SKU", skus)
	unique("GTIN", gtins)
	unique("description", descs)
	unique("ship-to key", shipKeys)
	unique("customer item key", itemKeys)
	unique("customer price key", priceKeys)

	// Two periods of one customer's price for one SKU must not overlap.
	for i, p := range m.CustomerPrices {
		for _, q := range m.CustomerPrices[i+1:] {
			if p.CustomerID == q.CustomerID && p.SKU == q.SKU && (p.Covers(q.ValidFrom) || q.Covers(p.ValidFrom)) {
				t.Fatalf("prices of %s for %s overlap", p.CustomerID, p.SKU)
			}
		}
	}
	expired := 0
	for _, p := range m.CustomerPrices {
		if !p.ValidTo.IsZero() && p.ValidTo.Before(testToday) {
			expired++
		}
	}
	if expired == 0 {
		t.Fatal("no expired customer price")
	}
}

// TestMasterDataFormats checks every identifier's check digits and the shape of every field.
func TestMasterDataFormats(t *testing.T) {
	t.Parallel()
	m := MasterData()

	postal := map[string]*regexp.Regexp{
		"FR": regexp.MustCompile(`^\d{5}$`),
		"DE": regexp.MustCompile(`^\d{5}$`),
		"BE": regexp.MustCompile(`^[1-9]\d{3}$`),
		"ES": regexp.MustCompile(`^(0[1-9]|[1-4]\d|5[0-2])\d{3}$`),
		"GB": regexp.MustCompile(`^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$`),
	}
	email := regexp.MustCompile(`^[a-z.]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$`)
	legal := map[string]*regexp.Regexp{
		"FR": regexp.MustCompile(` (SARL|SAS)$`),
		"DE": regexp.MustCompile(` GmbH$`),
		"BE": regexp.MustCompile(` (NV|BV)$`),
		"ES": regexp.MustCompile(` S\.L\.$`),
		"GB": regexp.MustCompile(` Ltd$`),
	}
	countries := map[string]int{}
	low := 0
	for _, c := range m.Customers {
		countries[c.Country]++
		if !validVAT(c.VATID, c.Country) {
			t.Errorf("customer %s: VAT id %s is not valid for %s", c.ID, c.VATID, c.Country)
		}
		if c.GLN != "" && !validGS1(c.GLN) {
			t.Errorf("customer %s: GLN %s has a bad check digit", c.ID, c.GLN)
		}
		if re := postal[c.Country]; re == nil || !re.MatchString(c.PostalCode) {
			t.Errorf("customer %s: postal code %q is not a %s postal code", c.ID, c.PostalCode, c.Country)
		}
		if re := legal[c.Country]; !re.MatchString(c.Name) {
			t.Errorf("customer %s: %q has no %s legal form", c.ID, c.Name, c.Country)
		}
		if !email.MatchString(c.Email) {
			t.Errorf("customer %s: e-mail %q", c.ID, c.Email)
		}
		wantCur := "EUR"
		if c.Country == "GB" {
			wantCur = "GBP"
		}
		if c.Currency != wantCur {
			t.Errorf("customer %s in %s invoices in %s", c.ID, c.Country, c.Currency)
		}
		if c.PaymentTermsDays == nil || !slices.Contains([]int{30, 45, 60}, *c.PaymentTermsDays) {
			t.Errorf("customer %s: payment terms %v", c.ID, c.PaymentTermsDays)
		}
		if c.CreditLimit != nil && c.CreditLimit.LessThan(decimal.NewFromInt(2000)) {
			low++
		}
	}
	for _, cc := range []string{"FR", "DE", "BE", "ES", "GB"} {
		if countries[cc] < 3 {
			t.Errorf("%d customers in %s", countries[cc], cc)
		}
	}
	if low < 3 {
		t.Errorf("%d customers with a low credit limit, want a few", low)
	}
	for _, s := range m.ShipTos {
		if re := postal[s.Country]; re == nil || !re.MatchString(s.PostalCode) {
			t.Errorf("ship-to %s/%s: postal code %q", s.CustomerID, s.AddressID, s.PostalCode)
		}
	}

	sku := regexp.MustCompile(`^(BEV|DRY|SNK|CLN|DSP|KIT)-\d{4}$`)
	units := []string{"C62", "KGM", "LTR", "BX", "PK", "CT"}
	rates := []string{"5.5", "10", "20"}
	var zero, short, moq, pack int
	for _, p := range m.Products {
		if !sku.MatchString(p.SKU) {
			t.Errorf("SKU %q", p.SKU)
		}
		if len(p.GTIN) != 13 || !validGS1(p.GTIN) {
			t.Errorf("%s: GTIN %s is not a valid GTIN-13", p.SKU, p.GTIN)
		}
		if !slices.Contains(units, p.Unit) {
			t.Errorf("%s: unit %q", p.SKU, p.Unit)
		}
		if p.UnitPrice == nil || p.UnitPrice.Exponent() != -2 || !p.UnitPrice.IsPositive() || p.Currency != "EUR" {
			t.Errorf("%s: list price %v %s", p.SKU, p.UnitPrice, p.Currency)
		}
		if p.VATRate == nil || !slices.Contains(rates, p.VATRate.String()) {
			t.Errorf("%s: VAT rate %v", p.SKU, p.VATRate)
		}
		if p.StockQty == nil || p.StockQty.IsNegative() {
			t.Errorf("%s: stock %v", p.SKU, p.StockQty)
			continue
		}
		switch {
		case p.StockQty.IsZero():
			zero++
		case p.StockQty.LessThan(decimal.NewFromInt(10)):
			short++
		}
		if p.MinOrderQty != nil {
			moq++
		}
		if p.PackSize != nil {
			pack++
		}
	}
	if zero == 0 || short == 0 || moq == 0 || pack == 0 {
		t.Errorf("%d out of stock, %d short, %d with a minimum, %d with a pack size: want some of each", zero, short, moq, pack)
	}
}
