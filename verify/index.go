package verify

import (
	"cmp"
	"slices"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Index is master data arranged for verification: maps by every identifier an order may carry,
// and word indexes for names and descriptions. Build it once per master-data version with
// NewIndex; it is read-only afterwards and safe for concurrent use by any number of Verify calls.
type Index struct {
	customers []o2c.Customer // by ID
	products  []o2c.Product  // by SKU

	customerByID map[string]int
	byVATID      map[string][]int // normVATID -> customers
	byGLN        map[string][]int // 13 digits -> customers
	byEmail      map[string][]int // lower-case address -> customers
	byDomain     map[string][]int // registrable domain of the e-mail, free-mail excluded later -> customers
	customerName *textIndex       // over nameWords(customer.Name), documents are customer indexes
	shipTos      map[string][]o2c.ShipTo

	productBySKU   map[string]int   // normSKU -> product
	productByAlnum map[string][]int // alnumSKU -> products
	productByGTIN  map[string][]int // GTIN-14 -> products
	customerItems  map[itemKey]string
	prices         map[priceKey][]o2c.CustomerPrice // latest ValidFrom first
	description    *textIndex                       // over descriptionWords(product.Description)
}

type itemKey struct{ customerID, customerSKU string } // customerSKU normalised with normSKU
type priceKey struct{ customerID, sku string }

// NewIndex builds the index of m. It copies what it keeps, so m may change afterwards. Records
// are taken in key order and, where a key repeats, the last one wins, as an import would do.
func NewIndex(m *o2c.MasterData) *Index {
	x := &Index{
		customerByID:   make(map[string]int),
		byVATID:        make(map[string][]int),
		byGLN:          make(map[string][]int),
		byEmail:        make(map[string][]int),
		byDomain:       make(map[string][]int),
		shipTos:        make(map[string][]o2c.ShipTo),
		productBySKU:   make(map[string]int),
		productByAlnum: make(map[string][]int),
		productByGTIN:  make(map[string][]int),
		customerItems:  make(map[itemKey]string),
		prices:         make(map[priceKey][]o2c.CustomerPrice),
	}
	if m == nil {
		m = &o2c.MasterData{}
	}

	x.customers = lastByKey(m.Customers, func(c o2c.Customer) string { return c.ID })
	names := make([][]string, len(x.customers))
	for i, c := range x.customers {
		x.customerByID[c.ID] = i
		if v := normVATID(c.VATID); v != "" {
			x.byVATID[v] = append(x.byVATID[v], i)
		}
		if g := normGLN(c.GLN); g != "" {
			x.byGLN[g] = append(x.byGLN[g], i)
		}
		if e := emailAddress(c.Email); e != "" {
			x.byEmail[e] = append(x.byEmail[e], i)
			d := registrableDomain(emailDomain(e))
			x.byDomain[d] = append(x.byDomain[d], i)
		}
		names[i] = nameWords(c.Name)
	}
	x.customerName = newTextIndex(names, 1)

	for _, s := range lastByKey(m.ShipTos, func(s o2c.ShipTo) string { return s.CustomerID + "\x00" + s.AddressID }) {
		x.shipTos[s.CustomerID] = append(x.shipTos[s.CustomerID], s)
	}

	x.products = lastByKey(m.Products, func(p o2c.Product) string { return p.SKU })
	descs := make([][]string, len(x.products))
	for i, p := range x.products {
		x.productBySKU[normSKU(p.SKU)] = i
		if a := alnumSKU(p.SKU); a != "" {
			x.productByAlnum[a] = append(x.productByAlnum[a], i)
		}
		if g, _ := normGTIN(p.GTIN); g != "" {
			x.productByGTIN[g] = append(x.productByGTIN[g], i)
		}
		descs[i] = descriptionWords(p.Description)
	}
	x.description = newTextIndex(descs, 2)

	for _, it := range lastByKey(m.CustomerItems, func(it o2c.CustomerItem) string {
		return it.CustomerID + "\x00" + normSKU(it.CustomerSKU)
	}) {
		x.customerItems[itemKey{it.CustomerID, normSKU(it.CustomerSKU)}] = it.SKU
	}

	for _, p := range lastByKey(m.CustomerPrices, func(p o2c.CustomerPrice) string {
		return p.CustomerID + "\x00" + p.SKU + "\x00" + p.ValidFrom.String()
	}) {
		k := priceKey{p.CustomerID, normSKU(p.SKU)}
		x.prices[k] = append(x.prices[k], p)
	}
	for _, ps := range x.prices {
		slices.SortStableFunc(ps, func(a, b o2c.CustomerPrice) int {
			if a.ValidFrom.After(b.ValidFrom) {
				return -1
			} else if a.ValidFrom.Before(b.ValidFrom) {
				return 1
			}
			return 0
		})
	}
	return x
}

// lastByKey returns the records sorted by key, keeping the last of each repeated key.
func lastByKey[T any](in []T, key func(T) string) []T {
	out := slices.Clone(in)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	kept := out[:0]
	for i, r := range out {
		if i+1 < len(out) && key(out[i+1]) == key(r) {
			continue
		}
		kept = append(kept, r)
	}
	return slices.Clip(kept)
}

// Customer returns the customer with the ERP key id.
func (x *Index) Customer(id string) (o2c.Customer, bool) {
	i, ok := x.customerByID[id]
	if !ok {
		return o2c.Customer{}, false
	}
	return x.customers[i], true
}

// Product returns the product with our SKU, compared without case or spaces.
func (x *Index) Product(sku string) (o2c.Product, bool) {
	i, ok := x.productBySKU[normSKU(sku)]
	if !ok {
		return o2c.Product{}, false
	}
	return x.products[i], true
}

// customerPrice returns the customer's price of a product on day d: of the prices covering d,
// the one valid from the latest date.
func (x *Index) customerPrice(customerID, sku string, d cal.Date) (o2c.CustomerPrice, bool) {
	for _, p := range x.prices[priceKey{customerID, normSKU(sku)}] {
		if p.Covers(d) {
			return p, true
		}
	}
	return o2c.CustomerPrice{}, false
}
