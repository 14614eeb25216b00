package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// Orders keep their lines, anomalies and draft as JSON text columns: they are always read and
// written whole with the order, and one row per order keeps a pipeline step to one statement.
// anomaly_codes repeats the anomaly codes as " CODE1 CODE2 " so that OrderFilter.Anomaly is a LIKE.

const orderColumns = `id, status, channel, document_id, sender, customer_id, ship_to_id, po_number, order_date,
	requested_delivery_date, currency, net_total, draft, lines, anomalies, decision, content_hash, erp_ref,
	last_error, reason, version, received_at, updated_at, posted_at`

// pagedOrderColumns are orderColumns of the orders o joined to a page of ids (FindOrders).
var pagedOrderColumns = "o." + strings.Join(strings.Fields(strings.ReplaceAll(orderColumns, ",", " ")), ", o.")

const findOrderByIDQuery = `SELECT ` + orderColumns + ` FROM orders WHERE id = $1`

const insertOrderQuery = `
	INSERT INTO orders (status, customer_id, ship_to_id, po_number, order_date, requested_delivery_date,
		currency, net_total, draft, lines, anomalies, anomaly_codes, decision, content_hash, erp_ref,
		last_error, reason, posted_at, channel, document_id, sender, received_at, updated_at, version)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
		$21, $22, $23, 1)
	RETURNING id`

const updateOrderQuery = `
	UPDATE orders SET status = $1, customer_id = $2, ship_to_id = $3, po_number = $4, order_date = $5,
		requested_delivery_date = $6, currency = $7, net_total = $8, draft = $9, lines = $10,
		anomalies = $11, anomaly_codes = $12, decision = $13, content_hash = $14, erp_ref = $15,
		last_error = $16, reason = $17, posted_at = $18, updated_at = $19, version = $20
	WHERE id = $21 AND version = $22`

// Page sizes of FindOrders.
const (
	DefaultOrderLimit = 50
	MaxOrderLimit     = 500
)

// Statuses whose orders count towards a customer's credit exposure.
var exposureStatuses = []o2c.OrderStatus{o2c.OrderApproved, o2c.OrderPosted, o2c.OrderConfirmed, o2c.OrderShipped, o2c.OrderDelivered}

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

func scanOrder(s rowScanner) (*o2c.Order, error) {
	var (
		o                          o2c.Order
		customerID, draft          sql.NullString
		netTotal, lines, anomalies string
	)
	err := s.Scan(&o.ID, &o.Status, &o.Channel, &o.DocumentID, &o.Sender, &customerID, &o.ShipToID, &o.PONumber,
		&o.OrderDate, &o.RequestedDeliveryDate, &o.Currency, &netTotal, &draft, &lines, &anomalies, &o.Decision,
		&o.ContentHash, &o.ERPRef, &o.LastError, &o.Reason, &o.Version,
		instantScanner{&o.ReceivedAt}, instantScanner{&o.UpdatedAt}, instantScanner{&o.PostedAt})
	if err != nil {
		return nil, err
	}
	o.CustomerID = customerID.String
	if o.NetTotal, err = decimal.NewFromString(netTotal); err != nil {
		return nil, fmt.Errorf("order %d net_total %q: %w", o.ID, netTotal, err)
	}
	if draft.Valid {
		if err := json.Unmarshal([]byte(draft.String), &o.Draft); err != nil {
			return nil, fmt.Errorf("order %d draft: %w", o.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(lines), &o.Lines); err != nil {
		return nil, fmt.Errorf("order %d lines: %w", o.ID, err)
	}
	if err := json.Unmarshal([]byte(anomalies), &o.Anomalies); err != nil {
		return nil, fmt.Errorf("order %d anomalies: %w", o.ID, err)
	}
	return &o, nil
}

func (r *reader) findOrders(ctx context.Context, query string, args ...any) ([]*o2c.Order, error) {
	rows, err := r.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var orders []*o2c.Order
	for rows.Next() {
		o, err := scanOrder(rows)
		if err != nil {
			return nil, err
		}
		orders = append(orders, o)
	}
	return orders, rows.Err()
}

// FindOrderByID returns an order with its lines, draft and anomalies. CodeNotFound.
func (r *reader) FindOrderByID(ctx context.Context, id int64) (*o2c.Order, error) {
	o, err := scanOrder(r.queryRow(ctx, findOrderByIDQuery, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "order %d not found", id)
	} else if err != nil {
		return nil, fmt.Errorf("find order %d: %w", id, err)
	}
	return o, nil
}

// FindOrderByDocumentID returns the order read from a document, the first one if the document
// held several (an EDI interchange may). CodeNotFound.
func (r *reader) FindOrderByDocumentID(ctx context.Context, documentID int64) (*o2c.Order, error) {
	o, err := scanOrder(r.queryRow(ctx,
		`SELECT `+orderColumns+` FROM orders WHERE document_id = $1 ORDER BY id LIMIT 1`, documentID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, o2c.Errorf(o2c.CodeNotFound, "no order read from document %d", documentID)
	} else if err != nil {
		return nil, fmt.Errorf("find order of document %d: %w", documentID, err)
	}
	return o, nil
}

// FindOrders returns one page of orders, newest first, and the total count matching f.
func (r *reader) FindOrders(ctx context.Context, f o2c.OrderFilter) ([]*o2c.Order, int, error) {
	var w where
	if len(f.Status) > 0 {
		ph := make([]string, len(f.Status))
		for i, s := range f.Status {
			ph[i] = w.arg(s)
		}
		w.add("status IN (" + strings.Join(ph, ", ") + ")")
	}
	if f.Channel != "" {
		w.add("channel = " + w.arg(f.Channel))
	}
	if f.CustomerID != "" {
		w.add("customer_id = " + w.arg(f.CustomerID))
	}
	if f.PONumber != "" {
		w.add("po_number = " + w.arg(f.PONumber))
	}
	if f.DocumentID != 0 {
		w.add("document_id = " + w.arg(f.DocumentID))
	}
	if f.IDs != nil {
		ph := make([]string, 0, len(f.IDs)+1)
		for _, id := range f.IDs {
			ph = append(ph, w.arg(id))
		}
		if len(ph) == 0 {
			ph = append(ph, "NULL") // none asked for: none found
		}
		w.add("id IN (" + strings.Join(ph, ", ") + ")")
	}
	if f.Anomaly != "" {
		w.add(`anomaly_codes LIKE ` + w.arg(likeContains(" "+string(f.Anomaly)+" ")) + ` ESCAPE '\'`)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// A lowercase pattern against lowercased columns. SQLite's LIKE ignores ASCII case by
		// itself, as its lower() folds ASCII only: without lower() it does the same for less.
		p := w.arg(likeContains(strings.ToLower(q)))
		col := func(c string) string { return "lower(" + c + ")" }
		if r.d.Engine == "sqlite" {
			col = func(c string) string { return c }
		}
		w.add(`(` + col("po_number") + ` LIKE ` + p + ` ESCAPE '\' OR ` + col("customer_id") + ` LIKE ` + p +
			` ESCAPE '\' OR ` + col("sender") + ` LIKE ` + p + ` ESCAPE '\')`)
	}
	if !f.Since.IsZero() {
		w.add("received_at >= " + w.arg(r.instant(f.Since)))
	}
	if !f.Until.IsZero() {
		w.add("received_at < " + w.arg(r.instant(f.Until)))
	}

	limit := f.Limit
	if limit <= 0 {
		limit = DefaultOrderLimit
	}
	limit = min(limit, MaxOrderLimit)
	offset := max(f.Offset, 0)

	filter := w.sql()
	filterArgs := len(w.args)
	// The page is chosen on ids alone, from an index that holds the filtered columns and the page
	// order (orders_search holds those of the text search), so that only the page's own rows,
	// lines and draft included, are read; skipped and sorted rows are index entries.
	page := `SELECT ` + pagedOrderColumns + ` FROM (SELECT id FROM orders` + filter +
		` ORDER BY received_at DESC, id DESC LIMIT ` + w.arg(limit) + ` OFFSET ` + w.arg(offset) + `) p
		JOIN orders o ON o.id = p.id ORDER BY o.received_at DESC, o.id DESC`
	orders, err := r.findOrders(ctx, page, w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("find orders: %w", err)
	}
	if len(orders) < limit && (len(orders) > 0 || offset == 0) {
		// The page is the last one: the total is known without counting.
		return orders, offset + len(orders), nil
	}
	var total int
	if err := r.queryRow(ctx, `SELECT count(*) FROM orders`+filter, w.args[:filterArgs]...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count orders: %w", err)
	}
	return orders, total, nil
}

// FindDuplicateOrders returns the customer's other orders, oldest first, that have the same PO
// number, or the same content hash and were received at or after q.Since. Rejected and cancelled
// orders are no duplicates: the customer may send those again.
func (r *reader) FindDuplicateOrders(ctx context.Context, q o2c.DuplicateQuery) ([]*o2c.Order, error) {
	if q.CustomerID == "" || (q.PONumber == "" && q.ContentHash == "") {
		return nil, nil
	}
	// One index range per criterion, (customer_id, po_number) and (customer_id, content_hash,
	// received_at): an OR inside one WHERE would have the planners scan all the customer's orders.
	var w where
	customer := w.arg(q.CustomerID)
	var branches []string
	if q.PONumber != "" {
		branches = append(branches, "SELECT id FROM orders WHERE customer_id = "+customer+" AND po_number = "+w.arg(q.PONumber))
	}
	if q.ContentHash != "" {
		b := "SELECT id FROM orders WHERE customer_id = " + customer + " AND content_hash = " + w.arg(q.ContentHash)
		if !q.Since.IsZero() {
			b += " AND received_at >= " + w.arg(r.instant(q.Since))
		}
		branches = append(branches, b)
	}
	w.add("id IN (" + strings.Join(branches, " UNION ALL ") + ")")
	w.add("id <> " + w.arg(q.ExcludeID))
	w.add("status NOT IN (" + w.arg(o2c.OrderRejected) + ", " + w.arg(o2c.OrderCancelled) + ")")
	orders, err := r.findOrders(ctx, `SELECT `+orderColumns+` FROM orders`+w.sql()+` ORDER BY received_at, id`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("find duplicates of order %d: %w", q.ExcludeID, err)
	}
	return orders, nil
}

// CustomerExposure sums the net totals of the customer's approved, posted, confirmed and shipped
// orders but one. The sum is done here on decimals: we do no arithmetic on amounts in SQL.
func (r *reader) CustomerExposure(ctx context.Context, customerID string, excludeOrderID int64) (decimal.Decimal, error) {
	var w where
	w.add("customer_id = " + w.arg(customerID))
	w.add("id <> " + w.arg(excludeOrderID))
	ph := make([]string, len(exposureStatuses))
	for i, s := range exposureStatuses {
		ph[i] = w.arg(s)
	}
	w.add("status IN (" + strings.Join(ph, ", ") + ")")
	rows, err := r.query(ctx, `SELECT net_total FROM orders`+w.sql(), w.args...)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("exposure of customer %q: %w", customerID, err)
	}
	defer rows.Close()
	sum := decimal.Zero
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return decimal.Decimal{}, fmt.Errorf("exposure of customer %q: %w", customerID, err)
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			return decimal.Decimal{}, fmt.Errorf("exposure of customer %q: net_total %q: %w", customerID, s, err)
		}
		sum = sum.Add(d)
	}
	if err := rows.Err(); err != nil {
		return decimal.Decimal{}, fmt.Errorf("exposure of customer %q: %w", customerID, err)
	}
	return sum, nil
}

// CountOrders counts orders by status; statuses without orders are absent from the map.
func (r *reader) CountOrders(ctx context.Context) (o2c.OrderStats, error) {
	stats := o2c.OrderStats{ByStatus: map[o2c.OrderStatus]int{}}
	rows, err := r.query(ctx, `SELECT status, count(*) FROM orders GROUP BY status`)
	if err != nil {
		return o2c.OrderStats{}, fmt.Errorf("count orders: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			s o2c.OrderStatus
			n int
		)
		if err := rows.Scan(&s, &n); err != nil {
			return o2c.OrderStats{}, fmt.Errorf("count orders: %w", err)
		}
		stats.ByStatus[s] = n
		stats.Total += n
	}
	if err := rows.Err(); err != nil {
		return o2c.OrderStats{}, fmt.Errorf("count orders: %w", err)
	}
	return stats, nil
}

// mutableOrderValues returns the parameters of the columns UpdateOrder saves, in this order:
// status, customer_id, ship_to_id, po_number, order_date, requested_delivery_date, currency,
// net_total, draft, lines, anomalies, anomaly_codes, decision, content_hash, erp_ref, last_error,
// reason, posted_at.
func (r *reader) mutableOrderValues(o *o2c.Order) ([]any, error) {
	var draft any
	if o.Draft != nil {
		s, err := jsonText(o.Draft)
		if err != nil {
			return nil, fmt.Errorf("encode draft: %w", err)
		}
		draft = s
	}
	lines, err := jsonText(o.Lines)
	if err != nil {
		return nil, fmt.Errorf("encode lines: %w", err)
	}
	anomalies, err := jsonText(o.Anomalies)
	if err != nil {
		return nil, fmt.Errorf("encode anomalies: %w", err)
	}
	return []any{
		o.Status, textOrNull(o.CustomerID), o.ShipToID, o.PONumber, o.OrderDate, o.RequestedDeliveryDate,
		o.Currency, decText(o.NetTotal), draft, lines, anomalies, anomalyCodes(o.Anomalies), o.Decision,
		o.ContentHash, o.ERPRef, o.LastError, o.Reason, r.instant(o.PostedAt),
	}, nil
}

// anomalyCodes returns " CODE1 CODE2 ", or "" for none.
func anomalyCodes(as []o2c.Anomaly) string {
	if len(as) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte(' ')
	for _, a := range as {
		b.WriteString(string(a.Code))
		b.WriteByte(' ')
	}
	return b.String()
}

// CreateOrder stores a new order and sets ID, Version (1), UpdatedAt (the transaction's Now) and
// ReceivedAt (kept when set, else the transaction's Now).
func (t *tx) CreateOrder(ctx context.Context, o *o2c.Order) error {
	receivedAt := t.now
	if !o.ReceivedAt.IsZero() {
		receivedAt = storedInstant(o.ReceivedAt)
	}
	values, err := t.mutableOrderValues(o)
	if err != nil {
		return fmt.Errorf("create order: %w", err)
	}
	args := append(values, o.Channel, o.DocumentID, o.Sender, t.instant(receivedAt), t.instant(t.now))
	var id int64
	err = t.queryRow(ctx, insertOrderQuery, args...).Scan(&id)
	if err != nil {
		return fmt.Errorf("create order for document %d: %w", o.DocumentID, err)
	}
	o.ID, o.Version, o.ReceivedAt, o.UpdatedAt = id, 1, receivedAt, t.now
	if !o.PostedAt.IsZero() {
		o.PostedAt = storedInstant(o.PostedAt)
	}
	return nil
}

// UpdateOrder saves every mutable field of o if its Version is still the stored one, then bumps
// o.Version and sets UpdatedAt. The arrival facts (channel, document, sender, received_at) never
// change and are not saved. CodeConflict when someone else saved it first, CodeNotFound.
func (t *tx) UpdateOrder(ctx context.Context, o *o2c.Order) error {
	values, err := t.mutableOrderValues(o)
	if err != nil {
		return fmt.Errorf("update order %d: %w", o.ID, err)
	}
	args := append(values, t.instant(t.now), o.Version+1, o.ID, o.Version)
	res, err := t.exec(ctx, updateOrderQuery, args...)
	if err != nil {
		return fmt.Errorf("update order %d: %w", o.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("update order %d: %w", o.ID, err)
	}
	if n == 0 {
		var stored int64
		err := t.queryRow(ctx, `SELECT version FROM orders WHERE id = $1`, o.ID).Scan(&stored)
		if errors.Is(err, sql.ErrNoRows) {
			return o2c.Errorf(o2c.CodeNotFound, "order %d not found", o.ID)
		} else if err != nil {
			return fmt.Errorf("update order %d: %w", o.ID, err)
		}
		return o2c.Errorf(o2c.CodeConflict, "order %d was changed by someone else (version %d, not %d): reload it",
			o.ID, stored, o.Version)
	}
	o.Version++
	o.UpdatedAt = t.now
	if !o.PostedAt.IsZero() {
		o.PostedAt = storedInstant(o.PostedAt)
	}
	return nil
}
