package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// Master data keeps the ERP's keys as primary keys (see masterdata.go at the root). There are no
// foreign keys between its tables: each file may be imported alone, and the ERP owns consistency.

const (
	customerColumns      = `customer_id, name, vat_id, gln, email, street, postal_code, city, country, currency, payment_terms_days, credit_limit`
	shipToColumns        = `customer_id, address_id, name, street, postal_code, city, country`
	productColumns       = `sku, gtin, description, unit, unit_price, currency, vat_rate, stock_qty, min_order_qty, pack_size`
	customerItemColumns  = `customer_id, customer_sku, sku`
	customerPriceColumns = `customer_id, sku, unit_price, valid_from, valid_to`
)

func scanCustomer(s rowScanner) (*o2c.Customer, error) {
	var (
		c           o2c.Customer
		terms       sql.NullInt64
		creditLimit decimal.NullDecimal
	)
	if err := s.Scan(&c.ID, &c.Name, &c.VATID, &c.GLN, &c.Email, &c.Street, &c.PostalCode, &c.City, &c.Country,
		&c.Currency, &terms, &creditLimit); err != nil {
		return nil, err
	}
	if terms.Valid {
		n := int(terms.Int64)
		c.PaymentTermsDays = &n
	}
	c.CreditLimit = decPtr(creditLimit)
	return &c, nil
}

func scanProduct(s rowScanner) (*o2c.Product, error) {
	var (
		p                                                   o2c.Product
		unitPrice, vatRate, stockQty, minOrderQty, packSize decimal.NullDecimal
	)
	if err := s.Scan(&p.SKU, &p.GTIN, &p.Description, &p.Unit, &unitPrice, &p.Currency, &vatRate, &stockQty,
		&minOrderQty, &packSize); err != nil {
		return nil, err
	}
	p.UnitPrice, p.VATRate, p.StockQty = decPtr(unitPrice), decPtr(vatRate), decPtr(stockQty)
	p.MinOrderQty, p.PackSize = decPtr(minOrderQty), decPtr(packSize)
	return &p, nil
}

// FindCustomerByID returns one customer. CodeNotFound.
func (r *reader) FindCustomerByID(ctx context.Context, id string) (*o2c.Customer, error) {
	c, err := scanCustomer(r.queryRow(ctx, `SELECT `+customerColumns+` FROM customers WHERE customer_id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "customer %q not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("find customer %q: %w", id, err)
	}
	return c, nil
}

// FindProductBySKU returns one product. CodeNotFound.
func (r *reader) FindProductBySKU(ctx context.Context, sku string) (*o2c.Product, error) {
	p, err := scanProduct(r.queryRow(ctx, `SELECT `+productColumns+` FROM products WHERE sku = $1`, sku))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "product %q not found", sku)
	} else if err != nil {
		return nil, fmt.Errorf("find product %q: %w", sku, err)
	}
	return p, nil
}

// MasterDataVersion changes whenever master data changes, so caches know when to reload.
func (r *reader) MasterDataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := r.queryRow(ctx, `SELECT version FROM masterdata_version WHERE id = 1`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read master data version: %w", err)
	}
	return v, nil
}

// LoadMasterData returns all master data, each list ordered by its key.
func (r *reader) LoadMasterData(ctx context.Context) (*o2c.MasterData, error) {
	var m o2c.MasterData
	err := r.each(ctx, `SELECT `+customerColumns+` FROM customers ORDER BY customer_id`, func(rows *sql.Rows) error {
		c, err := scanCustomer(rows)
		if err == nil {
			m.Customers = append(m.Customers, *c)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load customers: %w", err)
	}
	err = r.each(ctx, `SELECT `+shipToColumns+` FROM ship_to ORDER BY customer_id, address_id`, func(rows *sql.Rows) error {
		var s o2c.ShipTo
		err := rows.Scan(&s.CustomerID, &s.AddressID, &s.Name, &s.Street, &s.PostalCode, &s.City, &s.Country)
		if err == nil {
			m.ShipTos = append(m.ShipTos, s)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load ship-to addresses: %w", err)
	}
	err = r.each(ctx, `SELECT `+productColumns+` FROM products ORDER BY sku`, func(rows *sql.Rows) error {
		p, err := scanProduct(rows)
		if err == nil {
			m.Products = append(m.Products, *p)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load products: %w", err)
	}
	err = r.each(ctx, `SELECT `+customerItemColumns+` FROM customer_items ORDER BY customer_id, customer_sku`, func(rows *sql.Rows) error {
		var i o2c.CustomerItem
		err := rows.Scan(&i.CustomerID, &i.CustomerSKU, &i.SKU)
		if err == nil {
			m.CustomerItems = append(m.CustomerItems, i)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load customer items: %w", err)
	}
	err = r.each(ctx, `SELECT `+customerPriceColumns+` FROM customer_prices ORDER BY customer_id, sku, valid_from`, func(rows *sql.Rows) error {
		var p o2c.CustomerPrice
		err := rows.Scan(&p.CustomerID, &p.SKU, &p.UnitPrice, &p.ValidFrom, &p.ValidTo)
		if err == nil {
			m.CustomerPrices = append(m.CustomerPrices, p)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load customer prices: %w", err)
	}
	return &m, nil
}

// each runs query and calls fn on every row.
func (r *reader) each(ctx context.Context, query string, fn func(*sql.Rows) error, args ...any) error {
	rows, err := r.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// upsert describes how one master-data file is written.
type upsert struct {
	file    string   // e.g. customers.csv
	table   string   //
	keys    []string // primary key columns
	columns []string // all columns, in the order of the values
}

func (u upsert) statement() string {
	ph := make([]string, len(u.columns))
	for i := range u.columns {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	var set []string
	for _, c := range u.columns {
		if !slices.Contains(u.keys, c) {
			set = append(set, c+" = excluded."+c)
		}
	}
	return "INSERT INTO " + u.table + " (" + strings.Join(u.columns, ", ") + ") VALUES (" + strings.Join(ph, ", ") +
		") ON CONFLICT (" + strings.Join(u.keys, ", ") + ") DO UPDATE SET " + strings.Join(set, ", ")
}

// run upserts n records and counts which keys were new. The keys present before are read first:
// neither engine's upsert says portably whether it inserted.
func (t *tx) upsert(ctx context.Context, u upsert, n int, key func(i int) string, values func(i int) []any) (o2c.ImportFileReport, error) {
	rep := o2c.ImportFileReport{File: u.file, Rows: n}
	existing := map[string]bool{}
	err := t.each(ctx, `SELECT `+strings.Join(u.keys, ", ")+` FROM `+u.table, func(rows *sql.Rows) error {
		parts := make([]string, len(u.keys))
		dest := make([]any, len(u.keys))
		for i := range parts {
			dest[i] = &keyPart{&parts[i]}
		}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		existing[strings.Join(parts, "\x00")] = true
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("read keys of %s: %w", u.table, err)
	}
	stmt, err := t.sqlTx.PrepareContext(ctx, u.statement())
	if err != nil {
		return rep, fmt.Errorf("prepare upsert into %s: %w", u.table, err)
	}
	defer stmt.Close()
	for i := range n {
		if _, err := stmt.ExecContext(ctx, values(i)...); err != nil {
			return rep, fmt.Errorf("upsert %s record %d (%s): %w", u.file, i+1, strings.ReplaceAll(key(i), "\x00", "/"), err)
		}
		if k := key(i); existing[k] {
			rep.Updated++
		} else {
			existing[k] = true
			rep.Inserted++
		}
	}
	return rep, nil
}

// keyPart reads one key column as text: a date key (valid_from) is a DATE on PostgreSQL.
type keyPart struct{ s *string }

func (k *keyPart) Scan(src any) error {
	switch v := src.(type) {
	case string:
		*k.s = v
	case []byte:
		*k.s = string(v)
	default:
		var d cal.Date
		if err := d.Scan(src); err != nil {
			return err
		}
		*k.s = d.String()
	}
	return nil
}

func keyOf(parts ...string) string { return strings.Join(parts, "\x00") }

// UpsertMasterData inserts or updates every record of m by its key and bumps the master data
// version. It reports inserted and updated counts for each file that had records.
func (t *tx) UpsertMasterData(ctx context.Context, m *o2c.MasterData) (o2c.ImportReport, error) {
	var report o2c.ImportReport
	add := func(u upsert, n int, key func(int) string, values func(int) []any) error {
		if n == 0 {
			return nil
		}
		rep, err := t.upsert(ctx, u, n, key, values)
		if err != nil {
			return err
		}
		report.Files = append(report.Files, rep)
		return nil
	}
	err := add(upsert{"customers.csv", "customers", []string{"customer_id"}, strings.Split(customerColumns, ", ")},
		len(m.Customers),
		func(i int) string { return m.Customers[i].ID },
		func(i int) []any {
			c := &m.Customers[i]
			var terms any
			if c.PaymentTermsDays != nil {
				terms = int64(*c.PaymentTermsDays)
			}
			return []any{c.ID, c.Name, c.VATID, c.GLN, c.Email, c.Street, c.PostalCode, c.City, c.Country, c.Currency,
				terms, decOrNull(c.CreditLimit)}
		})
	if err == nil {
		err = add(upsert{"ship_to.csv", "ship_to", []string{"customer_id", "address_id"}, strings.Split(shipToColumns, ", ")},
			len(m.ShipTos),
			func(i int) string { return keyOf(m.ShipTos[i].CustomerID, m.ShipTos[i].AddressID) },
			func(i int) []any {
				s := &m.ShipTos[i]
				return []any{s.CustomerID, s.AddressID, s.Name, s.Street, s.PostalCode, s.City, s.Country}
			})
	}
	if err == nil {
		err = add(upsert{"products.csv", "products", []string{"sku"}, strings.Split(productColumns, ", ")},
			len(m.Products),
			func(i int) string { return m.Products[i].SKU },
			func(i int) []any {
				p := &m.Products[i]
				return []any{p.SKU, p.GTIN, p.Description, p.Unit, decOrNull(p.UnitPrice), p.Currency, decOrNull(p.VATRate),
					decOrNull(p.StockQty), decOrNull(p.MinOrderQty), decOrNull(p.PackSize)}
			})
	}
	if err == nil {
		err = add(upsert{"customer_items.csv", "customer_items", []string{"customer_id", "customer_sku"}, strings.Split(customerItemColumns, ", ")},
			len(m.CustomerItems),
			func(i int) string { return keyOf(m.CustomerItems[i].CustomerID, m.CustomerItems[i].CustomerSKU) },
			func(i int) []any {
				c := &m.CustomerItems[i]
				return []any{c.CustomerID, c.CustomerSKU, c.SKU}
			})
	}
	if err == nil {
		err = add(upsert{"customer_prices.csv", "customer_prices", []string{"customer_id", "sku", "valid_from"}, strings.Split(customerPriceColumns, ", ")},
			len(m.CustomerPrices),
			func(i int) string {
				p := &m.CustomerPrices[i]
				return keyOf(p.CustomerID, p.SKU, p.ValidFrom.String())
			},
			func(i int) []any {
				p := &m.CustomerPrices[i]
				return []any{p.CustomerID, p.SKU, decText(p.UnitPrice), p.ValidFrom, p.ValidTo}
			})
	}
	if err != nil {
		return o2c.ImportReport{}, fmt.Errorf("upsert master data: %w", err)
	}
	if len(report.Files) > 0 {
		if _, err := t.exec(ctx, `UPDATE masterdata_version SET version = version + 1 WHERE id = 1`); err != nil {
			return o2c.ImportReport{}, fmt.Errorf("bump master data version: %w", err)
		}
	}
	return report, nil
}
