package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/cal"
)

// TestBrowserReview is the order desk's day in headless Chromium: sign in, open the PDF order in
// review from the queue, see its page with the fields' boxes, light a field's box by focusing
// it, correct a field and a product through the picker, save, approve with the keyboard, and see
// the order reach the ERP (the file connector) and the page say so. Screenshots as TestBrowserUI.
func TestBrowserReview(t *testing.T) {
	t.Parallel()
	ctx, br := startBrowserTest(t, "ui-screenshots", "")
	s, base := startDemoStack(t, ctx)
	pdf, err := sendDemoPDF(ctx, s.orders, cal.DateIn(time.Now(), s.orders.Location))
	if err != nil {
		t.Fatal(err)
	}
	if pdf.Status != o2c.OrderNeedsReview {
		t.Fatalf("the demo PDF order is %s, want needs_review; anomalies %+v", pdf.Status, pdf.Anomalies)
	}

	br.open()
	do, text, shoot, tab := br.do, br.text, br.shootView, br.tab // the review screen's panes scroll on their own

	do("sign in", chromedp.Navigate(base+"/ui/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "admin@example.com"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), browserPassword),
		chromedp.Click(chromedp.CSS(`button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.kpis`)))
	orderPath := fmt.Sprintf("/ui/orders/%d", pdf.ID)
	do("open the PDF order from the queue", chromedp.Navigate(base+"/ui/review"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="%s"]`, orderPath))),
		chromedp.WaitVisible(chromedp.CSS(`#correct`)),
		// The document panel arrives by htmx: the page drawn, with the fields' boxes.
		chromedp.Poll[chromedp.Void](`document.querySelectorAll("rect[data-box]").length >= 8 &&
			[...document.querySelectorAll(".doc-page img")].every(i => i.complete && i.naturalWidth > 0)`))
	if got := text(".anomaly-card"); !strings.Contains(got, "UNKNOWN_PRODUCT") || !strings.Contains(got, "PRICE_MISMATCH") {
		t.Fatalf("the anomalies shown: %q", got)
	}
	if got := text(`tr[data-line="2"] .agreed`); got != "agreed 19.90" {
		t.Fatalf("line 3 shows %q beside the stated price, want the agreed 19.90", got)
	}

	// Focusing a field lights its box on the page.
	sku := `input[data-field="lines[1].supplier_sku"]`
	do("focus line 2's code", chromedp.Focus(chromedp.CSS(sku)),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('rect.lit[data-box="lines[1].supplier_sku"]').length === 1`))
	overflow, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")]
		.filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && e.closest(".table-wrap") === null)
		.map(e => e.tagName + "." + e.className).slice(0, 5)`))
	if err != nil || len(overflow) > 0 {
		t.Errorf("wider than the window at 1280 px: %v %v", overflow, err)
	}
	shoot("10-review-screen")
	do("zoom in", chromedp.Blur(chromedp.CSS(sku)), chromedp.KeyEvent("+"), chromedp.Poll[chromedp.Void](`document.querySelector(".docpane").dataset.zoom === "1"`))
	shoot("10b-review-zoomed")
	do("zoom to fit", chromedp.Click(chromedp.CSS(`button[data-zoom="0"]`)),
		chromedp.Poll[chromedp.Void](`document.querySelector(".docpane").dataset.zoom === "0"`))

	// The product picker: typing asks the server for suggestions.
	do("pick the product", chromedp.Clear(chromedp.CSS(sku)), chromedp.SendKeys(chromedp.CSS(sku), "BEV-100"),
		chromedp.Poll[chromedp.Void](`document.querySelectorAll('#dl-products option[value="BEV-1002"]').length === 1`),
		chromedp.SendKeys(chromedp.CSS(sku), "2"))
	// And a header field: the customer asked for delivery two days later.
	later := pdf.RequestedDeliveryDate.AddDays(2).String()
	date := `input[name=requested_delivery_date]`
	do("correct the delivery date", chromedp.Clear(chromedp.CSS(date)), chromedp.SendKeys(chromedp.CSS(date), later))
	shoot("11-review-correcting")
	do("save with Ctrl+Enter", chromedp.Focus(chromedp.CSS(date)), chromedp.KeyEvent("\r", chromedp.KeyModifiers(2)),
		chromedp.WaitVisible(chromedp.CSS(`.alert-ok`)))
	if got := text(".alert-ok"); !strings.Contains(got, "Saved") {
		t.Fatalf("after saving: %q", got)
	}
	if got := text(".anomaly-card"); strings.Contains(got, "UNKNOWN_PRODUCT") || !strings.Contains(got, "PRICE_MISMATCH") {
		t.Fatalf("after the correction the anomalies are %q; want only the price left", got)
	}
	do("wait for the page", chromedp.Poll[chromedp.Void](`document.querySelectorAll("rect[data-box]").length >= 8`))
	shoot("12-review-corrected")

	// Approve with the keyboard: the order leaves for the ERP.
	do("approve with A", chromedp.Click(chromedp.CSS(`h1`)), chromedp.KeyEvent("a"),
		chromedp.WaitNotPresent(chromedp.CSS(fmt.Sprintf(`form[action="%s/correct"]`, orderPath))),
		chromedp.WaitVisible(chromedp.CSS(`.alert-ok`)))
	if got := text(".alert-ok"); !strings.Contains(got, "approved and goes to the ERP") {
		t.Fatalf("after approving: %q", got)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		o, err := s.orders.Order(ctx, pdf.ID)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status == o2c.OrderPosted || o.Status == o2c.OrderConfirmed {
			// The code the customer wrote is kept as its own, so that it is learned.
			if o.ERPRef == "" || o.Lines[1].SKU != "BEV-1002" || o.Lines[1].BuyerSKU != "HB-77" || o.RequestedDeliveryDate.String() != later {
				t.Fatalf("posted order: ref %q, line 2 %s (their code %q), delivery %s", o.ERPRef, o.Lines[1].SKU,
					o.Lines[1].BuyerSKU, o.RequestedDeliveryDate)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("order %d is %s 30 s after approval, not posted", pdf.ID, o.Status)
		}
		time.Sleep(100 * time.Millisecond)
	}
	posted, err := filepath.Glob(filepath.Join(s.outbox, "*"))
	if err != nil || len(posted) == 0 {
		t.Fatalf("the ERP outbox %s holds %v (%v)", s.outbox, posted, err)
	}
	do("see it posted", chromedp.Navigate(base+orderPath), chromedp.WaitVisible(chromedp.CSS(`#order-status`)))
	if got := text("#order-status"); got != "Posted" && got != "Confirmed" {
		t.Fatalf("the order page says %q", got)
	}
	shoot("13-review-posted")

	do("tablet", chromedp.EmulateViewport(768, 1024), chromedp.Navigate(base+orderPath),
		chromedp.WaitVisible(chromedp.CSS(`#correct`)),
		chromedp.Poll[chromedp.Void](`[...document.querySelectorAll(".doc-page img")].every(i => i.complete && i.naturalWidth > 0)`))
	shoot("14-review-tablet")
	if n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll('rect[data-box="lines[1].buyer_sku"]').length`)); err != nil || n != 1 {
		t.Errorf("boxes of line 2's customer code after the correction: %d (%v), want 1", n, err)
	}
	br.noProblems()
}
