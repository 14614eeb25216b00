package o2c

import (
	"encoding/json"
	"time"
)

// SheetProfile is a customer's saved mapping for its CSV and XLSX order files: where the header
// row is and which column holds what, so that a layout the header words do not explain reads the
// same way every time. The root keeps the mapping as JSON; package sheet gives it its meaning
// (sheet.Profile), and app checks it before it is saved.
type SheetProfile struct {
	// CustomerID is the customer whose files the profile reads: one profile per customer.
	CustomerID string `json:"customer_id"`
	// Profile is the mapping, a sheet.Profile in JSON.
	Profile json.RawMessage `json:"profile"`
	// UpdatedAt is when the profile was last saved: the store sets it to the transaction's Now.
	UpdatedAt time.Time `json:"updated_at"`
	// UpdatedBy is who saved it last (api:<key name>, user:<login>).
	UpdatedBy string `json:"updated_by"`
}
