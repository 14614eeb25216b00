package storetest

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
)

func testTxNow(t *testing.T, s o2c.Store) {
	var first time.Time
	inTx(t, s, func(tx o2c.Tx) {
		first = tx.Now()
		if first.Location() != time.UTC || first != first.Truncate(time.Microsecond) || first.IsZero() {
			t.Fatalf("Now() = %v: want a UTC instant in microseconds", first)
		}
		_, err := tx.CountOrders(ctx(t)) // some time passes
		must(t, err)
		if tx.Now() != first {
			t.Fatalf("Now() changed within a transaction: %v, then %v", first, tx.Now())
		}
	})
	inTx(t, s, func(tx o2c.Tx) {
		if tx.Now().Before(first) {
			t.Fatalf("a later transaction's Now %v is before %v", tx.Now(), first)
		}
	})
}

// jobRecorder is an Enqueuer that records what it was given and checks, through a query, that
// the *sql.Tx is the transaction that created the order the job is about.
type jobRecorder struct {
	mu      sync.Mutex
	jobs    []o2c.JobArgs
	sawRows []int // for each call, how many rows its tx sees for the job's order
	err     error // returned by every call
}

func (r *jobRecorder) enqueue(ctx context.Context, tx *sql.Tx, jobs []o2c.JobArgs) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.jobs = append(r.jobs, jobs...)
	if j, ok := jobs[0].(o2c.ProcessOrderJob); ok {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE id = $1`, j.OrderID).Scan(&n); err != nil {
			return err
		}
		r.sawRows = append(r.sawRows, n)
	}
	return r.err
}

// writeEverything makes one of every write in tx.
func writeEverything(t *testing.T, tx o2c.Tx) *o2c.Order {
	d := &o2c.Document{NaturalKey: "everything", Channel: o2c.ChannelAPI, SHA256: "00", Content: []byte("{}")}
	must(t, tx.CreateDocument(ctx(t), d))
	o := &o2c.Order{Status: o2c.OrderApproved, Channel: o2c.ChannelAPI, DocumentID: d.ID, CustomerID: "C1", NetTotal: dec("10.00")}
	must(t, tx.CreateOrder(ctx(t), o))
	o.Status = o2c.OrderPosted
	must(t, tx.UpdateOrder(ctx(t), o))
	must(t, tx.AddEvent(ctx(t), &o2c.AuditEvent{Entity: "order", EntityID: "1", Action: "created", Actor: o2c.ActorSystem}))
	_, err := tx.UpsertMasterData(ctx(t), masterData())
	must(t, err)
	must(t, tx.CreateAPIKey(ctx(t), &o2c.APIKey{Name: "k", Prefix: "p", Hash: "h", Scopes: []o2c.Scope{o2c.ScopeAdmin}}))
	must(t, tx.SaveMailboxState(ctx(t), o2c.MailboxState{Mailbox: "everything", UIDValidity: 1, LastUID: 2}))
	must(t, tx.Enqueue(ctx(t), o2c.ProcessOrderJob{OrderID: o.ID}))
	return o
}

// wantNothing fails unless the store holds nothing that writeEverything writes.
func wantNothing(t *testing.T, s o2c.Store, o *o2c.Order) {
	t.Helper()
	_, err := s.FindDocumentByNaturalKey(ctx(t), "everything")
	wantCode(t, err, o2c.CodeNotFound)
	_, err = s.FindOrderByID(ctx(t), o.ID)
	wantCode(t, err, o2c.CodeNotFound)
	_, total, err := s.FindOrders(ctx(t), o2c.OrderFilter{})
	must(t, err)
	events, err := s.FindEvents(ctx(t), "order", "1")
	must(t, err)
	md, err := s.LoadMasterData(ctx(t))
	must(t, err)
	v, err := s.MasterDataVersion(ctx(t))
	must(t, err)
	keys, err := s.FindAPIKeys(ctx(t))
	must(t, err)
	_, err = s.FindMailboxState(ctx(t), "everything")
	wantCode(t, err, o2c.CodeNotFound)
	if total != 0 || len(events) != 0 || len(md.Customers) != 0 || len(md.CustomerPrices) != 0 || v != 0 || len(keys) != 0 {
		t.Fatalf("a rolled-back transaction left %d orders, %d events, %d customers, %d prices, version %d, %d keys",
			total, len(events), len(md.Customers), len(md.CustomerPrices), v, len(keys))
	}
}

func testTxRollback(t *testing.T, s o2c.Store) {
	rec := &jobRecorder{}
	setEnqueuer(t, s, rec.enqueue)
	var o *o2c.Order
	err := s.InTx(ctx(t), func(tx o2c.Tx) error {
		o = writeEverything(t, tx)
		return errTest
	})
	if !errors.Is(err, errTest) {
		t.Fatalf("InTx returned %v, want fn's error", err)
	}
	wantNothing(t, s, o)
	if len(rec.jobs) != 1 || len(rec.sawRows) != 1 || rec.sawRows[0] != 1 {
		t.Fatalf("enqueuer got jobs %v and saw the order %v times: want one job on the transaction that created it", rec.jobs, rec.sawRows)
	}

	// The code of fn's error survives.
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return o2c.Errorf(o2c.CodeInvalid, "no") })
	wantCode(t, err, o2c.CodeInvalid)
}

func testTxPanic(t *testing.T, s o2c.Store) {
	setEnqueuer(t, s, func(context.Context, *sql.Tx, []o2c.JobArgs) error { return nil })
	var o *o2c.Order
	func() {
		defer func() {
			if r := recover(); r != errTest {
				t.Fatalf("recovered %v, want the panic of fn", r)
			}
		}()
		_ = s.InTx(ctx(t), func(tx o2c.Tx) error {
			o = writeEverything(t, tx)
			panic(errTest)
		})
	}()
	wantNothing(t, s, o)
	// The connection went back to the pool: on SQLite it is the only writer.
	createDocument(t, s, "after-panic")
}

func testTxEnqueue(t *testing.T, s o2c.Store) {
	rec := &jobRecorder{}
	setEnqueuer(t, s, rec.enqueue)
	doc := createDocument(t, s, "doc")
	o := &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelEmail, DocumentID: doc.ID}
	inTx(t, s, func(tx o2c.Tx) {
		must(t, tx.CreateOrder(ctx(t), o))
		must(t, tx.Enqueue(ctx(t), o2c.ProcessOrderJob{OrderID: o.ID}, o2c.PostOrderJob{OrderID: o.ID}))
		must(t, tx.Enqueue(ctx(t))) // nothing to do
	})
	if _, err := s.FindOrderByID(ctx(t), o.ID); err != nil {
		t.Fatal(err)
	}
	want := []o2c.JobArgs{o2c.ProcessOrderJob{OrderID: o.ID}, o2c.PostOrderJob{OrderID: o.ID}}
	if len(rec.jobs) != 2 || rec.jobs[0] != want[0] || rec.jobs[1] != want[1] || len(rec.sawRows) != 1 || rec.sawRows[0] != 1 {
		t.Fatalf("enqueued %v (order seen %v times), want %v on the order's transaction", rec.jobs, rec.sawRows, want)
	}
}

func testTxEnqueueError(t *testing.T, s o2c.Store) {
	queueDown := errors.New("queue is down")
	rec := &jobRecorder{err: queueDown}
	setEnqueuer(t, s, rec.enqueue)
	var o *o2c.Order
	err := s.InTx(ctx(t), func(tx o2c.Tx) error {
		d := &o2c.Document{NaturalKey: "everything", Channel: o2c.ChannelAPI, SHA256: "00", Content: []byte("{}")}
		must(t, tx.CreateDocument(ctx(t), d))
		o = &o2c.Order{Status: o2c.OrderReceived, Channel: o2c.ChannelAPI, DocumentID: d.ID}
		must(t, tx.CreateOrder(ctx(t), o))
		return tx.Enqueue(ctx(t), o2c.ProcessOrderJob{OrderID: o.ID})
	})
	if !errors.Is(err, queueDown) {
		t.Fatalf("InTx returned %v, want the enqueuer's error", err)
	}
	wantNothing(t, s, o)
}

func testTxReadsOwnWrites(t *testing.T, s o2c.Store) {
	setEnqueuer(t, s, func(context.Context, *sql.Tx, []o2c.JobArgs) error { return nil })
	inTx(t, s, func(tx o2c.Tx) {
		o := writeEverything(t, tx)
		d, err := tx.FindDocumentByNaturalKey(ctx(t), "everything")
		must(t, err)
		if _, err := tx.FindDocumentByID(ctx(t), d.ID); err != nil {
			t.Fatal(err)
		}
		got, err := tx.FindOrderByID(ctx(t), o.ID)
		must(t, err)
		wantJSON(t, "order", got, o)
		if _, err := tx.FindOrderByDocumentID(ctx(t), d.ID); err != nil {
			t.Fatal(err)
		}
		found, total, err := tx.FindOrders(ctx(t), o2c.OrderFilter{CustomerID: "C1"})
		must(t, err)
		if total != 1 || len(found) != 1 {
			t.Fatalf("FindOrders in the transaction: %d of %d", len(found), total)
		}
		dups, err := tx.FindDuplicateOrders(ctx(t), o2c.DuplicateQuery{CustomerID: "C1", ContentHash: "", PONumber: "", ExcludeID: 0})
		must(t, err)
		if len(dups) != 0 {
			t.Fatalf("duplicates %v", ids(dups))
		}
		exposure, err := tx.CustomerExposure(ctx(t), "C1", 0)
		must(t, err)
		if !exposure.Equal(dec("10")) {
			t.Fatalf("exposure in the transaction = %s, want 10", exposure)
		}
		counts, err := tx.CountOrders(ctx(t))
		must(t, err)
		if counts.Total != 1 || counts.ByStatus[o2c.OrderPosted] != 1 {
			t.Fatalf("counts in the transaction %+v", counts)
		}
		events, err := tx.FindEvents(ctx(t), "order", "1")
		must(t, err)
		if len(events) != 1 {
			t.Fatalf("%d events in the transaction", len(events))
		}
		md, err := tx.LoadMasterData(ctx(t))
		must(t, err)
		if len(md.Customers) != 2 {
			t.Fatalf("%d customers in the transaction", len(md.Customers))
		}
		if _, err := tx.FindCustomerByID(ctx(t), "C1"); err != nil {
			t.Fatal(err)
		}
		if _, err := tx.FindProductBySKU(ctx(t), "P1"); err != nil {
			t.Fatal(err)
		}
		if v, err := tx.MasterDataVersion(ctx(t)); err != nil || v != 1 {
			t.Fatalf("master data version in the transaction %d, %v", v, err)
		}
		if k, err := tx.FindAPIKeyByHash(ctx(t), "h"); err != nil || k.Name != "k" {
			t.Fatalf("key in the transaction %+v, %v", k, err)
		}
		if keys, err := tx.FindAPIKeys(ctx(t)); err != nil || len(keys) != 1 {
			t.Fatalf("keys in the transaction %d, %v", len(keys), err)
		}
		if m, err := tx.FindMailboxState(ctx(t), "everything"); err != nil || m.UIDValidity != 1 || m.LastUID != 2 {
			t.Fatalf("mailbox state in the transaction %+v, %v", m, err)
		}
	})
}
