package masterdata

import (
	"github.com/o2c-project/o2c"
)

// File names of the spec.
const (
	CustomersFile      = "customers.csv"
	ShipToFile         = "ship_to.csv"
	ProductsFile       = "products.csv"
	CustomerItemsFile  = "customer_items.csv"
	CustomerPricesFile = "customer_prices.csv"
)

// fileSpec describes one of the five files: its columns in the spec's order (the order WriteDir
// writes), the columns every row must fill, and the key that identifies a row within the file.
type fileSpec struct {
	name     string
	columns  []string
	required []string // the header must name them and every row must fill them
	key      []string // unique within the file; its last column carries the duplicate error
	read     func(r *row, m *o2c.MasterData)
	write    func(m *o2c.MasterData, emit func(cells ...string) error) error
}

// files lists the five files in the order they are read, so that errors come out in a stable order.
var files = []*fileSpec{
	{
		name: CustomersFile,
		columns: []string{"customer_id", "name", "vat_id", "gln", "email", "street", "postal_code", "city",
			"country", "currency", "payment_terms_days", "credit_limit"},
		required: []string{"customer_id", "name"},
		key:      []string{"customer_id"},
		read: func(r *row, m *o2c.MasterData) {
			m.Customers = append(m.Customers, o2c.Customer{
				ID:               r.id("customer_id"),
				Name:             r.text("name"),
				VATID:            r.text("vat_id"),
				GLN:              r.gln("gln"),
				Email:            r.email("email"),
				Street:           r.text("street"),
				PostalCode:       r.text("postal_code"),
				City:             r.text("city"),
				Country:          r.country("country"),
				Currency:         r.currency("currency"),
				PaymentTermsDays: r.days("payment_terms_days"),
				CreditLimit:      r.decimal("credit_limit", creditLimit),
			})
		},
		write: func(m *o2c.MasterData, emit func(cells ...string) error) error {
			for _, c := range m.Customers {
				if err := emit(c.ID, c.Name, c.VATID, c.GLN, c.Email, c.Street, c.PostalCode, c.City, c.Country,
					c.Currency, formatInt(c.PaymentTermsDays), formatDecimal(c.CreditLimit)); err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		name:     ShipToFile,
		columns:  []string{"customer_id", "address_id", "name", "street", "postal_code", "city", "country"},
		required: []string{"customer_id", "address_id"},
		key:      []string{"customer_id", "address_id"},
		read: func(r *row, m *o2c.MasterData) {
			m.ShipTos = append(m.ShipTos, o2c.ShipTo{
				CustomerID: r.id("customer_id"),
				AddressID:  r.id("address_id"),
				Name:       r.text("name"),
				Street:     r.text("street"),
				PostalCode: r.text("postal_code"),
				City:       r.text("city"),
				Country:    r.country("country"),
			})
		},
		write: func(m *o2c.MasterData, emit func(cells ...string) error) error {
			for _, s := range m.ShipTos {
				if err := emit(s.CustomerID, s.AddressID, s.Name, s.Street, s.PostalCode, s.City, s.Country); err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		name: ProductsFile,
		columns: []string{"sku", "gtin", "description", "unit", "unit_price", "currency", "vat_rate", "stock_qty",
			"min_order_qty", "pack_size"},
		required: []string{"sku", "description"},
		key:      []string{"sku"},
		read: func(r *row, m *o2c.MasterData) {
			m.Products = append(m.Products, o2c.Product{
				SKU:         r.id("sku"),
				GTIN:        r.gtin("gtin"),
				Description: r.text("description"),
				Unit:        r.unit("unit"),
				UnitPrice:   r.decimal("unit_price", price),
				Currency:    r.currency("currency"),
				VATRate:     r.decimal("vat_rate", percent),
				StockQty:    r.decimal("stock_qty", quantity),
				MinOrderQty: r.decimal("min_order_qty", positiveQuantity),
				PackSize:    r.decimal("pack_size", positiveQuantity),
			})
		},
		write: func(m *o2c.MasterData, emit func(cells ...string) error) error {
			for _, p := range m.Products {
				if err := emit(p.SKU, p.GTIN, p.Description, p.Unit, formatDecimal(p.UnitPrice), p.Currency,
					formatDecimal(p.VATRate), formatDecimal(p.StockQty), formatDecimal(p.MinOrderQty),
					formatDecimal(p.PackSize)); err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		name:     CustomerItemsFile,
		columns:  []string{"customer_id", "customer_sku", "sku"},
		required: []string{"customer_id", "customer_sku", "sku"},
		key:      []string{"customer_id", "customer_sku"},
		read: func(r *row, m *o2c.MasterData) {
			m.CustomerItems = append(m.CustomerItems, o2c.CustomerItem{
				CustomerID:  r.id("customer_id"),
				CustomerSKU: r.id("customer_sku"),
				SKU:         r.id("sku"),
			})
		},
		write: func(m *o2c.MasterData, emit func(cells ...string) error) error {
			for _, i := range m.CustomerItems {
				if err := emit(i.CustomerID, i.CustomerSKU, i.SKU); err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		name:     CustomerPricesFile,
		columns:  []string{"customer_id", "sku", "unit_price", "valid_from", "valid_to"},
		required: []string{"customer_id", "sku", "unit_price", "valid_from"},
		key:      []string{"customer_id", "sku", "valid_from"},
		read: func(r *row, m *o2c.MasterData) {
			p := o2c.CustomerPrice{
				CustomerID: r.id("customer_id"),
				SKU:        r.id("sku"),
				ValidFrom:  r.date("valid_from"),
				ValidTo:    r.date("valid_to"),
			}
			if d := r.decimal("unit_price", price); d != nil { // required: an empty cell is reported already
				p.UnitPrice = *d
			}
			if !p.ValidFrom.IsZero() && !p.ValidTo.IsZero() && p.ValidTo.Before(p.ValidFrom) {
				r.fail("valid_to", "valid_to %s is before valid_from %s; a price must apply for at least one day",
					p.ValidTo, p.ValidFrom)
			}
			m.CustomerPrices = append(m.CustomerPrices, p)
		},
		write: func(m *o2c.MasterData, emit func(cells ...string) error) error {
			for _, p := range m.CustomerPrices {
				if err := emit(p.CustomerID, p.SKU, formatDecimal(&p.UnitPrice), p.ValidFrom.String(),
					p.ValidTo.String()); err != nil {
					return err
				}
			}
			return nil
		},
	},
}

// fileNames lists the five file names for messages.
func fileNames() []string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.name
	}
	return names
}
