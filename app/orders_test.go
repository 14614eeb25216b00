package app_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
)

func TestReceiveDrafts(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.receive(t, "po-clean", b.cleanDraft(t, "PO-CLEAN", 0))[0]

		if o.Status != o2c.OrderApproved || o.Decision != o2c.DecisionAuto || len(o.Anomalies) != 0 {
			t.Fatalf("order is %s (%s) with anomalies %v, want approved by the rules", o.Status, o.Decision, o.Anomalies)
		}
		stored := b.order(t, o.ID)
		if stored.Status != o2c.OrderApproved || stored.CustomerID != cleanCustomer || len(stored.Lines) != 2 || stored.Version != o.Version {
			t.Fatalf("stored order: %s, customer %q, %d lines, version %d; want approved for %s with 2 lines, version %d",
				stored.Status, stored.CustomerID, len(stored.Lines), stored.Version, cleanCustomer, o.Version)
		}
		if got, want := b.jobs.all(t), []job{postJob(o.ID)}; !slices.Equal(got, want) {
			t.Fatalf("jobs = %v, want %v in the receiving transaction", got, want)
		}
		es := b.events(t, o.ID)
		want := []string{">received", "received>extracted", "extracted>verified", "verified>approved"}
		if got := statusTrail(t, es); !slices.Equal(got, want) {
			// Errorf: the actors below are worth checking all the same.
			t.Errorf("status trail = %v, want %v (every order starts received: docs/state-machines.md)", got, want)
		}
		if es[0].Action != "received" {
			t.Fatalf("first event is %q, want received", es[0].Action)
		}
		for _, e := range es {
			if e.Actor != "api:test" || e.At.IsZero() {
				t.Fatalf("event %s %s by %q at %v, want actor api:test and a time", e.Action, e.After, e.Actor, e.At)
			}
		}
	})

	t.Run("ErrUnknownProduct", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.reviewOrder(t, "PO-UNKNOWN")

		if got := anomalyCodes(o); !slices.Equal(got, []o2c.AnomalyCode{o2c.AnomalyUnknownProduct}) {
			t.Fatalf("anomalies = %v, want [UNKNOWN_PRODUCT]", o.Anomalies)
		}
		if o.Decision != o2c.DecisionReview {
			t.Fatalf("decision = %q, want review", o.Decision)
		}
		if got := b.order(t, o.ID).Status; got != o2c.OrderNeedsReview {
			t.Fatalf("stored status = %s, want needs_review", got)
		}
		if jobs := b.jobs.all(t); len(jobs) != 0 {
			t.Fatalf("jobs = %v, want none for an order in review", jobs)
		}
		want := []string{">received", "received>extracted", "extracted>verified", "verified>needs_review"}
		if got := statusTrail(t, b.events(t, o.ID)); !slices.Equal(got, want) {
			t.Fatalf("status trail = %v, want %v (every order starts received: docs/state-machines.md)", got, want)
		}
	})
}

// receiveRaw stores content as one document for the process job to read.
func (b *bundle) receiveRaw(t *testing.T, name string, content []byte) *app.Received {
	t.Helper()
	r, err := b.orders.Receive(t.Context(), app.ReceiveParams{Channel: o2c.ChannelFolder, Filename: name,
		Content: content, Actor: "folder"})
	if err != nil {
		t.Fatalf("receive %s: %v", name, err)
	}
	if !r.Created || len(r.Orders) != 1 {
		t.Fatalf("receive %s: created %v with %d orders, want a new document with one order to read", name, r.Created, len(r.Orders))
	}
	return r
}

func (b *bundle) process(t *testing.T, id int64) *o2c.Order {
	t.Helper()
	if err := b.orders.ProcessOrder(t.Context(), id); err != nil {
		t.Fatalf("process order %d: %v", id, err)
	}
	return b.order(t, id)
}

func TestReceiveRaw(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		content, err := json.Marshal(b.cleanDraft(t, "PO-RAW", 0))
		if err != nil {
			t.Fatal(err)
		}
		r := b.receiveRaw(t, "po-raw.json", content)
		o := r.Orders[0]
		if o.Status != o2c.OrderReceived || o.Draft != nil {
			t.Fatalf("order is %s with draft %v, want received and not read yet", o.Status, o.Draft)
		}
		if got, want := b.jobs.all(t), []job{processJob(o.ID)}; !slices.Equal(got, want) {
			t.Fatalf("jobs = %v, want %v", got, want)
		}

		got := b.process(t, o.ID)
		if got.Status != o2c.OrderApproved || got.PONumber != "PO-RAW" || got.CustomerID != cleanCustomer {
			t.Fatalf("processed order is %s, PO %q, customer %q (anomalies %v); want approved, PO-RAW, %s",
				got.Status, got.PONumber, got.CustomerID, got.Anomalies, cleanCustomer)
		}
		if jobs, want := b.jobs.all(t), []job{processJob(o.ID), postJob(o.ID)}; !slices.Equal(jobs, want) {
			t.Fatalf("jobs = %v, want %v", jobs, want)
		}
		wantTrail := []string{">received", "received>extracted", "extracted>verified", "verified>approved"}
		es := b.events(t, o.ID)
		if trail := statusTrail(t, es); !slices.Equal(trail, wantTrail) {
			t.Fatalf("status trail = %v, want %v", trail, wantTrail)
		}
		if es[0].Actor != "folder" || es[1].Actor != "job:process" || es[3].Actor != "job:process" {
			t.Fatalf("actors %q, %q, %q; want folder, then job:process", es[0].Actor, es[1].Actor, es[3].Actor)
		}

		// The job runs again after a crash: nothing happens the second time.
		again := b.process(t, o.ID)
		if again.Version != got.Version || again.Status != o2c.OrderApproved {
			t.Fatalf("second run: %s version %d, want approved version %d untouched", again.Status, again.Version, got.Version)
		}
		if n := len(b.events(t, o.ID)); n != len(es) {
			t.Fatalf("second run: %d events, want %d", n, len(es))
		}
		if n := len(b.jobs.all(t)); n != 2 {
			t.Fatalf("second run: %d jobs, want 2", n)
		}
	})

	t.Run("ErrUnreadable", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.receiveRaw(t, "note.bin", []byte("hello")).Orders[0]

		got := b.process(t, o.ID)
		if got.Status != o2c.OrderNeedsReview || got.Decision != o2c.DecisionReview {
			t.Fatalf("order is %s (%s), want needs_review", got.Status, got.Decision)
		}
		if codes := anomalyCodes(got); !slices.Equal(codes, []o2c.AnomalyCode{o2c.AnomalyUnreadable}) {
			t.Fatalf("anomalies = %v, want [UNREADABLE]", got.Anomalies)
		}
		if msg := got.Anomalies[0].Message; !strings.Contains(msg, `"note.bin" is not an order format`) {
			t.Fatalf("anomaly message %q does not give the cause", msg)
		}
		es := b.events(t, o.ID)
		last := es[len(es)-1]
		if last.Actor != "job:process" || !strings.Contains(last.Note, "not an order format") {
			t.Fatalf("last event by %q with note %q, want job:process with the cause", last.Actor, last.Note)
		}
		if jobs, want := b.jobs.all(t), []job{processJob(o.ID)}; !slices.Equal(jobs, want) {
			t.Fatalf("jobs = %v, want only the process job", jobs)
		}
		// Idempotent here too.
		if again := b.process(t, o.ID); again.Version != got.Version {
			t.Fatalf("second run changed the order: version %d, want %d", again.Version, got.Version)
		}
	})

	t.Run("OKThreeOrders", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		drafts := []o2c.OrderDraft{b.cleanDraft(t, "PO-A", 0), b.cleanDraft(t, "PO-B", 1), b.cleanDraft(t, "PO-C", 2)}
		content, err := json.Marshal(drafts)
		if err != nil {
			t.Fatal(err)
		}
		r := b.receiveRaw(t, "batch.json", content)
		first := b.process(t, r.Orders[0].ID)
		if first.Status != o2c.OrderApproved || first.PONumber != "PO-A" {
			t.Fatalf("first order is %s with PO %q, want approved PO-A", first.Status, first.PONumber)
		}

		found, total, err := b.store.FindOrders(t.Context(), o2c.OrderFilter{DocumentID: r.Document.ID})
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 || len(found) != 3 {
			t.Fatalf("document holds %d orders (%d found), want 3", total, len(found))
		}
		pos := map[string]int64{}
		for _, o := range found {
			pos[o.PONumber] = o.ID
		}
		for _, po := range []string{"PO-B", "PO-C"} {
			id, ok := pos[po]
			if !ok {
				t.Fatalf("no sibling order for %s among %v", po, pos)
			}
			// Siblings are verified and decided in the job that read the document.
			sib := b.order(t, id)
			if sib.Status != o2c.OrderApproved || sib.DocumentID != r.Document.ID {
				t.Fatalf("sibling %s is %s of document %d, want approved of %d (anomalies %v)", po, sib.Status, sib.DocumentID, r.Document.ID, sib.Anomalies)
			}
			if got := b.jobs.of(t, id); !slices.Equal(got, []job{postJob(id)}) {
				t.Fatalf("sibling %s jobs = %v, want its post job only", po, got)
			}
		}
	})
}

func TestReceiveRedelivery(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	d := b.cleanDraft(t, "PO-TWICE", 0)
	first := b.receive(t, "mail:<abc@example.com>", d)
	statsBefore, err := b.store.CountOrders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	jobsBefore := b.jobs.all(t)
	eventsBefore := b.events(t, first[0].ID)

	for _, tc := range []struct {
		name   string
		drafts []o2c.OrderDraft
	}{
		{"SameDrafts", []o2c.OrderDraft{d}},
		{"NoDrafts", nil}, // a folder re-delivering the same file
	} {
		// Not parallel: the cases share the store and each checks that nothing was added.
		t.Run(tc.name, func(t *testing.T) {
			r, err := b.orders.Receive(ctx, app.ReceiveParams{Channel: o2c.ChannelAPI, Content: []byte("{}"),
				NaturalKey: "mail:<abc@example.com>", Drafts: tc.drafts, Actor: "api:test"})
			if err != nil {
				t.Fatal(err)
			}
			if r.Created {
				t.Fatal("Created = true, want false for a re-delivery")
			}
			if len(r.Orders) != 1 || r.Orders[0].ID != first[0].ID || r.Document.ID != first[0].DocumentID {
				t.Fatalf("re-delivery returned document %d with %d orders, want document %d with order %d",
					r.Document.ID, len(r.Orders), first[0].DocumentID, first[0].ID)
			}
			stats, err := b.store.CountOrders(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if stats.Total != statsBefore.Total {
				t.Fatalf("%d orders after the re-delivery, want %d", stats.Total, statsBefore.Total)
			}
			if jobs := b.jobs.all(t); !slices.Equal(jobs, jobsBefore) {
				t.Fatalf("jobs = %v after the re-delivery, want %v", jobs, jobsBefore)
			}
			if n := len(b.events(t, first[0].ID)); n != len(eventsBefore) {
				t.Fatalf("%d events after the re-delivery, want %d", n, len(eventsBefore))
			}
		})
	}
}

// TestReceiveConcurrent drives groupCommit through Receive: writers that arrive together share a
// transaction, and one writer's failure (a re-delivery's duplicate key) must not fail the others.
func TestReceiveConcurrent(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	old := b.receiveRaw(t, "old.json", []byte(`{"document_type":"purchase_order","lines":[]}`))
	jobsBefore := len(b.jobs.all(t))

	const n = 20
	type result struct {
		r   *app.Received
		err error
	}
	results := make([]result, n+1)
	var wg sync.WaitGroup
	receive := func(i int) {
		wg.Go(func() {
			p := app.ReceiveParams{Channel: o2c.ChannelFolder, Filename: fmt.Sprintf("new-%d.json", i),
				Content: fmt.Appendf(nil, `{"document_type":"purchase_order","po_number":"N-%d","lines":[]}`, i)}
			if i == n {
				p.Filename, p.Content = "old.json", old.Document.Content
			}
			r, err := b.orders.Receive(ctx, p)
			results[i] = result{r, err}
		})
	}
	// The writer connection is held: the first caller leads a batch of its own that waits for
	// it, and the others queue up behind as the next batch, the re-delivery among them. That
	// batch's transaction fails on the re-delivered key, and each write is retried alone.
	release := holdWriter(t, b.store)
	receive(0)
	waitGoroutines(t, 1, "groupCommit).do", "TestReceiveConcurrent")
	for i := 1; i <= n; i++ {
		receive(i)
	}
	waitGoroutines(t, n+1, "groupCommit).do", "TestReceiveConcurrent")
	release()
	wg.Wait()

	ids := map[int64]bool{}
	for i, res := range results {
		if res.err != nil {
			t.Fatalf("receive %d: %v", i, res.err)
		}
		if len(res.r.Orders) != 1 {
			t.Fatalf("receive %d: %d orders, want 1", i, len(res.r.Orders))
		}
		id := res.r.Orders[0].ID
		if i == n {
			if res.r.Created || id != old.Orders[0].ID {
				t.Fatalf("re-delivery: created %v, order %d; want the earlier order %d", res.r.Created, id, old.Orders[0].ID)
			}
			continue
		}
		if !res.r.Created || ids[id] {
			t.Fatalf("receive %d: created %v, order %d (seen before: %v); want a new order", i, res.r.Created, id, ids[id])
		}
		ids[id] = true
		if got := b.order(t, id); got.Status != o2c.OrderReceived || got.DocumentID != res.r.Document.ID {
			t.Fatalf("order %d is %s of document %d, want received of %d", id, got.Status, got.DocumentID, res.r.Document.ID)
		}
		if got := b.jobs.of(t, id); !slices.Equal(got, []job{processJob(id)}) {
			t.Fatalf("order %d jobs = %v, want one process job", id, got)
		}
	}
	stats, err := b.store.CountOrders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Total != n+1 {
		t.Fatalf("%d orders stored, want %d", stats.Total, n+1)
	}
	if got := len(b.jobs.all(t)); got != jobsBefore+n {
		t.Fatalf("%d jobs, want %d", got, jobsBefore+n)
	}
}
