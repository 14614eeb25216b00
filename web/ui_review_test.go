package web

import (
	"context"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/app"
	"github.com/o2c-project/o2c/cal"
	"github.com/o2c-project/o2c/demo"
)

// page gets a page and parses it; anything but 200 fails the test.
func (u *uiBundle) page(r uiRequest) *goquery.Document {
	u.t.Helper()
	rec := u.get(r)
	if rec.Code != http.StatusOK {
		u.t.Fatalf("%s %s: status %d; %.400s", r.method, r.path, rec.Code, rec.Body)
	}
	return htmlOf(u.t, rec)
}

// pdfInReview receives reviewPDF and reads it, as the process job does.
func (u *uiBundle) pdfInReview() *o2c.Order {
	u.t.Helper()
	ctx := context.Background()
	if _, err := u.md.Upsert(ctx, demo.MasterData(), "test"); err != nil {
		u.t.Fatal(err)
	}
	got, err := u.orders.Receive(ctx, app.ReceiveParams{Channel: o2c.ChannelPDF, Sender: demo.ReviewPDFSender,
		Filename: demo.ReviewPDFName, Content: demo.ReviewPDF(cal.DateIn(now, time.UTC)), Actor: "test"})
	if err != nil {
		u.t.Fatal(err)
	}
	id := got.Orders[0].ID
	if err := u.orders.ProcessOrder(ctx, id); err != nil {
		u.t.Fatal(err)
	}
	o, err := u.orders.Order(ctx, id)
	if err != nil {
		u.t.Fatal(err)
	}
	return o
}

func hasAnomaly(o *o2c.Order, code o2c.AnomalyCode, field string) bool {
	for _, a := range o.Anomalies {
		if a.Code == code && strings.HasPrefix(a.Field, field) {
			return true
		}
	}
	return false
}

// TestReviewScreen walks the review of a PDF order: the fields with their anomalies and the
// agreed price beside the stated one, the page drawn with the fields' boxes, the product picker,
// a correction that leaves only the price to accept, hold and release, and approval.
func TestReviewScreen(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("poppler-utils is not installed")
	}
	u := setupUI(t)
	ctx := context.Background()
	o := u.pdfInReview()
	if o.Status != o2c.OrderNeedsReview || !hasAnomaly(o, o2c.AnomalyUnknownProduct, "lines[1]") ||
		!hasAnomaly(o, o2c.AnomalyPriceMismatch, "lines[2].unit_price") {
		t.Fatalf("order %s with %+v, want review for line 2's product and line 3's price", o.Status, o.Anomalies)
	}
	token, csrf := u.session(o2c.RoleOrderDesk)
	get := func(path string) *http.Response {
		t.Helper()
		rec := u.get(uiRequest{method: "GET", path: path, session: token})
		return rec.Result()
	}
	post := func(path string, form url.Values) *http.Response {
		t.Helper()
		form.Set("csrf_token", csrf)
		rec := u.get(uiRequest{method: "POST", path: path, session: token, form: form})
		return rec.Result()
	}
	orderPath := fmt.Sprintf("/ui/orders/%d", o.ID)

	doc := u.page(uiRequest{method: "GET", path: orderPath, session: token})
	if v, _ := doc.Find(`input[name=po_number]`).Attr("value"); v != "BL-2026-118" {
		t.Errorf("PO number field %q", v)
	}
	if n := doc.Find(`#lines tr.line`).Length(); n != 3 {
		t.Errorf("%d lines shown, want 3", n)
	}
	if !doc.Find(`tr[data-line="1"]`).HasClass("line-anomaly") {
		t.Error("line 2, of an unknown product, is not marked")
	}
	if cls, _ := doc.Find(`input[data-field="lines[2].unit_price"]`).Attr("class"); !strings.Contains(cls, "f-anomaly") {
		t.Errorf("line 3's price field has class %q, want it marked", cls)
	}
	if got := doc.Find(`tr[data-line="2"] .agreed.differs`).Text(); got != "agreed 19.90" {
		t.Errorf("line 3 shows %q beside its stated price, want the agreed price 19.90", got)
	}
	if doc.Find(`button#approve`).Length() != 1 || doc.Find(`#dl-products`).Length() != 1 {
		t.Error("the approve button or the product picker is missing")
	}

	// The document: its page with a box for each field read.
	panel := u.page(uiRequest{method: "GET", path: orderPath + "/document", session: token})
	for _, field := range []string{"po_number", "order_date", "lines[0].supplier_sku", "lines[2].unit_price", "totals.net"} {
		if panel.Find(fmt.Sprintf(`rect[data-box="%s"]`, field)).Length() != 1 {
			t.Errorf("no box for %s on the page", field)
		}
	}
	src, _ := panel.Find(`figure.doc-page img`).Attr("src")
	res := get(src)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("page image %s: %d %s", src, res.StatusCode, res.Header.Get("Content-Type"))
	}
	if img, err := png.Decode(res.Body); err != nil || img.Bounds().Dy() != 1000 {
		t.Errorf("page image: %v", err)
	}

	// The product picker offers our products with the customer's price.
	picked := u.page(uiRequest{method: "GET", path: "/ui/pick/products?l.sku=BEV-100&customer=C10001", session: token})
	if picked.Find(`option[value="BEV-1002"]`).Length() != 1 {
		t.Errorf("picker offers %q", picked.Text())
	}

	// Correct line 2 to one of our products: only the price is left to accept.
	form := url.Values{"version": {fmt.Sprint(o.Version)}, "po_number": {"BL-2026-118"}, "order_date": {o.OrderDate.String()},
		"requested_delivery_date": {o.RequestedDeliveryDate.AddDays(2).String()}, "currency": {"EUR"}, "customer": {o.CustomerID}, "net": {"309.00"}}
	for _, l := range []struct{ sku, code, desc, qty, price string }{
		{"BEV-1001", "", "Espresso beans Arabica/Robusta 80/20, 1 kg", "10", "14.90"},
		{"BEV-1002", "HB-77", "House blend special roast", "5", "12.00"},
		{"BEV-1004", "", "Espresso Arabica Colombia Supremo, 1 kg", "4", "25.00"},
	} {
		for k, v := range map[string]string{"l.sku": l.sku, "l.buyer_sku": l.code, "l.description": l.desc, "l.quantity": l.qty,
			"l.unit_price": l.price, "l.unit": "C62", "l.line_no": "", "l.deleted": "0"} {
			form.Add(k, v)
		}
	}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("order_date", "20 Nov")
	if res := post(orderPath+"/correct", bad); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a correction with a bad date: %d, want 422", res.StatusCode)
	}
	res = post(orderPath+"/correct", form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), orderPath+"?done=corrected") {
		t.Fatalf("correct: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	asked := o.RequestedDeliveryDate.AddDays(2)
	o, _ = u.orders.Order(ctx, o.ID)
	if o.RequestedDeliveryDate != asked {
		t.Errorf("requested delivery %s after the correction, want %s", o.RequestedDeliveryDate, asked)
	}
	if o.Status != o2c.OrderNeedsReview || hasAnomaly(o, o2c.AnomalyUnknownProduct, "") ||
		!hasAnomaly(o, o2c.AnomalyPriceMismatch, "lines[2]") || o.Lines[1].SKU != "BEV-1002" {
		t.Fatalf("after the correction: %s, lines %+v, anomalies %+v", o.Status, o.Lines, o.Anomalies)
	}

	// The boxes follow the corrected draft: the customer's code is still on the page.
	panel = u.page(uiRequest{method: "GET", path: orderPath + "/document", session: token})
	if panel.Find(`rect[data-box="lines[1].buyer_sku"]`).Length() != 1 {
		t.Error("no box for line 2's customer code after the correction")
	}

	// Hold needs a reason; release puts it back; a stale version is refused.
	if res := post(orderPath+"/hold", url.Values{"version": {fmt.Sprint(o.Version)}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("hold without a reason: %d, want 422", res.StatusCode)
	}
	if res := post(orderPath+"/hold", url.Values{"version": {fmt.Sprint(o.Version)}, "reason": {"asking the customer about the price"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("hold: %d", res.StatusCode)
	}
	held, _ := u.orders.Order(ctx, o.ID)
	if held.Status != o2c.OrderOnHold || held.Reason != "asking the customer about the price" {
		t.Fatalf("held order: %s %q", held.Status, held.Reason)
	}
	if res := post(orderPath+"/release", url.Values{"version": {fmt.Sprint(o.Version)}}); res.StatusCode != http.StatusConflict {
		t.Errorf("release with a stale version: %d, want 409", res.StatusCode)
	}
	if res := post(orderPath+"/release", url.Values{"version": {fmt.Sprint(held.Version)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("release: %d", res.StatusCode)
	}
	released, _ := u.orders.Order(ctx, o.ID)
	if res := post(orderPath+"/approve", url.Values{"version": {fmt.Sprint(released.Version)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", res.StatusCode)
	}
	approved, _ := u.orders.Order(ctx, o.ID)
	if approved.Status != o2c.OrderApproved {
		t.Fatalf("after approval: %s", approved.Status)
	}
	events, _ := u.orders.History(ctx, o.ID)
	var actions []string
	for _, e := range events {
		if e.Actor == "user:order_desk@example.com" || strings.Contains(e.Actor, "order_desk@example.com") {
			actions = append(actions, e.Action)
		}
	}
	if got := strings.Join(actions, ","); !strings.Contains(got, "corrected") {
		t.Errorf("the clerk's actions in the history: %s", got)
	}
}
