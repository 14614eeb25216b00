package o2c

import (
	"encoding/json"
	"time"
)

// AuditEvent records one change: who did what to which thing, when, and the state before and after.
type AuditEvent struct {
	ID       int64           `json:"id"`
	Entity   string          `json:"entity"`    // order, customer, product, ship_to, customer_item, customer_price, api_key
	EntityID string          `json:"entity_id"` // the key of the thing changed
	Action   string          `json:"action"`    // e.g. status, corrected, approved, rejected, upserted
	Actor    string          `json:"actor"`     // system, job:process, api:<key name>, user:<login>
	At       time.Time       `json:"at"`        // UTC, the transaction's instant
	Before   json.RawMessage `json:"before,omitempty"`
	After    json.RawMessage `json:"after,omitempty"`
	Note     string          `json:"note,omitempty"` // a reason or a cause, for people
}

// Actor names for changes made by o2c itself.
const (
	ActorSystem = "system"
)
