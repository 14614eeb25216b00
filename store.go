package o2c

import (
	"context"
	"time"

	"github.com/shopspring/decimal"
)

// Reader is every read a use case needs. Stores answer it from a read pool, transactions from
// their own snapshot.
type Reader interface {
	// FindDocumentByID returns a stored original with its content. CodeNotFound.
	FindDocumentByID(ctx context.Context, id int64) (*Document, error)
	// FindDocumentByNaturalKey returns the document received under key. CodeNotFound.
	FindDocumentByNaturalKey(ctx context.Context, key string) (*Document, error)

	// FindOrderByID returns an order with its lines, draft and anomalies. CodeNotFound.
	FindOrderByID(ctx context.Context, id int64) (*Order, error)
	// FindOrderByDocumentID returns the order read from a document. CodeNotFound.
	FindOrderByDocumentID(ctx context.Context, documentID int64) (*Order, error)
	// FindOrders returns one page of orders, newest first, and the total count matching f.
	FindOrders(ctx context.Context, f OrderFilter) ([]*Order, int, error)
	// FindDuplicateOrders returns earlier orders of the customer with the same PO number, or the
	// same content within the window.
	FindDuplicateOrders(ctx context.Context, q DuplicateQuery) ([]*Order, error)
	// CustomerExposure sums the net value of the customer's open orders (approved, posted,
	// confirmed, shipped, delivered: not yet invoiced), excluding one order. It is what a new order adds to for the credit check.
	CustomerExposure(ctx context.Context, customerID string, excludeOrderID int64) (decimal.Decimal, error)
	// CountOrders counts orders by status.
	CountOrders(ctx context.Context) (OrderStats, error)

	// FindEvents returns the audit trail of one thing, oldest first.
	FindEvents(ctx context.Context, entity, entityID string) ([]AuditEvent, error)

	// FindCustomerByID returns one customer. CodeNotFound.
	FindCustomerByID(ctx context.Context, id string) (*Customer, error)
	// FindProductBySKU returns one product. CodeNotFound.
	FindProductBySKU(ctx context.Context, sku string) (*Product, error)
	// LoadMasterData returns all master data, ordered by key, for the verification index.
	LoadMasterData(ctx context.Context) (*MasterData, error)
	// MasterDataVersion changes whenever master data changes, so caches know when to reload.
	MasterDataVersion(ctx context.Context) (int64, error)

	// FindAPIKeyByHash returns the key whose secret hashes to hash. CodeNotFound.
	FindAPIKeyByHash(ctx context.Context, hash string) (*APIKey, error)
	// FindAPIKeys lists every key, revoked ones included.
	FindAPIKeys(ctx context.Context) ([]*APIKey, error)

	// FindMailboxState returns how far intake has read a mailbox. CodeNotFound when it was
	// never saved.
	FindMailboxState(ctx context.Context, mailbox string) (MailboxState, error)

	// FindSheetProfile returns the customer's saved mapping for its CSV and XLSX files.
	// CodeNotFound when the customer has none.
	FindSheetProfile(ctx context.Context, customerID string) (*SheetProfile, error)
	// FindSheetProfiles lists every saved mapping, by customer id.
	FindSheetProfiles(ctx context.Context) ([]*SheetProfile, error)
	// FindLayoutTemplates lists the layouts learned of a sender's documents, oldest first; none
	// is an empty list.
	FindLayoutTemplates(ctx context.Context, sender string) ([]LayoutTemplate, error)

	// ArchiveReader reads the archive's entries and its log (archive.go).
	ArchiveReader
	// AlertReader reads alert rules and the alert log (alert.go).
	AlertReader
	// UserReader reads the web app's users and sessions (user.go).
	UserReader
	// OrderFactReader reads what the dashboard counts (order_facts.go).
	OrderFactReader
	// OrderKeyReader reads what the review queue sorts by (order_keys.go).
	OrderKeyReader
	// BankMappingReader reads the saved bank CSV mappings (bank_mapping.go).
	BankMappingReader
	// PortalReader reads the customer portal's users, sessions and orders (portal_store.go).
	PortalReader
	// InvoiceReader reads invoices and invoicing settings (invoice_store.go).
	InvoiceReader
	DisputeReader // disputes and the reminders sent (dispute_store.go)
	PaymentReader // bank statements, transactions and the cash ledger (payment_store.go)
}

// Tx is one database transaction: reads see its own writes, and jobs enqueued in it exist only
// if it commits.
type Tx interface {
	Reader

	// Now is the transaction's one timestamp (UTC), fixed when it began.
	Now() time.Time

	// CreateDocument stores an original and sets its ID and ReceivedAt. CodeConflict when a
	// document with the same natural key exists.
	CreateDocument(ctx context.Context, d *Document) error

	// CreateOrder stores a new order and sets ID, Version, ReceivedAt and UpdatedAt.
	CreateOrder(ctx context.Context, o *Order) error
	// UpdateOrder saves every mutable field of o if its Version is still the stored one, then
	// bumps o.Version. CodeConflict when someone else saved it first, CodeNotFound.
	UpdateOrder(ctx context.Context, o *Order) error

	// AddEvent appends to the audit trail and sets the event's ID and At.
	AddEvent(ctx context.Context, e *AuditEvent) error

	// UpsertMasterData inserts or updates every record of m by its key and bumps the master
	// data version. It reports inserted and updated counts per file.
	UpsertMasterData(ctx context.Context, m *MasterData) (ImportReport, error)

	// CreateAPIKey stores a key and sets ID and CreatedAt. CodeConflict on a duplicate name.
	CreateAPIKey(ctx context.Context, k *APIKey) error
	// RevokeAPIKey marks a key revoked. CodeNotFound.
	RevokeAPIKey(ctx context.Context, id int64) error

	// SaveMailboxState inserts or replaces the state of s.Mailbox, with Now as its UpdatedAt
	// (the one in s is ignored).
	SaveMailboxState(ctx context.Context, s MailboxState) error

	// SaveSheetProfile inserts or replaces the profile of p.CustomerID, with Now as its UpdatedAt
	// (the one in p is ignored). The customer must exist.
	SaveSheetProfile(ctx context.Context, p SheetProfile) error
	// DeleteSheetProfile removes the customer's profile. CodeNotFound when it has none.
	DeleteSheetProfile(ctx context.Context, customerID string) error

	// SaveLayoutTemplate inserts t when its ID is 0, setting ID, and otherwise replaces the
	// stored template of that ID (CodeNotFound when there is none); either way with Now as its
	// UpdatedAt (the one in t is set to it).
	SaveLayoutTemplate(ctx context.Context, t *LayoutTemplate) error

	// ArchiveWriter adds archive entries and deletes expired ones, each with its log record
	// (archive.go).
	ArchiveWriter
	// AlertWriter changes alert rules and appends to the alert log (alert.go).
	AlertWriter
	// UserWriter changes the web app's users and sessions (user.go).
	UserWriter
	// PortalWriter changes the customer portal's users and sessions (portal_store.go).
	PortalWriter
	// InvoiceWriter stores and numbers invoices (invoice_store.go).
	InvoiceWriter
	// BankMappingWriter saves bank CSV mappings (bank_mapping.go).
	BankMappingWriter
	DisputeWriter // disputes and the reminders sent (dispute_store.go)
	PaymentWriter // imports statements and keeps the cash ledger (payment_store.go)

	// Enqueue adds durable jobs that run only if this transaction commits.
	Enqueue(ctx context.Context, jobs ...JobArgs) error
}

// Store is a database: reads outside transactions, and transactions for every write.
type Store interface {
	Reader
	// InTx runs fn in one transaction, committed when fn returns nil and rolled back otherwise.
	InTx(ctx context.Context, fn func(Tx) error) error
	// Close releases the connections.
	Close() error
}
