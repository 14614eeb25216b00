package o2c

import (
	"context"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// OrderKey is what sorting a queue of orders by urgency needs, without the order itself: reading
// thousands of whole orders (lines, draft) to show fifty would cost more than the page.
type OrderKey struct {
	ID                    int64
	RequestedDeliveryDate cal.Date
	NetTotal              decimal.Decimal
	ReceivedAt            time.Time
}

// OrderKeyReader reads the keys of the orders in one status.
type OrderKeyReader interface {
	// FindOrderKeys returns the keys of at most limit orders in status, oldest first.
	FindOrderKeys(ctx context.Context, status OrderStatus, limit int) ([]OrderKey, error)
}
