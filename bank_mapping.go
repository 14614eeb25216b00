package o2c

import (
	"context"
	"encoding/json"
	"time"
)

// BankCSVMapping is a mapping a person saved for one bank's CSV export (a bank.CSVMapping as
// JSON: package bank imports this one), for the exports the column names alone do not explain.
// An import tries the saved mappings when a CSV file cannot be read on its own.
type BankCSVMapping struct {
	Name      string          `json:"name"`    // the bank's export, as people call it: "Crédit Agricole CSV"
	Mapping   json.RawMessage `json:"mapping"` // bank.CSVMapping
	UpdatedBy string          `json:"updated_by,omitempty"`
	UpdatedAt time.Time       `json:"updated_at,omitzero"` // set by the store
}

// BankMappingReader reads the saved bank CSV mappings.
type BankMappingReader interface {
	// FindBankCSVMappings lists every saved mapping by name.
	FindBankCSVMappings(ctx context.Context) ([]*BankCSVMapping, error)
}

// BankMappingWriter saves and removes bank CSV mappings.
type BankMappingWriter interface {
	// SaveBankCSVMapping inserts or replaces the mapping of m.Name, with Now as its UpdatedAt.
	SaveBankCSVMapping(ctx context.Context, m BankCSVMapping) error
	// DeleteBankCSVMapping removes a mapping. CodeNotFound when there is none of that name.
	DeleteBankCSVMapping(ctx context.Context, name string) error
}
