package o2c

import (
	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// Master data comes from the company's ERP, which owns its keys: customers are keyed by the ERP's
// customer id and products by SKU, exactly as in the spec's CSV files. o2c keeps those keys rather
// than inventing surrogates, so an import is an upsert by key and a posted order names them as is.

// Customer is a company that orders from us (spec: customers.csv).
type Customer struct {
	ID               string           `json:"customer_id"`                  // the ERP's customer key
	Name             string           `json:"name"`                         // legal or trading name
	VATID            string           `json:"vat_id,omitempty"`             // intra-EU VAT number, e.g. FR40303265045
	GLN              string           `json:"gln,omitempty"`                // GS1 location number, 13 digits
	Email            string           `json:"email,omitempty"`              // ordering address; its domain identifies senders
	Street           string           `json:"street,omitempty"`             // billing address
	PostalCode       string           `json:"postal_code,omitempty"`        //
	City             string           `json:"city,omitempty"`               //
	Country          string           `json:"country,omitempty"`            // ISO 3166-1 alpha-2
	Currency         string           `json:"currency,omitempty"`           // ISO 4217 currency the customer is invoiced in
	PaymentTermsDays *int             `json:"payment_terms_days,omitempty"` // days from invoice to due date
	CreditLimit      *decimal.Decimal `json:"credit_limit,omitempty"`       // in the customer's currency; nil = no limit
}

// ShipTo is one of a customer's delivery addresses (spec: ship_to.csv).
type ShipTo struct {
	CustomerID string `json:"customer_id"`
	AddressID  string `json:"address_id"` // the ERP's key of the address, unique per customer
	Name       string `json:"name,omitempty"`
	Street     string `json:"street,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	City       string `json:"city,omitempty"`
	Country    string `json:"country,omitempty"`
}

// Product is an article we sell (spec: products.csv).
type Product struct {
	SKU         string           `json:"sku"`                     // our article code
	GTIN        string           `json:"gtin,omitempty"`          // GS1 trade item number (EAN/UPC)
	Description string           `json:"description"`             //
	Unit        string           `json:"unit,omitempty"`          // UN/ECE Rec. 20 sales unit
	UnitPrice   *decimal.Decimal `json:"unit_price,omitempty"`    // list price, net of VAT
	Currency    string           `json:"currency,omitempty"`      // of the list price
	VATRate     *decimal.Decimal `json:"vat_rate,omitempty"`      // percent, e.g. 20 or 5.5
	StockQty    *decimal.Decimal `json:"stock_qty,omitempty"`     // available now; nil = not tracked
	MinOrderQty *decimal.Decimal `json:"min_order_qty,omitempty"` // smallest quantity one line may order
	PackSize    *decimal.Decimal `json:"pack_size,omitempty"`     // quantities must be a multiple of it
}

// CustomerItem maps a customer's own article code to our SKU (spec: customer_items.csv).
type CustomerItem struct {
	CustomerID  string `json:"customer_id"`
	CustomerSKU string `json:"customer_sku"`
	SKU         string `json:"sku"`
}

// CustomerPrice is a price agreed with one customer for one product over a period (spec: customer_prices.csv).
type CustomerPrice struct {
	CustomerID string          `json:"customer_id"`
	SKU        string          `json:"sku"`
	UnitPrice  decimal.Decimal `json:"unit_price"`        // net, in the customer's currency
	ValidFrom  cal.Date        `json:"valid_from"`        // first day the price applies
	ValidTo    cal.Date        `json:"valid_to,omitzero"` // last day it applies; zero = open-ended
}

// Covers reports whether the price applies on day d.
func (p CustomerPrice) Covers(d cal.Date) bool {
	if d.Before(p.ValidFrom) {
		return false
	}
	return p.ValidTo.IsZero() || !d.After(p.ValidTo)
}

// MasterData is a whole set of master data, as loaded from a directory of CSV files or read from a store.
type MasterData struct {
	Customers      []Customer      `json:"customers"`
	ShipTos        []ShipTo        `json:"ship_to"`
	Products       []Product       `json:"products"`
	CustomerItems  []CustomerItem  `json:"customer_items"`
	CustomerPrices []CustomerPrice `json:"customer_prices"`
}

// ImportReport says what an import did, per file.
type ImportReport struct {
	Files []ImportFileReport `json:"files"`
}

// ImportFileReport counts the rows of one master-data file.
type ImportFileReport struct {
	File     string `json:"file"`     // e.g. customers.csv
	Rows     int    `json:"rows"`     // data rows read
	Inserted int    `json:"inserted"` // new keys
	Updated  int    `json:"updated"`  // existing keys overwritten
}

// RowError is one bad cell of an import, located for a person: file, line, column and reason.
type RowError struct {
	File   string `json:"file"`
	Line   int    `json:"line"`   // 1-based line in the file, the header being line 1
	Column string `json:"column"` // header name of the column
	Reason string `json:"reason"`
}
