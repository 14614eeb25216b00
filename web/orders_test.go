package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
)

func TestSubmitOrders(t *testing.T) {
	t.Parallel()

	t.Run("OneOrder", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		got := b.submit(order("PO-1"))
		if !got.Created || got.DocumentID == 0 || len(got.Orders) != 1 {
			t.Fatalf("answer %+v, want one created order and a document", got)
		}
		// A draft sent over the API is verified in the same transaction: its buyer is unknown.
		if o := got.Orders[0]; o.ID == 0 || o.Status != string(o2c.OrderNeedsReview) || o.PONumber != "PO-1" || o.Version == 0 {
			t.Fatalf("order %+v, want order PO-1 verified into review, with an id and a version", o)
		}
		stored, err := b.orders.Order(context.Background(), got.Orders[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Channel != o2c.ChannelAPI || stored.Sender != "writer" || stored.Draft == nil || stored.Draft.Lines[0].Quantity.String() != "2" {
			t.Fatalf("stored order %+v, want channel api, sender writer and the draft sent", stored)
		}
	})

	t.Run("ArrayOfOrders", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		got := b.submit("[" + order("PO-1") + "," + order("PO-2") + "]")
		if len(got.Orders) != 2 || got.Orders[0].PONumber != "PO-1" || got.Orders[1].PONumber != "PO-2" {
			t.Fatalf("answer %+v, want orders PO-1 and PO-2", got)
		}
	})

	t.Run("RedeliveryWithIdempotencyKey", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		key := map[string]string{"Idempotency-Key": "batch-2026-03-02-001"}
		var first, again submitted
		b.call(request{method: "POST", path: "/api/v1/orders", role: "writer", body: order("PO-1"), header: key}, http.StatusAccepted, &first)
		b.call(request{method: "POST", path: "/api/v1/orders", role: "writer", body: order("PO-1"), header: key}, http.StatusOK, &again)
		if again.Created || again.DocumentID != first.DocumentID || len(again.Orders) != 1 || again.Orders[0].ID != first.Orders[0].ID {
			t.Fatalf("re-delivery %+v, want the first delivery %+v with created false", again, first)
		}
		if n := b.orderCount(); n != 1 {
			t.Fatalf("%d orders stored, want 1", n)
		}
	})

	t.Run("RedeliverySameBodyWithoutKey", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		first := b.submit(order("PO-1"))
		var again submitted
		b.call(request{method: "POST", path: "/api/v1/orders", role: "writer", body: order("PO-1")}, http.StatusOK, &again)
		if again.Created || again.Orders[0].ID != first.Orders[0].ID {
			t.Fatalf("re-delivery %+v, want order %d with created false", again, first.Orders[0].ID)
		}
	})

	t.Run("ErrKeyReusedForAnotherBody", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		key := map[string]string{"Idempotency-Key": "k1"}
		b.call(request{method: "POST", path: "/api/v1/orders", role: "writer", body: order("PO-1"), header: key}, http.StatusAccepted, nil)
		rec := b.do(request{method: "POST", path: "/api/v1/orders", role: "writer", body: order("PO-2"), header: key})
		expectError(t, rec, http.StatusConflict, o2c.CodeConflict, "")
		if n := b.orderCount(); n != 1 {
			t.Fatalf("%d orders stored, want 1", n)
		}
	})

	t.Run("ErrKeyReusedByAnotherClient", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		key := map[string]string{"Idempotency-Key": "k1"}
		b.call(request{method: "POST", path: "/api/v1/orders", role: "writer", body: order("PO-1"), header: key}, http.StatusAccepted, nil)
		rec := b.do(request{method: "POST", path: "/api/v1/orders", role: "writer2", body: order("PO-1"), header: key})
		e := expectError(t, rec, http.StatusConflict, o2c.CodeConflict, "")
		if strings.Contains(rec.Body.String(), `"id"`) {
			t.Fatalf("answer to another client shows orders: %+v", e)
		}
	})

	t.Run("ErrIdempotencyKeyNotPrintable", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		rec := b.do(request{method: "POST", path: "/api/v1/orders", role: "writer", body: order("PO-1"),
			header: map[string]string{"Idempotency-Key": "has space"}})
		expectError(t, rec, http.StatusUnprocessableEntity, o2c.CodeInvalid, "header.Idempotency-Key")
	})
}

func TestSubmitOrdersRefusesBadInput(t *testing.T) {
	t.Parallel()
	b := setup(t)
	line := func(quantity string) string {
		return `"lines":[{"line_no":1,"supplier_sku":"SKU-1","quantity":` + quantity + `,"unit":"C62"}]`
	}
	head := `{"document_type":"purchase_order","po_number":"PO-9",`
	tests := []struct {
		name        string
		body        string
		contentType string
		status      int
		path        string // a fault must name it
	}{
		{"ErrMalformedJSON", `{"document_type":"purchase_order","lines":[`, "", http.StatusBadRequest, "$.lines"},
		{"ErrNotJSONAtAll", `document_type=purchase_order`, "", http.StatusBadRequest, "$"},
		{"ErrUnknownField", head + line(`"1"`) + `,"colour":"red"}`, "", http.StatusUnprocessableEntity, "$.colour"},
		{"ErrFieldNameCase", head + line(`"1"`) + `,"Currency":"EUR"}`, "", http.StatusUnprocessableEntity, "$.Currency"},
		{"ErrInvalidUTF8", head + `"notes":"caf` + "\xe9" + `",` + line(`"1"`) + `}`, "", http.StatusUnprocessableEntity, "$"},
		{"ErrQuantityNegative", head + line(`"-1"`) + `}`, "", http.StatusUnprocessableEntity, "$.lines[0].quantity"},
		{"ErrQuantityAbsurd", head + line(`"1000000000000"`) + `}`, "", http.StatusUnprocessableEntity, "$.lines[0].quantity"},
		{"ErrQuantityExponent", head + line(`"1e12"`) + `}`, "", http.StatusUnprocessableEntity, "$.lines[0].quantity"},
		{"ErrQuantityDecimalComma", head + line(`"1,5"`) + `}`, "", http.StatusUnprocessableEntity, "$.lines[0].quantity"},
		{"ErrDuplicateKey", `{"document_type":"purchase_order","po_number":"A","po_number":"B",` + line(`"1"`) + `}`, "", http.StatusUnprocessableEntity, "$.po_number"},
		{"ErrUnknownCurrency", head + `"currency":"EURO",` + line(`"1"`) + `}`, "", http.StatusUnprocessableEntity, "$.currency"},
		{"ErrPONumberNotString", `{"document_type":"purchase_order","po_number":42,` + line(`"1"`) + `}`, "", http.StatusUnprocessableEntity, "$.po_number"},
		{"ErrNoLines", `{"document_type":"purchase_order","lines":[]}`, "", http.StatusUnprocessableEntity, "$.lines"},
		{"ErrSecondOrderOfArray", "[" + order("PO-1") + "," + head + line(`"0"`) + "}]", "", http.StatusUnprocessableEntity, "$[1].lines[0].quantity"},
		{"ErrEmptyArray", `[]`, "", http.StatusUnprocessableEntity, "$"},
		{"ErrAString", `"an order"`, "", http.StatusUnprocessableEntity, "$"},
		{"ErrTrailingData", order("PO-1") + `{}`, "", http.StatusUnprocessableEntity, "$"},
		{"ErrWrongContentType", order("PO-1"), "text/plain", http.StatusUnsupportedMediaType, "header.Content-Type"},
		{"ErrFormContentType", order("PO-1"), "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType, "header.Content-Type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := b.do(request{method: "POST", path: "/api/v1/orders", role: "writer", body: tt.body, contentType: tt.contentType})
			expectError(t, rec, tt.status, o2c.CodeInvalid, tt.path)
			if n := b.orderCount(); n != 0 {
				t.Fatalf("%d orders stored after a refused submission, want 0", n)
			}
		})
	}

	t.Run("ErrEmptyBody", func(t *testing.T) {
		t.Parallel()
		rec := b.do(request{method: "POST", path: "/api/v1/orders", role: "writer", contentType: "application/json"})
		expectError(t, rec, http.StatusBadRequest, o2c.CodeInvalid, "")
	})
}

func TestSubmitOrdersBodyLimit(t *testing.T) {
	t.Parallel()
	b := setup(t, maxBody(2048))
	small := order("PO-1")
	big := order("PO-2", fmt.Sprintf(`"notes":%q`, strings.Repeat("x", 4096)))
	b.submit(small)
	rec := b.do(request{method: "POST", path: "/api/v1/orders", role: "writer", body: big})
	expectError(t, rec, http.StatusRequestEntityTooLarge, o2c.CodeTooLarge, "")
	if n := b.orderCount(); n != 1 {
		t.Fatalf("%d orders stored, want only the small one", n)
	}
	// A body declared larger is refused before it is read, whatever the route and the key.
	req := httptest.NewRequest(http.MethodPost, "/api/v1/documents?filename=huge.csv", &neverRead{t: t})
	req.ContentLength = 2 << 30
	req.Header.Set("Authorization", "Bearer "+b.secrets["writer"])
	rec = httptest.NewRecorder()
	b.handler.ServeHTTP(rec, req)
	if e := expectError(t, rec, http.StatusRequestEntityTooLarge, o2c.CodeTooLarge, ""); !strings.Contains(e.Message, "2048 bytes") {
		t.Fatalf("message %q does not name the limit", e.Message)
	}
	// Other bodies are bounded too.
	rec = b.do(request{method: "POST", path: "/api/v1/keys", role: "admin", body: `{"name":"` + strings.Repeat("k", 4096) + `","scopes":["orders:read"]}`})
	expectError(t, rec, http.StatusRequestEntityTooLarge, o2c.CodeTooLarge, "")
}

// neverRead is a request body that fails the test when it is read.
type neverRead struct{ t *testing.T }

func (r *neverRead) Read([]byte) (int, error) {
	r.t.Error("the body of a request declared too large was read")
	return 0, io.EOF
}

type orderJSON struct {
	ID        int64           `json:"id"`
	Status    string          `json:"status"`
	Channel   string          `json:"channel"`
	PONumber  string          `json:"po_number"`
	Version   int64           `json:"version"`
	Reason    string          `json:"reason"`
	Decision  string          `json:"decision"`
	NetTotal  any             `json:"net_total"`
	Anomalies []o2c.Anomaly   `json:"anomalies"`
	Lines     []o2c.OrderLine `json:"lines"`
	Draft     *struct {
		PONumber string `json:"po_number"`
		Lines    []struct {
			Quantity any `json:"quantity"`
		} `json:"lines"`
	} `json:"draft"`
	ReceivedAt string `json:"received_at"`
}

func TestGetOrder(t *testing.T) {
	t.Parallel()
	b := setup(t)
	o := b.inReview("PO-7")

	t.Run("OK", func(t *testing.T) {
		t.Parallel()
		var got orderJSON
		b.call(request{method: "GET", path: fmt.Sprintf("/api/v1/orders/%d", o.ID), role: "reader"}, http.StatusOK, &got)
		if got.ID != o.ID || got.Status != "needs_review" || got.Decision != "review" || got.Version != o.Version || got.Channel != "api" {
			t.Fatalf("order %+v, want order %d in review at version %d", got, o.ID, o.Version)
		}
		if len(got.Anomalies) == 0 || got.Draft == nil || got.Draft.PONumber != "PO-7" {
			t.Fatalf("order %+v, want its anomalies and draft", got)
		}
		if _, isString := got.NetTotal.(string); !isString {
			t.Fatalf("net_total %#v is not a string", got.NetTotal)
		}
		if _, isString := got.Draft.Lines[0].Quantity.(string); !isString {
			t.Fatalf("draft quantity %#v is not a string", got.Draft.Lines[0].Quantity)
		}
		if got.ReceivedAt != "2026-03-02T09:30:00Z" {
			t.Fatalf("received_at %q, want RFC 3339 UTC", got.ReceivedAt)
		}
	})

	for _, id := range []string{"999999", "abc", "-1", "0", "1.5", "99999999999999999999999"} {
		t.Run("ErrNotFound_"+id, func(t *testing.T) {
			t.Parallel()
			for _, sub := range []string{"", "/history", "/document"} {
				rec := b.do(request{method: "GET", path: "/api/v1/orders/" + url.PathEscape(id) + sub, role: "reader"})
				expectError(t, rec, http.StatusNotFound, o2c.CodeNotFound, "")
			}
		})
	}
}

func TestOrderDocument(t *testing.T) {
	t.Parallel()
	b := setup(t)
	body := order("PO-DOC")
	s := b.submit(body)
	rec := b.do(request{method: "GET", path: fmt.Sprintf("/api/v1/orders/%d/document", s.Orders[0].ID), role: "reader"})
	if rec.Code != http.StatusOK || rec.Body.String() != body {
		t.Fatalf("document: status %d body %q, want 200 and the bytes sent", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("content type %q, want application/json", ct)
	}
	want := fmt.Sprintf("attachment; filename=document-%d.json", s.DocumentID)
	if cd := rec.Header().Get("Content-Disposition"); cd != want {
		t.Fatalf("content disposition %q, want %q", cd, want)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatal("a stored original is served without nosniff")
	}
}

func TestListOrders(t *testing.T) {
	t.Parallel()
	b := setup(t)
	// Five orders, all verified into review (unknown buyer); PO-4 and PO-5 then rejected.
	var ids []int64
	for i := 1; i <= 5; i++ {
		s := b.submit(order(fmt.Sprintf("PO-%d", i)))
		ids = append(ids, s.Orders[0].ID)
		if i > 3 {
			if _, err := b.orders.Reject(context.Background(), s.Orders[0].ID, 0, "test", "not ours"); err != nil {
				t.Fatal(err)
			}
		}
	}

	type page struct {
		Items  []orderJSON `json:"items"`
		Total  int         `json:"total"`
		Offset int         `json:"offset"`
		Limit  int         `json:"limit"`
	}
	tests := []struct {
		name   string
		query  string
		total  int
		offset int
		limit  int
		first  string // po_number of the first item, "" for none
	}{
		{"All", "", 5, 0, 50, "PO-5"},
		{"StatusOne", "status=needs_review", 3, 0, 50, "PO-3"},
		{"StatusRepeated", "status=needs_review&status=rejected", 5, 0, 50, "PO-5"},
		{"StatusCommaList", "status=rejected,approved", 2, 0, 50, "PO-5"},
		{"PONumber", "po_number=PO-2", 1, 0, 50, "PO-2"},
		{"Query", "q=PO-4", 1, 0, 50, "PO-4"},
		{"Channel", "channel=api", 5, 0, 50, "PO-5"},
		{"ChannelOther", "channel=edifact", 0, 0, 50, ""},
		{"Anomaly", "anomaly=UNKNOWN_CUSTOMER", 5, 0, 50, "PO-5"},
		{"AnomalyAbsent", "anomaly=CREDIT_LIMIT", 0, 0, 50, ""},
		{"CustomerUnknown", "customer_id=C-NONE", 0, 0, 50, ""},
		{"SinceBefore", "since=2026-03-01T00:00:00Z", 5, 0, 50, "PO-5"},
		{"SinceAfter", "since=2026-03-03T00:00:00Z", 0, 0, 50, ""},
		{"PageOne", "limit=2", 5, 0, 2, "PO-5"},
		{"PageTwo", "limit=2&offset=2", 5, 2, 2, "PO-3"},
		{"PagePastEnd", "limit=2&offset=10", 5, 10, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var p page
			b.call(request{method: "GET", path: "/api/v1/orders?" + tt.query, role: "reader"}, http.StatusOK, &p)
			if p.Total != tt.total || p.Offset != tt.offset || p.Limit != tt.limit {
				t.Fatalf("page total %d offset %d limit %d, want %d %d %d", p.Total, p.Offset, p.Limit, tt.total, tt.offset, tt.limit)
			}
			if p.Items == nil {
				t.Fatal("items is null, want an array")
			}
			if len(p.Items) > tt.limit || (tt.first == "") != (len(p.Items) == 0) {
				t.Fatalf("%d items, want first %q", len(p.Items), tt.first)
			}
			if tt.first != "" && p.Items[0].PONumber != tt.first {
				t.Fatalf("first item %s, want %s", p.Items[0].PONumber, tt.first)
			}
		})
	}

	bad := []struct {
		name, query, path string
	}{
		{"ErrStatusUnknown", "status=lost", "query.status"},
		{"ErrStatusUnknownInList", "status=approved,lost", "query.status"},
		{"ErrAnomalyUnknown", "anomaly=ODD", "query.anomaly"},
		{"ErrChannelUnknown", "channel=pigeon", "query.channel"},
		{"ErrLimitTooLarge", "limit=501", "query.limit"},
		{"ErrLimitZero", "limit=0", "query.limit"},
		{"ErrOffsetNegative", "offset=-1", "query.offset"},
		{"ErrLimitNotNumber", "limit=ten", "query.limit"},
		{"ErrSinceNotInstant", "since=yesterday", "query.since"},
		{"ErrUnknownParameter", "stauts=approved", "query.stauts"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := b.do(request{method: "GET", path: "/api/v1/orders?" + tt.query, role: "reader"})
			expectError(t, rec, http.StatusUnprocessableEntity, o2c.CodeInvalid, tt.path)
		})
	}

	t.Run("Stats", func(t *testing.T) {
		t.Parallel()
		var st struct {
			ByStatus map[string]int `json:"by_status"`
			Total    int            `json:"total"`
		}
		b.call(request{method: "GET", path: "/api/v1/stats", role: "reader"}, http.StatusOK, &st)
		if st.Total != 5 || st.ByStatus["needs_review"] != 3 || st.ByStatus["rejected"] != 2 {
			t.Fatalf("stats %+v, want 3 in review and 2 rejected", st)
		}
	})
}

func TestReviewOrders(t *testing.T) {
	t.Parallel()
	path := func(o *o2c.Order, action string) string { return fmt.Sprintf("/api/v1/orders/%d/%s", o.ID, action) }

	t.Run("Approve", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.inReview("PO-A")
		var got orderJSON
		b.call(request{method: "POST", path: path(o, "approve"), role: "reviewer",
			body: fmt.Sprintf(`{"version":%d,"note":"customer confirmed by phone"}`, o.Version)}, http.StatusOK, &got)
		if got.Status != "approved" || got.Version <= o.Version {
			t.Fatalf("after approval %+v, want approved at a new version", got)
		}
	})

	t.Run("ErrApproveStaleVersion", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		seen := b.inReview("PO-A")
		// Someone else corrects the order after this reviewer opened it.
		o, err := b.orders.Correct(context.Background(), seen.ID, seen.Version, "other", seen.Draft)
		if err != nil {
			t.Fatal(err)
		}
		rec := b.do(request{method: "POST", path: path(seen, "approve"), role: "reviewer", body: fmt.Sprintf(`{"version":%d}`, seen.Version)})
		expectError(t, rec, http.StatusConflict, o2c.CodeConflict, "")
		if now, _ := b.orders.Order(context.Background(), o.ID); now.Status != o2c.OrderNeedsReview || now.Version != o.Version {
			t.Fatalf("order changed by a stale approval: %s v%d", now.Status, now.Version)
		}
	})

	t.Run("ErrApproveTwice", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.inReview("PO-A")
		var got orderJSON
		b.call(request{method: "POST", path: path(o, "approve"), role: "reviewer", body: fmt.Sprintf(`{"version":%d}`, o.Version)}, http.StatusOK, &got)
		rec := b.do(request{method: "POST", path: path(o, "approve"), role: "reviewer", body: fmt.Sprintf(`{"version":%d}`, got.Version)})
		expectError(t, rec, http.StatusConflict, o2c.CodeConflict, "")
	})

	t.Run("Reject", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.inReview("PO-R")
		var got orderJSON
		b.call(request{method: "POST", path: path(o, "reject"), role: "reviewer",
			body: fmt.Sprintf(`{"version":%d,"reason":"not our customer"}`, o.Version)}, http.StatusOK, &got)
		if got.Status != "rejected" || got.Reason != "not our customer" {
			t.Fatalf("after rejection %+v, want rejected with the reason", got)
		}
	})

	bad := []struct {
		name, action, body string
		status             int
		code               o2c.Code
		path               string
	}{
		{"ErrRejectWithoutReason", "reject", `{"version":%d,"reason":"  "}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.reason"},
		{"ErrRejectReasonMissing", "reject", `{"version":%d}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.reason"},
		{"ErrRejectStaleVersion", "reject", `{"version":%d0,"reason":"x"}`, http.StatusConflict, o2c.CodeConflict, ""},
		{"ErrApproveVersionMissing", "approve", `{"note":"%d"}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.version"},
		{"ErrApproveVersionString", "approve", `{"version":"%d"}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.version"},
		{"ErrApproveUnknownField", "approve", `{"version":%d,"force":true}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.force"},
		{"ErrApproveDuplicateKey", "approve", `{"version":%d,"version":1}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.version"},
		{"ErrApproveMalformed", "approve", `{"version":%d`, http.StatusBadRequest, o2c.CodeInvalid, "$"},
		{"ErrCorrectDraftMissing", "correct", `{"version":%d}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.draft"},
		{"ErrCorrectDraftNegativeQuantity", "correct", `{"version":%d,"draft":{"document_type":"purchase_order","lines":[{"quantity":"-2"}]}}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.draft.lines[0].quantity"},
		{"ErrCorrectDraftUnknownField", "correct", `{"version":%d,"draft":{"document_type":"purchase_order","lines":[{"quantity":"2","colour":"red"}]}}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.draft.lines[0].colour"},
		{"ErrCorrectDraftArray", "correct", `{"version":%d,"draft":[]}`, http.StatusUnprocessableEntity, o2c.CodeInvalid, "$.draft"},
		{"ErrCorrectStaleVersion", "correct", `{"version":%d0,"draft":{"document_type":"purchase_order","lines":[{"quantity":"2"}]}}`, http.StatusConflict, o2c.CodeConflict, ""},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			o := b.inReview("PO-X")
			rec := b.do(request{method: "POST", path: path(o, tt.action), role: "reviewer", body: fmt.Sprintf(tt.body, o.Version)})
			expectError(t, rec, tt.status, tt.code, tt.path)
			after, err := b.orders.Order(context.Background(), o.ID)
			if err != nil {
				t.Fatal(err)
			}
			if after.Status != o2c.OrderNeedsReview || after.Version != o.Version {
				t.Fatalf("order changed by a refused %s: %s v%d", tt.action, after.Status, after.Version)
			}
		})
	}

	t.Run("Correct", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.inReview("PO-C")
		corrected := `{"document_type":"purchase_order","po_number":"PO-C2","currency":"EUR","buyer":{"name":"Still Unknown GmbH"},` +
			`"lines":[{"line_no":1,"supplier_sku":"SKU-1","quantity":"3","unit":"C62"}]}`
		var got orderJSON
		b.call(request{method: "POST", path: path(o, "correct"), role: "reviewer",
			body: fmt.Sprintf(`{"version":%d,"draft":%s}`, o.Version, corrected)}, http.StatusOK, &got)
		if got.Draft == nil || got.Draft.PONumber != "PO-C2" || got.PONumber != "PO-C2" || got.Version <= o.Version {
			t.Fatalf("after correction %+v, want the corrected draft at a new version", got)
		}
		if got.Status != "needs_review" { // verified again: the buyer is still unknown
			t.Fatalf("after correction status %s, want needs_review", got.Status)
		}
	})

	t.Run("ErrNeedsReviewScope", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		o := b.inReview("PO-S")
		rec := b.do(request{method: "POST", path: path(o, "approve"), role: "reader", body: fmt.Sprintf(`{"version":%d}`, o.Version)})
		expectError(t, rec, http.StatusForbidden, o2c.CodeUnauthorized, "")
	})

	t.Run("ErrUnknownOrder", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		rec := b.do(request{method: "POST", path: "/api/v1/orders/4242/approve", role: "reviewer", body: `{"version":1}`})
		expectError(t, rec, http.StatusNotFound, o2c.CodeNotFound, "")
	})
}

func TestOrderHistory(t *testing.T) {
	t.Parallel()
	b := setup(t)
	o := b.inReview("PO-H")
	b.call(request{method: "POST", path: fmt.Sprintf("/api/v1/orders/%d/reject", o.ID), role: "reviewer",
		body: fmt.Sprintf(`{"version":%d,"reason":"duplicate of a phone order"}`, o.Version)}, http.StatusOK, nil)

	var h []struct {
		Action string `json:"action"`
		Actor  string `json:"actor"`
		At     string `json:"at"`
		Note   string `json:"note"`
		After  struct {
			Status string `json:"status"`
		} `json:"after"`
	}
	b.call(request{method: "GET", path: fmt.Sprintf("/api/v1/orders/%d/history", o.ID), role: "reader"}, http.StatusOK, &h)
	if len(h) < 3 {
		t.Fatalf("history %+v, want received, processing and rejection", h)
	}
	first, last := h[0], h[len(h)-1]
	if first.Action != "received" || first.Actor != "api:writer" {
		t.Fatalf("first event %+v, want received by api:writer", first)
	}
	if last.Actor != "api:reviewer" || last.After.Status != "rejected" || last.Note != "duplicate of a phone order" {
		t.Fatalf("last event %+v, want the rejection by api:reviewer with its reason", last)
	}
	if last.At != "2026-03-02T09:30:00Z" {
		t.Fatalf("event time %q, want the instant in RFC 3339 UTC", last.At)
	}
}
