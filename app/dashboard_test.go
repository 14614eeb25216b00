package app_test

import (
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
)

// TestDashboard counts a clean order that reached the ERP untouched, one that reached it after
// review, and one still in review.
func TestDashboard(t *testing.T) {
	t.Parallel()
	b := setup(t)
	clean := b.approvedOrder(t, "PO-CLEAN", 0)
	touched := b.reviewOrder(t, "PO-TOUCHED")
	b.reviewOrder(t, "PO-WAITING")
	if _, err := b.orders.Approve(t.Context(), touched.ID, touched.Version, "user:anna@example.com", ""); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{clean.ID, touched.ID} {
		if err := b.orders.PostOrder(t.Context(), id); err != nil {
			t.Fatal(err)
		}
	}
	d, err := b.orders.Dashboard(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if d.Date != today || d.WeekStart != cal.MustParse("2026-03-02") {
		t.Fatalf("dates %s and %s", d.Date, d.WeekStart)
	}
	if d.Week.Total != 3 || d.Today.Total != 3 || d.ReachedERP != 2 || d.Touchless != 1 || d.TouchlessRate != 33 || d.InReview != 1 {
		t.Fatalf("dashboard %+v", d)
	}
	wantCounts(t, "by channel", d.Week.ByChannel, []app.Count{{Key: "api", N: 3}})
	wantCounts(t, "by status", d.Week.ByStatus, []app.Count{{Key: string(o2c.OrderNeedsReview), N: 1}, {Key: string(o2c.OrderPosted), N: 2}})
	// The waiting order repeats the content of the touched one: a duplicate too.
	wantCounts(t, "exceptions", d.Exceptions, []app.Count{{Key: string(o2c.AnomalyUnknownProduct), N: 2}, {Key: string(o2c.AnomalyDuplicateOrder), N: 1}})
}

func wantCounts(t *testing.T, what string, got, want []app.Count) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %+v, want %+v", what, got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: %+v, want %+v", what, got, want)
		}
	}
}

// TestReviewQueueOrder puts the earliest requested delivery first, then the highest value, then
// the oldest; orders without a date come last.
func TestReviewQueueOrder(t *testing.T) {
	t.Parallel()
	b := setup(t)
	mk := func(po string, days int, qtyFactor int) int64 {
		d := b.cleanDraft(t, po, qtyFactor)
		d.Lines[1].SupplierSKU = "ZZZ-9999" // to review
		d.Lines[1].GTIN = ""
		d.Lines[1].Description = "Flux capacitor"
		if days == 0 {
			d.RequestedDeliveryDate = cal.Date{}
		} else {
			d.RequestedDeliveryDate = today.AddDays(days)
		}
		return b.receive(t, "key-"+po, d)[0].ID
	}
	none := mk("NONE", 0, 9)
	later := mk("LATER", 9, 9)
	soonSmall := mk("SOON-SMALL", 5, 0)
	soonBig := mk("SOON-BIG", 5, 5)
	orders, total, err := b.orders.ReviewQueue(t.Context(), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, o := range orders {
		got = append(got, o.ID)
	}
	want := []int64{soonBig, soonSmall, later, none}
	if total != 4 || len(got) != 4 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] || got[3] != want[3] {
		t.Fatalf("queue %v (total %d), want %v", got, total, want)
	}
	page, total, err := b.orders.ReviewQueue(t.Context(), 3, 10)
	if err != nil || total != 4 || len(page) != 1 || page[0].ID != none {
		t.Fatalf("last page %v, total %d, err %v", page, total, err)
	}
}
