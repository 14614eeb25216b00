package app_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
	"github.com/o2c-project/o2c/erp/file"
	"github.com/o2c-project/o2c/sqlite"
	"github.com/o2c-project/o2c/sqlstore"
)

// now is the clock of every test store: one instant, so that "today" and the delivery dates
// derived from it are known. 2 March 2026 is a Monday.
var now = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// today is the business date of now in the zone of app.NewOrders (UTC).
var today = cal.DateIn(now, time.UTC)

// The customer of the clean orders: an EUR customer with a high credit limit and no agreed
// price on the products below, found by its VAT id.
const cleanCustomer = "C10014" // Berliner Kantinen Service GmbH

// The products of the clean orders: one with a minimum order quantity, one with a pack size.
const (
	skuMinQty = "BEV-1054" // still water, minimum order quantity 5
	skuPack   = "BEV-1046" // whole milk, pack size 6
)

// bundle is the order pipeline over a fresh SQLite database holding the demo master data.
type bundle struct {
	store  *sqlstore.DB
	orders *app.Orders
	md     *app.MasterData
	keys   *app.Keys
	jobs   *jobLog
	outbox string
	master *o2c.MasterData // what was imported
}

type options struct {
	noMasterData bool
	erp          func(b *bundle) o2c.ERPConnector // default: the file connector on b.outbox
}

// setup opens the store, records jobs in jobLog and imports the demo master data.
func setup(t *testing.T, opts ...func(*options)) *bundle {
	t.Helper()
	var o options
	for _, f := range opts {
		f(&o)
	}
	store := sqlite.MustOpenTest(t, sqlstore.Options{Now: func() time.Time { return now }})
	jobs := newJobLog(t, store)
	b := &bundle{store: store, jobs: jobs, outbox: filepath.Join(t.TempDir(), "outbox"),
		md: &app.MasterData{Store: store}, keys: &app.Keys{Store: store}}
	var erp o2c.ERPConnector
	if o.erp != nil {
		erp = o.erp(b)
	} else {
		c, err := file.New(b.outbox)
		if err != nil {
			t.Fatal(err)
		}
		erp = c
	}
	b.orders = app.NewOrders(store, erp)
	b.orders.Now = func() time.Time { return now }
	b.orders.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	if !o.noMasterData {
		b.master = demo.MasterData()
		if _, err := b.md.Upsert(t.Context(), b.master, "test"); err != nil {
			t.Fatalf("import demo master data: %v", err)
		}
	}
	return b
}

func withoutMasterData(o *options) { o.noMasterData = true }

func withERP(f func(b *bundle) o2c.ERPConnector) func(*options) {
	return func(o *options) { o.erp = f }
}

// jobLog is an sqlstore.Enqueuer that writes each job into a table of the transaction it is
// given, so that a job is seen if and only if its transaction committed, as with the real queue.
type jobLog struct {
	db *sql.DB
}

type job struct {
	Kind    string
	OrderID int64
}

func newJobLog(t *testing.T, store *sqlstore.DB) *jobLog {
	t.Helper()
	j := &jobLog{db: store.WriteDB()}
	if _, err := j.db.ExecContext(t.Context(),
		`CREATE TABLE test_jobs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, args TEXT NOT NULL)`); err != nil {
		t.Fatalf("create job log: %v", err)
	}
	store.SetEnqueuer(j.enqueue)
	return j
}

func (j *jobLog) enqueue(ctx context.Context, tx *sql.Tx, jobs []o2c.JobArgs) error {
	for _, jb := range jobs {
		args, err := json.Marshal(jb)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO test_jobs (kind, args) VALUES (?, ?)`, jb.Kind(), string(args)); err != nil {
			return fmt.Errorf("log job: %w", err)
		}
	}
	return nil
}

// all returns the committed jobs in the order they were enqueued.
func (j *jobLog) all(t *testing.T) []job {
	t.Helper()
	rows, err := j.db.QueryContext(t.Context(), `SELECT kind, args FROM test_jobs ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []job
	for rows.Next() {
		var kind, args string
		if err := rows.Scan(&kind, &args); err != nil {
			t.Fatal(err)
		}
		var a struct {
			OrderID int64 `json:"order_id"`
		}
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			t.Fatal(err)
		}
		out = append(out, job{Kind: kind, OrderID: a.OrderID})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// of returns the committed jobs of one order.
func (j *jobLog) of(t *testing.T, orderID int64) []job {
	t.Helper()
	var out []job
	for _, jb := range j.all(t) {
		if jb.OrderID == orderID {
			out = append(out, jb)
		}
	}
	return out
}

func processJob(id int64) job { return job{Kind: o2c.ProcessOrderJob{}.Kind(), OrderID: id} }
func postJob(id int64) job    { return job{Kind: o2c.PostOrderJob{}.Kind(), OrderID: id} }

// product returns a demo product.
func (b *bundle) product(t *testing.T, sku string) *o2c.Product {
	t.Helper()
	for i := range b.master.Products {
		if b.master.Products[i].SKU == sku {
			return &b.master.Products[i]
		}
	}
	t.Fatalf("no demo product %s", sku)
	return nil
}

// customer returns a demo customer.
func (b *bundle) customer(t *testing.T, id string) *o2c.Customer {
	t.Helper()
	for i := range b.master.Customers {
		if b.master.Customers[i].ID == id {
			return &b.master.Customers[i]
		}
	}
	t.Fatalf("no demo customer %s", id)
	return nil
}

// validQty returns the n-th (0-based) quantity of p that keeps its rules: at least the minimum
// order quantity, a multiple of the pack size, within stock.
func validQty(t *testing.T, p *o2c.Product, n int) decimal.Decimal {
	t.Helper()
	step := decimal.NewFromInt(1)
	if p.PackSize != nil {
		step = *p.PackSize
	}
	q := step
	if p.MinOrderQty != nil {
		for q.LessThan(*p.MinOrderQty) {
			q = q.Add(step)
		}
	}
	q = q.Add(step.Mul(decimal.NewFromInt(int64(n))))
	if p.StockQty != nil && q.GreaterThan(*p.StockQty) {
		t.Fatalf("quantity %s of %s is more than its stock %s: pick another product", q, p.SKU, p.StockQty)
	}
	return q
}

// cleanDraft is an order that passes every rule: an EUR customer named by its VAT id, two lines
// at list price whose quantities respect the minimum order quantity and the pack size, and a
// delivery date a week ahead. n varies the first quantity, so that orders of one test are not
// duplicates of each other by content.
func (b *bundle) cleanDraft(t *testing.T, po string, n int) o2c.OrderDraft {
	t.Helper()
	c := b.customer(t, cleanCustomer)
	if c.Currency != "EUR" {
		t.Fatalf("customer %s is invoiced in %s, want EUR", c.ID, c.Currency)
	}
	d := o2c.OrderDraft{
		DocumentType:          o2c.DocPurchaseOrder,
		Source:                &o2c.Source{Channel: o2c.ChannelAPI},
		PONumber:              po,
		OrderDate:             today,
		RequestedDeliveryDate: today.AddDays(7),
		Currency:              "EUR",
		Buyer: &o2c.Party{Name: c.Name, VATID: c.VATID, Street: c.Street, PostalCode: c.PostalCode,
			City: c.City, Country: c.Country},
	}
	for i, sku := range []string{skuMinQty, skuPack} {
		p := b.product(t, sku)
		k := 0
		if i == 0 {
			k = n
		}
		qty := validQty(t, p, k)
		price := *p.UnitPrice
		total := qty.Mul(price).Round(2)
		d.Lines = append(d.Lines, o2c.DraftLine{LineNo: i + 1, SupplierSKU: p.SKU, Description: p.Description,
			Quantity: &qty, Unit: p.Unit, UnitPrice: &price, LineTotal: &total})
	}
	return d
}

// receive stores drafts as one API document and returns its orders.
func (b *bundle) receive(t *testing.T, key string, drafts ...o2c.OrderDraft) []*o2c.Order {
	t.Helper()
	content, err := json.Marshal(drafts)
	if err != nil {
		t.Fatal(err)
	}
	r, err := b.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelAPI, Sender: "api:test",
		ContentType: "application/json", Content: content, NaturalKey: key, Drafts: drafts, Actor: "api:test"})
	if err != nil {
		t.Fatalf("receive %s: %v", key, err)
	}
	if !r.Created || len(r.Orders) != len(drafts) {
		t.Fatalf("receive %s: created %v with %d orders, want a new document with %d", key, r.Created, len(r.Orders), len(drafts))
	}
	return r.Orders
}

// approvedOrder receives a clean order and returns it, approved.
func (b *bundle) approvedOrder(t *testing.T, po string, n int) *o2c.Order {
	t.Helper()
	o := b.receive(t, "key-"+po, b.cleanDraft(t, po, n))[0]
	if o.Status != o2c.OrderApproved {
		t.Fatalf("clean order %s is %s with anomalies %v, want approved", po, o.Status, o.Anomalies)
	}
	return o
}

// reviewOrder receives an order whose second line names a product we do not sell, and returns
// it, in review.
func (b *bundle) reviewOrder(t *testing.T, po string) *o2c.Order {
	t.Helper()
	d := b.cleanDraft(t, po, 0)
	d.Lines[1].SupplierSKU = "ZZZ-9999"
	d.Lines[1].GTIN = ""
	d.Lines[1].Description = "Flux capacitor, 1.21 GW"
	o := b.receive(t, "key-"+po, d)[0]
	if o.Status != o2c.OrderNeedsReview {
		t.Fatalf("order %s is %s, want needs_review", po, o.Status)
	}
	return o
}

// order reads an order from the store.
func (b *bundle) order(t *testing.T, id int64) *o2c.Order {
	t.Helper()
	o, err := b.store.FindOrderByID(t.Context(), id)
	if err != nil {
		t.Fatalf("find order %d: %v", id, err)
	}
	return o
}

// events returns an order's audit trail.
func (b *bundle) events(t *testing.T, id int64) []o2c.AuditEvent {
	t.Helper()
	es, err := b.store.FindEvents(t.Context(), "order", fmt.Sprint(id))
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// statusTrail is an order's status events as "from>to" (from "" for the first).
func statusTrail(t *testing.T, es []o2c.AuditEvent) []string {
	t.Helper()
	var out []string
	for _, e := range es {
		if e.Action != "received" && e.Action != "status" {
			continue
		}
		out = append(out, eventStatus(t, e.Before)+">"+eventStatus(t, e.After))
	}
	return out
}

func eventStatus(t *testing.T, raw json.RawMessage) string {
	t.Helper()
	if len(raw) == 0 {
		return ""
	}
	var v struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("event state %s: %v", raw, err)
	}
	return v.Status
}

// countPosted counts the events that moved an order to posted.
func countPosted(t *testing.T, es []o2c.AuditEvent) int {
	t.Helper()
	n := 0
	for _, e := range es {
		if e.Action == "status" && eventStatus(t, e.After) == string(o2c.OrderPosted) {
			n++
		}
	}
	return n
}

func anomalyCodes(o *o2c.Order) []o2c.AnomalyCode {
	var out []o2c.AnomalyCode
	for _, a := range o.Anomalies {
		out = append(out, a.Code)
	}
	return out
}

// outboxFiles lists the outbox, sorted.
func outboxFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}

// holdWriter takes the store's one writer connection until the returned function is called, so
// that writers arriving meanwhile queue up behind it.
func holdWriter(t *testing.T, store o2c.Store) (release func()) {
	t.Helper()
	held, done := make(chan struct{}), make(chan error, 1)
	releaseCh := make(chan struct{})
	go func() {
		done <- store.InTx(context.Background(), func(o2c.Tx) error {
			close(held)
			<-releaseCh
			return nil
		})
	}()
	select {
	case <-held:
	case <-time.After(10 * time.Second):
		t.Fatal("the writer connection was not free within 10 s")
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			close(releaseCh)
			if err := <-done; err != nil {
				t.Errorf("holding transaction: %v", err)
			}
		})
	}
	t.Cleanup(release)
	return release
}

// waitGoroutines waits until n goroutines have frames in functions whose names contain each of
// fns (e.g. the use case's internal step and the test that started them, since tests run in
// parallel). It is how a test knows that concurrent callers have all reached a point where they
// block.
func waitGoroutines(t *testing.T, n int, fns ...string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	buf := make([]byte, 1<<20)
	for {
		m := runtime.Stack(buf, true)
		if m == len(buf) {
			buf = make([]byte, 2*len(buf))
			continue
		}
		got := 0
		for g := range strings.SplitSeq(string(buf[:m]), "\n\n") {
			if !strings.HasPrefix(g, "goroutine ") {
				continue
			}
			all := true
			for _, fn := range fns {
				all = all && strings.Contains(g, fn)
			}
			if all {
				got++
			}
		}
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines in %v after 10 s, want %d", got, fns, n)
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}

// wantCode fails unless err carries code.
func wantCode(t *testing.T, err error, code o2c.Code) {
	t.Helper()
	if got := o2c.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}
