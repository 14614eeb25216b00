package web

import (
	"context"
	"net/http"
	"testing"

	"github.com/o2c-project/o2c"
)

func TestUploadDocument(t *testing.T) {
	t.Parallel()

	t.Run("OKReadByTheProcessJob", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		var got submitted
		b.call(request{method: "POST", path: "/api/v1/documents?filename=PO-7.json", role: "writer",
			body: order("PO-7"), contentType: "application/octet-stream"}, http.StatusAccepted, &got)
		if !got.Created || len(got.Orders) != 1 || got.Orders[0].Status != string(o2c.OrderReceived) {
			t.Fatalf("answer %+v, want one received order", got)
		}
		id := got.Orders[0].ID
		if err := b.orders.ProcessOrder(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		o, err := b.orders.Order(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if o.PONumber != "PO-7" || o.Status != o2c.OrderNeedsReview {
			t.Fatalf("processed order: PO %q, %s; want PO-7 in review (unknown buyer)", o.PONumber, o.Status)
		}
		doc, err := b.orders.Document(context.Background(), got.DocumentID)
		if err != nil || doc.Filename != "PO-7.json" || doc.Sender != "writer" {
			t.Fatalf("stored document %+v, %v", doc, err)
		}
	})

	t.Run("NameFromContentDispositionWithoutPath", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		var got submitted
		b.call(request{method: "POST", path: "/api/v1/documents", role: "writer", body: "UNA:+.? '",
			contentType: "application/EDIFACT", header: map[string]string{"Content-Disposition": `attachment; filename="..\\..\\etc\\ORDERS 1.edi"`}},
			http.StatusAccepted, &got)
		doc, err := b.orders.Document(context.Background(), got.DocumentID)
		if err != nil || doc.Filename != "ORDERS 1.edi" {
			t.Fatalf("stored name %q, %v; want the base name only", doc.Filename, err)
		}
	})

	t.Run("RedeliveryIsANoOp", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		var first, again submitted
		r := request{method: "POST", path: "/api/v1/documents?filename=a.csv", role: "writer", body: "sku;qty\nA;1\n", contentType: "text/csv"}
		b.call(r, http.StatusAccepted, &first)
		b.call(r, http.StatusOK, &again)
		if again.Created || again.DocumentID != first.DocumentID || again.Orders[0].ID != first.Orders[0].ID {
			t.Fatalf("re-upload %+v, want the first %+v", again, first)
		}
		if n := b.orderCount(); n != 1 {
			t.Fatalf("%d orders stored, want 1", n)
		}
	})

	t.Run("ErrEmpty", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		rec := b.do(request{method: "POST", path: "/api/v1/documents", role: "writer", contentType: "text/plain"})
		expectError(t, rec, http.StatusBadRequest, o2c.CodeInvalid, "")
		if n := b.orderCount(); n != 0 {
			t.Fatalf("%d orders stored for an empty upload", n)
		}
	})

	t.Run("ErrScope", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		rec := b.do(request{method: "POST", path: "/api/v1/documents", role: "reader", body: "x", contentType: "text/plain"})
		if rec.Code != http.StatusForbidden {
			t.Fatalf("status %d, want 403", rec.Code)
		}
	})
}
