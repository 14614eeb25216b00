package sqlstore

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

// FindOrderKeys returns the keys of at most limit orders in status, oldest first, from the
// status index without reading the orders' lines and drafts.
func (r *reader) FindOrderKeys(ctx context.Context, status o2c.OrderStatus, limit int) ([]o2c.OrderKey, error) {
	rows, err := r.query(ctx, `SELECT id, requested_delivery_date, net_total, received_at FROM orders
		WHERE status = $1 ORDER BY received_at, id LIMIT $2`, status, limit)
	if err != nil {
		return nil, fmt.Errorf("find keys of orders %s: %w", status, err)
	}
	defer rows.Close()
	var out []o2c.OrderKey
	for rows.Next() {
		var (
			k   o2c.OrderKey
			net string
		)
		if err := rows.Scan(&k.ID, &k.RequestedDeliveryDate, &net, instantScanner{&k.ReceivedAt}); err != nil {
			return nil, fmt.Errorf("find keys of orders %s: %w", status, err)
		}
		if k.NetTotal, err = decimal.NewFromString(net); err != nil {
			return nil, fmt.Errorf("order %d net_total %q: %w", k.ID, net, err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
