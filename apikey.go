package o2c

import (
	"slices"
	"time"
)

// Scope is one permission an API key may hold.
type Scope string

// Scopes.
const (
	ScopeOrdersRead      Scope = "orders:read"
	ScopeOrdersWrite     Scope = "orders:write"  // submit orders
	ScopeOrdersReview    Scope = "orders:review" // approve, correct, reject
	ScopeMasterDataRead  Scope = "masterdata:read"
	ScopeMasterDataWrite Scope = "masterdata:write"
	ScopeAdmin           Scope = "admin" // everything, and key management
	ScopeInvoicesRead    Scope = "invoices:read"
	ScopeInvoicesWrite   Scope = "invoices:write" // issue, credit, send invoices; invoicing settings
)

// Scopes lists every scope.
var Scopes = []Scope{ScopeOrdersRead, ScopeOrdersWrite, ScopeOrdersReview, ScopeMasterDataRead, ScopeMasterDataWrite, ScopeAdmin,
	ScopeInvoicesRead, ScopeInvoicesWrite}

// APIKey is a credential for the REST API. Only a SHA-256 hash of the secret is stored: keys are
// 256-bit random strings, so a slow password hash would add cost and no safety.
type APIKey struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`   // who or what uses it, e.g. "erp-bridge"
	Prefix    string    `json:"prefix"` // the first characters of the secret, to recognise it in lists
	Hash      string    `json:"-"`      // hex SHA-256 of the whole secret
	Scopes    []Scope   `json:"scopes"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
}

// Allows reports whether the key holds scope s (admin holds every scope).
func (k *APIKey) Allows(s Scope) bool {
	return k.RevokedAt.IsZero() && (slices.Contains(k.Scopes, ScopeAdmin) || slices.Contains(k.Scopes, s))
}
