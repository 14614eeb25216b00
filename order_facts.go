package o2c

import (
	"context"
	"time"
)

// OrderFact is what the dashboard needs of one order: how it came, where it stands, what was found
// and how long it took. It is small, so a week of orders can be read at once.
type OrderFact struct {
	ID         int64         //
	Channel    Channel       // how it arrived
	Status     OrderStatus   // where it stands now
	Anomalies  []AnomalyCode // the codes of its anomalies from the last verification
	ReceivedAt time.Time     // when its document arrived (UTC)
	PostedAt   time.Time     // when the ERP accepted it (UTC); zero while it has not
	Reviewed   bool          // it was in review at some point: a person had to act on it
}

// OrderFactReader reads the facts the dashboard counts.
type OrderFactReader interface {
	// FindOrderFacts returns the facts of the orders received at or after since, oldest first.
	// Reviewed comes from the audit trail: an order counts as reviewed once a status event took
	// it to needs_review.
	FindOrderFacts(ctx context.Context, since time.Time) ([]OrderFact, error)
}
