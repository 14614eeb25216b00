// Package storetest is the conformance suite of o2c.Store: every engine runs the same tests.
//
//	func TestStore(t *testing.T) {
//		t.Parallel()
//		storetest.Run(t, func(t *testing.T) o2c.Store { return sqlite.MustOpenTest(t, sqlstore.Options{}) })
//	}
package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/sqlstore"
)

// Run runs the suite. open must return a fresh, empty, migrated store that is closed when the
// test ends; it is called once per subtest, and the subtests run in parallel.
//
// The job-queue tests need the store to accept an Enqueuer (SetEnqueuer, as *sqlstore.DB does),
// and they check through the *sql.Tx it is given that it is the transaction's own, with a query
// on the orders table.
func Run(t *testing.T, open func(t *testing.T) o2c.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s o2c.Store)
	}{
		{"Documents/CreateAndFind", testDocumentCreateAndFind},
		{"Documents/KeepsReceivedAt", testDocumentKeepsReceivedAt},
		{"Documents/ErrConflict", testDocumentConflict},
		{"Documents/ErrNotFound", testDocumentNotFound},
		{"Orders/RoundTrip", testOrderRoundTrip},
		{"Orders/EmptyFields", testOrderEmptyFields},
		{"Orders/Update", testOrderUpdate},
		{"Orders/ErrVersionConflict", testOrderVersionConflict},
		{"Orders/ErrNotFound", testOrderNotFound},
		{"Orders/ErrUnknownDocument", testOrderUnknownDocument},
		{"Orders/ConcurrentUpdates", testOrderConcurrentUpdates},
		{"Orders/FindByDocumentID", testFindOrderByDocumentID},
		{"Orders/Find", testFindOrders},
		{"Orders/Keys", testFindOrderKeys},
		{"Bank/CSVMappings", testBankCSVMappings},
		{"Orders/FindLimits", testFindOrdersLimits},
		{"Orders/Duplicates", testFindDuplicateOrders},
		{"Orders/Exposure", testCustomerExposure},
		{"Orders/Count", testCountOrders},
		{"Events", testEvents},
		{"MasterData/Upsert", testMasterDataUpsert},
		{"MasterData/Empty", testMasterDataEmpty},
		{"MasterData/ErrNotFound", testMasterDataNotFound},
		{"APIKeys", testAPIKeys},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"Orders/Facts", testOrderFacts},
		{"MailboxState", testMailboxState},
		{"SheetProfiles", testSheetProfiles},
		{"LayoutTemplates", testLayoutTemplates},
		{"Archive/CreateAndFind", testArchiveCreateAndFind},
		{"Archive/Search", testArchiveSearch},
		{"Archive/DeleteExpired", testArchiveDeleteExpired},
		{"Archive/AppendOnly", testArchiveAppendOnly},
		{"Archive/ConcurrentAppends", testArchiveConcurrentAppends},
		{"Alerts/Rules", testAlertRules},
		{"Alerts/Records", testAlertRecords},
		{"Alerts/StuckOrders", testStuckOrders},
		{"Invoices/RoundTrip", testInvoiceRoundTrip},
		{"Invoices/IssuedIsFrozen", testInvoiceIssuedIsFrozen},
		{"Invoices/Conflicts", testInvoiceConflicts},
		{"Invoices/Find", testFindInvoices},
		{"Invoices/NumbersGapFree", testInvoiceNumbersGapFree},
		{"Invoices/NumberGivenBack", testInvoiceNumberGivenBack},
		{"Invoices/Settings", testInvoicingSettings},
		{"Bank/ImportDedupe", testBankImportDedupe},
		{"Bank/TransactionRoundTrip", testBankTransactionRoundTrip},
		{"Bank/Ledger", testBankLedger},
		{"Bank/PayerKnowledge", testPayerKnowledge},
		{"Disputes/RoundTrip", testDisputeRoundTrip},
		{"Disputes/Conflicts", testDisputeConflicts},
		{"Disputes/Find", testFindDisputes},
		{"Disputes/SentReminders", testSentReminders},
		{"Portal/Users", testPortalUsers},
		{"Portal/Sessions", testPortalSessions},
		{"Portal/CustomerOrders", testCustomerOrders},
		{"Tx/Now", testTxNow},
		{"Tx/RollbackOnError", testTxRollback},
		{"Tx/RollbackOnPanic", testTxPanic},
		{"Tx/EnqueueCommits", testTxEnqueue},
		{"Tx/EnqueueErrorRollsBack", testTxEnqueueError},
		{"Tx/ReadsOwnWrites", testTxReadsOwnWrites},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
}

// inTx runs fn in a transaction that must commit.
func inTx(t *testing.T, s o2c.Store, fn func(tx o2c.Tx)) {
	t.Helper()
	if err := s.InTx(t.Context(), func(tx o2c.Tx) error { fn(tx); return nil }); err != nil {
		t.Fatalf("transaction: %v", err)
	}
}

// must fails the test on err.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantCode fails the test unless err carries code.
func wantCode(t *testing.T, err error, code o2c.Code) {
	t.Helper()
	if got := o2c.ErrorCode(err); got != code {
		t.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

// wantJSON compares two values by their JSON, which shows every field of the domain types,
// decimals as text and instants with their zone.
func wantJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	g, err := json.MarshalIndent(got, "", "  ")
	must(t, err)
	w, err := json.MarshalIndent(want, "", "  ")
	must(t, err)
	if !bytes.Equal(g, w) {
		t.Fatalf("%s:\ngot  %s\nwant %s", what, g, w)
	}
}

// exact writes a decimal with its own scale: "12.50" stays "12.50" (String trims trailing zeros).
func exact(d decimal.Decimal) string { return d.StringFixed(max(0, -d.Exponent())) }

// wantExact fails unless d is written exactly s, scale included.
func wantExact(t *testing.T, what string, d decimal.Decimal, s string) {
	t.Helper()
	if got := exact(d); got != s {
		t.Fatalf("%s = %s, want exactly %s", what, got, s)
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func decp(s string) *decimal.Decimal {
	d := dec(s)
	return &d
}

// stored is an instant as a store gives it back: UTC, microseconds.
func stored(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// createDocument stores a small document under key.
func createDocument(t *testing.T, s o2c.Store, key string) *o2c.Document {
	t.Helper()
	d := &o2c.Document{NaturalKey: key, Channel: o2c.ChannelEmail, Filename: key + ".pdf",
		ContentType: "application/pdf", Sender: "buyer@example.com", SHA256: "00", Size: 3, Content: []byte("pdf")}
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.CreateDocument(t.Context(), d)) })
	return d
}

// createOrders stores orders in one transaction.
func createOrders(t *testing.T, s o2c.Store, orders ...*o2c.Order) {
	t.Helper()
	inTx(t, s, func(tx o2c.Tx) {
		for _, o := range orders {
			must(t, tx.CreateOrder(t.Context(), o))
		}
	})
}

// ids returns the IDs of orders.
func ids(orders []*o2c.Order) []int64 {
	out := make([]int64, len(orders))
	for i, o := range orders {
		out[i] = o.ID
	}
	return out
}

// enqueuerSetter is a store whose job queue a test can replace (*sqlstore.DB).
type enqueuerSetter interface {
	SetEnqueuer(sqlstore.Enqueuer)
}

func setEnqueuer(t *testing.T, s o2c.Store, e sqlstore.Enqueuer) {
	t.Helper()
	es, ok := s.(enqueuerSetter)
	if !ok {
		t.Fatalf("%T has no SetEnqueuer(sqlstore.Enqueuer)", s)
	}
	es.SetEnqueuer(e)
}

var errTest = errors.New("storetest: the transaction fails on purpose")

func ctx(t *testing.T) context.Context { return t.Context() }
