package o2c

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c/cal"
)

// Order is a customer order as o2c holds it: the draft read from its document, what verification
// resolved (customer, ship-to, products, prices), its anomalies, and where it stands.
type Order struct {
	ID                    int64           `json:"id"`                               // o2c's own key
	Status                OrderStatus     `json:"status"`                           // see CanTransition
	Channel               Channel         `json:"channel"`                          // how it arrived
	DocumentID            int64           `json:"document_id"`                      // the stored original
	Sender                string          `json:"sender,omitempty"`                 // e-mail, EDI id, API key name
	CustomerID            string          `json:"customer_id,omitempty"`            // resolved customer; "" while unknown
	ShipToID              string          `json:"ship_to_id,omitempty"`             // resolved delivery address
	PONumber              string          `json:"po_number,omitempty"`              // the buyer's order number
	OrderDate             cal.Date        `json:"order_date,omitzero"`              //
	RequestedDeliveryDate cal.Date        `json:"requested_delivery_date,omitzero"` //
	Currency              string          `json:"currency,omitempty"`               // ISO 4217
	Lines                 []OrderLine     `json:"lines"`                            // resolved lines, empty before verification
	NetTotal              decimal.Decimal `json:"net_total"`                        // sum of line totals, recomputed, never trusted
	Draft                 *OrderDraft     `json:"draft,omitempty"`                  // the canonical order as read or last corrected
	Anomalies             []Anomaly       `json:"anomalies"`                        // from the last verification
	Decision              Decision        `json:"decision,omitempty"`               // from the last verification
	ContentHash           string          `json:"content_hash,omitempty"`           // customer + lines fingerprint, finds same-content duplicates
	ERPRef                string          `json:"erp_ref,omitempty"`                // the ERP's reference once posted
	LastError             string          `json:"last_error,omitempty"`             // why a job gave up, for the reviewer
	Reason                string          `json:"reason,omitempty"`                 // why it was rejected, held or cancelled
	Version               int64           `json:"version"`                          // optimistic lock; bumped on every save
	ReceivedAt            time.Time       `json:"received_at"`                      // when the document arrived (UTC)
	UpdatedAt             time.Time       `json:"updated_at"`                       // last change (UTC)
	PostedAt              time.Time       `json:"posted_at,omitzero"`               // when the ERP accepted it (UTC)
}

// OrderLine is one resolved order line: the product we will deliver, at the price we will charge.
type OrderLine struct {
	LineNo      int             `json:"line_no"`
	SKU         string          `json:"sku,omitempty"`         // our product; "" when unknown
	BuyerSKU    string          `json:"buyer_sku,omitempty"`   // the customer's code, as written
	Description string          `json:"description,omitempty"` //
	Quantity    decimal.Decimal `json:"quantity"`              // in Unit
	Unit        string          `json:"unit,omitempty"`        // UN/ECE Rec. 20
	UnitPrice   decimal.Decimal `json:"unit_price"`            // net price per unit that will be charged
	LineTotal   decimal.Decimal `json:"line_total"`            // Quantity × UnitPrice, rounded to the currency
	MatchedBy   string          `json:"matched_by,omitempty"`  // sku, customer_item, gtin or description
	MatchScore  float64         `json:"match_score,omitempty"` // confidence of the product match in [0,1]; a score, not money
}

// Verification is what checking a draft against master data yields.
type Verification struct {
	CustomerID    string          `json:"customer_id,omitempty"`
	CustomerMatch string          `json:"customer_match,omitempty"` // vat_id, gln, email, domain or name
	ShipToID      string          `json:"ship_to_id,omitempty"`
	Currency      string          `json:"currency,omitempty"` // the order's currency, the customer's when unstated
	Lines         []OrderLine     `json:"lines"`
	NetTotal      decimal.Decimal `json:"net_total"`
	ContentHash   string          `json:"content_hash,omitempty"`
	Anomalies     []Anomaly       `json:"anomalies"`
	Decision      Decision        `json:"decision"`
}

// OrderFilter selects orders; zero fields select everything.
type OrderFilter struct {
	Status     []OrderStatus // any of these
	Channel    Channel
	CustomerID string
	PONumber   string
	DocumentID int64       // orders read from this document
	IDs        []int64     // any of these orders (a page chosen elsewhere, e.g. by urgency)
	Anomaly    AnomalyCode // orders carrying this anomaly code
	Query      string      // free text over PO number, customer, sender
	Since      time.Time   // received at or after
	Until      time.Time   // received before
	Offset     int
	Limit      int // 0 means the store's default page size
}

// DuplicateQuery looks for earlier orders that repeat this one.
type DuplicateQuery struct {
	CustomerID  string
	PONumber    string    // same PO number from the same customer, at any time
	ContentHash string    // or the same content ...
	Since       time.Time // ... received at or after this instant
	ExcludeID   int64     // the order being checked
}

// OrderStats counts orders for the dashboard and the benchmark.
type OrderStats struct {
	ByStatus map[OrderStatus]int `json:"by_status"`
	Total    int                 `json:"total"`
}
