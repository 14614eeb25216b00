package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/masterdata"
)

// MasterData imports and edits customers, addresses, products, customer codes and prices.
type MasterData struct {
	Store o2c.Store
}

// ImportError is an import refused because of bad rows: nothing was imported.
type ImportError struct {
	Rows []o2c.RowError
}

func (e *ImportError) Error() string {
	if len(e.Rows) == 0 {
		return "import refused"
	}
	r := e.Rows[0]
	msg := fmt.Sprintf("%s line %d column %s: %s", r.File, r.Line, r.Column, r.Reason)
	if len(e.Rows) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(e.Rows)-1)
	}
	return msg
}

// AsError returns the import error as a CodeInvalid *o2c.Error whose faults locate each bad cell.
func (e *ImportError) AsError() *o2c.Error {
	faults := make([]o2c.Fault, len(e.Rows))
	for i, r := range e.Rows {
		faults[i] = o2c.Fault{Rule: "IMPORT", Path: fmt.Sprintf("%s:%d:%s", r.File, r.Line, r.Column), Message: r.Reason}
	}
	return &o2c.Error{Code: o2c.CodeInvalid, Message: "import refused, nothing was imported: " + e.Error(), Faults: faults}
}

// ImportDir imports the spec's CSV files found in dir. See Import for the policy.
func (s *MasterData) ImportDir(ctx context.Context, dir, actor string) (o2c.ImportReport, error) {
	m, lines, rows, err := masterdata.ReadDirLines(dir)
	if err != nil {
		return o2c.ImportReport{}, err
	}
	return s.importRead(ctx, m, lines, rows, actor)
}

// Import imports named CSV contents (file base name -> bytes). The policy is all or nothing:
// every file is read and checked first, including references to customers and products that
// must exist in this import or in the store; any bad row refuses the whole import with every
// bad cell reported, and a good import is upserted by key in one transaction.
func (s *MasterData) Import(ctx context.Context, files map[string][]byte, actor string) (o2c.ImportReport, error) {
	m, lines, rows, err := masterdata.ReadFilesLines(files)
	if err != nil {
		return o2c.ImportReport{}, err
	}
	return s.importRead(ctx, m, lines, rows, actor)
}

func (s *MasterData) importRead(ctx context.Context, m *o2c.MasterData, lines masterdata.Lines, rows []o2c.RowError, actor string) (o2c.ImportReport, error) {
	if len(rows) > 0 {
		return o2c.ImportReport{}, (&ImportError{Rows: rows}).AsError()
	}
	return s.upsert(ctx, m, lines, actor)
}

// Upsert writes master data records by key in one transaction, after checking that every
// reference names a customer or product of m or of the store; it records one audit event per record.
func (s *MasterData) Upsert(ctx context.Context, m *o2c.MasterData, actor string) (o2c.ImportReport, error) {
	return s.upsert(ctx, m, nil, actor)
}

// upsert is Upsert for records read from files whose lines are known (nil: record i is line i+2,
// as the API's one-record-per-row uploads are numbered).
func (s *MasterData) upsert(ctx context.Context, m *o2c.MasterData, lines masterdata.Lines, actor string) (o2c.ImportReport, error) {
	var report o2c.ImportReport
	err := s.Store.InTx(ctx, func(tx o2c.Tx) (err error) {
		report, err = upsertInTx(ctx, tx, m, lines, actor)
		return err
	})
	return report, err
}

// upsertInTx checks master data's references, upserts it and records the changes, in a
// transaction of the caller's (an import, or what a correction teaches).
func upsertInTx(ctx context.Context, tx o2c.Tx, m *o2c.MasterData, lines masterdata.Lines, actor string) (o2c.ImportReport, error) {
	if rows, err := checkReferences(ctx, tx, m, lines); err != nil {
		return o2c.ImportReport{}, err
	} else if len(rows) > 0 {
		return o2c.ImportReport{}, (&ImportError{Rows: rows}).AsError()
	}
	before, err := previousRecords(ctx, tx, m)
	if err != nil {
		return o2c.ImportReport{}, err
	}
	report, err := tx.UpsertMasterData(ctx, m)
	if err != nil {
		return o2c.ImportReport{}, fmt.Errorf("upsert master data: %w", err)
	}
	return report, recordMasterDataEvents(ctx, tx, m, before, actor)
}

// checkReferences finds ship-to addresses, customer codes and prices that name a customer or
// product that exists neither in the import nor in the store.
func checkReferences(ctx context.Context, r o2c.Reader, m *o2c.MasterData, lines masterdata.Lines) ([]o2c.RowError, error) {
	customers := map[string]bool{}
	for _, c := range m.Customers {
		customers[c.ID] = true
	}
	products := map[string]bool{}
	for _, p := range m.Products {
		products[p.SKU] = true
	}
	exists := func(known map[string]bool, key string, find func(context.Context, string) error) (bool, error) {
		if ok, seen := known[key]; seen {
			return ok, nil
		}
		err := find(ctx, key)
		if err != nil && o2c.ErrorCode(err) != o2c.CodeNotFound {
			return false, err
		}
		known[key] = err == nil
		return err == nil, nil
	}
	findCustomer := func(ctx context.Context, id string) error { _, err := r.FindCustomerByID(ctx, id); return err }
	findProduct := func(ctx context.Context, sku string) error { _, err := r.FindProductBySKU(ctx, sku); return err }
	var rows []o2c.RowError
	check := func(file string, line int, column, key string, known map[string]bool, find func(context.Context, string) error, what string) error {
		ok, err := exists(known, key, find)
		if err != nil {
			return fmt.Errorf("check %s %s: %w", what, key, err)
		}
		if !ok {
			rows = append(rows, o2c.RowError{File: file, Line: line, Column: column,
				Reason: fmt.Sprintf("%s %q exists neither in this import nor in the database", what, key)})
		}
		return nil
	}
	line := func(file string, i int) int {
		if l := lines[file]; i < len(l) {
			return l[i]
		}
		return i + 2 // the header is line 1
	}
	for i, a := range m.ShipTos {
		if err := check(masterdata.ShipToFile, line(masterdata.ShipToFile, i), "customer_id", a.CustomerID, customers, findCustomer, "customer"); err != nil {
			return nil, err
		}
	}
	for i, it := range m.CustomerItems {
		l := line(masterdata.CustomerItemsFile, i)
		if err := check(masterdata.CustomerItemsFile, l, "customer_id", it.CustomerID, customers, findCustomer, "customer"); err != nil {
			return nil, err
		}
		if err := check(masterdata.CustomerItemsFile, l, "sku", it.SKU, products, findProduct, "product"); err != nil {
			return nil, err
		}
	}
	for i, p := range m.CustomerPrices {
		l := line(masterdata.CustomerPricesFile, i)
		if err := check(masterdata.CustomerPricesFile, l, "customer_id", p.CustomerID, customers, findCustomer, "customer"); err != nil {
			return nil, err
		}
		if err := check(masterdata.CustomerPricesFile, l, "sku", p.SKU, products, findProduct, "product"); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// perRecordLimit is the largest group of records that gets one audit event each.
const perRecordLimit = 50

// previousRecords reads the stored state of the records about to be changed, keyed as their
// audit events are ("customer/C1", "ship_to/C1/01", ...), for the "before" of those events. Only
// groups small enough to be recorded per record are read: they come from the API, one at a time.
func previousRecords(ctx context.Context, r o2c.Reader, m *o2c.MasterData) (map[string]any, error) {
	before := map[string]any{}
	if len(m.Customers) <= perRecordLimit {
		for _, c := range m.Customers {
			old, err := r.FindCustomerByID(ctx, c.ID)
			if err == nil {
				before["customer/"+c.ID] = old
			} else if o2c.ErrorCode(err) != o2c.CodeNotFound {
				return nil, fmt.Errorf("read customer %s: %w", c.ID, err)
			}
		}
	}
	if len(m.Products) <= perRecordLimit {
		for _, p := range m.Products {
			old, err := r.FindProductBySKU(ctx, p.SKU)
			if err == nil {
				before["product/"+p.SKU] = old
			} else if o2c.ErrorCode(err) != o2c.CodeNotFound {
				return nil, fmt.Errorf("read product %s: %w", p.SKU, err)
			}
		}
	}
	small := func(n int) bool { return n > 0 && n <= perRecordLimit }
	if !small(len(m.ShipTos)) && !small(len(m.CustomerItems)) && !small(len(m.CustomerPrices)) {
		return before, nil
	}
	// Addresses, customer codes and prices have no finder of their own; read them all once.
	stored, err := r.LoadMasterData(ctx)
	if err != nil {
		return nil, fmt.Errorf("read master data: %w", err)
	}
	for _, a := range stored.ShipTos {
		before["ship_to/"+shipToKey(a)] = a
	}
	for _, it := range stored.CustomerItems {
		before["customer_item/"+customerItemKey(it)] = it
	}
	for _, p := range stored.CustomerPrices {
		before["customer_price/"+customerPriceKey(p)] = p
	}
	return before, nil
}

func shipToKey(a o2c.ShipTo) string { return a.CustomerID + "/" + a.AddressID }

func customerItemKey(it o2c.CustomerItem) string { return it.CustomerID + "/" + it.CustomerSKU }

func customerPriceKey(p o2c.CustomerPrice) string {
	return p.CustomerID + "/" + p.SKU + "/" + p.ValidFrom.String()
}

// recordMasterDataEvents writes who changed which record. Large imports write one event per
// file instead of one per record, so that an import of 100,000 products stays fast.
func recordMasterDataEvents(ctx context.Context, tx o2c.Tx, m *o2c.MasterData, before map[string]any, actor string) error {
	type group struct {
		entity string
		keys   []string
		values []any
	}
	var groups []group
	add := func(entity string, n int, key func(int) string, value func(int) any) {
		if n == 0 {
			return
		}
		g := group{entity: entity}
		for i := range n {
			g.keys = append(g.keys, key(i))
			g.values = append(g.values, value(i))
		}
		groups = append(groups, g)
	}
	add("customer", len(m.Customers), func(i int) string { return m.Customers[i].ID }, func(i int) any { return m.Customers[i] })
	add("ship_to", len(m.ShipTos), func(i int) string { return shipToKey(m.ShipTos[i]) }, func(i int) any { return m.ShipTos[i] })
	add("product", len(m.Products), func(i int) string { return m.Products[i].SKU }, func(i int) any { return m.Products[i] })
	add("customer_item", len(m.CustomerItems), func(i int) string { return customerItemKey(m.CustomerItems[i]) }, func(i int) any { return m.CustomerItems[i] })
	add("customer_price", len(m.CustomerPrices), func(i int) string { return customerPriceKey(m.CustomerPrices[i]) }, func(i int) any { return m.CustomerPrices[i] })
	for _, g := range groups {
		if len(g.keys) > perRecordLimit {
			e := &o2c.AuditEvent{Entity: g.entity, EntityID: "*", Action: "imported", Actor: actor,
				Note: fmt.Sprintf("%d records imported: %s ...", len(g.keys), strings.Join(g.keys[:5], ", "))}
			if err := tx.AddEvent(ctx, e); err != nil {
				return fmt.Errorf("record import of %s: %w", g.entity, err)
			}
			continue
		}
		for i, key := range g.keys {
			after, err := json.Marshal(g.values[i])
			if err != nil {
				return fmt.Errorf("encode %s %s: %w", g.entity, key, err)
			}
			e := &o2c.AuditEvent{Entity: g.entity, EntityID: key, Action: "created", Actor: actor, After: after}
			if old, ok := before[g.entity+"/"+key]; ok {
				e.Action = "updated"
				if e.Before, err = json.Marshal(old); err != nil {
					return fmt.Errorf("encode previous %s %s: %w", g.entity, key, err)
				}
			}
			if err := tx.AddEvent(ctx, e); err != nil {
				return fmt.Errorf("record upsert of %s %s: %w", g.entity, key, err)
			}
		}
	}
	return nil
}
