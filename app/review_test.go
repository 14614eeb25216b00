package app_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/o2c-project/o2c"
)

func TestApprove(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.reviewOrder(t, "PO-APPROVE")
		got, err := b.orders.Approve(t.Context(), o.ID, o.Version, "user:alice", "")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != o2c.OrderApproved || got.Version != o.Version+1 {
			t.Fatalf("Approve returned %s version %d, want approved version %d", got.Status, got.Version, o.Version+1)
		}
		if stored := b.order(t, o.ID); stored.Status != o2c.OrderApproved || stored.Version != got.Version {
			t.Fatalf("stored order is %s version %d, want approved version %d", stored.Status, stored.Version, got.Version)
		}
		if jobs := b.jobs.of(t, o.ID); !slices.Equal(jobs, []job{postJob(o.ID)}) {
			t.Fatalf("jobs = %v, want the post", jobs)
		}
		es := b.events(t, o.ID)
		last := es[len(es)-1]
		if last.Actor != "user:alice" || last.Note != "approved by user:alice" ||
			eventStatus(t, last.Before) != "needs_review" || eventStatus(t, last.After) != "approved" {
			t.Fatalf("last event by %q, %s -> %s, note %q; want user:alice needs_review -> approved",
				last.Actor, last.Before, last.After, last.Note)
		}
	})

	for _, tc := range []struct {
		name    string
		stale   bool // someone else saves the order after the reviewer opened it
		version func(seen *o2c.Order) int64
	}{
		{"ErrStaleVersion", true, func(seen *o2c.Order) int64 { return seen.Version }},
		{"ErrFutureVersion", false, func(seen *o2c.Order) int64 { return seen.Version + 1 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			seen := b.reviewOrder(t, "PO-STALE")
			if tc.stale {
				b.touch(t, seen.ID)
			}
			cur := b.order(t, seen.ID)
			_, err := b.orders.Approve(t.Context(), seen.ID, tc.version(seen), "user:alice", "")
			wantCode(t, err, o2c.CodeConflict)
			if got := b.order(t, seen.ID); got.Status != o2c.OrderNeedsReview || got.Version != cur.Version {
				t.Fatalf("order is %s version %d, want needs_review version %d", got.Status, got.Version, cur.Version)
			}
			if jobs := b.jobs.all(t); len(jobs) != 0 {
				t.Fatalf("jobs = %v, want none", jobs)
			}
		})
	}

	t.Run("ErrNotInReview", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.approvedOrder(t, "PO-ALREADY", 0)
		_, err := b.orders.Approve(t.Context(), o.ID, o.Version, "user:alice", "")
		wantCode(t, err, o2c.CodeConflict)
		if jobs := b.jobs.of(t, o.ID); len(jobs) != 1 {
			t.Fatalf("jobs = %v, want only the first post", jobs)
		}
	})

	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		_, err := b.orders.Approve(t.Context(), 999, 1, "user:alice", "")
		wantCode(t, err, o2c.CodeNotFound)
	})
}

func TestReject(t *testing.T) {
	t.Parallel()

	for _, tc := range []struct{ name, reason string }{
		{"ErrNoReason", ""},
		{"ErrBlankReason", "   "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			o := b.reviewOrder(t, "PO-NOREASON")
			_, err := b.orders.Reject(t.Context(), o.ID, o.Version, "user:bob", tc.reason)
			wantCode(t, err, o2c.CodeInvalid)
			if f := o2c.ErrorFaults(err); len(f) != 1 || f[0].Path != "$.reason" {
				t.Fatalf("faults = %v, want one on $.reason", f)
			}
			if got := b.order(t, o.ID); got.Status != o2c.OrderNeedsReview || got.Version != o.Version {
				t.Fatalf("order is %s version %d, want needs_review version %d", got.Status, got.Version, o.Version)
			}
		})
	}

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.reviewOrder(t, "PO-REJECT")
		got, err := b.orders.Reject(t.Context(), o.ID, o.Version, "user:bob", "  not a product we sell  ")
		if err != nil {
			t.Fatal(err)
		}
		stored := b.order(t, o.ID)
		if got.Status != o2c.OrderRejected || stored.Status != o2c.OrderRejected || stored.Reason != "not a product we sell" {
			t.Fatalf("order is %s (stored %s) with reason %q, want rejected with the trimmed reason", got.Status, stored.Status, stored.Reason)
		}
		es := b.events(t, o.ID)
		last := es[len(es)-1]
		if last.Actor != "user:bob" || last.Note != "not a product we sell" || eventStatus(t, last.After) != "rejected" {
			t.Fatalf("last event by %q to %s with note %q, want user:bob to rejected with the reason", last.Actor, last.After, last.Note)
		}
		if jobs := b.jobs.all(t); len(jobs) != 0 {
			t.Fatalf("jobs = %v, want none", jobs)
		}
		// Rejected is final.
		_, err = b.orders.Reject(t.Context(), o.ID, stored.Version, "user:bob", "again")
		wantCode(t, err, o2c.CodeConflict)
	})
}

func TestCorrect(t *testing.T) {
	t.Parallel()

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.reviewOrder(t, "PO-FIXME")
		fixed := b.cleanDraft(t, "PO-FIXME", 0)
		got, err := b.orders.Correct(t.Context(), o.ID, o.Version, "user:dana", &fixed)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != o2c.OrderApproved || len(got.Anomalies) != 0 || got.Decision != o2c.DecisionAuto {
			t.Fatalf("corrected order is %s (%s) with anomalies %v, want approved by the rules", got.Status, got.Decision, got.Anomalies)
		}
		stored := b.order(t, o.ID)
		if stored.Status != o2c.OrderApproved || stored.Lines[1].SKU != skuPack || stored.Draft.Lines[1].SupplierSKU != skuPack {
			t.Fatalf("stored order is %s with line 2 %q (draft %q), want approved with %s", stored.Status,
				stored.Lines[1].SKU, stored.Draft.Lines[1].SupplierSKU, skuPack)
		}
		if jobs := b.jobs.of(t, o.ID); !slices.Equal(jobs, []job{learnJob(o.ID), postJob(o.ID)}) {
			t.Fatalf("jobs = %v, want learning from the correction and the post", jobs)
		}
		es := b.events(t, o.ID)
		want := []string{"verified>needs_review", "needs_review>extracted", "extracted>verified", "verified>approved"}
		if trail := statusTrail(t, es); len(trail) < 4 || !slices.Equal(trail[len(trail)-4:], want) {
			t.Fatalf("status trail = %v, want it to end with %v", trail, want)
		}
		var corrected *o2c.AuditEvent
		for i := range es {
			if es[i].Action == "corrected" {
				corrected = &es[i]
			}
		}
		if corrected == nil {
			t.Fatal("no corrected event")
		}
		if corrected.Actor != "user:dana" || !strings.Contains(string(corrected.Before), "ZZZ-9999") ||
			!strings.Contains(string(corrected.After), skuPack) {
			t.Fatalf("corrected event by %q, before %s, after %s; want user:dana, the old and the new draft",
				corrected.Actor, corrected.Before, corrected.After)
		}
	})

	t.Run("OKStillInReview", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.reviewOrder(t, "PO-STILL")
		fixed := b.cleanDraft(t, "PO-STILL", 0)
		fixed.OrderDate, fixed.RequestedDeliveryDate = today.AddDays(-3), today.AddDays(-1)
		got, err := b.orders.Correct(t.Context(), o.ID, o.Version, "user:dana", &fixed)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != o2c.OrderNeedsReview || !slices.Equal(anomalyCodes(got), []o2c.AnomalyCode{o2c.AnomalyDeliveryDate}) {
			t.Fatalf("corrected order is %s with %v, want needs_review with DELIVERY_DATE", got.Status, got.Anomalies)
		}
		if jobs := b.jobs.all(t); !slices.Equal(jobs, []job{learnJob(o.ID)}) {
			t.Fatalf("jobs = %v, want only learning from the correction", jobs)
		}
	})

	t.Run("ErrQuantityNegative", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.reviewOrder(t, "PO-NEG")
		before, err := json.Marshal(b.order(t, o.ID))
		if err != nil {
			t.Fatal(err)
		}
		eventsBefore := len(b.events(t, o.ID))
		bad := b.cleanDraft(t, "PO-NEG", 0)
		bad.Lines[0].Quantity = new(decimal.RequireFromString("-5"))
		_, err = b.orders.Correct(t.Context(), o.ID, o.Version, "user:dana", &bad)
		wantCode(t, err, o2c.CodeInvalid)
		if f := o2c.ErrorFaults(err); len(f) != 1 || f[0].Path != "$.lines[0].quantity" {
			t.Fatalf("faults = %v, want one on $.lines[0].quantity", f)
		}
		after, err := json.Marshal(b.order(t, o.ID))
		if err != nil {
			t.Fatal(err)
		}
		if string(after) != string(before) {
			t.Fatalf("order changed:\nbefore %s\nafter  %s", before, after)
		}
		if n := len(b.events(t, o.ID)); n != eventsBefore {
			t.Fatalf("%d events, want %d", n, eventsBefore)
		}
	})

	t.Run("ErrStaleVersion", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		seen := b.reviewOrder(t, "PO-RACE")
		b.touch(t, seen.ID)
		cur := b.order(t, seen.ID)
		fixed := b.cleanDraft(t, "PO-RACE", 0)
		_, err := b.orders.Correct(t.Context(), seen.ID, seen.Version, "user:dana", &fixed)
		wantCode(t, err, o2c.CodeConflict)
		if got := b.order(t, seen.ID); got.Status != o2c.OrderNeedsReview || got.Version != cur.Version || got.Draft.Lines[1].SupplierSKU != "ZZZ-9999" {
			t.Fatalf("order is %s version %d, want needs_review version %d with its old draft", got.Status, got.Version, cur.Version)
		}
	})
}

// touch saves an order unchanged but for a note, as another person or process would: its
// version moves on.
func (b *bundle) touch(t *testing.T, id int64) {
	t.Helper()
	err := b.store.InTx(t.Context(), func(tx o2c.Tx) error {
		o, err := tx.FindOrderByID(t.Context(), id)
		if err != nil {
			return err
		}
		o.Reason = "customer called"
		return tx.UpdateOrder(t.Context(), o)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestHistory(t *testing.T) {
	t.Parallel()
	b := setup(t)
	o := b.reviewOrder(t, "PO-HIST")
	if _, err := b.orders.Reject(t.Context(), o.ID, o.Version, "user:erin", "duplicate by phone"); err != nil {
		t.Fatal(err)
	}
	es, err := b.orders.History(t.Context(), o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) < 2 || es[len(es)-1].Actor != "user:erin" || eventStatus(t, es[len(es)-1].After) != "rejected" {
		t.Fatalf("history %v, want it to end with the rejection", es)
	}
	for i := 1; i < len(es); i++ {
		if es[i].ID <= es[i-1].ID || es[i].At.Before(es[i-1].At) {
			t.Fatalf("event %d (id %d at %v) comes after event %d (id %d at %v): want oldest first",
				i, es[i].ID, es[i].At, i-1, es[i-1].ID, es[i-1].At)
		}
		if es[i].Entity != "order" || es[i].EntityID != es[0].EntityID {
			t.Fatalf("event %d is of %s %s, want order %s", i, es[i].Entity, es[i].EntityID, es[0].EntityID)
		}
	}
	if es[0].Action != "received" {
		t.Fatalf("first event is %q, want received", es[0].Action)
	}

	_, err = b.orders.History(t.Context(), 999)
	wantCode(t, err, o2c.CodeNotFound)
}

func TestGiveUp(t *testing.T) {
	t.Parallel()

	for _, tc := range []struct {
		name   string
		order  func(t *testing.T, b *bundle) *o2c.Order
		moved  bool
		status o2c.OrderStatus
	}{
		{"OKApproved", func(t *testing.T, b *bundle) *o2c.Order { return b.approvedOrder(t, "PO-GU", 0) }, true, o2c.OrderNeedsReview},
		{"OKReceived", func(t *testing.T, b *bundle) *o2c.Order {
			return b.receiveRaw(t, "a.json", []byte(`{"document_type":"purchase_order","lines":[]}`)).Orders[0]
		}, true, o2c.OrderNeedsReview},
		{"NoopPosted", func(t *testing.T, b *bundle) *o2c.Order {
			o := b.approvedOrder(t, "PO-GU", 0)
			if err := b.orders.PostOrder(t.Context(), o.ID); err != nil {
				t.Fatal(err)
			}
			return b.order(t, o.ID)
		}, false, o2c.OrderPosted},
		{"NoopRejected", func(t *testing.T, b *bundle) *o2c.Order {
			o := b.reviewOrder(t, "PO-GU")
			if _, err := b.orders.Reject(t.Context(), o.ID, o.Version, "user:bob", "no"); err != nil {
				t.Fatal(err)
			}
			return b.order(t, o.ID)
		}, false, o2c.OrderRejected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			o := tc.order(t, b)
			eventsBefore := len(b.events(t, o.ID))
			const cause = "post_order job gave up after 8 attempts: connection refused"
			if err := b.orders.GiveUp(t.Context(), o.ID, cause); err != nil {
				t.Fatal(err)
			}
			got := b.order(t, o.ID)
			if got.Status != tc.status {
				t.Fatalf("order is %s, want %s", got.Status, tc.status)
			}
			if !tc.moved {
				if got.Version != o.Version || got.LastError != "" || len(b.events(t, o.ID)) != eventsBefore {
					t.Fatalf("order changed: version %d (was %d), last error %q", got.Version, o.Version, got.LastError)
				}
				return
			}
			if got.LastError != cause || got.Decision != o2c.DecisionReview {
				t.Fatalf("last error %q, decision %q; want the cause and review", got.LastError, got.Decision)
			}
			es := b.events(t, o.ID)
			last := es[len(es)-1]
			if last.Actor != o2c.ActorSystem || last.Note != cause || eventStatus(t, last.Before) != string(o.Status) ||
				eventStatus(t, last.After) != "needs_review" {
				t.Fatalf("last event by %q %s -> %s, note %q; want system %s -> needs_review with the cause",
					last.Actor, last.Before, last.After, last.Note, o.Status)
			}
		})
	}

	t.Run("ErrNotFound", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		wantCode(t, b.orders.GiveUp(t.Context(), 999, "cause"), o2c.CodeNotFound)
	})
}
