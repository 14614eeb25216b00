package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// PortalProduct is an article as one customer sees it in the portal: its price for that customer
// today, and the customer's own code for it.
type PortalProduct struct {
	SKU         string           // our article code
	CustomerSKU string           // the customer's own code, when it has one
	GTIN        string           //
	Description string           //
	Unit        string           // UN/ECE Rec. 20 sales unit
	Price       *decimal.Decimal // net unit price for this customer today; nil when we have none
	Currency    string           // of Price
	Agreed      bool             // Price is the customer's agreed price, not the list price
	MinOrderQty *decimal.Decimal // smallest quantity one line may order
	PackSize    *decimal.Decimal // quantities must be a multiple of it
}

// portalCatalog caches the master data the portal searches, reloaded when its version moves (as
// Catalog does for verification): a type-ahead search must not load every product per key.
type portalCatalog struct {
	mu       sync.Mutex
	version  int64
	loaded   bool
	products []o2c.Product                  // by SKU
	items    map[string]map[string]string   // customer -> SKU -> the customer's code
	prices   map[string][]o2c.CustomerPrice // customer -> prices
	shipTos  map[string][]o2c.ShipTo        // customer -> addresses, by id
	customer map[string]o2c.Customer        // by id
	lower    map[string]string              // SKU -> searchable text, lowercased
}

func (c *portalCatalog) load(ctx context.Context, r o2c.Reader) error {
	v, err := r.MasterDataVersion(ctx)
	if err != nil {
		return fmt.Errorf("read master data version: %w", err)
	}
	if c.loaded && c.version == v {
		return nil
	}
	m, err := r.LoadMasterData(ctx)
	if err != nil {
		return fmt.Errorf("load master data: %w", err)
	}
	c.products = slices.Clone(m.Products)
	slices.SortFunc(c.products, func(a, b o2c.Product) int { return strings.Compare(a.SKU, b.SKU) })
	c.items, c.prices, c.shipTos = map[string]map[string]string{}, map[string][]o2c.CustomerPrice{}, map[string][]o2c.ShipTo{}
	c.customer, c.lower = map[string]o2c.Customer{}, map[string]string{}
	for _, it := range m.CustomerItems {
		if c.items[it.CustomerID] == nil {
			c.items[it.CustomerID] = map[string]string{}
		}
		c.items[it.CustomerID][it.SKU] = it.CustomerSKU
	}
	for _, p := range m.CustomerPrices {
		c.prices[p.CustomerID] = append(c.prices[p.CustomerID], p)
	}
	for _, s := range m.ShipTos {
		c.shipTos[s.CustomerID] = append(c.shipTos[s.CustomerID], s)
	}
	for _, cu := range m.Customers {
		c.customer[cu.ID] = cu
	}
	for _, p := range c.products {
		c.lower[p.SKU] = strings.ToLower(p.SKU + " " + p.GTIN + " " + p.Description)
	}
	c.version, c.loaded = v, true
	return nil
}

// view is a product as customerID sees it on day.
func (c *portalCatalog) view(p o2c.Product, customerID string, day cal.Date) PortalProduct {
	out := PortalProduct{SKU: p.SKU, CustomerSKU: c.items[customerID][p.SKU], GTIN: p.GTIN, Description: p.Description,
		Unit: p.Unit, MinOrderQty: p.MinOrderQty, PackSize: p.PackSize, Price: p.UnitPrice, Currency: p.Currency}
	var best *o2c.CustomerPrice
	for i, cp := range c.prices[customerID] {
		if cp.SKU == p.SKU && cp.Covers(day) && (best == nil || cp.ValidFrom.After(best.ValidFrom)) {
			best = &c.prices[customerID][i]
		}
	}
	if best != nil {
		price := best.UnitPrice
		out.Price, out.Agreed = &price, true
		if cu, ok := c.customer[customerID]; ok && cu.Currency != "" {
			out.Currency = cu.Currency
		}
	}
	return out
}

// today is the company's business date now.
func (p *Portal) today() cal.Date { return cal.DateIn(p.Now(), p.Orders.Location) }

// SearchProducts returns up to limit products whose SKU, GTIN, description or the customer's own
// code contain every word of q (case ignored), by SKU; codes that start with q come first.
func (p *Portal) SearchProducts(ctx context.Context, u *o2c.PortalUser, q string, limit int) ([]PortalProduct, error) {
	words := strings.Fields(strings.ToLower(q))
	if len(words) == 0 {
		return nil, nil
	}
	c := &p.catalog
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.load(ctx, p.store()); err != nil {
		return nil, err
	}
	day := p.today()
	var first, rest []PortalProduct
	for _, pr := range c.products {
		own := strings.ToLower(c.items[u.CustomerID][pr.SKU])
		text := c.lower[pr.SKU] + " " + own
		if !containsAll(text, words) {
			continue
		}
		v := c.view(pr, u.CustomerID, day)
		if strings.HasPrefix(strings.ToLower(pr.SKU), words[0]) || (own != "" && strings.HasPrefix(own, words[0])) {
			first = append(first, v)
		} else {
			rest = append(rest, v)
		}
		if len(first) >= limit {
			break
		}
	}
	out := append(first, rest...)
	return out[:min(len(out), limit)], nil
}

func containsAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// Product returns one product as the user's customer sees it. CodeNotFound.
func (p *Portal) Product(ctx context.Context, u *o2c.PortalUser, sku string) (PortalProduct, error) {
	c := &p.catalog
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.load(ctx, p.store()); err != nil {
		return PortalProduct{}, err
	}
	i, ok := slices.BinarySearchFunc(c.products, sku, func(a o2c.Product, sku string) int { return strings.Compare(a.SKU, sku) })
	if !ok {
		return PortalProduct{}, o2c.Errorf(o2c.CodeNotFound, "there is no product %s", sku)
	}
	return c.view(c.products[i], u.CustomerID, p.today()), nil
}

// ShipTos lists the delivery addresses of the user's customer, by id.
func (p *Portal) ShipTos(ctx context.Context, u *o2c.PortalUser) ([]o2c.ShipTo, error) {
	c := &p.catalog
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.load(ctx, p.store()); err != nil {
		return nil, err
	}
	out := slices.Clone(c.shipTos[u.CustomerID])
	slices.SortFunc(out, func(a, b o2c.ShipTo) int { return strings.Compare(a.AddressID, b.AddressID) })
	return out, nil
}
