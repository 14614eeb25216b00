package app

import (
	"context"
	"slices"
	"strings"

	"github.com/o2c-project/o2c"
)

// Order returns one order with its lines and anomalies.
func (s *Orders) Order(ctx context.Context, id int64) (*o2c.Order, error) {
	return s.Store.FindOrderByID(ctx, id)
}

// List returns a page of orders matching f, newest first, and the total count.
func (s *Orders) List(ctx context.Context, f o2c.OrderFilter) ([]*o2c.Order, int, error) {
	return s.Store.FindOrders(ctx, f)
}

// Document returns the stored original of an order.
func (s *Orders) Document(ctx context.Context, id int64) (*o2c.Document, error) {
	return s.Store.FindDocumentByID(ctx, id)
}

// Stats counts orders by status.
func (s *Orders) Stats(ctx context.Context) (o2c.OrderStats, error) { return s.Store.CountOrders(ctx) }

// Page is one page of a list and the total count.
type Page[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func page[T any](all []T, match func(T) bool, offset, limit int) Page[T] {
	var hits []T
	for _, v := range all {
		if match(v) {
			hits = append(hits, v)
		}
	}
	p := Page[T]{Total: len(hits), Items: []T{}}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if offset < len(hits) {
		p.Items = hits[offset:min(offset+limit, len(hits))]
	}
	return p
}

func contains(q string, fields ...string) bool {
	if q == "" {
		return true
	}
	q = strings.ToLower(q)
	return slices.ContainsFunc(fields, func(f string) bool { return strings.Contains(strings.ToLower(f), q) })
}

// Customers lists customers whose id, name, VAT id or e-mail contains q. Master data is read whole
// and filtered here: it is small next to orders (TODO: store-side paging when catalogues grow).
func (s *MasterData) Customers(ctx context.Context, q string, offset, limit int) (Page[o2c.Customer], error) {
	m, err := s.Store.LoadMasterData(ctx)
	if err != nil {
		return Page[o2c.Customer]{}, err
	}
	return page(m.Customers, func(c o2c.Customer) bool { return contains(q, c.ID, c.Name, c.VATID, c.Email, c.City) }, offset, limit), nil
}

// Products lists products whose SKU, GTIN or description contains q.
func (s *MasterData) Products(ctx context.Context, q string, offset, limit int) (Page[o2c.Product], error) {
	m, err := s.Store.LoadMasterData(ctx)
	if err != nil {
		return Page[o2c.Product]{}, err
	}
	return page(m.Products, func(p o2c.Product) bool { return contains(q, p.SKU, p.GTIN, p.Description) }, offset, limit), nil
}

// Customer returns one customer. CodeNotFound.
func (s *MasterData) Customer(ctx context.Context, id string) (*o2c.Customer, error) {
	return s.Store.FindCustomerByID(ctx, id)
}

// Product returns one product. CodeNotFound.
func (s *MasterData) Product(ctx context.Context, sku string) (*o2c.Product, error) {
	return s.Store.FindProductBySKU(ctx, sku)
}

// CustomerDetail is a customer with its addresses, codes and prices.
type CustomerDetail struct {
	o2c.Customer
	ShipTos        []o2c.ShipTo        `json:"ship_to"`
	CustomerItems  []o2c.CustomerItem  `json:"customer_items"`
	CustomerPrices []o2c.CustomerPrice `json:"customer_prices"`
}

// CustomerDetail returns a customer with everything that hangs on it. CodeNotFound.
func (s *MasterData) CustomerDetail(ctx context.Context, id string) (*CustomerDetail, error) {
	c, err := s.Store.FindCustomerByID(ctx, id)
	if err != nil {
		return nil, err
	}
	m, err := s.Store.LoadMasterData(ctx)
	if err != nil {
		return nil, err
	}
	d := &CustomerDetail{Customer: *c, ShipTos: []o2c.ShipTo{}, CustomerItems: []o2c.CustomerItem{}, CustomerPrices: []o2c.CustomerPrice{}}
	for _, a := range m.ShipTos {
		if a.CustomerID == id {
			d.ShipTos = append(d.ShipTos, a)
		}
	}
	for _, it := range m.CustomerItems {
		if it.CustomerID == id {
			d.CustomerItems = append(d.CustomerItems, it)
		}
	}
	for _, p := range m.CustomerPrices {
		if p.CustomerID == id {
			d.CustomerPrices = append(d.CustomerPrices, p)
		}
	}
	return d, nil
}
