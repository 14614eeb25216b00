package o2c

import "slices"

// OrderStatus is where an order stands in its life. The allowed moves are in orderTransitions and
// drawn in docs/state-machines.md.
type OrderStatus string

// Order statuses.
const (
	// OrderReceived: the source document is stored; nothing is read yet.
	OrderReceived OrderStatus = "received"
	// OrderExtracted: the document has been read into a canonical order draft.
	OrderExtracted OrderStatus = "extracted"
	// OrderVerified: the draft has been checked against master data; anomalies are recorded.
	OrderVerified OrderStatus = "verified"
	// OrderNeedsReview: a person must look at it (anomalies, low confidence, or a failed job).
	OrderNeedsReview OrderStatus = "needs_review"
	// OrderOnHold: a person put it aside, with a reason (waiting on the customer, on a
	// colleague); it leaves the review queue until released.
	OrderOnHold OrderStatus = "on_hold"
	// OrderApproved: cleared to go to the ERP, by the rules or by a person.
	OrderApproved OrderStatus = "approved"
	// OrderPosted: the ERP has accepted it; erp_ref holds its reference there.
	OrderPosted OrderStatus = "posted"
	// OrderConfirmed: the ERP (or the order desk) confirmed it to the customer.
	OrderConfirmed OrderStatus = "confirmed"
	// OrderShipped: goods left, fully or in part.
	OrderShipped OrderStatus = "shipped"
	// OrderDelivered: the consignee received the goods (a delivery note or CMR came back signed).
	OrderDelivered OrderStatus = "delivered"
	// OrderInvoiced: an invoice was issued for it.
	OrderInvoiced OrderStatus = "invoiced"
	// OrderClosed: nothing more will happen to it.
	OrderClosed OrderStatus = "closed"
	// OrderRejected: a person refused it, with a reason.
	OrderRejected OrderStatus = "rejected"
	// OrderCancelled: the customer withdrew it.
	OrderCancelled OrderStatus = "cancelled"
)

// OrderStatuses lists every status in life order.
var OrderStatuses = []OrderStatus{
	OrderReceived, OrderExtracted, OrderVerified, OrderNeedsReview, OrderOnHold, OrderApproved, OrderPosted,
	OrderConfirmed, OrderShipped, OrderDelivered, OrderInvoiced, OrderClosed, OrderRejected, OrderCancelled,
}

// orderTransitions is the one table of allowed moves. A corrected order in review goes back
// to extracted and is verified again; cancellation is possible until the goods leave. A received
// document that turns out to be a delivery note for another order is closed once linked to it.
var orderTransitions = map[OrderStatus][]OrderStatus{
	OrderReceived:    {OrderExtracted, OrderNeedsReview, OrderCancelled, OrderClosed},
	OrderExtracted:   {OrderVerified, OrderNeedsReview, OrderCancelled},
	OrderVerified:    {OrderApproved, OrderNeedsReview, OrderCancelled},
	OrderNeedsReview: {OrderExtracted, OrderApproved, OrderRejected, OrderCancelled, OrderOnHold},
	OrderOnHold:      {OrderNeedsReview, OrderRejected, OrderCancelled},
	OrderApproved:    {OrderPosted, OrderNeedsReview, OrderCancelled},
	OrderPosted:      {OrderConfirmed, OrderShipped, OrderDelivered, OrderCancelled},
	OrderConfirmed:   {OrderShipped, OrderDelivered, OrderCancelled},
	OrderShipped:     {OrderDelivered, OrderInvoiced, OrderClosed},
	OrderDelivered:   {OrderInvoiced, OrderClosed},
	OrderInvoiced:    {OrderClosed},
	OrderClosed:      {},
	OrderRejected:    {},
	OrderCancelled:   {},
}

// CanTransition reports whether an order may move from one status to another.
func CanTransition(from, to OrderStatus) bool {
	return slices.Contains(orderTransitions[from], to)
}

// NextStatuses returns the statuses an order may move to from s.
func NextStatuses(s OrderStatus) []OrderStatus { return slices.Clone(orderTransitions[s]) }

// Valid reports whether s is a known status.
func (s OrderStatus) Valid() bool {
	_, ok := orderTransitions[s]
	return ok
}

// Final reports whether nothing more can happen to an order in s.
func (s OrderStatus) Final() bool { return s.Valid() && len(orderTransitions[s]) == 0 }
