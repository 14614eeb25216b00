package app_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/erp/file"
)

// fakeERP answers every post with err, or with an acknowledgement; it stands for ERP answers the
// file connector cannot give, such as a refusal.
type fakeERP struct {
	err   error
	mu    sync.Mutex
	posts []o2c.ERPPost
}

func (f *fakeERP) Name() string { return "fake" }

func (f *fakeERP) PostOrder(_ context.Context, req o2c.ERPPost) (o2c.ERPAck, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.posts = append(f.posts, req)
	if f.err != nil {
		return o2c.ERPAck{}, f.err
	}
	return o2c.ERPAck{Ref: "FAKE-" + req.IdempotencyKey}, nil
}

// hookERP runs during each post, before the real connector writes: what another process or a
// person does while the post is on its way.
type hookERP struct {
	o2c.ERPConnector
	during func(ctx context.Context, req o2c.ERPPost) error
}

func (h *hookERP) PostOrder(ctx context.Context, req o2c.ERPPost) (o2c.ERPAck, error) {
	if err := h.during(ctx, req); err != nil {
		return o2c.ERPAck{}, err
	}
	return h.ERPConnector.PostOrder(ctx, req)
}

func TestPostOrder(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.approvedOrder(t, "PO-POST", 0)
		if err := b.orders.PostOrder(t.Context(), o.ID); err != nil {
			t.Fatal(err)
		}
		got := b.order(t, o.ID)
		key := app.IdempotencyKey(o.ID)
		if got.Status != o2c.OrderPosted || got.ERPRef != key || got.PostedAt.IsZero() || got.LastError != "" {
			t.Fatalf("order is %s, erp_ref %q, posted at %v, last error %q; want posted as %s",
				got.Status, got.ERPRef, got.PostedAt, got.LastError, key)
		}
		want := []string{key + ".csv", key + ".json"} // one export: the JSON and its CSV table
		if files := outboxFiles(t, b.outbox); !slices.Equal(files, want) {
			t.Fatalf("outbox holds %v, want %v", files, want)
		}
		es := b.events(t, o.ID)
		last := es[len(es)-1]
		if last.Actor != "job:post" || eventStatus(t, last.Before) != "approved" || eventStatus(t, last.After) != "posted" ||
			!strings.Contains(last.Note, key) {
			t.Fatalf("last event: %s by %q %s -> %s, note %q; want approved -> posted by job:post naming %s",
				last.Action, last.Actor, last.Before, last.After, last.Note, key)
		}

		// The job runs again (a crash after the commit): nothing changes.
		if err := b.orders.PostOrder(t.Context(), o.ID); err != nil {
			t.Fatal(err)
		}
		if again := b.order(t, o.ID); again.Version != got.Version || again.Status != o2c.OrderPosted {
			t.Fatalf("second post: %s version %d, want posted version %d", again.Status, again.Version, got.Version)
		}
		if files := outboxFiles(t, b.outbox); !slices.Equal(files, want) {
			t.Fatalf("outbox holds %v after the second post, want %v", files, want)
		}
		if n := countPosted(t, b.events(t, o.ID)); n != 1 {
			t.Fatalf("%d posted events, want 1", n)
		}
	})

	t.Run("OKChangedDuringPost", func(t *testing.T) {
		t.Parallel()
		// Someone saves the approved order while its post is on the way (a note, say): the
		// version read before the post is stale, so the save re-reads and still records the post.
		b := setup(t, withERP(func(b *bundle) o2c.ERPConnector {
			c, err := file.New(b.outbox)
			if err != nil {
				t.Fatal(err)
			}
			return &hookERP{ERPConnector: c, during: func(ctx context.Context, req o2c.ERPPost) error {
				return b.store.InTx(ctx, func(tx o2c.Tx) error {
					o, err := tx.FindOrderByID(ctx, req.Order.ID)
					if err != nil {
						return err
					}
					o.Reason = "customer called: deliver to the back door"
					return tx.UpdateOrder(ctx, o)
				})
			}}
		}))
		o := b.approvedOrder(t, "PO-CHANGED", 0)
		if err := b.orders.PostOrder(t.Context(), o.ID); err != nil {
			t.Fatal(err)
		}
		got := b.order(t, o.ID)
		if got.Status != o2c.OrderPosted || got.ERPRef != app.IdempotencyKey(o.ID) || got.PostedAt.IsZero() {
			t.Fatalf("order is %s with erp_ref %q, want posted", got.Status, got.ERPRef)
		}
		if got.Reason != "customer called: deliver to the back door" {
			t.Fatalf("reason = %q: the change made during the post was lost", got.Reason)
		}
		if got.Version != o.Version+2 {
			t.Fatalf("version = %d, want %d (the change, then the post)", got.Version, o.Version+2)
		}
		if n := countPosted(t, b.events(t, o.ID)); n != 1 {
			t.Fatalf("%d posted events, want 1", n)
		}
	})

	t.Run("OKRejectedDuringPost", func(t *testing.T) {
		t.Parallel()
		// A person pulls the order back to review and rejects it while its post is on the way:
		// the rejection stands.
		var b *bundle
		b = setup(t, withERP(func(bb *bundle) o2c.ERPConnector {
			return &hookERP{ERPConnector: &fakeERP{}, during: func(ctx context.Context, req o2c.ERPPost) error {
				if err := bb.orders.GiveUp(ctx, req.Order.ID, "held by the credit desk"); err != nil {
					return err
				}
				cur := bb.order(t, req.Order.ID)
				_, err := bb.orders.Reject(ctx, req.Order.ID, cur.Version, "user:carol", "customer went bankrupt")
				return err
			}}
		}))
		o := b.approvedOrder(t, "PO-PULLED", 0)
		if err := b.orders.PostOrder(t.Context(), o.ID); err != nil {
			t.Fatal(err)
		}
		got := b.order(t, o.ID)
		if got.Status != o2c.OrderRejected || got.ERPRef != "" || !got.PostedAt.IsZero() || got.Reason != "customer went bankrupt" {
			t.Fatalf("order is %s, erp_ref %q, posted at %v, reason %q; want rejected and not posted",
				got.Status, got.ERPRef, got.PostedAt, got.Reason)
		}
		if n := countPosted(t, b.events(t, o.ID)); n != 0 {
			t.Fatalf("%d posted events, want none", n)
		}
	})

	t.Run("ErrRefused", func(t *testing.T) {
		t.Parallel()
		erp := &fakeERP{err: o2c.Errorf(o2c.CodeInvalid, "customer 4711 is blocked for delivery")}
		b := setup(t, withERP(func(*bundle) o2c.ERPConnector { return erp }))
		o := b.approvedOrder(t, "PO-REFUSED", 0)
		if err := b.orders.PostOrder(t.Context(), o.ID); err != nil {
			t.Fatalf("PostOrder = %v, want nil: a refusal is settled by sending the order to review", err)
		}
		got := b.order(t, o.ID)
		if got.Status != o2c.OrderNeedsReview || got.Decision != o2c.DecisionReview {
			t.Fatalf("order is %s (%s), want needs_review", got.Status, got.Decision)
		}
		if !strings.Contains(got.LastError, "customer 4711 is blocked for delivery") || !strings.Contains(got.LastError, "fake") {
			t.Fatalf("last error %q does not carry the ERP's name and message", got.LastError)
		}
		if len(erp.posts) != 1 || erp.posts[0].IdempotencyKey != app.IdempotencyKey(o.ID) || erp.posts[0].Customer == nil ||
			erp.posts[0].Customer.ID != cleanCustomer {
			t.Fatalf("ERP saw %d posts (%+v), want one under %s with customer %s", len(erp.posts), erp.posts, app.IdempotencyKey(o.ID), cleanCustomer)
		}
		if got := b.jobs.of(t, o.ID); !slices.Equal(got, []job{postJob(o.ID)}) {
			t.Fatalf("jobs = %v, want only the first post", got)
		}
	})

	t.Run("ErrUnavailable", func(t *testing.T) {
		t.Parallel()
		erp := &fakeERP{err: o2c.Errorf(o2c.CodeUnavailable, "ERP maintenance until 06:00")}
		b := setup(t, withERP(func(*bundle) o2c.ERPConnector { return erp }))
		o := b.approvedOrder(t, "PO-LATER", 0)
		err := b.orders.PostOrder(t.Context(), o.ID)
		wantCode(t, err, o2c.CodeUnavailable)
		got := b.order(t, o.ID)
		if got.Status != o2c.OrderApproved || got.Version != o.Version || got.LastError != "" {
			t.Fatalf("order is %s version %d, last error %q; want approved version %d, untouched for the retry",
				got.Status, got.Version, got.LastError, o.Version)
		}
	})

	t.Run("OKNotApproved", func(t *testing.T) {
		t.Parallel()
		erp := &fakeERP{}
		b := setup(t, withERP(func(*bundle) o2c.ERPConnector { return erp }))
		o := b.reviewOrder(t, "PO-REVIEW")
		if err := b.orders.PostOrder(t.Context(), o.ID); err != nil {
			t.Fatal(err)
		}
		if got := b.order(t, o.ID); got.Status != o2c.OrderNeedsReview || got.Version != o.Version {
			t.Fatalf("order is %s version %d, want needs_review version %d", got.Status, got.Version, o.Version)
		}
		if len(erp.posts) != 0 {
			t.Fatalf("ERP saw %d posts, want none for an order in review", len(erp.posts))
		}
	})
}

// TestPostOrderConcurrent drives the group commit of posts: many posts acknowledged together
// are recorded in shared transactions, each order posted exactly once, also when the same order's
// job runs twice at the same time.
func TestPostOrderConcurrent(t *testing.T) {
	t.Parallel()
	b := setup(t)
	const orders, callsPerOrder = 40, 2
	var ids []int64
	for i := range orders {
		ids = append(ids, b.approvedOrder(t, fmt.Sprintf("PO-%02d", i), i).ID)
	}

	// With the writer held, every caller posts to the ERP and then waits to record it, so the
	// acknowledgements are recorded in a few large batches.
	release := holdWriter(t, b.store)
	errs := make([]error, orders*callsPerOrder)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { errs[i] = b.orders.PostOrder(t.Context(), ids[i%orders]) })
	}
	waitGoroutines(t, len(errs), "groupCommit).do", "TestPostOrderConcurrent")
	release()
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Fatalf("post %d of order %d: %v", i, ids[i%orders], err)
		}
	}
	for _, id := range ids {
		o := b.order(t, id)
		if o.Status != o2c.OrderPosted || o.ERPRef != app.IdempotencyKey(id) {
			t.Fatalf("order %d is %s with erp_ref %q, want posted", id, o.Status, o.ERPRef)
		}
		if n := countPosted(t, b.events(t, id)); n != 1 {
			t.Fatalf("order %d has %d posted events, want 1", id, n)
		}
	}
	stats, err := b.store.CountOrders(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if stats.ByStatus[o2c.OrderPosted] != orders || stats.Total != orders {
		t.Fatalf("stats %v, want %d posted of %d", stats.ByStatus, orders, orders)
	}
	if n := len(outboxFiles(t, b.outbox)); n != 2*orders {
		t.Fatalf("outbox holds %d files, want %d (a JSON and a CSV per order)", n, 2*orders)
	}
}
