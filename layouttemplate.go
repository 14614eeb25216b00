package o2c

import (
	"encoding/json"
	"time"
)

// LayoutTemplate is what o2c learned of one layout of a sender's PDFs and scans from people's
// corrections: where each corrected header field stands, so that the next document of that layout
// is read right. A sender may have several layouts, each its own template. The root keeps the
// template as JSON; package extract/layout gives it its meaning (layout.Template), and app learns
// and applies it.
type LayoutTemplate struct {
	// ID is the template's surrogate key.
	ID int64 `json:"id"`
	// Sender is who sends documents of this layout, as its channel names it (an e-mail address).
	Sender string `json:"sender"`
	// Template is the layout's fixed words and the learned places of its fields, a
	// layout.Template in JSON.
	Template json.RawMessage `json:"template"`
	// UpdatedAt is when the template was last saved: the store sets it to the transaction's Now.
	UpdatedAt time.Time `json:"updated_at"`
	// UpdatedBy is who taught it last (learn:<actor of the correction>).
	UpdatedBy string `json:"updated_by"`
}

// LearnJob learns from a person's correction of an order: the places of the corrected header
// fields on the sender's layout (a LayoutTemplate), and the customer's article codes whose product
// was corrected (customer items). It is queued with the "corrected" audit event it learns from.
type LearnJob struct {
	OrderID int64 `json:"order_id"`
	EventID int64 `json:"event_id"` // the order's "corrected" audit event
}

// Kind implements JobArgs.
func (LearnJob) Kind() string { return "learn" }
