package storetest

import (
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

func intp(n int) *int { return &n }

// masterData returns a first import, in no particular order.
func masterData() *o2c.MasterData {
	return &o2c.MasterData{
		Customers: []o2c.Customer{
			{ID: "C2", Name: "Beta SARL"},
			{ID: "C1", Name: "Müller GmbH", VATID: "DE123456789", GLN: "4000001000005", Email: "einkauf@mueller.example",
				Street: "Hafenstr. 1", PostalCode: "20457", City: "Hamburg", Country: "DE", Currency: "EUR",
				PaymentTermsDays: intp(30), CreditLimit: decp("5000.00")},
		},
		ShipTos: []o2c.ShipTo{
			{CustomerID: "C1", AddressID: "A2", Name: "Lager Süd", Street: "Südring 9", PostalCode: "80331", City: "München", Country: "DE"},
			{CustomerID: "C1", AddressID: "A1", Name: "Zentrale"},
		},
		Products: []o2c.Product{
			{SKU: "P2", GTIN: "04012345678901", Description: "Schraube M6", Unit: "C62", UnitPrice: decp("12.50"), Currency: "EUR",
				VATRate: decp("5.5"), StockQty: decp("100.000"), MinOrderQty: decp("10"), PackSize: decp("0.25")},
			{SKU: "P1", Description: "Mutter M6"},
		},
		CustomerItems: []o2c.CustomerItem{
			{CustomerID: "C1", CustomerSKU: "X-9", SKU: "P1"},
			{CustomerID: "C1", CustomerSKU: "X-1", SKU: "P2"},
		},
		CustomerPrices: []o2c.CustomerPrice{
			{CustomerID: "C1", SKU: "P1", UnitPrice: dec("9.50"), ValidFrom: cal.MustParse("2026-07-01")},
			{CustomerID: "C1", SKU: "P1", UnitPrice: dec("9.90"), ValidFrom: cal.MustParse("2026-01-01"), ValidTo: cal.MustParse("2026-06-30")},
		},
	}
}

func testMasterDataUpsert(t *testing.T, s o2c.Store) {
	v0, err := s.MasterDataVersion(ctx(t))
	must(t, err)

	m := masterData()
	var rep o2c.ImportReport
	inTx(t, s, func(tx o2c.Tx) {
		var err error
		rep, err = tx.UpsertMasterData(ctx(t), m)
		must(t, err)
	})
	wantJSON(t, "first import", rep, o2c.ImportReport{Files: []o2c.ImportFileReport{
		{File: "customers.csv", Rows: 2, Inserted: 2},
		{File: "ship_to.csv", Rows: 2, Inserted: 2},
		{File: "products.csv", Rows: 2, Inserted: 2},
		{File: "customer_items.csv", Rows: 2, Inserted: 2},
		{File: "customer_prices.csv", Rows: 2, Inserted: 2},
	}})
	v1, err := s.MasterDataVersion(ctx(t))
	must(t, err)
	if v1 == v0 {
		t.Fatalf("the import left the master data version at %d", v1)
	}

	// Ordered by key.
	want := masterData()
	want.Customers[0], want.Customers[1] = want.Customers[1], want.Customers[0]
	want.ShipTos[0], want.ShipTos[1] = want.ShipTos[1], want.ShipTos[0]
	want.Products[0], want.Products[1] = want.Products[1], want.Products[0]
	want.CustomerItems[0], want.CustomerItems[1] = want.CustomerItems[1], want.CustomerItems[0]
	want.CustomerPrices[0], want.CustomerPrices[1] = want.CustomerPrices[1], want.CustomerPrices[0]
	got, err := s.LoadMasterData(ctx(t))
	must(t, err)
	wantJSON(t, "master data", got, want)
	wantExact(t, "credit limit", *got.Customers[0].CreditLimit, "5000.00")
	wantExact(t, "unit price", *got.Products[1].UnitPrice, "12.50")
	wantExact(t, "stock", *got.Products[1].StockQty, "100.000")
	wantExact(t, "customer price", got.CustomerPrices[0].UnitPrice, "9.90")

	c, err := s.FindCustomerByID(ctx(t), "C1")
	must(t, err)
	wantJSON(t, "customer", c, want.Customers[0])
	p, err := s.FindProductBySKU(ctx(t), "P2")
	must(t, err)
	wantJSON(t, "product", p, want.Products[1])
	wantExact(t, "pack size", *p.PackSize, "0.25")

	// A second import: one customer changed and one new, a product changed, a price changed.
	update := &o2c.MasterData{
		Customers: []o2c.Customer{
			{ID: "C1", Name: "Müller & Söhne GmbH", Currency: "EUR", CreditLimit: decp("7500.50")},
			{ID: "C3", Name: "Gamma AG", PaymentTermsDays: intp(0)},
		},
		Products:       []o2c.Product{{SKU: "P1", Description: "Mutter M6, verzinkt", UnitPrice: decp("0.10")}},
		CustomerPrices: []o2c.CustomerPrice{{CustomerID: "C1", SKU: "P1", UnitPrice: dec("9.40"), ValidFrom: cal.MustParse("2026-07-01")}},
	}
	inTx(t, s, func(tx o2c.Tx) {
		var err error
		rep, err = tx.UpsertMasterData(ctx(t), update)
		must(t, err)
	})
	wantJSON(t, "second import", rep, o2c.ImportReport{Files: []o2c.ImportFileReport{
		{File: "customers.csv", Rows: 2, Inserted: 1, Updated: 1},
		{File: "products.csv", Rows: 1, Updated: 1},
		{File: "customer_prices.csv", Rows: 1, Updated: 1},
	}})
	v2, err := s.MasterDataVersion(ctx(t))
	must(t, err)
	if v2 == v1 {
		t.Fatalf("the second import left the master data version at %d", v2)
	}
	want.Customers = []o2c.Customer{update.Customers[0], want.Customers[1], update.Customers[1]}
	want.Products[0] = update.Products[0]
	want.CustomerPrices[1] = update.CustomerPrices[0]
	got, err = s.LoadMasterData(ctx(t))
	must(t, err)
	wantJSON(t, "master data after the second import", got, want)
	if got.Customers[2].PaymentTermsDays == nil || *got.Customers[2].PaymentTermsDays != 0 {
		t.Fatal("payment terms of 0 days came back as no terms")
	}
}

func testMasterDataEmpty(t *testing.T, s o2c.Store) {
	got, err := s.LoadMasterData(ctx(t))
	must(t, err)
	if len(got.Customers)+len(got.ShipTos)+len(got.Products)+len(got.CustomerItems)+len(got.CustomerPrices) != 0 {
		t.Fatalf("empty store has master data %+v", got)
	}
	v0, err := s.MasterDataVersion(ctx(t))
	must(t, err)
	inTx(t, s, func(tx o2c.Tx) {
		rep, err := tx.UpsertMasterData(ctx(t), &o2c.MasterData{})
		must(t, err)
		if len(rep.Files) != 0 {
			t.Fatalf("an empty import reports %+v", rep)
		}
	})
	v1, err := s.MasterDataVersion(ctx(t))
	must(t, err)
	if v1 != v0 {
		t.Fatalf("an empty import changed the version from %d to %d", v0, v1)
	}
}

func testMasterDataNotFound(t *testing.T, s o2c.Store) {
	inTx(t, s, func(tx o2c.Tx) {
		_, err := tx.UpsertMasterData(ctx(t), masterData())
		must(t, err)
	})
	_, err := s.FindCustomerByID(ctx(t), "C9")
	wantCode(t, err, o2c.CodeNotFound)
	_, err = s.FindProductBySKU(ctx(t), "P9")
	wantCode(t, err, o2c.CodeNotFound)
	_, err = s.FindProductBySKU(ctx(t), "p2") // keys are exact
	wantCode(t, err, o2c.CodeNotFound)
}
