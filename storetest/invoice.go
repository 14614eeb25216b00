package storetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// invoiceOf returns a draft invoice of customer for orders.
func invoiceOf(customer string, orderIDs ...int64) *o2c.Invoice {
	return &o2c.Invoice{Series: "INV", Kind: o2c.KindInvoice, Status: o2c.InvoiceDraft, CustomerID: customer,
		OrderIDs: orderIDs, PONumbers: []string{"PO-7", "PO-8"}, Document: json.RawMessage(`{"lines":[{"id":"1"}]}`),
		Currency: "EUR", IssueDate: cal.MustParse("2026-03-02"), DueDate: cal.MustParse("2026-04-01"),
		NetTotal: dec("100.00"), VATTotal: dec("20.00"), GrossTotal: dec("120.00"), AmountDue: dec("120.00"),
		AmountPaid: dec("0.00"), AmountDisputed: dec("0.00"), Format: o2c.FormatFacturX, Language: "de",
		Faults: []o2c.Fault{{Rule: "BR-02", Path: "$.number", Message: "no number"}}}
}

// shippedOrders stores n shipped orders and returns their ids.
func shippedOrders(t *testing.T, s o2c.Store, n int) []int64 {
	t.Helper()
	doc := createDocument(t, s, fmt.Sprintf("shipped-%d", n))
	var orders []*o2c.Order
	for range n {
		orders = append(orders, &o2c.Order{Status: o2c.OrderShipped, Channel: o2c.ChannelEmail, DocumentID: doc.ID,
			CustomerID: "C1", NetTotal: dec("100.00")})
	}
	createOrders(t, s, orders...)
	return ids(orders)
}

func testInvoiceRoundTrip(t *testing.T, s o2c.Store) {
	_, err := s.FindInvoiceByID(ctx(t), 1)
	wantCode(t, err, o2c.CodeNotFound)
	_, err = s.FindInvoiceByNumber(ctx(t), "F2026-000001")
	wantCode(t, err, o2c.CodeNotFound)

	orders := shippedOrders(t, s, 2)
	draft := invoiceOf("C1", orders...)
	var created time.Time
	inTx(t, s, func(tx o2c.Tx) {
		created = tx.Now()
		must(t, tx.CreateInvoice(ctx(t), draft))
		got, err := tx.FindInvoiceByID(ctx(t), draft.ID)
		must(t, err)
		wantJSON(t, "draft in the transaction", got, draft)
	})
	if draft.ID == 0 || draft.Version != 1 || !draft.CreatedAt.Equal(created) || !draft.UpdatedAt.Equal(created) {
		t.Fatalf("created draft %+v", draft)
	}
	got, err := s.FindInvoiceByID(ctx(t), draft.ID)
	must(t, err)
	wantJSON(t, "stored draft", got, draft)
	wantExact(t, "gross_total", got.GrossTotal, "120.00")

	// A draft may change anything; issuing gives it a number.
	issue := *got
	issue.Number, issue.Status, issue.Faults = "F2026-000001", o2c.InvoiceIssued, nil
	issue.Document = json.RawMessage(`{"number":"F2026-000001","lines":[{"id":"1"}]}`)
	issue.GrossTotal, issue.AmountDue, issue.IssuedAt = dec("120.01"), dec("120.01"), created.Add(time.Second)
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.UpdateInvoice(ctx(t), &issue)) })
	if issue.Version != 2 {
		t.Fatalf("version after update %d, want 2", issue.Version)
	}
	got, err = s.FindInvoiceByNumber(ctx(t), "F2026-000001")
	must(t, err)
	issue.Faults = []o2c.Fault{} // stored as an empty list
	wantJSON(t, "issued invoice", got, &issue)

	// The order filter finds it through its links.
	list, total, err := s.FindInvoices(ctx(t), o2c.InvoiceFilter{OrderID: orders[1]})
	must(t, err)
	if total != 1 || len(list) != 1 || list[0].ID != draft.ID {
		t.Fatalf("invoices of order %d: %d (total %d), want invoice %d", orders[1], len(list), total, draft.ID)
	}

	// Stale versions are refused.
	stale := *got
	stale.Version = 1
	stale.Status = o2c.InvoiceSent
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.UpdateInvoice(ctx(t), &stale) })
	wantCode(t, err, o2c.CodeConflict)
	missing := *got
	missing.ID = 999
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.UpdateInvoice(ctx(t), &missing) })
	wantCode(t, err, o2c.CodeNotFound)
}

func testInvoiceIssuedIsFrozen(t *testing.T, s o2c.Store) {
	inv := invoiceOf("C1", shippedOrders(t, s, 1)...)
	inv.Number, inv.Status = "F2026-000009", o2c.InvoiceIssued
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.CreateInvoice(ctx(t), inv)) })

	for _, tt := range []struct {
		name   string
		change func(i *o2c.Invoice)
	}{
		{"Content", func(i *o2c.Invoice) { i.Document = json.RawMessage(`{"lines":[{"id":"2"}]}`) }},
		{"Number", func(i *o2c.Invoice) { i.Number = "F2026-000010" }},
		{"GrossTotal", func(i *o2c.Invoice) { i.GrossTotal = dec("1.00") }},
		{"DueDate", func(i *o2c.Invoice) { i.DueDate = cal.MustParse("2026-05-01") }},
		{"Customer", func(i *o2c.Invoice) { i.CustomerID = "C2" }},
		{"Orders", func(i *o2c.Invoice) { i.OrderIDs = nil }},
	} {
		t.Run("Err"+tt.name, func(t *testing.T) {
			cur, err := s.FindInvoiceByID(ctx(t), inv.ID)
			must(t, err)
			tt.change(cur)
			err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.UpdateInvoice(ctx(t), cur) })
			wantCode(t, err, o2c.CodeInvalid)
		})
	}
	// Its life goes on: status, payments and links change.
	cur, err := s.FindInvoiceByID(ctx(t), inv.ID)
	must(t, err)
	cur.Status, cur.AmountPaid, cur.SentAt = o2c.InvoicePartiallyPaid, dec("20.00"), time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC)
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.UpdateInvoice(ctx(t), cur)) })
	got, err := s.FindInvoiceByID(ctx(t), inv.ID)
	must(t, err)
	if got.Status != o2c.InvoicePartiallyPaid || got.Balance().StringFixed(2) != "100.00" || !got.SentAt.Equal(cur.SentAt) {
		t.Fatalf("after payment %+v", got)
	}
	if string(got.Document) != string(inv.Document) {
		t.Fatalf("content changed: %s", got.Document)
	}
}

func testInvoiceConflicts(t *testing.T, s o2c.Store) {
	orders := shippedOrders(t, s, 2)
	first := invoiceOf("C1", orders[0])
	first.Number, first.Status = "F2026-000001", o2c.InvoiceIssued
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.CreateInvoice(ctx(t), first)) })

	// An order is invoiced once, and a number is used once; nothing of the failed create stays.
	err := s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateInvoice(ctx(t), invoiceOf("C1", orders[1], orders[0])) })
	wantCode(t, err, o2c.CodeConflict)
	again := invoiceOf("C1", orders[1])
	again.Number, again.Status = "F2026-000001", o2c.InvoiceIssued
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateInvoice(ctx(t), again) })
	wantCode(t, err, o2c.CodeConflict)
	list, total, err := s.FindInvoices(ctx(t), o2c.InvoiceFilter{})
	must(t, err)
	if total != 1 || len(list) != 1 {
		t.Fatalf("%d invoices stored, want 1", total)
	}
	// Rules the store keeps by itself.
	bad := invoiceOf("C1")
	bad.Status = o2c.InvoiceIssued // without a number
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateInvoice(ctx(t), bad) })
	wantCode(t, err, o2c.CodeInvalid)
	bad = invoiceOf("C1")
	bad.GrossTotal = dec("1.001") // more places than EUR has
	err = s.InTx(ctx(t), func(tx o2c.Tx) error { return tx.CreateInvoice(ctx(t), bad) })
	wantCode(t, err, o2c.CodeInvalid)
}

func testFindInvoices(t *testing.T, s o2c.Store) {
	mk := func(number, customer string, status o2c.InvoiceStatus, issued, due string, po ...string) *o2c.Invoice {
		inv := invoiceOf(customer)
		inv.Number, inv.Status, inv.PONumbers = number, status, po
		inv.IssueDate, inv.DueDate = cal.MustParse(issued), cal.MustParse(due)
		return inv
	}
	a := mk("F2026-000001", "C1", o2c.InvoiceSent, "2026-01-10", "2026-02-09", "PO-A1")
	b := mk("F2026-000002", "C1", o2c.InvoicePaid, "2026-01-20", "2026-02-19", "PO-B1")
	c := mk("F2026-000003", "C2", o2c.InvoiceIssued, "2026-02-10", "2026-03-12", "PO-C1")
	d := mk("", "C2", o2c.InvoiceDraft, "2026-03-01", "2026-03-31")
	inTx(t, s, func(tx o2c.Tx) {
		for _, inv := range []*o2c.Invoice{a, b, c, d} {
			must(t, tx.CreateInvoice(ctx(t), inv))
		}
		cn := mk("A2026-000001", "C1", o2c.InvoiceIssued, "2026-02-01", "2026-02-01")
		cn.Kind, cn.Series, cn.CorrectsID = o2c.KindCreditNote, "CN", b.ID
		must(t, tx.CreateInvoice(ctx(t), cn))
	})
	for _, tt := range []struct {
		name string
		f    o2c.InvoiceFilter
		want []string // numbers, newest first
	}{
		{"All", o2c.InvoiceFilter{Kind: o2c.KindInvoice}, []string{"", "F2026-000003", "F2026-000002", "F2026-000001"}},
		{"Status", o2c.InvoiceFilter{Status: []o2c.InvoiceStatus{o2c.InvoiceSent, o2c.InvoicePaid}}, []string{"F2026-000002", "F2026-000001"}},
		{"Customer", o2c.InvoiceFilter{CustomerID: "C2"}, []string{"", "F2026-000003"}},
		{"IssuedRange", o2c.InvoiceFilter{IssuedFrom: cal.MustParse("2026-01-20"), IssuedTo: cal.MustParse("2026-02-10"), Kind: o2c.KindInvoice},
			[]string{"F2026-000003", "F2026-000002"}},
		{"Overdue", o2c.InvoiceFilter{DueBefore: cal.MustParse("2026-03-02"), Kind: o2c.KindInvoice}, []string{"F2026-000001"}},
		{"QueryNumber", o2c.InvoiceFilter{Query: "f2026-000003"}, []string{"F2026-000003"}},
		{"QueryPO", o2c.InvoiceFilter{Query: "po-b"}, []string{"F2026-000002"}},
		{"CreditNotes", o2c.InvoiceFilter{CorrectsID: b.ID}, []string{"A2026-000001"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := s.FindInvoices(ctx(t), tt.f)
			must(t, err)
			var got []string
			for _, inv := range list {
				got = append(got, inv.Number)
			}
			if !slices.Equal(got, tt.want) || total != len(tt.want) {
				t.Fatalf("numbers %q (total %d), want %q", got, total, tt.want)
			}
		})
	}
	list, total, err := s.FindInvoices(ctx(t), o2c.InvoiceFilter{Limit: 2, Offset: 1})
	must(t, err)
	if len(list) != 2 || total != 5 {
		t.Fatalf("page of 2 from 1: %d invoices, total %d; want 2 of 5", len(list), total)
	}
}

// testInvoiceNumbersGapFree issues from many goroutines at once, each number taken in the
// transaction that stores its invoice, retrying a transaction that conflicted: the numbers must be
// exactly 1..N.
func testInvoiceNumbersGapFree(t *testing.T, s o2c.Store) {
	const workers, each = 8, 25
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seqs []int64
		errs = make(chan error, workers)
	)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				var seq int64
				err := retryConflicts(func() error {
					return s.InTx(ctx(t), func(tx o2c.Tx) error {
						var err error
						if seq, err = tx.NextInvoiceSeq(ctx(t), "INV", 2026); err != nil {
							return err
						}
						// The number goes into Reason, not Number: the unique index on numbers
						// would turn a duplicate into a conflict and a retry, hiding it.
						inv := invoiceOf("C1")
						inv.Reason = fmt.Sprintf("F2026-%06d by worker %d, invoice %d", seq, w, i)
						return tx.CreateInvoice(ctx(t), inv)
					})
				})
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				seqs = append(seqs, seq)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	slices.Sort(seqs)
	for i, seq := range seqs {
		if seq != int64(i+1) {
			t.Fatalf("sorted numbers %v: position %d holds %d, want %d (a gap or a duplicate)", seqs, i, seq, i+1)
		}
	}
	if len(seqs) != workers*each {
		t.Fatalf("%d numbers, want %d", len(seqs), workers*each)
	}
	_, total, err := s.FindInvoices(ctx(t), o2c.InvoiceFilter{})
	must(t, err)
	if total != workers*each {
		t.Fatalf("%d invoices stored, want %d", total, workers*each)
	}
}

// retryConflicts runs fn again while it fails with CodeConflict, as a job would be retried.
func retryConflicts(fn func() error) error {
	for range 50 {
		err := fn()
		if o2c.ErrorCode(err) != o2c.CodeConflict {
			return err
		}
	}
	return fn()
}

// testInvoiceNumberGivenBack: a transaction that takes a number and then fails leaves no gap.
func testInvoiceNumberGivenBack(t *testing.T, s o2c.Store) {
	next := func() int64 {
		var seq int64
		inTx(t, s, func(tx o2c.Tx) {
			var err error
			seq, err = tx.NextInvoiceSeq(ctx(t), "INV", 2026)
			must(t, err)
		})
		return seq
	}
	if got := next(); got != 1 {
		t.Fatalf("first number %d, want 1", got)
	}
	err := s.InTx(ctx(t), func(tx o2c.Tx) error {
		seq, err := tx.NextInvoiceSeq(ctx(t), "INV", 2026)
		must(t, err)
		if seq != 2 {
			t.Errorf("number in the failing transaction %d, want 2", seq)
		}
		return errTest
	})
	if err != errTest {
		t.Fatalf("InTx = %v, want the test's error", err)
	}
	if got := next(); got != 2 {
		t.Fatalf("number after the rollback %d, want 2 again", got)
	}
	// Series and years count apart.
	inTx(t, s, func(tx o2c.Tx) {
		for _, c := range []struct {
			series string
			year   int
			want   int64
		}{{"CN", 2026, 1}, {"INV", 2027, 1}, {"INV", 2026, 3}} {
			seq, err := tx.NextInvoiceSeq(ctx(t), c.series, c.year)
			must(t, err)
			if seq != c.want {
				t.Errorf("next of %s %d = %d, want %d", c.series, c.year, seq, c.want)
			}
		}
		_, err := tx.NextInvoiceSeq(ctx(t), "", 2026)
		wantCode(t, err, o2c.CodeInvalid)
	})
}

func testInvoicingSettings(t *testing.T, s o2c.Store) {
	_, err := s.FindInvoicingSettings(ctx(t), "C1")
	wantCode(t, err, o2c.CodeNotFound)
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		st := o2c.DefaultInvoicingSettings("C1")
		return tx.SaveInvoicingSettings(ctx(t), &st)
	})
	wantCode(t, err, o2c.CodeNotFound) // no such customer yet
	inTx(t, s, func(tx o2c.Tx) { _, err := tx.UpsertMasterData(ctx(t), masterData()); must(t, err) })

	monthly := &o2c.InvoicingSettings{CustomerID: "C1", Mode: o2c.InvoiceMonthly, Format: o2c.FormatUBL, Language: "de",
		Email: "rechnung@mueller.example", Reminders: false, UpdatedBy: "api:admin"}
	var at time.Time
	inTx(t, s, func(tx o2c.Tx) { at = tx.Now(); must(t, tx.SaveInvoicingSettings(ctx(t), monthly)) })
	got, err := s.FindInvoicingSettings(ctx(t), "C1")
	must(t, err)
	if !got.UpdatedAt.Equal(at) {
		t.Fatalf("updated at %v, want %v", got.UpdatedAt, at)
	}
	wantJSON(t, "settings", got, monthly)

	per := o2c.DefaultInvoicingSettings("C2")
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.SaveInvoicingSettings(ctx(t), &per)) })
	monthly.Mode = o2c.InvoiceWeekly // replaces
	inTx(t, s, func(tx o2c.Tx) { must(t, tx.SaveInvoicingSettings(ctx(t), monthly)) })
	weekly, err := s.FindInvoicingSettingsByMode(ctx(t), o2c.InvoiceWeekly)
	must(t, err)
	if len(weekly) != 1 || weekly[0].CustomerID != "C1" || weekly[0].Email != "rechnung@mueller.example" {
		t.Fatalf("weekly customers %+v, want C1 alone", weekly)
	}
	err = s.InTx(ctx(t), func(tx o2c.Tx) error {
		bad := o2c.InvoicingSettings{CustomerID: "C1", Mode: "daily", Format: o2c.FormatPDF}
		return tx.SaveInvoicingSettings(ctx(t), &bad)
	})
	wantCode(t, err, o2c.CodeInvalid)
}
