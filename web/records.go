package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/masterdata"
)

// A master-data record sent as JSON must pass exactly the rules of the CSV import: the same data
// may come either way, and must be held to the same rules (keys, ISO codes, GS1 check digits,
// decimal bounds, dates). Those rules live once, in package masterdata, which reads CSV; so a
// record is checked by reading it as the one-row file it would be in an import, and what the
// reader makes of it (trimmed, codes upper-cased) is what gets stored.
//
// TODO(web): use a record-level check of masterdata once it exports one, instead of the round trip.

// recordKind describes one of the spec's master-data files for records sent as JSON.
type recordKind[T any] struct {
	file     string
	columns  []string // the spec's columns, in its order
	required []string // keys and columns every record must fill
	cells    func(T) []string
	key      func(T) string
	read     func(*o2c.MasterData) []T
}

var (
	customerRecords = recordKind[o2c.Customer]{
		file: masterdata.CustomersFile,
		columns: []string{"customer_id", "name", "vat_id", "gln", "email", "street", "postal_code", "city",
			"country", "currency", "payment_terms_days", "credit_limit"},
		required: []string{"customer_id", "name"},
		cells: func(c o2c.Customer) []string {
			return []string{c.ID, c.Name, c.VATID, c.GLN, c.Email, c.Street, c.PostalCode, c.City, c.Country,
				c.Currency, cellInt(c.PaymentTermsDays), cellDecimal(c.CreditLimit)}
		},
		key:  func(c o2c.Customer) string { return c.ID },
		read: func(m *o2c.MasterData) []o2c.Customer { return m.Customers },
	}
	shipToRecords = recordKind[o2c.ShipTo]{
		file:     masterdata.ShipToFile,
		columns:  []string{"customer_id", "address_id", "name", "street", "postal_code", "city", "country"},
		required: []string{"customer_id", "address_id"},
		cells: func(a o2c.ShipTo) []string {
			return []string{a.CustomerID, a.AddressID, a.Name, a.Street, a.PostalCode, a.City, a.Country}
		},
		key:  func(a o2c.ShipTo) string { return a.CustomerID + "\x00" + a.AddressID },
		read: func(m *o2c.MasterData) []o2c.ShipTo { return m.ShipTos },
	}
	productRecords = recordKind[o2c.Product]{
		file: masterdata.ProductsFile,
		columns: []string{"sku", "gtin", "description", "unit", "unit_price", "currency", "vat_rate", "stock_qty",
			"min_order_qty", "pack_size"},
		required: []string{"sku", "description"},
		cells: func(p o2c.Product) []string {
			return []string{p.SKU, p.GTIN, p.Description, p.Unit, cellDecimal(p.UnitPrice), p.Currency,
				cellDecimal(p.VATRate), cellDecimal(p.StockQty), cellDecimal(p.MinOrderQty), cellDecimal(p.PackSize)}
		},
		key:  func(p o2c.Product) string { return p.SKU },
		read: func(m *o2c.MasterData) []o2c.Product { return m.Products },
	}
	customerItemRecords = recordKind[o2c.CustomerItem]{
		file:     masterdata.CustomerItemsFile,
		columns:  []string{"customer_id", "customer_sku", "sku"},
		required: []string{"customer_id", "customer_sku", "sku"},
		cells:    func(i o2c.CustomerItem) []string { return []string{i.CustomerID, i.CustomerSKU, i.SKU} },
		key:      func(i o2c.CustomerItem) string { return i.CustomerID + "\x00" + i.CustomerSKU },
		read:     func(m *o2c.MasterData) []o2c.CustomerItem { return m.CustomerItems },
	}
	customerPriceRecords = recordKind[o2c.CustomerPrice]{
		file:     masterdata.CustomerPricesFile,
		columns:  []string{"customer_id", "sku", "unit_price", "valid_from", "valid_to"},
		required: []string{"customer_id", "sku", "unit_price", "valid_from"},
		cells: func(p o2c.CustomerPrice) []string {
			return []string{p.CustomerID, p.SKU, cellDecimal(&p.UnitPrice), p.ValidFrom.String(), p.ValidTo.String()}
		},
		key:  func(p o2c.CustomerPrice) string { return p.CustomerID + "\x00" + p.SKU + "\x00" + p.ValidFrom.String() },
		read: func(m *o2c.MasterData) []o2c.CustomerPrice { return m.CustomerPrices },
	}
)

// check returns the records as the import would read them, or CodeInvalid with a fault per bad
// field. many says whether the body was an array, so that paths read $[2].country rather than $.country.
func (k recordKind[T]) check(recs []T, many bool) ([]T, error) {
	out := make([]T, 0, len(recs))
	var faults []o2c.Fault
	firstOf := map[string]int{}
	for i, rec := range recs {
		path := "$"
		if many {
			path = fmt.Sprintf("$[%d]", i)
		}
		read, fs, err := k.checkOne(rec, path)
		if err != nil {
			return nil, err
		}
		if len(fs) > 0 {
			faults = append(faults, fs...)
			continue
		}
		key := k.key(read)
		if j, dup := firstOf[key]; dup {
			faults = append(faults, o2c.Fault{Rule: ruleRecord, Path: path + "." + k.columns[0],
				Message: fmt.Sprintf("the same record as $[%d]: each key may appear once", j)})
			continue
		}
		firstOf[key] = i
		out = append(out, read)
	}
	if len(faults) > 0 {
		return nil, o2c.Invalid(faults...)
	}
	return out, nil
}

func (k recordKind[T]) checkOne(rec T, path string) (T, []o2c.Fault, error) {
	var zero T
	cells := k.cells(rec)
	var faults []o2c.Fault
	for _, col := range k.required {
		if strings.TrimSpace(cells[k.column(col)]) == "" {
			faults = append(faults, o2c.Fault{Rule: ruleRecord, Path: path + "." + col, Message: col + " is required"})
		}
	}
	if len(faults) > 0 {
		return zero, faults, nil
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(k.columns) // writes to a bytes.Buffer; the error is checked after Flush
	_ = w.Write(cells)
	w.Flush()
	if err := w.Error(); err != nil {
		return zero, nil, fmt.Errorf("write %s record as csv: %w", k.file, err)
	}
	m, rows, err := masterdata.ReadFiles(map[string][]byte{k.file: buf.Bytes()})
	if err != nil {
		return zero, nil, fmt.Errorf("check %s record: %w", k.file, err)
	}
	for _, r := range rows {
		faults = append(faults, o2c.Fault{Rule: ruleRecord, Path: path + "." + r.Column, Message: r.Reason})
	}
	if len(faults) > 0 {
		return zero, faults, nil
	}
	read := k.read(m)
	if len(read) != 1 {
		return zero, nil, fmt.Errorf("check %s record: the reader returned %d records for one", k.file, len(read))
	}
	return read[0], nil, nil
}

// asRecords rewrites the faults that app.MasterData.Upsert reports by file position (it checks
// references as for an import: "ship_to.csv:3:customer_id", the header being line 1 and records in
// order) into paths of the JSON body ("$[1].customer_id").
func (k recordKind[T]) asRecords(err error, many bool) error {
	faults := o2c.ErrorFaults(err)
	if o2c.ErrorCode(err) != o2c.CodeInvalid || len(faults) == 0 {
		return err
	}
	out := make([]o2c.Fault, len(faults))
	for i, f := range faults {
		out[i] = f
		rest, ok := strings.CutPrefix(f.Path, k.file+":")
		if !ok {
			continue
		}
		lineText, column, ok := strings.Cut(rest, ":")
		line, convErr := strconv.Atoi(lineText)
		if !ok || convErr != nil || line < 2 {
			continue
		}
		out[i].Path = "$." + column
		if many {
			out[i].Path = fmt.Sprintf("$[%d].%s", line-2, column)
		}
	}
	return o2c.Invalid(out...)
}

func (k recordKind[T]) column(name string) int {
	for i, c := range k.columns {
		if c == name {
			return i
		}
	}
	panic("web: no column " + name + " in " + k.file)
}

// cellDecimal writes a decimal with its own places, as the CSV files carry it; "" when unknown.
func cellDecimal(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	if d.Exponent() < 0 {
		return d.StringFixed(-d.Exponent())
	}
	return d.String()
}

func cellInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
